/**
 * Exports of a call's applications, with the list's filters (?statut=&theme=&departement=):
 *   candidatures.xlsx — two sheets, "Candidatures" and "Membres des consortiums";
 *   candidatures.csv, membres.csv — one table each (UTF-8 with BOM, semicolons).
 */
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { notFound, requireFunderStaff } from '#app/auth/permissions.server.ts'
import { readFilters } from '#app/domain/applications/instruction.ts'
import { exportApplications } from '#app/domain/applications/instruction.server.ts'
import { toCsv, toXlsxStream } from '#app/services/export/tabular.server.ts'
import { slugify } from '#app/domain/calls/call-rules.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'
import { recordCallDownload } from '#app/domain/audit-log/downloads.server.ts'

const FILES = {
	'candidatures.xlsx': { format: 'xlsx', table: 'both' },
	'candidatures.csv': { format: 'csv', table: 'applications' },
	'membres.csv': { format: 'csv', table: 'members' },
} as const

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const file = FILES[params.fichier as keyof typeof FILES]
	if (!Object.hasOwn(FILES, params.fichier ?? '') || !file) notFound('Cet export n’existe pas.')
	const filters = readFilters(new URL(request.url).searchParams)
	const { call, applications, members } = await exportApplications({ user, callId: params.callId!, filters, format: file.format })
	const rows = file.table === 'members' ? members.records.length : applications.records.length
	await recordCallDownload({ user, callId: call.id, file: params.fichier!, format: file.format, rows, filters: { ...filters }, action: 'call.applications_exported' })
	const stem = slugify(call.title)
	if (file.format === 'xlsx') {
		// Streamed: the response starts while the workbook is being written.
		const body = createReadableStreamFromReadable(toXlsxStream([applications, members]))
		return new Response(body, { headers: downloadHeaders({ filename: `${stem}-candidatures.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }) })
	}
	const csv = toCsv(file.table === 'members' ? members : applications)
	return new Response(csv, { headers: downloadHeaders({ filename: `${stem}-${file.table === 'members' ? 'membres' : 'candidatures'}.csv`, contentType: 'text/csv; charset=utf-8' }) })
}
