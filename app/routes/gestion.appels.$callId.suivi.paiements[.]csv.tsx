/**
 * Every tranche of the call's retained dossiers as CSV (issue 10), the way the call's other
 * exports write it (UTF-8 with BOM, semicolons, a cell a spreadsheet would take for a formula
 * kept as text), for the call's funder staff; 404 for another funder's.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { slugify } from '#app/domain/calls/call-rules.ts'
import { exportCallPayments } from '#app/domain/follow-up/call-follow-up.server.ts'
import { toCsv } from '#app/services/export/tabular.server.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'
import { recordCallDownload } from '#app/domain/audit-log/downloads.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const { call, table } = await exportCallPayments({ user, callId: params.callId! })
	await recordCallDownload({ user, callId: call.id, file: 'versements.csv', format: 'csv', rows: table.records.length, action: 'call.payments_exported' })
	const filename = `${slugify(call.title)}-versements.csv`
	return new Response(toCsv(table), { headers: downloadHeaders({ filename, contentType: 'text/csv; charset=utf-8' }) })
}
