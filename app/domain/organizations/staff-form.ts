/** Forms of the platform administration: structures (funders, supporters) and their staff. */
import { z } from 'zod'

export const STRUCTURE_KINDS = [
	{ value: 'funder', label: 'Financeur (fondation, collectivité…)' },
	{ value: 'supporter', label: 'Structure d’accompagnement (Maison des associations…)' },
] as const

export type StructureKind = (typeof STRUCTURE_KINDS)[number]['value']

export const STRUCTURE_KIND_LABELS: Record<StructureKind, string> = {
	funder: 'Financeur',
	supporter: 'Structure d’accompagnement',
}

const email = (required: string) =>
	z
		.string({ required_error: required })
		.trim()
		.toLowerCase()
		.email('Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).')
		.max(254, 'Cette adresse e-mail est trop longue.')

export const CreateStructureSchema = z.object({
	kind: z.enum(['funder', 'supporter'], {
		errorMap: () => ({ message: 'Choisissez le type de structure : financeur ou structure d’accompagnement.' }),
	}),
	name: z
		.string({ required_error: 'Indiquez le nom de la structure.' })
		.trim()
		.min(2, 'Le nom doit contenir au moins 2 caractères.')
		.max(200, 'Le nom ne doit pas dépasser 200 caractères.'),
	territory: z
		.string({ required_error: 'Indiquez le territoire couvert.' })
		.trim()
		.min(2, 'Indiquez le territoire couvert (au moins 2 caractères).')
		.max(300, 'Le territoire ne doit pas dépasser 300 caractères.'),
	contactEmail: email('Indiquez l’adresse e-mail de contact.'),
})

export const NameStaffSchema = z.object({
	intent: z.literal('name-staff'),
	email: email('Indiquez l’adresse e-mail de la personne à nommer.'),
})

export const RemoveStaffSchema = z.object({
	intent: z.literal('remove-staff'),
	membershipId: z.string({ required_error: 'Membre introuvable.' }).uuid('Membre introuvable.'),
})

/**
 * The département codes written in a territory ("Rhône (69) et Ain (01)" → 69, 01; also
 * 2A, 2B and 971–976). A territory written without codes ("Métropole de Lyon") gives none.
 */
export function departementsOfTerritory(territory: string | null | undefined): string[] {
	if (!territory) return []
	const codes = new Set<string>()
	for (const match of territory.matchAll(/(?<![\dA-Za-z])(2[AB]|97[1-6]|0[1-9]|[1-8]\d|9[0-5])(?![\dA-Za-z])/g)) {
		codes.add(match[1]!.toUpperCase())
	}
	return [...codes]
}
