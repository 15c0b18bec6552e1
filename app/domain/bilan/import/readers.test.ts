import ExcelJS from 'exceljs'
import { describe, expect, test } from 'vitest'
import { formatInteger } from '#app/utils/format.ts'
import { buildZip, xlsxBomb, xlsxWithRows } from '#tests/support/zip.ts'
import { cellText, columnLetter } from './raw-sheet.ts'
import { detectDelimiter, readCsvSheet } from './read-csv.server.ts'
import { readXlsxWorkbook } from './read-xlsx.server.ts'
import { exampleRows, importWorkbook, templateWorkbook } from './template-workbook.server.ts'
import { GUIDE_SHEET_NAME, MEMBER_COLUMNS, PROJECT_COLUMNS, SHEETS } from './template.ts'
import { validateImportFile } from './validate.ts'

const NONE = { bySiret: new Map(), byRna: new Map() }

describe('lecture d’un classeur XLSX', () => {
	test('le modèle téléchargé se relit : ses trois feuilles, ses en-têtes, son exemple valide', async () => {
		const data = await templateWorkbook()
		const workbook = new ExcelJS.Workbook()
		await workbook.xlsx.load(data as unknown as ArrayBuffer)
		expect(workbook.worksheets.map((w) => w.name)).toEqual([GUIDE_SHEET_NAME, 'Projets', 'Associations', 'Évaluations'])
		// The guide documents each column: meaning, required, accepted labels and values.
		const guide = workbook.getWorksheet(GUIDE_SHEET_NAME)!
		const statusRow = guide.getSheetValues().find((row) => Array.isArray(row) && row[1] === 'Projets' && row[2] === 'Statut') as unknown[]
		expect(statusRow[3]).toBe('oui')
		expect(statusRow[5]).toContain('Non recevable (inadmissible ; aussi : présenté non recevable, irrecevable)')
		expect(statusRow[5]).toContain('Retenu (selected')
		const read = await readXlsxWorkbook(data)
		if (!read.ok) throw new Error(read.message)
		expect(read.value.projects!.headers).toEqual(PROJECT_COLUMNS.map((c) => c.header))
		expect(read.value.members!.headers).toEqual(MEMBER_COLUMNS.map((c) => c.header))
		// Numbers come back as their digits; rows keep the spreadsheet's numbers.
		expect(read.value.projects!.rows).toEqual([{ row: 2, cells: ['P1', 'Veillées de contes croisés', 'Intergénérationnel ; Interculturel', 'Retenu', '8000', '7500', 'Coopération', '38'] }])
		expect(read.value.members!.rows.map((r) => r.row)).toEqual([2, 3])
		expect(read.value.evaluations!.rows).toHaveLength(1)
		const checked = validateImportFile(read.value, NONE)
		expect(checked.ok).toBe(true)
	})

	test('texte enrichi, formule avec son résultat, lien, SIRET saisi en nombre, lignes vides', async () => {
		const workbook = new ExcelJS.Workbook()
		const sheet = workbook.addWorksheet('projets')
		sheet.addRow(['Référence', 'Titre', 'Montant demandé'])
		sheet.getCell('A2').value = { richText: [{ text: 'P' }, { font: { bold: true }, text: '1' }] }
		sheet.getCell('B2').value = { text: 'Un titre lié', hyperlink: 'https://exemple.test' }
		sheet.getCell('C2').value = { formula: 'C3*2', result: 16000 }
		sheet.getCell('A4').value = ''
		sheet.getCell('A5').value = 12345678901234
		const read = await readXlsxWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()))
		if (!read.ok) throw new Error(read.message)
		expect(read.value.projects!.rows).toEqual([
			{ row: 2, cells: ['P1', 'Un titre lié', '16000'] },
			{ row: 5, cells: ['12345678901234', '', ''] },
		])
		expect(read.value.members).toBeUndefined()
	})

	test('un fichier qui n’est pas un XLSX, un zip sans classeur', async () => {
		const garbage = await readXlsxWorkbook(Buffer.from('ceci est un texte, pas un classeur'))
		expect(garbage).toEqual({ ok: false, message: expect.stringContaining('n’est pas un classeur Excel (.xlsx) lisible') })
		const zip = await readXlsxWorkbook(buildZip([{ name: 'mimetype', data: Buffer.from('application/zip') }]))
		expect(zip.ok).toBe(false)
	})

	test('une bombe zip (une feuille qui se décompresse en 100 Mo) est refusée avant d’être lue', async () => {
		const bomb = xlsxBomb(100)
		expect(bomb.length).toBeLessThan(1024 * 1024)
		expect(await readXlsxWorkbook(bomb)).toEqual({ ok: false, message: expect.stringContaining('trop volumineux une fois décompressé') })
	})

	test('une feuille de plus de 100 000 lignes est refusée avant d’être lue ; Projets au-delà de 20 000 aussi', async () => {
		expect(await readXlsxWorkbook(xlsxWithRows(100_002))).toEqual({ ok: false, message: `Une feuille du classeur compte plus de ${formatInteger(100_000)} lignes : c’est plus que le modèle n’en accepte.` })
		const rows = Array.from({ length: SHEETS.projects.maxRows + 1 }, (_, i) => [`P${i}`])
		const many = await importWorkbook({ projects: rows }, { sheets: ['projects'] })
		expect(await readXlsxWorkbook(many)).toEqual({ ok: false, message: `La feuille « Projets » compte plus de ${formatInteger(20_000)} lignes : c’est plus que le modèle n’en accepte.` })
	})

	test('un fichier de plus de 5 Mo est refusé', async () => {
		expect(await readXlsxWorkbook(Buffer.alloc(5 * 1024 * 1024 + 1))).toEqual({ ok: false, message: 'Le fichier dépasse la taille maximale de 5 Mo.' })
	})
})

describe('lecture d’une feuille CSV', () => {
	const header = 'Référence;Titre;Thèmes;Statut;Montant demandé'
	test('UTF-8 avec BOM, séparateur « ; », guillemets, lignes vides sautées en gardant la numérotation', () => {
		const csv = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${header}\r\nP1;"Titre; avec point-virgule";Interculturel;Retenu;1 234,56\r\n;;;;\r\nP2;Deux;;Non retenu;\r\n`)])
		const read = readCsvSheet(csv, 'projects', 'projets.csv')
		if (!read.ok) throw new Error(read.message)
		expect(read.value.headers[0]).toBe('Référence')
		expect(read.value.rows).toEqual([
			{ row: 2, cells: ['P1', 'Titre; avec point-virgule', 'Interculturel', 'Retenu', '1 234,56'] },
			{ row: 4, cells: ['P2', 'Deux', '', 'Non retenu', ''] },
		])
	})

	test('le séparateur se devine sur la ligne des en-têtes', () => {
		expect(detectDelimiter('a;b;c\n1,5;2;3')).toBe(';')
		expect(detectDelimiter('"a;b",c,d\n1;2')).toBe(',')
		expect(detectDelimiter('a\tb\tc')).toBe('\t')
		const read = readCsvSheet(Buffer.from('Référence,Titre\nP1,"Un, deux"\n'), 'projects', 'p.csv')
		expect(read.ok && read.value.rows[0]!.cells).toEqual(['P1', 'Un, deux'])
	})

	test('un CSV qui n’est pas en UTF-8, un binaire, un CSV mal formé, trop de lignes', () => {
		const latin1 = Buffer.from('Référence;Titre\nP1;Été\n', 'latin1')
		expect(readCsvSheet(latin1, 'projects', 'p.csv')).toEqual({ ok: false, message: 'Le fichier « p.csv » n’est pas encodé en UTF-8 : dans votre tableur, enregistrez la feuille « Projets » au format « CSV UTF-8 ».' })
		expect(readCsvSheet(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]), 'members', 'a.csv')).toEqual({ ok: false, message: expect.stringContaining('n’est pas un fichier CSV') })
		expect(readCsvSheet(Buffer.from('Référence;Titre\nP1;"pas fermé\n'), 'projects', 'p.csv')).toEqual({ ok: false, message: expect.stringContaining('est illisible') })
		const long = Buffer.from(`Référence\n${'P\n'.repeat(SHEETS.projects.maxRows + 1)}`)
		expect(readCsvSheet(long, 'projects', 'p.csv')).toEqual({ ok: false, message: `La feuille « Projets » compte plus de ${formatInteger(20_000)} lignes : découpez l’appel ou écrivez-nous.` })
	})
})

describe('cellules', () => {
	test('chaque forme de valeur exceljs devient du texte', () => {
		expect(cellText(null)).toBe('')
		expect(cellText(' a ')).toBe('a')
		expect(cellText(8000)).toBe('8000')
		expect(cellText(7500.5)).toBe('7500.5')
		expect(cellText(true)).toBe('oui')
		expect(cellText(new Date('2012-06-30T00:00:00Z'))).toBe('2012-06-30')
		expect(cellText({ richText: [{ text: 'a' }, { text: 'b' }] })).toBe('ab')
		expect(cellText({ formula: '1+1', result: 2 })).toBe('2')
		expect(cellText({ sharedFormula: 'A1', result: 'x' })).toBe('x')
		expect(cellText({ error: '#N/A' })).toBe('')
		expect(cellText({ text: 'lien', hyperlink: 'https://x' })).toBe('lien')
		expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA'])
	})

	test('l’exemple du modèle suit les colonnes de chaque feuille', () => {
		const rows = exampleRows()
		expect(rows.projects![0]).toHaveLength(PROJECT_COLUMNS.length)
		expect(rows.members![0]).toHaveLength(MEMBER_COLUMNS.length)
	})
})
