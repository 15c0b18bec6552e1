/**
 * One sheet of a past call sent as CSV (the template's CSV variant): UTF-8 with or without
 * BOM, « ; » or « , » (or tab) as separator — found on the header line, outside quotes. The
 * parser stops one row past the sheet's bound, so a file of a million lines is not read
 * through. Row numbers are the spreadsheet's (header = 1), as the file opens in a spreadsheet.
 */
import { formatInteger } from '#app/utils/format.ts'
import { parse } from 'csv-parse/sync'
import type { RawSheet, ReadResult } from './raw-sheet.ts'
import { IMPORT_LIMITS, SHEETS, type SheetKey } from './template.ts'

/** The longest record accepted, in characters (a row of the template is a few hundred). */
const MAX_RECORD_CHARS = 100_000
const MAX_COLUMNS = 100

/** The separator of the header line: the most frequent of « ; », « , » and tab outside quotes. */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
	const counts = { ';': 0, ',': 0, '\t': 0 }
	let quoted = false
	for (let i = 0; i < text.length && i < 10_000; i++) {
		const char = text[i]!
		if (char === '"') quoted = !quoted
		else if (!quoted && (char === '\n' || char === '\r')) break
		else if (!quoted && char in counts) counts[char as keyof typeof counts]++
	}
	if (counts[';'] >= counts[','] && counts[';'] >= counts['\t'] && counts[';'] > 0) return ';'
	return counts['\t'] > counts[','] ? '\t' : ','
}

export function readCsvSheet(data: Buffer, sheet: SheetKey, filename: string): ReadResult<RawSheet> {
	const name = SHEETS[sheet].name
	const maxRows = SHEETS[sheet].maxRows
	if (data.length > IMPORT_LIMITS.fileBytes) {
		return { ok: false, message: `Le fichier CSV de la feuille « ${name} » (${filename}) dépasse ${IMPORT_LIMITS.fileBytes / 1024 / 1024} Mo.` }
	}
	if (data.includes(0)) {
		return { ok: false, message: `Le fichier « ${filename} » n’est pas un fichier CSV (texte) : enregistrez la feuille « ${name} » au format « CSV UTF-8 ».` }
	}
	let text: string
	try {
		text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data)
	} catch {
		return {
			ok: false,
			message: `Le fichier « ${filename} » n’est pas encodé en UTF-8 : dans votre tableur, enregistrez la feuille « ${name} » au format « CSV UTF-8 ».`,
		}
	}
	let records: string[][]
	try {
		records = parse(text, {
			delimiter: detectDelimiter(text),
			relax_column_count: true,
			skip_empty_lines: false,
			trim: true,
			max_record_size: MAX_RECORD_CHARS,
			// One more than the header and the bound: enough to know the bound is passed.
			to: maxRows + 2,
		}) as string[][]
	} catch (error) {
		const line = (error as { lines?: number }).lines
		return {
			ok: false,
			message: `Le fichier « ${filename} » (feuille « ${name} ») est illisible${line ? ` vers la ligne ${line}` : ''} : vérifiez les guillemets et le séparateur, ou enregistrez-le à nouveau au format « CSV UTF-8 ».`,
		}
	}
	if (records.length === 0) return { ok: false, message: `Le fichier « ${filename} » (feuille « ${name} ») est vide : il lui faut au moins la ligne des en-têtes.` }
	if (records.length > maxRows + 1) {
		return { ok: false, message: `La feuille « ${name} » compte plus de ${formatInteger(maxRows)} lignes : découpez l’appel ou écrivez-nous.` }
	}
	if (records.some((record) => record.length > MAX_COLUMNS)) {
		return { ok: false, message: `La feuille « ${name} » compte plus de ${MAX_COLUMNS} colonnes : ce n’est pas le modèle attendu.` }
	}
	const [headers, ...rows] = records
	return {
		ok: true,
		value: {
			name,
			headers: headers!.map((h) => h.trim()),
			rows: rows.map((cells, index) => ({ row: index + 2, cells: cells.map((c) => c.trim()) })).filter((r) => r.cells.some((c) => c !== '')),
		},
	}
}
