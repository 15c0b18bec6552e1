/**
 * The files of a call's applications export, as the funder downloads them (with the list's
 * filters): candidatures.xlsx (two sheets), candidatures.csv and membres.csv (one table each).
 *
 * Each file is kept per call data version (decision 032: the triggers count every change of
 * the applications, their consortium, the associations' names and identifiers, the themes and
 * the questions) and filters: a gestionnaire takes the same export again and again while
 * instructing, and writing a 500-dossier workbook took 100 ms of the server's only thread.
 */
import { LRUCache } from 'lru-cache'
import { type ListFilters } from './instruction.ts'
import { callToExport, exportTables } from './instruction.server.ts'
import { toCsv, toXlsx } from '#app/services/export/tabular.server.ts'
import { slugify } from '#app/domain/calls/call-rules.ts'

const FILES = {
	'candidatures.xlsx': { format: 'xlsx', table: 'both', suffix: 'candidatures', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
	'candidatures.csv': { format: 'csv', table: 'applications', suffix: 'candidatures', contentType: 'text/csv; charset=utf-8' },
	'membres.csv': { format: 'csv', table: 'members', suffix: 'membres', contentType: 'text/csv; charset=utf-8' },
} as const

export type ExportFileName = keyof typeof FILES

export const isExportFileName = (name: string | undefined): name is ExportFileName => name !== undefined && Object.hasOwn(FILES, name)

type Built = { bytes: Uint8Array<ArrayBuffer>; rows: number }

/** Bounded by size: a 500-dossier workbook weighs about 100 kB; a file larger than a quarter of the cache is sent, not kept. */
const MAX_BYTES = 32 * 1024 * 1024
const keptFiles = new LRUCache<string, Built>({ maxSize: MAX_BYTES, maxEntrySize: MAX_BYTES / 4, sizeCalculation: (file) => Math.max(1, file.bytes.length) })

/** The file, its name and type, and how many rows it holds (for the journal); 404 unless the user may export the call. */
export async function applicationsExportFile(input: { user: { id: string }; callId: string; name: ExportFileName; filters: ListFilters }) {
	const file = FILES[input.name]
	const { call, dataVersion } = await callToExport(input)
	const key = [call.id, dataVersion, input.name, input.filters.status, input.filters.themeId, input.filters.departement].join('|')
	const built = keptFiles.get(key) ?? (await build(call.id, file, input.filters))
	keptFiles.set(key, built)
	return { call, filename: `${slugify(call.title)}-${file.suffix}.${file.format}`, contentType: file.contentType, format: file.format, ...built }
}

async function build(callId: string, file: (typeof FILES)[ExportFileName], filters: ListFilters): Promise<Built> {
	const { applications, members } = await exportTables(callId, filters, file.format)
	if (file.table === 'both') return { bytes: asBytes(await toXlsx([applications, members])), rows: applications.records.length }
	const table = file.table === 'members' ? members : applications
	return { bytes: asBytes(Buffer.from(toCsv(table), 'utf8')), rows: table.records.length }
}

/** The buffer's bytes as a Response body takes them, without a copy. */
function asBytes(buffer: Buffer): Uint8Array<ArrayBuffer> {
	// Node's buffers sit on a plain ArrayBuffer (never a shared one).
	return new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.byteLength)
}
