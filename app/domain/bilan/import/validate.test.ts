import { describe, expect, test } from 'vitest'
import { sirenWithKey, withLuhnKey } from '#app/domain/organizations/identifiers.ts'
import { formatCents } from '#app/utils/format.ts'
import { AssociationPartSchema } from '#app/domain/reports/association-part.ts'
import type { RawSheet, RawWorkbook } from './raw-sheet.ts'
import { EVALUATION_COLUMNS, MEMBER_COLUMNS, PROJECT_COLUMNS, SHEETS, type SheetKey } from './template.ts'
import { identifiersInFile, validateImportFile, type ExistingLookup, type ExistingOrganization } from './validate.ts'

/** A valid SIRET per number: a SIREN of its own, establishment 0001. */
const siret = (n: number) => withLuhnKey(`${sirenWithKey(String(30_000_000 + n))}0001`)
/** A second establishment of the same association (same SIREN). */
const otherEstablishment = (n: number) => withLuhnKey(`${sirenWithKey(String(30_000_000 + n))}0002`)
const rna = (n: number) => `W69${String(1_000_000 + n)}`

type Cells = Record<string, string>
const COLUMNS = { projects: PROJECT_COLUMNS, members: MEMBER_COLUMNS, evaluations: EVALUATION_COLUMNS } as const

/** A sheet in the template's column order; each row given by column key; rows numbered from 2. */
function sheet(key: SheetKey, rows: Cells[], headers: string[] = COLUMNS[key].map((c) => c.header)): RawSheet {
	const keys = COLUMNS[key].map((c) => c.key as string)
	return {
		name: SHEETS[key].name,
		headers,
		rows: rows.map((cells, i) => ({ row: i + 2, cells: keys.map((k) => cells[k] ?? '') })),
	}
}

const project = (reference: string, over: Cells = {}): Cells => ({ reference, title: `Projet ${reference}`, status: 'Non retenu', requested: '10 000', ...over })
const member = (reference: string, n: number, over: Cells = {}): Cells => ({ project: reference, name: `Association ${n}`, siret: siret(n), lead: 'Non', ...over })

/** Two projects: P1 retained (A1 lead, A2), P2 not retained (A3 lead, A1 again). */
function validFile(): RawWorkbook {
	return {
		projects: sheet('projects', [
			project('P1', { themes: 'Intergénérationnel ; Interculturel', status: 'Retenu', requested: '8 000', granted: '7 500,50', sharingLevel: 'coopération', departement: '38' }),
			project('P2', { themes: 'interculturel', status: 'recevable non retenu' }),
		]),
		members: sheet('members', [
			member('P1', 1, { lead: 'Oui', sector: 'Culture', budget: '135 000', employees: '2', volunteers: '15', departement: '69', commune: 'Lyon' }),
			member('P1', 2, { rna: rna(2) }),
			member('P2', 3, { lead: 'oui', sector: 'maison_des_associations' }),
			member('P2', 1),
		]),
		evaluations: sheet('evaluations', [
			{ project: 'P1', association: siret(1), involvementForms: 'Réunions ponctuelles ; Outils partagés', interest: 'Fort', mobilisedOthers: 'Oui', otherPartners: 'Collectivités', newFunding: 'non', notoriety: 'Oui', continueTogether: 'Peut-être' },
			{ project: 'P1', association: rna(2), interest: 'moyen' },
		]),
	}
}

const NONE: ExistingLookup = { bySiret: new Map(), byRna: new Map() }
const org = (id: string, kind = 'association', siren: string | null = null): ExistingOrganization => ({ id, name: `Structure ${id}`, kind, siren })

function errorsOf(workbook: RawWorkbook, existing = NONE) {
	const result = validateImportFile(workbook, existing)
	if (result.ok) throw new Error('expected errors')
	return result
}

describe('validation du fichier d’un appel passé', () => {
	test('un fichier valide devient le plan de l’import : thèmes, statuts, consortiums, évaluations', () => {
		const result = validateImportFile(validFile(), NONE)
		if (!result.ok) throw new Error(JSON.stringify(result.errors))
		const { plan } = result
		// « interculturel » is the theme « Interculturel » already met: two distinct themes.
		expect(plan.themes).toEqual(['Intergénérationnel', 'Interculturel'])
		expect(plan.associations.map((a) => a.name)).toEqual(['Association 1', 'Association 2', 'Association 3'])
		const [p1, p2] = plan.projects
		// Retained with its evaluation in the file: closed; not retained: rejected.
		expect(p1).toMatchObject({ reference: 'P1', status: 'closed', themes: ['Intergénérationnel', 'Interculturel'], requestedCents: 800_000, grantedCents: 750_050, sharingLevel: 'cooperation', departement: '38' })
		expect(p2).toMatchObject({ reference: 'P2', status: 'rejected', themes: ['Interculturel'], grantedCents: null })
		expect(p1!.members).toEqual([
			{ associationKey: `siret:${siret(1)}`, role: 'lead' },
			{ associationKey: `siret:${siret(2)}`, role: 'co_carrier' },
		])
		expect(p2!.members.map((m) => m.role)).toEqual(['lead', 'co_carrier'])
		const a1 = plan.associations[0]!
		expect(a1).toMatchObject({ existingId: null, siret: siret(1), sector: 'culture', annualBudgetCents: 13_500_000, employees: 2, volunteers: 15, departement: '69', commune: 'Lyon' })
		expect(plan.associations[2]!.sector).toBe('maison_des_associations')
		// The answers in the shapes the live form saves.
		expect(p1!.evaluations[0]!.answers).toEqual(
			AssociationPartSchema.parse({ involvementForms: ['reunions_ponctuelles', 'outils_partages'], interest: 'fort', mobilisedOthers: 'oui', otherPartners: ['collectivites'], newFunding: 'non', notoriety: 'oui', continueTogether: 'peut_etre' }),
		)
		expect(p1!.evaluations[1]).toMatchObject({ associationKey: `siret:${siret(2)}`, answers: { interest: 'moyen', involvementForms: [] } })
	})

	test('un projet retenu sans évaluation dans le fichier reste « retenu » (selected)', () => {
		const file = validFile()
		delete file.evaluations
		const result = validateImportFile(file, NONE)
		expect(result.ok && result.plan.projects[0]!.status).toBe('selected')
	})

	test('les associations déjà inscrites sont reliées par SIRET, sinon par RNA', () => {
		const existing: ExistingLookup = { bySiret: new Map([[siret(1), org('o1')]]), byRna: new Map([[rna(2), org('o2')]]) }
		const result = validateImportFile(validFile(), existing)
		if (!result.ok) throw new Error(JSON.stringify(result.errors))
		expect(result.plan.associations.map((a) => a.existingId)).toEqual(['o1', 'o2', null])
		expect(identifiersInFile(validFile())).toEqual({ sirets: [siret(1), siret(2), siret(3)], rnas: [rna(2)] })
	})

	test('une feuille obligatoire absente, une colonne obligatoire absente ou en double', () => {
		expect(errorsOf({ projects: validFile().projects }).errors).toEqual([
			{ sheet: 'Associations', row: null, column: null, message: expect.stringContaining('La feuille « Associations » est absente') },
		])
		const headers = PROJECT_COLUMNS.map((c) => c.header as string)
		const withoutTitle = { ...validFile(), projects: sheet('projects', [project('P1')], headers.map((h) => (h === 'Titre' ? 'Remarques' : h))) }
		expect(errorsOf(withoutTitle).errors).toEqual([{ sheet: 'Projets', row: 1, column: 'Titre', message: 'La colonne « Titre » est absente de la feuille « Projets » : ajoutez-la à la ligne des en-têtes (ligne 1).' }])
		const twice = { ...validFile(), projects: { ...validFile().projects!, headers: headers.map((h) => (h === 'Thèmes' ? 'titre' : h)) } }
		expect(errorsOf(twice).errors).toEqual([{ sheet: 'Projets', row: 1, column: 'C', message: 'La colonne « Titre » apparaît deux fois (colonnes B et C) : gardez-en une.' }])
	})

	test('les en-têtes se lisent sans majuscules ni accents, dans n’importe quel ordre', () => {
		const file = validFile()
		const reorder = (s: RawSheet): RawSheet => ({ ...s, headers: [...s.headers].reverse().map((h) => h.toUpperCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')), rows: s.rows.map((r) => ({ ...r, cells: [...r.cells].reverse() })) })
		const result = validateImportFile({ projects: reorder(file.projects!), members: reorder(file.members!), evaluations: reorder(file.evaluations!) }, NONE)
		expect(result.ok).toBe(true)
	})

	test('un statut inconnu est signalé avec les valeurs acceptées', () => {
		const file = { ...validFile(), projects: sheet('projects', [project('P1', { status: 'Retenu' }), project('P2', { status: 'accepté' })]) }
		expect(errorsOf(file).errors).toContainEqual({
			sheet: 'Projets',
			row: 3,
			column: 'D',
			message: 'Valeur « accepté » inconnue. Valeurs acceptées : « Non recevable », « Non retenu », « Retenu », « Liste d’attente », « Retiré ».',
		})
	})

	test('références de projet en double, association d’un projet inconnu', () => {
		const file = validFile()
		delete file.evaluations
		file.projects = sheet('projects', [project('P1', { status: 'Retenu' }), project('P2'), project('p1')])
		file.members = sheet('members', [member('P1', 1, { lead: 'Oui' }), member('P1', 2), member('P2', 3, { lead: 'Oui' }), member('P2', 1), member('P9', 4, { lead: 'Oui' })])
		const { errors } = errorsOf(file)
		expect(errors).toEqual([
			{ sheet: 'Projets', row: 4, column: 'A', message: 'La référence « p1 » est déjà celle du projet de la ligne 2 : chaque projet a sa propre référence.' },
			{ sheet: 'Associations', row: 6, column: 'A', message: 'Aucun projet de la feuille « Projets » n’a la référence « P9 ».' },
		])
	})

	test('SIRET invalide, ni SIRET ni RNA, RNA invalide, chef de file et secteur inconnus', () => {
		const file = validFile()
		delete file.evaluations
		file.members = sheet('members', [
			member('P1', 1, { lead: 'Oui', siret: '12345678901234' }),
			member('P1', 2, { siret: '', rna: '' }),
			member('P2', 3, { lead: 'peut-être', rna: 'X123' }),
			member('P2', 1, { sector: 'Loisirs', employees: 'deux', budget: 'beaucoup', departement: '99' }),
		])
		const { errors } = errorsOf(file)
		expect(errors.map((e) => [e.sheet, e.row, e.column])).toEqual([
			['Associations', 2, 'C'],
			['Associations', 3, 'C'],
			['Associations', 4, 'D'],
			['Associations', 4, 'E'],
			['Associations', 5, 'F'],
			['Associations', 5, 'G'],
			['Associations', 5, 'H'],
			['Associations', 5, 'J'],
		])
		expect(errors[0]!.message).toBe('Ce SIRET n’est pas valide : le numéro SIREN (9 premiers chiffres) est erroné.')
		expect(errors[1]!.message).toBe('Indiquez le SIRET ou le RNA de l’association (au moins l’un des deux).')
		expect(errors[3]!.message).toBe('Valeur « peut-être » inconnue. Valeurs acceptées : « Oui », « Non ».')
		expect(errors[4]!.message).toContain('« Éducation populaire et enfance »')
		expect(errors[7]!.message).toBe('Indiquez un code de département : 01 à 95, 2A, 2B ou 971 à 976.')
	})

	test('un projet sans chef de file, avec deux chefs de file, ou avec une seule association', () => {
		const file = validFile()
		delete file.evaluations
		file.projects = sheet('projects', [project('P1'), project('P2'), project('P3'), project('P4')])
		file.members = sheet('members', [
			member('P1', 1),
			member('P1', 2),
			member('P2', 3, { lead: 'Oui' }),
			member('P2', 4, { lead: 'Oui' }),
			member('P3', 5, { lead: 'Oui' }),
		])
		expect(errorsOf(file).errors).toEqual([
			{ sheet: 'Projets', row: 2, column: 'A', message: 'Le projet « P1 » n’a pas de chef de file : indiquez « Oui » dans la colonne « Chef de file » de l’une de ses associations.' },
			{ sheet: 'Projets', row: 4, column: 'A', message: 'Le projet « P3 » n’a qu’une association : un projet est co-porté par au moins deux associations distinctes.' },
			{ sheet: 'Projets', row: 5, column: 'A', message: 'Le projet « P4 » n’a aucune association dans la feuille « Associations » : il en faut au moins deux, dont un chef de file.' },
			{ sheet: 'Associations', row: 5, column: 'E', message: 'Le projet « P2 » a déjà un chef de file (ligne 4) : un seul par projet.' },
		])
	})

	test('la même association deux fois dans un projet, ou deux établissements d’une même association', () => {
		const file = validFile()
		delete file.evaluations
		file.members = sheet('members', [
			member('P1', 1, { lead: 'Oui' }),
			member('P1', 2),
			member('P1', 1, { name: 'Association 1 bis' }),
			member('P2', 3, { lead: 'Oui' }),
			member('P2', 3, { siret: otherEstablishment(3) }),
			member('P2', 4),
		])
		expect(errorsOf(file).errors).toEqual([
			{ sheet: 'Associations', row: 4, column: 'C', message: 'Cette association figure déjà dans le projet « P1 » : une association n’y compte qu’une fois.' },
			{ sheet: 'Associations', row: 6, column: 'C', message: `Ce SIRET a le même SIREN (${siret(3).slice(0, 9)}) qu’une autre association du projet « P2 » : deux établissements d’une même association ne comptent que pour une.` },
		])
	})

	test('montant accordé sur un projet non retenu, ou au-delà du montant demandé ; montants invalides', () => {
		const file = validFile()
		file.projects = sheet('projects', [
			project('P1', { status: 'Retenu', requested: '8 000', granted: '8 000,01' }),
			project('P2', { status: 'Liste d’attente', granted: '1000', requested: '-5' }),
		])
		expect(errorsOf(file).errors).toEqual([
			{ sheet: 'Projets', row: 2, column: 'F', message: `Le montant accordé (${formatCents(800_001)}) dépasse le montant demandé (${formatCents(800_000)}).` },
			{ sheet: 'Projets', row: 3, column: 'E', message: 'Indiquez un montant en euros, en chiffres (par exemple 1 234,56).' },
			{ sheet: 'Projets', row: 3, column: 'F', message: 'Un montant accordé n’est possible que pour un projet « Retenu » ; ce projet est « Liste d’attente ».' },
		])
	})

	test('évaluation d’un projet inconnu ou non retenu, d’une association hors du projet, en double, sans réponse, avec une valeur inconnue', () => {
		const file = validFile()
		file.evaluations = sheet('evaluations', [
			{ project: 'P7', association: siret(1), interest: 'Fort' },
			{ project: 'P2', association: siret(3), interest: 'Fort' },
			{ project: 'P1', association: siret(3), interest: 'Fort' },
			{ project: 'P1', association: siret(1), interest: 'Fort' },
			{ project: 'P1', association: siret(1), interest: 'Faible' },
			{ project: 'P1', association: rna(2) },
			{ project: 'P1', association: rna(2), interest: 'énorme', involvementForms: 'Réunions ; Pique-nique', mobilisedOthers: 'Non', otherPartners: 'Entreprises' },
		])
		const { errors } = errorsOf(file)
		expect(errors).toEqual([
			{ sheet: 'Évaluations', row: 2, column: 'A', message: 'Aucun projet de la feuille « Projets » n’a la référence « P7 ».' },
			{ sheet: 'Évaluations', row: 3, column: 'A', message: 'Le projet « P2 » n’est pas retenu : seuls les projets retenus ont une évaluation.' },
			{ sheet: 'Évaluations', row: 4, column: 'B', message: `L’association ${siret(3)} n’est pas l’une des associations du projet « P1 » dans la feuille « Associations ».` },
			{ sheet: 'Évaluations', row: 6, column: 'B', message: 'Cette association a déjà répondu pour le projet « P1 » (ligne 5) : une ligne par association.' },
			{ sheet: 'Évaluations', row: 7, column: 'C', message: 'Cette ligne ne contient aucune réponse : remplissez au moins une question ou retirez la ligne.' },
			{ sheet: 'Évaluations', row: 8, column: 'C', message: expect.stringMatching(/^Valeurs « Réunions », « Pique-nique » inconnues\. Valeurs acceptées, séparées par « ; » : « Réunions ponctuelles »/) },
			{ sheet: 'Évaluations', row: 8, column: 'E', message: 'Valeur « énorme » inconnue. Valeurs acceptées : « Fort », « Moyen », « Faible », « Aucun ».' },
			{ sheet: 'Évaluations', row: 8, column: 'G', message: 'Des partenaires sont indiqués alors que « Autres partenaires mobilisés » vaut « Non ».' },
		])
	})

	test('un SIRET et un RNA qui désignent deux structures déjà inscrites, ou un financeur', () => {
		const file = validFile()
		const existing: ExistingLookup = {
			bySiret: new Map([
				[siret(2), org('o2')],
				[siret(3), org('f3', 'funder')],
			]),
			byRna: new Map([[rna(2), org('o9')]]),
		}
		expect(errorsOf(file, existing).errors).toEqual([
			{ sheet: 'Associations', row: 3, column: 'D', message: 'Le SIRET de cette association est celui de « Structure o2 » et son RNA celui de « Structure o9 », deux structures déjà inscrites : corrigez l’un des deux.' },
			{ sheet: 'Associations', row: 4, column: 'C', message: 'Ce SIRET est celui de « Structure f3 », inscrite sur Ensemble comme financeur ou structure d’accompagnement, pas comme association.' },
		])
	})

	test('le même SIRET avec deux RNA différents dans le fichier', () => {
		const file = validFile()
		delete file.evaluations
		file.members = sheet('members', [member('P1', 1, { lead: 'Oui', rna: rna(1) }), member('P1', 2), member('P2', 3, { lead: 'Oui' }), member('P2', 1, { rna: rna(5) })])
		expect(errorsOf(file).errors).toEqual([
			{ sheet: 'Associations', row: 5, column: 'D', message: `Ce SIRET est celui de l’association de la ligne 2, dont le RNA est ${rna(1)}.` },
		])
	})

	test('toutes les erreurs sont rassemblées, dans l’ordre des feuilles, des lignes et des colonnes', () => {
		const file = validFile()
		file.projects = sheet('projects', [project('P1', { status: 'Retenu', title: '' }), project('P2', { departement: '100' })])
		file.evaluations = sheet('evaluations', [{ project: 'P1', association: siret(1), continueTogether: 'jamais' }])
		file.members = sheet('members', [member('P1', 1, { lead: 'Oui', volunteers: '1,5' }), member('P1', 2), member('P2', 3, { lead: 'Oui' }), member('P2', 1)])
		expect(errorsOf(file).errors.map((e) => `${e.sheet} ${e.row} ${e.column}`)).toEqual(['Projets 2 B', 'Projets 3 H', 'Associations 2 I', 'Évaluations 2 K'])
	})

	test('au-delà de 200 erreurs, les 200 premières sont listées et les autres comptées', () => {
		const file = validFile()
		file.projects = sheet('projects', Array.from({ length: 250 }, (_, i) => project(`P${i + 1}`, { status: 'inconnu' })))
		file.members = sheet('members', Array.from({ length: 250 }, (_, i) => [member(`P${i + 1}`, 2 * i + 1, { lead: 'Oui' }), member(`P${i + 1}`, 2 * i + 2)]).flat())
		delete file.evaluations
		const result = errorsOf(file)
		expect(result.total).toBe(250)
		expect(result.errors).toHaveLength(200)
		expect(result.errors[199]).toMatchObject({ sheet: 'Projets', row: 201, column: 'D' })
	})
})
