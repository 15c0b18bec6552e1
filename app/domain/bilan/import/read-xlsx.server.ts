/**
 * A past call sent as one XLSX workbook. Before exceljs reads a value, the archive itself
 * is checked (an XLSX is a zip): its entries listed from the central directory, each one
 * inflated with a ceiling on what it may grow to (a zip bomb stops there, whatever sizes it
 * declares), and the rows and cells of every sheet counted in its XML. Only then does
 * exceljs load the workbook, in memory that those bounds keep small; its cells (numbers,
 * text, rich text, formulas with their results, hyperlinks, dates) become text.
 */
import { formatInteger } from '#app/utils/format.ts'
import { inflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { cellText, type RawSheet, type RawWorkbook, type ReadResult } from './raw-sheet.ts'
import { IMPORT_LIMITS, SHEETS, sheetKeyOf } from './template.ts'

/** What the archive's entries may inflate to, all together. */
export const MAX_INFLATED_BYTES = 80 * 1024 * 1024
const MAX_ENTRIES = 2_000
/** Rows of any sheet (the largest bound of the template, plus the header). */
const MAX_SHEET_ROWS = Math.max(...Object.values(SHEETS).map((s) => s.maxRows)) + 1
const MAX_CELLS = 2_500_000
const MAX_COLUMNS = 100

const NOT_XLSX = 'Ce fichier n’est pas un classeur Excel (.xlsx) lisible : enregistrez-le au format « Classeur Excel (.xlsx) » ou envoyez les feuilles en CSV.'
const TOO_LARGE_INFLATED = 'Ce classeur est trop volumineux une fois décompressé : retirez les feuilles, images ou mises en forme inutiles, ou envoyez les feuilles en CSV.'

type ZipEntry = { name: string; method: number; compressedSize: number; localOffset: number }

/** The entries of a zip's central directory; null when the buffer is not a (plain, non-ZIP64) zip. */
export function zipEntries(data: Buffer): ZipEntry[] | null {
	if (data.length < 22 || data.readUInt32LE(0) !== 0x04034b50) return null
	// The end-of-central-directory record: in the last 22 bytes + up to 64 KiB of comment.
	let eocd = -1
	for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
		if (data.readUInt32LE(i) === 0x06054b50) {
			eocd = i
			break
		}
	}
	if (eocd === -1) return null
	const count = data.readUInt16LE(eocd + 10)
	let offset = data.readUInt32LE(eocd + 16)
	if (count === 0xffff || offset === 0xffffffff || count > MAX_ENTRIES) return null
	const entries: ZipEntry[] = []
	for (let n = 0; n < count; n++) {
		if (offset + 46 > data.length || data.readUInt32LE(offset) !== 0x02014b50) return null
		const method = data.readUInt16LE(offset + 10)
		const compressedSize = data.readUInt32LE(offset + 20)
		const nameLength = data.readUInt16LE(offset + 28)
		const extraLength = data.readUInt16LE(offset + 30)
		const commentLength = data.readUInt16LE(offset + 32)
		const localOffset = data.readUInt32LE(offset + 42)
		const name = data.toString('utf8', offset + 46, offset + 46 + nameLength)
		entries.push({ name, method, compressedSize, localOffset })
		offset += 46 + nameLength + extraLength + commentLength
	}
	return entries
}

/** The entry's bytes, inflated to at most `budget` bytes; null when unreadable or over. */
function inflateEntry(data: Buffer, entry: ZipEntry, budget: number): Buffer | 'over' | null {
	const at = entry.localOffset
	if (at + 30 > data.length || data.readUInt32LE(at) !== 0x04034b50) return null
	const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28)
	const end = start + entry.compressedSize
	if (end > data.length) return null
	const raw = data.subarray(start, end)
	if (entry.method === 0) return raw.length > budget ? 'over' : raw
	if (entry.method !== 8) return null
	try {
		return inflateRawSync(raw, { maxOutputLength: Math.max(1, budget) })
	} catch (error) {
		return (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError ? 'over' : null
	}
}

const count = (text: string, pattern: RegExp) => {
	let n = 0
	for (const _ of text.matchAll(pattern)) n++
	return n
}

/** The archive checked before anything is parsed: an XLSX, within every bound. */
export function checkXlsxArchive(data: Buffer): ReadResult<null> {
	if (data.length > IMPORT_LIMITS.fileBytes) return { ok: false, message: `Le fichier dépasse la taille maximale de ${IMPORT_LIMITS.fileBytes / 1024 / 1024} Mo.` }
	const entries = zipEntries(data)
	if (!entries || !entries.some((e) => e.name === 'xl/workbook.xml')) return { ok: false, message: NOT_XLSX }
	let budget = MAX_INFLATED_BYTES
	let cells = 0
	for (const entry of entries) {
		if (entry.name.endsWith('/')) continue
		const content = inflateEntry(data, entry, budget)
		if (content === 'over') return { ok: false, message: TOO_LARGE_INFLATED }
		if (content === null) return { ok: false, message: NOT_XLSX }
		budget -= content.length
		if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) {
			const xml = content.toString('utf8')
			if (count(xml, /<(?:\w+:)?row[\s>/]/g) > MAX_SHEET_ROWS) {
				return { ok: false, message: `Une feuille du classeur compte plus de ${formatInteger(MAX_SHEET_ROWS - 1)} lignes : c’est plus que le modèle n’en accepte.` }
			}
			cells += count(xml, /<(?:\w+:)?c[\s>/]/g)
			if (cells > MAX_CELLS) return { ok: false, message: 'Ce classeur compte trop de cellules remplies : retirez les lignes et colonnes inutiles.' }
		}
	}
	return { ok: true, value: null }
}

/** The template's sheets found in the workbook (others, the « Mode d’emploi » included, are ignored). */
export async function readXlsxWorkbook(data: Buffer): Promise<ReadResult<RawWorkbook>> {
	const checked = checkXlsxArchive(data)
	if (!checked.ok) return checked
	const workbook = new ExcelJS.Workbook()
	try {
		await workbook.xlsx.load(data as unknown as ArrayBuffer)
	} catch {
		return { ok: false, message: NOT_XLSX }
	}
	const sheets: RawWorkbook = {}
	for (const worksheet of workbook.worksheets) {
		const key = sheetKeyOf(worksheet.name)
		if (!key) continue
		const template = SHEETS[key]
		if (sheets[key]) return { ok: false, message: `Le classeur contient deux feuilles « ${template.name} » : gardez-en une.` }
		if (worksheet.actualRowCount > template.maxRows + 1) {
			return { ok: false, message: `La feuille « ${template.name} » compte plus de ${formatInteger(template.maxRows)} lignes : c’est plus que le modèle n’en accepte.` }
		}
		if (worksheet.columnCount > MAX_COLUMNS) return { ok: false, message: `La feuille « ${template.name} » compte plus de ${MAX_COLUMNS} colonnes : ce n’est pas le modèle attendu.` }
		sheets[key] = sheetOf(worksheet, template.name)
	}
	return { ok: true, value: sheets }
}

function sheetOf(worksheet: ExcelJS.Worksheet, name: string): RawSheet {
	const width = Math.min(worksheet.columnCount, MAX_COLUMNS)
	const textsOf = (row: ExcelJS.Row) => Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value))
	const headers = worksheet.rowCount >= 1 ? textsOf(worksheet.getRow(1)) : []
	const rows: RawSheet['rows'] = []
	worksheet.eachRow({ includeEmpty: false }, (row, number) => {
		if (number === 1) return
		const cells = textsOf(row)
		if (cells.some((c) => c !== '')) rows.push({ row: number, cells })
	})
	// Trailing empty header cells (a formatted but empty column) are no columns.
	while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop()
	return { name, headers, rows }
}
