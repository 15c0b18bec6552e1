/**
 * A sheet as read from the file, before any check: its header row and its rows of text
 * cells, each with the row number the spreadsheet shows (the header is row 1). The XLSX and
 * CSV readers both give this; validate.ts reads nothing else. Plain module.
 */
import type { SheetKey } from './template.ts'

export type RawRow = { row: number; cells: string[] }
export type RawSheet = { name: string; headers: string[]; rows: RawRow[] }
export type RawWorkbook = Partial<Record<SheetKey, RawSheet>>

/** A file that cannot be read at all (not an XLSX, too big, too many rows): one French message. */
export type ReadResult<T> = { ok: true; value: T } | { ok: false; message: string }

/** Column letters as a spreadsheet shows them: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
	let n = index + 1
	let letters = ''
	while (n > 0) {
		const rest = (n - 1) % 26
		letters = String.fromCharCode(65 + rest) + letters
		n = Math.floor((n - 1) / 26)
	}
	return letters
}

/**
 * The text of a cell as exceljs gives it: a number, a string, a boolean, a date, rich text,
 * a formula with its result, a hyperlink, an error. Numbers keep their digits (a SIRET typed
 * as a number stays 14 digits); dates become yyyy-mm-dd; errors and empty cells become ''.
 */
export function cellText(value: unknown): string {
	if (value === null || value === undefined) return ''
	if (typeof value === 'string') return value.trim()
	if (typeof value === 'number') return Number.isFinite(value) ? (Number.isInteger(value) && Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value)) : ''
	if (typeof value === 'boolean') return value ? 'oui' : 'non'
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
	if (typeof value === 'object') {
		const v = value as Record<string, unknown>
		if (Array.isArray(v.richText)) return (v.richText as { text?: unknown }[]).map((part) => (typeof part.text === 'string' ? part.text : '')).join('').trim()
		if ('formula' in v || 'sharedFormula' in v) return cellText(v.result)
		if ('error' in v) return ''
		if ('text' in v) return cellText(v.text)
		if ('result' in v) return cellText(v.result)
	}
	return ''
}
