/**
 * The call's bilan as an XLSX workbook (issue 11), from the one `CallBilan` and the rows of
 * bilan-text.ts: a first sheet naming the call(s), then one sheet per section, its first row
 * the header. Numbers are numbers: counts as integers, parts as fractions with a percent format
 * (0.821 shown « 82,1 % »), amounts in euros with a euro format. A part too few answered is an
 * empty cell with « trop peu de réponses » in the note, never a fake 0. With a comparison, each
 * number column twice (one per call), then the difference, each cell formatted in its unit
 * (points, count, euros). Written cell by cell, not with tabular.server.ts's tables, whose
 * formats are per column: here a column (the difference) mixes units from row to row.
 */
import ExcelJS from 'exceljs'
import { type CallBilan } from './bilan-model.ts'
import { sideBySide, whyEmpty, type BilanColumn, type BilanRow, type Difference, type SideBySide } from './bilan-text.ts'
import { MIN_ANSWERS_FOR_PERCENT } from './shares.ts'

export const XLSX_FORMATS = {
	integer: '#,##0',
	decimal: '#,##0.0',
	percent: '0.0%',
	euros: '#,##0.00 "€"',
} as const

const DIFFERENCE_FORMATS: Record<Difference['format'], string> = {
	points: '+0.0" points";-0.0" points";0" point"',
	count: '+#,##0;-#,##0;0',
	euros: '+#,##0.00 "€";-#,##0.00 "€";0 "€"',
	number: '+#,##0.0;-#,##0.0;0',
}

/** Excel's rules for a sheet name: at most 31 characters, none of []:*?/\ and unique in the workbook. */
export function sheetName(name: string, taken: Set<string>): string {
	const clean = name.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Feuille'
	let candidate = clean
	for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${clean.slice(0, 31 - String(i).length - 1)} ${i}`
	taken.add(candidate.toLowerCase())
	return candidate
}

export async function renderBilanXlsx(bilan: CallBilan, comparison: CallBilan | null): Promise<Buffer> {
	const workbook = buildWorkbook(sideBySide(bilan, comparison))
	return Buffer.from(await workbook.xlsx.writeBuffer())
}

function numberFormat(column: BilanColumn, value: number): string {
	if (column.format === 'percent') return XLSX_FORMATS.percent
	if (column.format === 'euros') return XLSX_FORMATS.euros
	return Number.isInteger(value) ? XLSX_FORMATS.integer : XLSX_FORMATS.decimal
}

function buildWorkbook(view: SideBySide): ExcelJS.Workbook {
	const { a, b, labels } = view
	const workbook = new ExcelJS.Workbook()
	workbook.creator = 'Ensemble'
	workbook.created = new Date()
	workbook.title = a.title
	const taken = new Set<string>()
	const header = (sheet: ExcelJS.Worksheet, cells: string[]) => {
		const row = sheet.addRow(cells)
		row.font = { bold: true }
		sheet.views = [{ state: 'frozen', ySplit: 1 }]
	}

	const cover = workbook.addWorksheet(sheetName('Appel', taken))
	cover.columns = [{ width: 28 }, { width: 90 }]
	header(cover, ['Information', 'Valeur'])
	const facts: [string, string | number | null][] = [
		['Bilan', a.title],
		['Financeur', a.call.funderName],
		['Appel', a.call.title],
		['Année', a.call.year],
		['Importé d’un tableur', a.call.imported ? 'oui' : 'non'],
	]
	if (b) {
		facts.push(['Comparé avec l’appel', b.call.title], ['Année de l’appel comparé', b.call.year], ['Écart', `${labels.a} moins ${labels.b} (en points pour les parts)`])
	}
	facts.push(
		['Parts', `fractions des répondants au format pourcentage (0,821 s’affiche 82,1 %) ; avec moins de ${MIN_ANSWERS_FOR_PERCENT} réponses, cellule vide et « trop peu de réponses » en note`],
		['Montants', 'en euros'],
	)
	for (const [label, value] of facts) cover.addRow([label, value])

	for (const section of view.sections) {
		const sheet = workbook.addWorksheet(sheetName(section.sheet, taken))
		const sides = b ? ([['a', labels.a], ['b', labels.b!]] as const) : ([['a', null]] as const)
		const numberColumns = sides.flatMap(([side, label]) => section.columns.map((column) => ({ side, column, header: label ? `${column.header} — ${label}` : column.header })))
		sheet.columns = [
			{ width: 34 },
			{ width: 48 },
			...numberColumns.map((c) => ({ width: Math.max(12, c.header.length + 2) })),
			...(b ? [{ width: 22 }] : []),
			{ width: 60 },
		]
		header(sheet, ['Rubrique', 'Indicateur', ...numberColumns.map((c) => c.header), ...(b ? [`Écart (${labels.a} − ${labels.b})`] : []), 'Note'])
		for (const block of section.blocks) {
			for (const row of block.rows) {
				const line = sheet.addRow([block.title, row.label])
				numberColumns.forEach(({ side, column }, i) => {
					const value = row[side]?.cells[column.key]
					if (value === null || value === undefined) return
					const cell = line.getCell(3 + i)
					cell.value = value
					cell.numFmt = numberFormat(column, value)
				})
				let next = 3 + numberColumns.length
				if (b) {
					if (row.difference) {
						const cell = line.getCell(next)
						cell.value = row.difference.value
						cell.numFmt = DIFFERENCE_FORMATS[row.difference.format]
					}
					next++
				}
				const notes = [...sides.map(([side, label]) => emptyNote(row[side], label)), row.note, block.note].filter(Boolean)
				if (notes.length > 0) line.getCell(next).value = notes.join(' ; ')
			}
		}
	}
	return workbook
}

/** Why a call's cell is empty: « trop peu de réponses », « aucune réponse », « non renseigné », or absent from that call. */
function emptyNote(row: BilanRow | null, label: string | null): string | null {
	const reason = row ? whyEmpty(row.measure) : 'absent de cet appel'
	if (!reason) return null
	return label ? `${label} : ${reason}` : reason
}
