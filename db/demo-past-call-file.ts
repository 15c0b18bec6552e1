/**
 * A realistic past call's file for the demo (issue 11): the « Vivre ensemble 2012 » call as
 * a funder would have kept it in a spreadsheet — 77 projects presented, 36 retained, about
 * three associations per consortium in the Rhône, the Loire and the Isère, the profile of
 * each association, and the evaluations of 33 retained projects — in the import's template.
 * Deterministic (a seeded generator): the same options give the same file. The demo imports
 * it through importPastCall, like a staff member would through the page.
 *
 *   const data = await pastCallWorkbook({ known: demoAssociations })   // Buffer of an .xlsx
 *   await importPastCall({ user, call: { title: 'Vivre ensemble 2012', deadlineAt, envelopeCents: null, funderId },
 *     files: { xlsx: { filename: 'vivre-ensemble-2012.xlsx', data }, csv: {} } })
 */
import { importWorkbook, type SheetRows } from '#app/domain/bilan/import/template-workbook.server.ts'
import { seededRandom } from '#app/domain/deliberation/random.ts'
import { sirenWithKey, withLuhnKey } from '#app/domain/organizations/identifiers.ts'

export type KnownAssociation = { name: string; siret?: string | null; rna?: string | null }

export type PastCallFileOptions = {
	/** Projects presented (2012: 77). */
	projects?: number
	/** Of which retained (2012: 36). */
	retained?: number
	/** Retained projects with their evaluation in the file (2012: 33 answered). */
	evaluated?: number
	/** Associations already on the portal (the demo's), given the first consortia: the import links them. */
	known?: readonly KnownAssociation[]
	seed?: number
}

/** The seeded generator of the draw (mulberry32), with the helpers the file's rows need. */
function generator(seed: number) {
	const next = seededRandom(seed)
	return {
		next,
		int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
		pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
		chance: (p: number) => next() < p,
	}
}

const THEMES = ['Intergénérationnel', 'Interculturel', 'Mixité entre filles et garçons', 'Rencontre handicap/valide']
const PLACES = [
	{ commune: 'Lyon', departement: '69' },
	{ commune: 'Villeurbanne', departement: '69' },
	{ commune: 'Vénissieux', departement: '69' },
	{ commune: 'Vaulx-en-Velin', departement: '69' },
	{ commune: 'Saint-Étienne', departement: '42' },
	{ commune: 'Roanne', departement: '42' },
	{ commune: 'Montbrison', departement: '42' },
	{ commune: 'Grenoble', departement: '38' },
	{ commune: 'Échirolles', departement: '38' },
	{ commune: 'Vienne', departement: '38' },
]
const SECTORS = [
	{ label: 'Défense d’une cause', weight: 10 },
	{ label: 'Éducation populaire et enfance', weight: 24 },
	{ label: 'Culture', weight: 22 },
	{ label: 'Social', weight: 18 },
	{ label: 'Patrimoine et environnement', weight: 8 },
	{ label: 'Sport', weight: 12 },
	{ label: 'Maison des associations', weight: 3 },
	{ label: 'Autre', weight: 3 },
]
const KINDS = ['Association', 'Amicale', 'Collectif', 'Compagnie', 'Maison', 'Club', 'Comité', 'Cercle']
const SUBJECTS = ['des Conteurs', 'Culturelle', 'des Jardins Partagés', 'Sportive', 'des Familles', 'de Quartier', 'des Aînés', 'Solidarité', 'des Femmes', 'Théâtre', 'Musiques', 'Jeunesse', 'Handisport', 'Mémoires', 'Nature']
const TITLES = ['Veillées', 'Ateliers', 'Jardins', 'Rencontres', 'Fresques', 'Tournois', 'Cuisines', 'Chorales', 'Balades', 'Récits', 'Scènes', 'Radios']
const TITLE_ENDS = ['croisées', 'de quartier', 'du monde', 'partagés', 'entre générations', 'sans frontières', 'pour toutes et tous', 'en mouvement']
const INVOLVEMENT = ['Réunions ponctuelles', 'Participation au comité de pilotage du projet', 'Convention de partenariat', 'Outils partagés', 'Autre']
const PARTNERS = ['Collectivités', 'Entreprises', 'Établissements', 'Habitants']

function weighted<T extends { weight: number }>(random: ReturnType<typeof generator>, list: readonly T[]): T {
	let roll = random.next() * list.reduce((sum, item) => sum + item.weight, 0)
	for (const item of list) {
		roll -= item.weight
		if (roll < 0) return item
	}
	return list[list.length - 1]!
}

/** The rows of the file, sheet by sheet, as the template orders its columns. */
export function pastCallRows(options: PastCallFileOptions = {}): SheetRows {
	const projectCount = options.projects ?? 77
	const retainedCount = Math.min(options.retained ?? 36, projectCount)
	const evaluatedCount = Math.min(options.evaluated ?? 33, retainedCount)
	const random = generator(options.seed ?? 2012)

	// The pool: the known associations first, then made-up ones (about 1.3 per project).
	type Pool = { name: string; siret: string | null; rna: string | null; profile: (string | number | null)[] }
	const pool: Pool[] = (options.known ?? []).map((k) => ({ name: k.name, siret: k.siret ?? null, rna: k.rna ?? null, profile: [null, null, null, null, null, null] }))
	const generated = Math.max(4, Math.round(projectCount * 1.3))
	for (let i = 0; i < generated; i++) {
		const place = random.pick(PLACES)
		const volunteerOnly = random.chance(0.25)
		const employees = volunteerOnly ? 0 : random.int(1, 12) <= 8 ? random.int(1, 3) : random.int(4, 25)
		// Budgets around 135 000 € (the 2012 median), from a few thousand to a few million.
		const budget = Math.round(Math.exp(Math.log(135_000) + (random.next() + random.next() + random.next() - 1.5) * 2.2) / 100) * 100
		pool.push({
			name: `${random.pick(KINDS)} ${random.pick(SUBJECTS)} de ${place.commune} ${i + 1}`,
			siret: random.chance(0.9) ? withLuhnKey(`${sirenWithKey(String(58_000_000 + i))}0001`) : null,
			rna: `W${place.departement}${String(5_000_000 + i)}`,
			profile: [weighted(random, SECTORS).label, volunteerOnly ? Math.min(budget, 15_000) : budget, employees, random.int(3, 60), place.departement, place.commune],
		})
	}

	const statuses = Array.from({ length: projectCount }, (_, i) => {
		if (i < retainedCount) return 'Retenu'
		const rest = i - retainedCount
		const others = projectCount - retainedCount
		if (rest < Math.round(others * 0.12)) return 'Non recevable'
		if (rest < Math.round(others * 0.2)) return 'Liste d’attente'
		if (rest < Math.round(others * 0.25)) return 'Retiré'
		return 'Non retenu'
	})
	const projects: SheetRows['projects'] = []
	const members: SheetRows['members'] = []
	const evaluations: SheetRows['evaluations'] = []
	let cursor = 0
	for (let p = 0; p < projectCount; p++) {
		const reference = `P${p + 1}`
		const status = statuses[p]!
		const size = random.chance(0.45) ? 2 : random.chance(0.7) ? 3 : 4
		// Consortia walk the pool, so most associations carry one project and some two.
		const chosen: Pool[] = []
		while (chosen.length < size) {
			const candidate = random.chance(0.2) ? random.pick(pool) : pool[cursor++ % pool.length]!
			if (!chosen.includes(candidate)) chosen.push(candidate)
		}
		const requested = random.int(4, 20) * 500
		const granted = status === 'Retenu' ? (random.chance(0.7) ? requested : Math.round(requested * random.int(60, 95)) / 100) : null
		const themes = [random.pick(THEMES), ...(random.chance(0.35) ? [random.pick(THEMES)] : [])]
		projects.push([
			reference,
			`${random.pick(TITLES)} ${random.pick(TITLE_ENDS)} (${p + 1})`,
			[...new Set(themes)].join(' ; '),
			status,
			requested,
			granted,
			status === 'Retenu' ? random.pick(['Mutualisation', 'Collaboration', 'Coopération', 'Coopération']) : random.chance(0.5) ? random.pick(['Mutualisation', 'Collaboration', 'Coopération']) : null,
			null,
		])
		chosen.forEach((association, i) => {
			members.push([reference, association.name, association.siret, association.rna, i === 0 ? 'Oui' : 'Non', ...association.profile])
		})
		if (status === 'Retenu' && p < evaluatedCount) {
			for (const association of chosen) {
				const forms = INVOLVEMENT.filter((_, i) => random.chance([0.82, 0.54, 0.43, 0.21, 0.15][i]!))
				const mobilised = random.chance(0.6)
				evaluations.push([
					reference,
					association.siret ?? association.rna,
					(forms.length > 0 ? forms : ['Réunions ponctuelles']).join(' ; '),
					forms.includes('Autre') ? 'Chantier commun' : null,
					random.chance(0.76) ? 'Fort' : random.chance(0.8) ? 'Moyen' : 'Faible',
					mobilised ? 'Oui' : 'Non',
					mobilised ? random.pick(PARTNERS) : null,
					random.chance(0.6) ? 'Oui' : 'Non',
					null,
					random.chance(0.8) ? 'Oui' : 'Non',
					random.chance(0.95) ? 'Oui' : 'Peut-être',
				])
			}
		}
	}
	return { projects, members, evaluations }
}

/** The file as an .xlsx workbook (with its « Mode d’emploi »), ready for importPastCall. */
export function pastCallWorkbook(options: PastCallFileOptions = {}): Promise<Buffer> {
	return importWorkbook(pastCallRows(options), { guide: true })
}
