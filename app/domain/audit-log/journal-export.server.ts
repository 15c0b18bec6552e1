/**
 * The journal's export: the filtered events, newest first, read from the database in
 * batches while the file is written (CSV or XLSX), at most JOURNAL_EXPORT_CAP rows. The
 * export is recorded in the journal before its first row leaves.
 */
import { Readable } from 'node:stream'
import { spreadsheetText } from '#app/domain/applications/instruction.ts'
import { toCsvChunks, toXlsxStreamOfBatches, type Table } from '#app/services/export/tabular.server.ts'
import { type AuditFilters, JOURNAL_EXPORT_CAP } from './filters.ts'
import { journalBatches, recordJournalExport } from './journal.server.ts'
import { journalRecord } from './presentation.ts'

const COLUMNS: Table['columns'] = [
	{ header: 'Date (heure de Paris)', width: 20 },
	{ header: 'Auteur', width: 36 },
	{ header: 'Catégorie', width: 22 },
	{ header: 'Action', width: 40 },
	{ header: 'Code de l’action', width: 30 },
	{ header: 'Type de sujet', width: 14 },
	{ header: 'Identifiant du sujet', width: 38 },
	{ header: 'Sujet', width: 40 },
	{ header: 'Détails', width: 50 },
	{ header: 'Données (JSON)', width: 60 },
]

async function* records(filters: AuditFilters, cap: number) {
	for await (const batch of journalBatches(filters, cap)) {
		yield batch.map((row) => {
			const entry = journalRecord(row)
			return [entry.at, entry.actor, entry.category, entry.label, row.action, row.subjectType, row.subjectId, entry.subject, entry.details, JSON.stringify(row.data ?? {})].map((cell) =>
				spreadsheetText(cell),
			)
		})
	}
}

export async function exportJournal(input: { user: { id: string }; filters: AuditFilters; format: 'csv' | 'xlsx'; cap?: number }): Promise<Readable> {
	await recordJournalExport(input)
	const cap = Math.min(input.cap ?? JOURNAL_EXPORT_CAP, JOURNAL_EXPORT_CAP)
	if (input.format === 'csv') return Readable.from(toCsvChunks(COLUMNS, records(input.filters, cap)))
	return toXlsxStreamOfBatches([{ name: 'Journal', columns: COLUMNS, batches: records(input.filters, cap) }])
}
