/**
 * Checks a past call's file (issue 11) before anything is written, and turns it into the
 * plan the import writes. Every error is collected — not the first only — with the sheet,
 * the spreadsheet's row (header = 1) and column, and a French message; the first
 * IMPORT_LIMITS.errors are listed, in the order of the sheets and rows, and the others
 * counted. The existing associations matched by SIRET or RNA are given by the caller
 * (`existing`): the check itself is pure.
 *
 * Associations are known in the file by their SIRET, else their RNA: two rows with the
 * same SIRET (or RNA) are one association. A project's co-porters are distinct legal
 * entities: two SIRET of one SIREN are one association (as on the live portal).
 */
import type { ApplicationStatus } from '#app/domain/applications/statuses.ts'
import { formatCents } from '#app/utils/format.ts'
import { checkRna, checkSiret, sirenOf } from '#app/domain/organizations/identifiers.ts'
import { AssociationPartSchema, PART_SHORT_MAX, type AssociationPart } from '#app/domain/reports/association-part.ts'
import { columnLetter, type RawRow, type RawSheet, type RawWorkbook } from './raw-sheet.ts'
import {
	acceptedLabels,
	acceptedValue,
	IMPORT_LIMITS,
	normalizeLabel,
	SHEETS,
	SHEET_KEYS,
	type AcceptedValue,
	type ColumnOf,
	type SheetKey,
} from './template.ts'
import { parseCount, parseDepartement, parseEuros, splitList, type Parsed } from './values.ts'

export type ImportError = { sheet: string; row: number | null; column: string | null; message: string }

export type ExistingOrganization = { id: string; name: string; kind: string; siren: string | null }
export type ExistingLookup = { bySiret: ReadonlyMap<string, ExistingOrganization>; byRna: ReadonlyMap<string, ExistingOrganization> }

export type PlannedAssociation = {
	key: string
	/** The association already on the portal, linked and left as it is; null: created by the import. */
	existingId: string | null
	name: string
	siret: string | null
	rna: string | null
	sector: string | null
	annualBudgetCents: number | null
	employees: number | null
	volunteers: number | null
	departement: string | null
	commune: string | null
}

export type PlannedProject = {
	reference: string
	title: string
	status: ApplicationStatus
	themes: string[]
	requestedCents: number | null
	grantedCents: number | null
	sharingLevel: string | null
	departement: string | null
	members: { associationKey: string; role: 'lead' | 'co_carrier' }[]
	evaluations: { associationKey: string; answers: AssociationPart }[]
}

export type ImportPlan = { themes: string[]; associations: PlannedAssociation[]; projects: PlannedProject[] }

export type FileValidation = { ok: true; plan: ImportPlan } | { ok: false; errors: ImportError[]; total: number }

const TITLE_MAX = 300
const NAME_MAX = 200
const THEME_MAX = 200
const REFERENCE_MAX = 50
const COMMUNE_MAX = 100

type Located = ImportError & { order: [number, number, number] }

/** Collects errors in any order; gives them back sorted by sheet, row and column, bounded. */
class ErrorList {
	private list: Located[] = []
	add(sheet: SheetKey, row: number | null, columnIndex: number | null, column: string | null, message: string) {
		this.list.push({ sheet: SHEETS[sheet].name, row, column, message, order: [SHEET_KEYS.indexOf(sheet), row ?? 0, columnIndex ?? -1] })
	}
	get size() {
		return this.list.length
	}
	result(): { errors: ImportError[]; total: number } {
		const sorted = this.list.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2] - b.order[2])
		return { errors: sorted.slice(0, IMPORT_LIMITS.errors).map(({ order: _, ...e }) => e), total: sorted.length }
	}
}

/** A sheet whose columns were found: read a row's cell by the column's key, report on it. */
type Columns<K extends SheetKey> = {
	sheet: K
	index: Partial<Record<ColumnOf<K>, number>>
	cell: (row: RawRow, key: ColumnOf<K>) => string
	error: (row: RawRow, key: ColumnOf<K>, message: string) => void
}

function headerOf<K extends SheetKey>(sheet: K, key: ColumnOf<K>): string {
	return (SHEETS[sheet].columns as readonly { key: string; header: string }[]).find((c) => c.key === key)!.header
}

/** Finds each column by its header (or an alias); reports duplicates and the required ones missing. */
function mapColumns<K extends SheetKey>(sheetKey: K, sheet: RawSheet, errors: ErrorList): Columns<K> | null {
	const columns = SHEETS[sheetKey].columns as readonly { key: ColumnOf<K>; header: string; aliases?: readonly string[]; required: boolean }[]
	const index: Partial<Record<ColumnOf<K>, number>> = {}
	sheet.headers.forEach((header, i) => {
		const wanted = normalizeLabel(header.replace(/\s*\(€\)$/, ''))
		if (!wanted) return
		const column =
			columns.find((c) => normalizeLabel(c.header) === wanted) ?? columns.find((c) => c.aliases?.some((a) => normalizeLabel(a) === wanted) && index[c.key] === undefined)
		if (!column) return
		if (index[column.key] !== undefined) {
			errors.add(sheetKey, 1, i, columnLetter(i), `La colonne « ${column.header} » apparaît deux fois (colonnes ${columnLetter(index[column.key]!)} et ${columnLetter(i)}) : gardez-en une.`)
			return
		}
		index[column.key] = i
	})
	let complete = true
	for (const column of columns) {
		if (column.required && index[column.key] === undefined) {
			complete = false
			errors.add(sheetKey, 1, null, column.header, `La colonne « ${column.header} » est absente de la feuille « ${SHEETS[sheetKey].name} » : ajoutez-la à la ligne des en-têtes (ligne 1).`)
		}
	}
	if (!complete) return null
	return {
		sheet: sheetKey,
		index,
		cell: (row, key) => (index[key] === undefined ? '' : (row.cells[index[key]!] ?? '').trim()),
		error: (row, key, message) => {
			const i = index[key]
			errors.add(sheetKey, row.row, i ?? null, i === undefined ? headerOf(sheetKey, key) : columnLetter(i), message)
		},
	}
}

function closedList<V extends string>(list: readonly AcceptedValue<V>[], cell: string): Parsed<V> {
	const value = acceptedValue(list, cell)
	return value ? { ok: true, value } : { ok: false, message: `Valeur « ${cell} » inconnue. Valeurs acceptées : ${acceptedLabels(list)}.` }
}

function closedListMany<V extends string>(list: readonly AcceptedValue<V>[], cell: string): Parsed<V[]> {
	const values: V[] = []
	const unknown: string[] = []
	for (const item of splitList(cell)) {
		const value = acceptedValue(list, item)
		if (value) {
			if (!values.includes(value)) values.push(value)
		} else unknown.push(`« ${item} »`)
	}
	if (unknown.length > 0) {
		return { ok: false, message: `Valeur${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} inconnue${unknown.length > 1 ? 's' : ''}. Valeurs acceptées, séparées par « ; » : ${acceptedLabels(list)}.` }
	}
	return { ok: true, value: values }
}

const columnValues = <K extends SheetKey>(sheet: K, key: ColumnOf<K>) =>
	(SHEETS[sheet].columns as readonly { key: string; values?: readonly AcceptedValue[] }[]).find((c) => c.key === key)!.values!

/** The SIRET and RNA a file mentions, normalised (valid ones only): what the caller looks up among existing organisations. */
export function identifiersInFile(workbook: RawWorkbook): { sirets: string[]; rnas: string[] } {
	const sirets = new Set<string>()
	const rnas = new Set<string>()
	const members = workbook.members
	if (members) {
		const siretAt = members.headers.findIndex((h) => normalizeLabel(h) === 'siret')
		const rnaAt = members.headers.findIndex((h) => normalizeLabel(h) === 'rna')
		for (const row of members.rows) {
			const siret = siretAt >= 0 ? checkSiret(row.cells[siretAt] ?? '') : null
			if (siret?.ok) sirets.add(siret.value)
			const rna = rnaAt >= 0 && row.cells[rnaAt] ? checkRna(row.cells[rnaAt] ?? '') : null
			if (rna?.ok) rnas.add(rna.value)
		}
	}
	return { sirets: [...sirets], rnas: [...rnas] }
}

type FileAssociation = PlannedAssociation & { firstRow: RawRow; siren: string | null }

export function validateImportFile(workbook: RawWorkbook, existing: ExistingLookup): FileValidation {
	const errors = new ErrorList()
	for (const key of SHEET_KEYS) {
		if (SHEETS[key].required && !workbook[key]) {
			errors.add(key, null, null, null, `La feuille « ${SHEETS[key].name} » est absente : le fichier doit suivre le modèle (feuilles ${SHEET_KEYS.filter((k) => SHEETS[k].required).map((k) => `« ${SHEETS[k].name} »`).join(' et ')}).`)
		}
	}
	const projectCols = workbook.projects ? mapColumns('projects', workbook.projects, errors) : null
	const memberCols = workbook.members ? mapColumns('members', workbook.members, errors) : null
	const evaluationCols = workbook.evaluations ? mapColumns('evaluations', workbook.evaluations, errors) : null
	if (!projectCols || !memberCols || (workbook.evaluations && !evaluationCols)) return { ok: false, ...errors.result() }

	// Projects.
	const projects = new Map<string, PlannedProject & { row: RawRow }>()
	const themes = new Map<string, string>()
	for (const row of workbook.projects!.rows) {
		const c = projectCols
		const reference = c.cell(row, 'reference')
		let valid = true
		if (!reference) {
			c.error(row, 'reference', 'Indiquez la référence du projet (par exemple P1) : les autres feuilles s’y rapportent.')
			valid = false
		} else if (reference.length > REFERENCE_MAX) {
			c.error(row, 'reference', `La référence compte ${REFERENCE_MAX} caractères au plus.`)
			valid = false
		} else if (projects.has(normalizeLabel(reference))) {
			c.error(row, 'reference', `La référence « ${reference} » est déjà celle du projet de la ligne ${projects.get(normalizeLabel(reference))!.row.row} : chaque projet a sa propre référence.`)
			valid = false
		}
		const title = c.cell(row, 'title')
		if (!title) c.error(row, 'title', 'Indiquez le titre du projet.')
		else if (title.length > TITLE_MAX) c.error(row, 'title', `Le titre compte ${TITLE_MAX} caractères au plus (il en a ${title.length}).`)
		const statusCell = c.cell(row, 'status')
		let status: PlannedProject['status'] | null = null
		if (!statusCell) c.error(row, 'status', `Indiquez le statut du projet. Valeurs acceptées : ${acceptedLabels(columnValues('projects', 'status'))}.`)
		else {
			const parsed = closedList(columnValues('projects', 'status'), statusCell)
			if (parsed.ok) status = parsed.value as ApplicationStatus
			else c.error(row, 'status', parsed.message)
		}
		const projectThemes: string[] = []
		for (const label of splitList(c.cell(row, 'themes'))) {
			if (label.length > THEME_MAX) {
				c.error(row, 'themes', `Le thème « ${label.slice(0, 40)}… » compte plus de ${THEME_MAX} caractères.`)
				continue
			}
			const known = themes.get(normalizeLabel(label))
			if (!known) themes.set(normalizeLabel(label), label)
			if (!projectThemes.includes(known ?? label)) projectThemes.push(known ?? label)
		}
		const requested = optional(c.cell(row, 'requested'), parseEuros, (m) => c.error(row, 'requested', m))
		const granted = optional(c.cell(row, 'granted'), parseEuros, (m) => c.error(row, 'granted', m))
		if (granted !== null && status && status !== 'selected') {
			c.error(row, 'granted', `Un montant accordé n’est possible que pour un projet « Retenu » ; ce projet est « ${statusCell} ».`)
		} else if (granted !== null && requested !== null && granted > requested) {
			c.error(row, 'granted', `Le montant accordé (${formatCents(granted)}) dépasse le montant demandé (${formatCents(requested)}).`)
		}
		const levelCell = c.cell(row, 'sharingLevel')
		const level = levelCell ? closedList(columnValues('projects', 'sharingLevel'), levelCell) : null
		if (level && !level.ok) c.error(row, 'sharingLevel', level.message)
		const departement = optional(c.cell(row, 'departement'), parseDepartement, (m) => c.error(row, 'departement', m))
		if (valid) {
			projects.set(normalizeLabel(reference), {
				row,
				reference,
				title,
				status: status ?? 'selected',
				themes: projectThemes,
				requestedCents: requested,
				grantedCents: granted,
				sharingLevel: level?.ok ? level.value : null,
				departement,
				members: [],
				evaluations: [],
			})
		}
	}
	if (themes.size > IMPORT_LIMITS.themes) {
		errors.add('projects', null, projectCols.index.themes ?? null, 'Thèmes', `Le fichier compte ${themes.size} thèmes distincts ; un appel en a ${IMPORT_LIMITS.themes} au plus.`)
	}

	// Every reference written in each sheet, valid or not: an error is reported once, where it is.
	const referencesInProjects = new Set(workbook.projects!.rows.map((r) => normalizeLabel(projectCols.cell(r, 'reference'))))
	const memberRowsOf = new Map<string, number>()
	for (const r of workbook.members!.rows) {
		const reference = normalizeLabel(memberCols.cell(r, 'project'))
		memberRowsOf.set(reference, (memberRowsOf.get(reference) ?? 0) + 1)
	}

	// Associations of the consortia.
	const associations = new Map<string, FileAssociation>()
	const keyBySiret = new Map<string, string>()
	const keyByRna = new Map<string, string>()
	const leads = new Map<string, RawRow[]>()
	for (const row of workbook.members!.rows) {
		const c = memberCols
		const reference = c.cell(row, 'project')
		const project = reference ? projects.get(normalizeLabel(reference)) : undefined
		if (!reference) c.error(row, 'project', 'Indiquez la référence du projet que cette association co-porte.')
		else if (!project && !referencesInProjects.has(normalizeLabel(reference))) {
			c.error(row, 'project', `Aucun projet de la feuille « Projets » n’a la référence « ${reference} ».`)
		}
		const name = c.cell(row, 'name')
		if (!name) c.error(row, 'name', 'Indiquez le nom de l’association.')
		else if (name.length > NAME_MAX) c.error(row, 'name', `Le nom compte ${NAME_MAX} caractères au plus.`)
		const siretCell = c.cell(row, 'siret')
		const rnaCell = c.cell(row, 'rna')
		let siret: string | null = null
		let rna: string | null = null
		let identified = true
		if (!siretCell && !rnaCell) {
			c.error(row, 'siret', 'Indiquez le SIRET ou le RNA de l’association (au moins l’un des deux).')
			identified = false
		}
		if (siretCell) {
			const check = checkSiret(siretCell)
			if (check.ok) siret = check.value
			else {
				c.error(row, 'siret', check.message)
				identified = false
			}
		}
		if (rnaCell) {
			const check = checkRna(rnaCell)
			if (check.ok) rna = check.value
			else {
				c.error(row, 'rna', check.message)
				identified = false
			}
		}
		const leadCell = c.cell(row, 'lead')
		const lead = leadCell ? closedList(columnValues('members', 'lead'), leadCell) : null
		if (!lead) c.error(row, 'lead', 'Indiquez « Oui » pour le chef de file du projet, « Non » pour les autres associations.')
		else if (!lead.ok) c.error(row, 'lead', lead.message)
		const sectorCell = c.cell(row, 'sector')
		const sector = sectorCell ? closedList(columnValues('members', 'sector'), sectorCell) : null
		if (sector && !sector.ok) c.error(row, 'sector', sector.message)
		const budget = optional(c.cell(row, 'budget'), parseEuros, (m) => c.error(row, 'budget', m))
		const employees = optional(c.cell(row, 'employees'), parseCount, (m) => c.error(row, 'employees', m))
		const volunteers = optional(c.cell(row, 'volunteers'), parseCount, (m) => c.error(row, 'volunteers', m))
		const departement = optional(c.cell(row, 'departement'), parseDepartement, (m) => c.error(row, 'departement', m))
		const commune = c.cell(row, 'commune')
		if (commune.length > COMMUNE_MAX) c.error(row, 'commune', `La commune compte ${COMMUNE_MAX} caractères au plus.`)
		if (!identified || !name) continue

		// One association of the file, known by its SIRET and/or its RNA.
		const bySiret = siret ? keyBySiret.get(siret) : undefined
		const byRna = rna ? keyByRna.get(rna) : undefined
		if (bySiret && byRna && bySiret !== byRna) {
			c.error(row, 'rna', `Le SIRET et le RNA de cette ligne désignent deux associations différentes du fichier (lignes ${associations.get(bySiret)!.firstRow.row} et ${associations.get(byRna)!.firstRow.row}).`)
			continue
		}
		let key = bySiret ?? byRna
		if (key) {
			const known = associations.get(key)!
			if (siret && known.siret && known.siret !== siret) {
				c.error(row, 'siret', `Ce RNA est celui de l’association de la ligne ${known.firstRow.row}, dont le SIRET est ${known.siret}.`)
				continue
			}
			if (rna && known.rna && known.rna !== rna) {
				c.error(row, 'rna', `Ce SIRET est celui de l’association de la ligne ${known.firstRow.row}, dont le RNA est ${known.rna}.`)
				continue
			}
			known.siret ??= siret
			known.siren ??= siret ? sirenOf(siret) : null
			known.rna ??= rna
		} else {
			key = siret ? `siret:${siret}` : `rna:${rna}`
			associations.set(key, {
				key,
				existingId: null,
				firstRow: row,
				name,
				siret,
				siren: siret ? sirenOf(siret) : null,
				rna,
				sector: sector?.ok ? sector.value : null,
				annualBudgetCents: budget,
				employees,
				volunteers,
				departement,
				commune: commune || null,
			})
		}
		if (siret) keyBySiret.set(siret, key)
		if (rna) keyByRna.set(rna, key)
		if (!project || !lead?.ok) continue
		const association = associations.get(key)!
		const twin = project.members.find((m) => m.associationKey === key)
		if (twin) {
			c.error(row, siret ? 'siret' : 'rna', `Cette association figure déjà dans le projet « ${project.reference} » : une association n’y compte qu’une fois.`)
			continue
		}
		const sameEntity = association.siren ? project.members.find((m) => associations.get(m.associationKey)!.siren === association.siren) : undefined
		if (sameEntity) {
			c.error(row, 'siret', `Ce SIRET a le même SIREN (${association.siren}) qu’une autre association du projet « ${project.reference} » : deux établissements d’une même association ne comptent que pour une.`)
			continue
		}
		project.members.push({ associationKey: key, role: lead.value === 'oui' ? 'lead' : 'co_carrier' })
		if (lead.value === 'oui') leads.set(project.reference, [...(leads.get(project.reference) ?? []), row])
	}

	// The existing associations: linked by SIRET, else by RNA.
	for (const association of associations.values()) {
		const row = association.firstRow
		const bySiret = association.siret ? existing.bySiret.get(association.siret) : undefined
		const byRna = association.rna ? existing.byRna.get(association.rna) : undefined
		if (bySiret && byRna && bySiret.id !== byRna.id) {
			memberCols.error(row, 'rna', `Le SIRET de cette association est celui de « ${bySiret.name} » et son RNA celui de « ${byRna.name} », deux structures déjà inscrites : corrigez l’un des deux.`)
			continue
		}
		const match = bySiret ?? byRna
		if (match && match.kind !== 'association') {
			memberCols.error(row, bySiret ? 'siret' : 'rna', `Ce ${bySiret ? 'SIRET' : 'RNA'} est celui de « ${match.name} », inscrite sur Ensemble comme financeur ou structure d’accompagnement, pas comme association.`)
			continue
		}
		if (match) {
			association.existingId = match.id
			association.siren ??= match.siren
		}
	}

	// Each project: one lead, at least two distinct associations.
	for (const project of projects.values()) {
		const rowsOfProject = memberRowsOf.get(normalizeLabel(project.reference)) ?? 0
		if (rowsOfProject === 0) {
			projectCols.error(project.row, 'reference', `Le projet « ${project.reference} » n’a aucune association dans la feuille « Associations » : il en faut au moins deux, dont un chef de file.`)
			continue
		}
		const projectLeads = leads.get(project.reference) ?? []
		if (projectLeads.length > 1) {
			for (const row of projectLeads.slice(1)) {
				memberCols.error(row, 'lead', `Le projet « ${project.reference} » a déjà un chef de file (ligne ${projectLeads[0]!.row}) : un seul par projet.`)
			}
		}
		// A row of this project already reported (a bad SIRET, a twin): its count would only repeat it.
		const memberErrorsElsewhere = rowsOfProject !== project.members.length
		if (projectLeads.length === 0 && !memberErrorsElsewhere) {
			projectCols.error(project.row, 'reference', `Le projet « ${project.reference} » n’a pas de chef de file : indiquez « Oui » dans la colonne « Chef de file » de l’une de ses associations.`)
		}
		if (project.members.length < 2 && !memberErrorsElsewhere) {
			projectCols.error(project.row, 'reference', `Le projet « ${project.reference} » n’a qu’une association : un projet est co-porté par au moins deux associations distinctes.`)
		}
	}

	// Evaluations: a retained project, one of its associations, once.
	if (workbook.evaluations && evaluationCols) {
		const c = evaluationCols
		const seen = new Map<string, number>()
		for (const row of workbook.evaluations.rows) {
			const reference = c.cell(row, 'project')
			const project = reference ? projects.get(normalizeLabel(reference)) : undefined
			if (!reference) c.error(row, 'project', 'Indiquez la référence du projet évalué.')
			else if (!project) c.error(row, 'project', `Aucun projet de la feuille « Projets » n’a la référence « ${reference} ».`)
			else if (project.status !== 'selected') c.error(row, 'project', `Le projet « ${project.reference} » n’est pas retenu : seuls les projets retenus ont une évaluation.`)
			const idCell = c.cell(row, 'association')
			let associationKey: string | undefined
			if (!idCell) c.error(row, 'association', 'Indiquez le SIRET ou le RNA de l’association qui répond.')
			else {
				const isRna = /^w/i.test(idCell.trim())
				const check = isRna ? checkRna(idCell) : checkSiret(idCell)
				if (!check.ok) c.error(row, 'association', check.message)
				else {
					associationKey = isRna ? keyByRna.get(check.value) : keyBySiret.get(check.value)
					if (project && project.status === 'selected' && (!associationKey || !project.members.some((m) => m.associationKey === associationKey))) {
						c.error(row, 'association', `L’association ${check.value} n’est pas l’une des associations du projet « ${project.reference} » dans la feuille « Associations ».`)
						associationKey = undefined
					}
				}
			}
			const answers = answersOf(row, c)
			if (answers === 'empty') c.error(row, 'involvementForms', 'Cette ligne ne contient aucune réponse : remplissez au moins une question ou retirez la ligne.')
			if (!project || project.status !== 'selected' || !associationKey || answers === null || answers === 'empty') continue
			const pair = `${project.reference}\u0000${associationKey}`
			if (seen.has(pair)) {
				c.error(row, 'association', `Cette association a déjà répondu pour le projet « ${project.reference} » (ligne ${seen.get(pair)}) : une ligne par association.`)
				continue
			}
			seen.set(pair, row.row)
			project.evaluations.push({ associationKey, answers })
		}
	}

	if (errors.size > 0) return { ok: false, ...errors.result() }
	return {
		ok: true,
		plan: {
			themes: [...themes.values()],
			associations: [...associations.values()].map(({ firstRow: _, siren: __, ...a }) => a),
			projects: [...projects.values()].map(({ row: _, ...p }) => ({
				...p,
				// A retained project whose evaluation is in the file is over; otherwise the file says only the decision.
				status: p.status === 'selected' && p.evaluations.length > 0 ? 'closed' : p.status,
			})),
		},
	}
}

/** An evaluation row's answers in the shapes AssociationPartSchema gives; 'empty' when none; null when a value is wrong (reported). */
function answersOf(row: RawRow, c: Columns<'evaluations'>): AssociationPart | 'empty' | null {
	let wrong = false
	const pick = <T>(parsed: Parsed<T> | null, key: ColumnOf<'evaluations'>): T | undefined => {
		if (!parsed) return undefined
		if (parsed.ok) return parsed.value
		c.error(row, key, parsed.message)
		wrong = true
		return undefined
	}
	const one = (key: ColumnOf<'evaluations'>) => {
		const cell = c.cell(row, key)
		return pick(cell ? closedList(columnValues('evaluations', key), cell) : null, key)
	}
	const many = (key: ColumnOf<'evaluations'>) => {
		const cell = c.cell(row, key)
		return pick(cell ? closedListMany(columnValues('evaluations', key), cell) : null, key) ?? []
	}
	const short = (key: ColumnOf<'evaluations'>) => {
		const cell = c.cell(row, key)
		if (cell.length > PART_SHORT_MAX) {
			c.error(row, key, `Ce texte compte ${PART_SHORT_MAX} caractères au plus.`)
			wrong = true
		}
		return cell
	}
	const raw = {
		involvementForms: many('involvementForms'),
		involvementOther: short('involvementOther'),
		interest: one('interest'),
		mobilisedOthers: one('mobilisedOthers'),
		otherPartners: many('otherPartners'),
		newFunding: one('newFunding'),
		newFundingDetails: short('newFundingDetails'),
		notoriety: one('notoriety'),
		continueTogether: one('continueTogether'),
	}
	if (raw.mobilisedOthers === 'non' && raw.otherPartners.length > 0) {
		c.error(row, 'otherPartners', 'Des partenaires sont indiqués alors que « Autres partenaires mobilisés » vaut « Non ».')
		wrong = true
	}
	if (wrong) return null
	const empty = raw.involvementForms.length === 0 && raw.otherPartners.length === 0 && !raw.involvementOther && !raw.newFundingDetails && [raw.interest, raw.mobilisedOthers, raw.newFunding, raw.notoriety, raw.continueTogether].every((v) => v === undefined)
	if (empty) return 'empty'
	// The same object a live association's part saves: the bilan counts both alike.
	return AssociationPartSchema.parse({ ...raw, brought: '', differently: '' })
}

function optional<T>(cell: string, parse: (text: string) => Parsed<T>, report: (message: string) => void): T | null {
	if (!cell) return null
	const parsed = parse(cell)
	if (parsed.ok) return parsed.value
	report(parsed.message)
	return null
}

