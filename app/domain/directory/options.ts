/**
 * The partner directory's fixed lists (issue 12): what an association offers and looks for,
 * the themes it wants to work on, its publics, and the limits of every field and search.
 * Plain module: the profile form, the search form and the server read the same lists.
 */
import { z } from 'zod'
import { SECTOR_VALUES } from '#app/domain/organizations/sectors.ts'

type Option = { value: string; label: string }
const values = <T extends readonly Option[]>(list: T) => list.map((o) => o.value) as [T[number]['value'], ...T[number]['value'][]]
const labelIn = (list: readonly Option[]) => (value: string) => list.find((o) => o.value === value)?.label ?? value

/** Offers and needs share one list: what one association offers, another looks for. */
export const RESOURCES = [
	{ value: 'locaux', label: 'Locaux, salles' },
	{ value: 'benevoles', label: 'Bénévoles' },
	{ value: 'competences', label: 'Compétences, savoir-faire' },
	{ value: 'public', label: 'Public, participants' },
	{ value: 'materiel', label: 'Matériel, moyens techniques' },
	{ value: 'communication', label: 'Communication, diffusion' },
	{ value: 'reseau', label: 'Réseau, mise en relation' },
	{ value: 'transport', label: 'Transport, logistique' },
	{ value: 'formation', label: 'Formation' },
	{ value: 'financement', label: 'Recherche de financements' },
] as const

/** The call themes of « Vivre ensemble » (DOMAIN.md), then a few general ones. */
export const THEMES = [
	{ value: 'intergenerationnel', label: 'Intergénérationnel' },
	{ value: 'interculturel', label: 'Interculturel' },
	{ value: 'mixite_filles_garcons', label: 'Mixité entre filles et garçons' },
	{ value: 'handicap_valide', label: 'Rencontre handicap/valide' },
	{ value: 'culture', label: 'Culture et pratiques artistiques' },
	{ value: 'sport', label: 'Sport et activités physiques' },
	{ value: 'environnement', label: 'Environnement, jardins, alimentation' },
	{ value: 'education', label: 'Éducation, soutien scolaire' },
	{ value: 'solidarite', label: 'Solidarité, lutte contre l’isolement' },
	{ value: 'citoyennete', label: 'Citoyenneté, vie de quartier' },
	{ value: 'numerique', label: 'Numérique' },
	{ value: 'sante', label: 'Santé, bien-être' },
] as const

export const PUBLICS = [
	{ value: 'enfants', label: 'Enfants' },
	{ value: 'jeunes', label: 'Jeunes' },
	{ value: 'familles', label: 'Familles' },
	{ value: 'adultes', label: 'Adultes' },
	{ value: 'seniors', label: 'Seniors' },
	{ value: 'handicap', label: 'Personnes en situation de handicap' },
	{ value: 'quartier', label: 'Habitants d’un quartier' },
	{ value: 'migrants', label: 'Personnes exilées ou migrantes' },
	{ value: 'precarite', label: 'Personnes en situation de précarité' },
	{ value: 'tous', label: 'Tout public' },
] as const

export const RESOURCE_VALUES = values(RESOURCES)
export const THEME_VALUES = values(THEMES)
export const PUBLIC_VALUES = values(PUBLICS)
export const resourceLabel = labelIn(RESOURCES)
export const themeLabel = labelIn(THEMES)
export const publicLabel = labelIn(PUBLICS)

/** « à N km de » : the distances offered. */
export const DISTANCES_KM = [5, 10, 20, 50] as const

export const LIMITS = {
	presentation: 3000,
	details: 1000,
	communes: 20,
	communeName: 80,
	subject: 150,
	message: 5000,
	note: 1000,
	reason: 1000,
	query: 100,
	/** Results per page, and the last page a search may ask for. */
	pageSize: 20,
	maxPage: 200,
} as const

const text = (max: number, label: string) =>
	z
		.string({ invalid_type_error: `${label} : texte attendu.` })
		.trim()
		.max(max, `${label} : ${max} caractères au plus.`)
		.optional()
		.transform((value) => value ?? '')

const multi = <T extends [string, ...string[]]>(list: T, label: string) =>
	z
		.array(z.enum(list, { errorMap: () => ({ message: `${label} : choisissez dans la liste.` }) }))
		.max(list.length)
		.optional()
		.transform((value) => [...new Set(value ?? [])])

/** The profile form. Communes: one per line (or separated by commas), checked against the communes known to the portal. */
export const ProfileSchema = z.object({
	presentation: text(LIMITS.presentation, 'Présentation'),
	communes: text(LIMITS.communes * (LIMITS.communeName + 2), 'Communes'),
	publics: multi(PUBLIC_VALUES, 'Publics'),
	themes: multi(THEME_VALUES, 'Thèmes'),
	offers: multi(RESOURCE_VALUES, 'Ce que vous proposez'),
	needs: multi(RESOURCE_VALUES, 'Ce que vous cherchez'),
	offerDetails: text(LIMITS.details, 'Précisions sur ce que vous proposez'),
	needDetails: text(LIMITS.details, 'Précisions sur ce que vous cherchez'),
})
export type ProfileInput = z.infer<typeof ProfileSchema>

/** The form lists readFormData bounds (checkboxes repeat their name). */
export const PROFILE_LISTS = {
	publics: { max: PUBLICS.length, label: 'publics' },
	themes: { max: THEMES.length, label: 'thèmes' },
	offers: { max: RESOURCES.length, label: 'propositions' },
	needs: { max: RESOURCES.length, label: 'besoins' },
}

/** Splits the communes field into names (trimmed, deduplicated, in the order typed). */
export function splitCommunes(input: string): string[] {
	const names = input
		.split(/[\n,;]+/)
		.map((name) => name.trim().replace(/\s+/g, ' '))
		.filter(Boolean)
	return [...new Set(names)]
}

export const ContactSchema = z.object({
	subject: z
		.string({ required_error: 'Donnez un objet à votre message.' })
		.trim()
		.min(1, 'Donnez un objet à votre message.')
		.max(LIMITS.subject, `Objet : ${LIMITS.subject} caractères au plus.`),
	message: z
		.string({ required_error: 'Écrivez votre message.' })
		.trim()
		.min(1, 'Écrivez votre message.')
		.max(LIMITS.message, `Message : ${LIMITS.message} caractères au plus.`),
	/** The association the sender writes for, if any (one of theirs). */
	senderOrganizationId: z.string().max(100).optional(),
})

export const ReplySchema = z.object({
	message: ContactSchema.shape.message,
})

export const ReportSchema = z.object({
	reason: text(LIMITS.reason, 'Motif'),
})

export const RecommendSchema = z.object({
	toOrganizationId: z.string({ required_error: 'Choisissez l’association à qui suggérer ce partenaire.' }).min(1).max(100),
	note: text(LIMITS.note, 'Mot d’accompagnement'),
})

/** The search, read from the query string: anything unknown is dropped, never an error page. */
export type DirectoryFilters = {
	q: string
	theme: string | null
	departement: string | null
	sector: string | null
	offer: string | null
	need: string | null
	commune: string
	distanceKm: number | null
}

const pick = (value: string | null, list: readonly string[]) => (value && list.includes(value) ? value : null)

export function readFilters(params: URLSearchParams): DirectoryFilters {
	const departement = (params.get('departement') ?? '').trim().toUpperCase()
	const distance = Number(params.get('distance'))
	return {
		q: (params.get('q') ?? '').trim().slice(0, LIMITS.query),
		theme: pick(params.get('theme'), THEME_VALUES),
		departement: /^(\d{2}|2A|2B|97\d)$/.test(departement) ? departement : null,
		sector: pick(params.get('secteur'), SECTOR_VALUES),
		offer: pick(params.get('offre'), RESOURCE_VALUES),
		need: pick(params.get('besoin'), RESOURCE_VALUES),
		commune: (params.get('commune') ?? '').trim().slice(0, LIMITS.communeName),
		distanceKm: (DISTANCES_KM as readonly number[]).includes(distance) ? distance : null,
	}
}

export function readPage(params: URLSearchParams): number {
	const page = Number(params.get('page'))
	return Number.isInteger(page) && page >= 1 ? Math.min(page, LIMITS.maxPage) : 1
}

/** The query string of these filters (the search form's names), without the page. */
export function filtersQuery(filters: DirectoryFilters): string {
	const params = new URLSearchParams()
	if (filters.q) params.set('q', filters.q)
	if (filters.theme) params.set('theme', filters.theme)
	if (filters.departement) params.set('departement', filters.departement)
	if (filters.sector) params.set('secteur', filters.sector)
	if (filters.offer) params.set('offre', filters.offer)
	if (filters.need) params.set('besoin', filters.need)
	if (filters.commune) params.set('commune', filters.commune)
	if (filters.distanceKm) params.set('distance', String(filters.distanceKm))
	const query = params.toString()
	return query ? `?${query}` : ''
}

export const DIRECTORY_ATTRIBUTION = 'Coordonnées des communes : GeoNames (geonames.org), licence CC-BY 4.0.'

/** How many new conversations one person may open, and how often with the same association. */
export const CONTACT_LIMITS = {
	perSender: { max: 5, windowMs: 24 * 3600_000 },
	perPair: { max: 1, windowMs: 7 * 24 * 3600_000 },
} as const

/** Reported by this many different associations, a sender may no longer write to anyone. */
export const REPORTS_TO_BLOCK = 3

/** The first sentences of a presentation, for a card (cut at a word, 240 characters at most). */
export function excerpt(text: string, max = 240) {
	const flat = text.replace(/\s+/g, ' ').trim()
	return flat.length <= max ? flat : `${flat.slice(0, max - 1).replace(/\s+\S*$/, '')}…`
}

/** What a result card sends to the browser: the card's fields, the presentation cut to its excerpt. */
export function toProfileCard<Row extends { id: string; name: string; sector: string | null; commune: string | null; departement: string | null; presentation: string; themes: string[]; offers: string[]; needs: string[]; distanceKm?: number | null }>(row: Row) {
	return {
		id: row.id,
		name: row.name,
		sector: row.sector,
		commune: row.commune,
		departement: row.departement,
		presentation: excerpt(row.presentation),
		themes: row.themes,
		offers: row.offers,
		needs: row.needs,
		distanceKm: row.distanceKm ?? null,
	}
}
