/**
 * The template as an XLSX workbook: the « Mode d’emploi » sheet (each sheet and column with
 * its meaning, whether it is required and its accepted values), then Projets, Associations
 * and Évaluations with their headers and one example row each. `importWorkbook` writes any
 * rows under the same headers: the demo's past call and the tests build their files with it.
 */
import ExcelJS from 'exceljs'
import { sirenWithKey, withLuhnKey } from '#app/domain/organizations/identifiers.ts'
import { CSV_VARIANT, describeValue, GUIDE_SHEET_NAME, LIST_SEPARATOR, SHEETS, SHEET_KEYS, type SheetKey } from './template.ts'

export type SheetRows = Partial<Record<SheetKey, (string | number | null)[][]>>

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } }

function addGuide(workbook: ExcelJS.Workbook) {
	const guide = workbook.addWorksheet(GUIDE_SHEET_NAME)
	guide.columns = [
		{ header: 'Feuille', width: 16 },
		{ header: 'Colonne', width: 30 },
		{ header: 'Obligatoire', width: 12 },
		{ header: 'Sens', width: 60 },
		{ header: 'Valeurs acceptées', width: 80 },
	]
	guide.getRow(1).font = { bold: true }
	guide.addRow(['', '', '', 'Importer un appel passé dans Ensemble', 'Remplissez les feuilles Projets, Associations et, si vous les avez, Évaluations ; gardez la ligne des en-têtes. Rien n’est enregistré tant qu’une erreur reste : chacune est signalée avec sa feuille, sa ligne et sa colonne.'])
	guide.addRow(['', '', '', 'Plusieurs valeurs dans une cellule', `Séparez-les par « ${LIST_SEPARATOR} ».`])
	guide.addRow(['', '', '', 'Format CSV', CSV_VARIANT])
	for (const key of SHEET_KEYS) {
		const sheet = SHEETS[key]
		guide.addRow([sheet.name, '', sheet.required ? 'oui' : 'non', sheet.purpose, ''])
		for (const column of sheet.columns) {
			const values = 'values' in column && column.values ? column.values.map(describeValue).join(' · ') : ''
			guide.addRow([sheet.name, column.header, column.required ? 'oui' : 'non', column.meaning, [column.accepts, values].filter(Boolean).join(' ')])
		}
	}
	guide.eachRow((row) => {
		row.alignment = { vertical: 'top', wrapText: true }
	})
}

/** A workbook of the template's sheets holding these rows (numbers stay numbers), with the guide first when asked. */
export async function importWorkbook(rows: SheetRows, { guide = false, sheets = SHEET_KEYS }: { guide?: boolean; sheets?: readonly SheetKey[] } = {}): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook()
	workbook.creator = 'Ensemble'
	if (guide) addGuide(workbook)
	for (const key of sheets) {
		const sheet = SHEETS[key]
		const worksheet = workbook.addWorksheet(sheet.name)
		worksheet.columns = sheet.columns.map((c) => ({ header: c.header, width: Math.max(14, c.header.length + 4) }))
		worksheet.getRow(1).font = { bold: true }
		worksheet.getRow(1).fill = HEADER_FILL
		worksheet.views = [{ state: 'frozen', ySplit: 1 }]
		for (const row of rows[key] ?? []) worksheet.addRow(row)
	}
	return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** The example of the downloaded model: one project, its two associations, the lead's evaluation. */
export function exampleRows(): SheetRows {
	const lead = withLuhnKey(`${sirenWithKey('38100012')}0001`)
	const partner = withLuhnKey(`${sirenWithKey('38100023')}0001`)
	return {
		projects: [['P1', 'Veillées de contes croisés', 'Intergénérationnel ; Interculturel', 'Retenu', 8000, 7500, 'Coopération', '38']],
		members: [
			['P1', 'Les Grands-Parents Conteurs', lead, 'W381000123', 'Oui', 'Éducation populaire et enfance', 9500, 0, 22, '38', 'Grenoble'],
			['P1', 'Maison des Associations de Grenoble', partner, '', 'Non', 'Maison des associations', 420000, 8, 30, '38', 'Grenoble'],
		],
		evaluations: [[ 'P1', lead, 'Réunions ponctuelles ; Convention de partenariat', '', 'Fort', 'Oui', 'Collectivités', 'Non', '', 'Oui', 'Oui']],
	}
}

/** The model the import page offers to download. */
export function templateWorkbook(): Promise<Buffer> {
	return importWorkbook(exampleRows(), { guide: true })
}
