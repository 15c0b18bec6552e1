/**
 * The association creation form: one schema, used by the browser (Conform) and the server.
 *
 * Every field is read as raw text and checked in one pass, so that the person sees every
 * message at once (a Zod object stops before its cross-field refinements as soon as one
 * field fails, which would hide the RNA rule until the SIRET is right).
 */
import { z } from 'zod'
import { checkRna, checkSiret, departementFromPostalCode, isAlsaceMoselle } from './identifiers.ts'
import { SECTOR_VALUES, type Sector } from './sectors.ts'

/** The most the portal accepts as an annual budget: 10 milliards d'euros, in cents. */
const MAX_BUDGET_CENTS = 10_000_000_000 * 100
const MAX_HEADCOUNT = 1_000_000

/** Spaces a French number may contain: ordinary, non-breaking and narrow non-breaking. */
const SPACES = /[\s\u00a0\u202f]/g

/**
 * Parses a euro amount as French people type it: "135 000", "135000,50", "135 000 €",
 * "135.000,50" (dots as thousands separators) or "1234.5". Returns integer cents, or a
 * French message.
 */
export function parseEuroAmount(input: string): { ok: true; cents: number } | { ok: false; message: string } {
	let value = input.replace(SPACES, '').replace(/€$/, '').replace(/^€/, '')
	if (value.startsWith('-')) return { ok: false, message: 'Le montant ne peut pas être négatif.' }
	if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(value)) value = value.replace(/\./g, '')
	const match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(value)
	if (!match) {
		return { ok: false, message: 'Indiquez un montant en euros, en chiffres (exemple : 135 000 ou 135 000,50).' }
	}
	const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
	if (!Number.isSafeInteger(cents) || cents > MAX_BUDGET_CENTS) {
		return { ok: false, message: 'Ce montant est trop élevé : vérifiez le nombre de chiffres.' }
	}
	return { ok: true, cents }
}

/** A non-negative whole number, spaces allowed ("1 200"). */
export function parseHeadcount(input: string, what: string): { ok: true; value: number } | { ok: false; message: string } {
	const value = input.replace(SPACES, '')
	if (value.startsWith('-')) return { ok: false, message: `Le nombre de ${what} ne peut pas être négatif.` }
	if (!/^\d+$/.test(value)) return { ok: false, message: `Indiquez le nombre de ${what} en chiffres, sans décimale (0 s’il n’y en a pas).` }
	const number = Number(value)
	if (number > MAX_HEADCOUNT) return { ok: false, message: `Ce nombre de ${what} est trop élevé : vérifiez la saisie.` }
	return { ok: true, value: number }
}

const raw = z.string().optional()

const RawAssociationSchema = z.object({
	name: raw,
	rna: raw,
	localRegisterNumber: raw,
	siret: raw,
	addressLine: raw,
	postalCode: raw,
	commune: raw,
	sector: raw,
	annualBudget: raw,
	employees: raw,
	volunteers: raw,
})

export type AssociationFormField = keyof z.infer<typeof RawAssociationSchema>

export type AssociationInput = {
	name: string
	rna: string | null
	localRegisterNumber: string | null
	siret: string
	addressLine: string
	postalCode: string
	commune: string
	departement: string
	sector: Sector
	annualBudgetCents: number
	employees: number
	volunteers: number
}

export const CreateAssociationSchema = RawAssociationSchema.transform((input, ctx): AssociationInput => {
	let failed = false
	const fail = (field: AssociationFormField, message: string) => {
		failed = true
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message })
	}
	const text = (field: AssociationFormField) => (input[field] ?? '').trim()

	const name = text('name').replace(/\s+/g, ' ')
	if (!name) fail('name', 'Indiquez le nom de l’association, tel qu’il figure dans ses statuts.')
	else if (name.length < 2) fail('name', 'Le nom de l’association doit compter au moins 2 caractères.')
	else if (name.length > 200) fail('name', 'Le nom de l’association ne doit pas dépasser 200 caractères.')

	let siret = ''
	if (!text('siret')) fail('siret', 'Indiquez le numéro SIRET de l’association (14 chiffres, sur l’avis de situation INSEE).')
	else {
		const check = checkSiret(text('siret'))
		if (check.ok) siret = check.value
		else fail('siret', check.message)
	}

	const addressLine = text('addressLine').replace(/\s+/g, ' ')
	if (!addressLine) fail('addressLine', 'Indiquez l’adresse du siège (numéro et rue).')
	else if (addressLine.length > 200) fail('addressLine', 'L’adresse ne doit pas dépasser 200 caractères.')

	const postalCode = text('postalCode').replace(SPACES, '')
	const departement = departementFromPostalCode(postalCode)
	if (!postalCode) fail('postalCode', 'Indiquez le code postal du siège.')
	else if (!departement) fail('postalCode', 'Le code postal compte 5 chiffres (exemple : 69003).')

	const commune = text('commune').replace(/\s+/g, ' ')
	if (!commune) fail('commune', 'Indiquez la commune du siège.')
	else if (commune.length > 100) fail('commune', 'Le nom de la commune ne doit pas dépasser 100 caractères.')

	// RNA, or, in Alsace-Moselle, the number of the tribunal's register of associations.
	let rna: string | null = null
	const localRegisterNumber: string | null = text('localRegisterNumber').replace(/\s+/g, ' ') || null
	if (text('rna')) {
		const check = checkRna(text('rna'))
		if (check.ok) rna = check.value
		else fail('rna', check.message)
	}
	if (localRegisterNumber && localRegisterNumber.length > 60) {
		fail('localRegisterNumber', 'Le numéro d’inscription au registre ne doit pas dépasser 60 caractères.')
	}
	const alsaceMoselle = isAlsaceMoselle(departement)
	if (departement && !alsaceMoselle) {
		if (!text('rna')) {
			fail('rna', 'Indiquez le numéro RNA de l’association (W suivi de 9 caractères, sur le récépissé de la préfecture).')
		}
		if (localRegisterNumber) {
			fail(
				'localRegisterNumber',
				'Le numéro d’inscription au registre du tribunal ne concerne que les associations d’Alsace-Moselle (Bas-Rhin, Haut-Rhin, Moselle) ; laissez ce champ vide et indiquez le numéro RNA.',
			)
		}
	} else if (!text('rna') && !localRegisterNumber) {
		if (alsaceMoselle) {
			fail(
				'localRegisterNumber',
				'Association d’Alsace-Moselle : indiquez le numéro d’inscription au registre des associations du tribunal judiciaire (ou le numéro RNA si elle en a un).',
			)
		} else {
			fail(
				'rna',
				'Indiquez le numéro RNA de l’association (W suivi de 9 caractères) ou, en Alsace-Moselle, son numéro d’inscription au registre du tribunal.',
			)
		}
	}

	const sectorValue = text('sector')
	const sector = SECTOR_VALUES.find((s) => s === sectorValue)
	if (!sectorValue) fail('sector', 'Choisissez le secteur d’activité principal de l’association.')
	else if (!sector) fail('sector', 'Choisissez un secteur dans la liste.')

	let annualBudgetCents = 0
	if (!text('annualBudget')) fail('annualBudget', 'Indiquez le budget annuel de l’association, en euros (0 s’il n’y en a pas).')
	else {
		const amount = parseEuroAmount(text('annualBudget'))
		if (amount.ok) annualBudgetCents = amount.cents
		else fail('annualBudget', amount.message)
	}

	const headcount = (field: 'employees' | 'volunteers', what: string) => {
		if (!text(field)) {
			fail(field, `Indiquez le nombre de ${what} (0 s’il n’y en a pas).`)
			return 0
		}
		const parsed = parseHeadcount(text(field), what)
		if (parsed.ok) return parsed.value
		fail(field, parsed.message)
		return 0
	}
	const employees = headcount('employees', 'salariés')
	const volunteers = headcount('volunteers', 'bénévoles')

	if (failed) return z.NEVER
	return {
		name,
		rna,
		localRegisterNumber,
		siret,
		addressLine,
		postalCode,
		commune,
		departement: departement!,
		sector: sector!,
		annualBudgetCents,
		employees,
		volunteers,
	}
})

export const MEMBER_ROLE_LABELS = { referent: 'référent·e', member: 'membre', staff: 'membre de l’équipe' } as const

export const InviteMemberSchema = z.object({
	intent: z.literal('invite'),
	email: z
		.string({ required_error: 'Indiquez l’adresse e-mail de la personne à inviter.' })
		.trim()
		.toLowerCase()
		.email('Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).')
		.max(254, 'Cette adresse e-mail est trop longue.'),
	role: z.enum(['member', 'referent'], {
		errorMap: () => ({ message: 'Choisissez le rôle : membre ou référent·e.' }),
	}),
})
