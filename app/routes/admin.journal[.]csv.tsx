/** The journal as CSV (issue 13), with the page's filters; streamed, capped, itself audited. */
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { requirePlatformAdmin } from '#app/auth/permissions.server.ts'
import { readAuditFilters } from '#app/domain/audit-log/filters.ts'
import { exportJournal } from '#app/domain/audit-log/journal-export.server.ts'
import { formatSortableTimestamp } from '#app/utils/format.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requirePlatformAdmin(request)
	const { filters, errors } = readAuditFilters(new URL(request.url).searchParams)
	// A filter the page would name as wrong is not silently dropped from an export.
	if (Object.keys(errors).length > 0) throw new Response(`Filtre invalide : ${Object.values(errors).join(' ')}`, { status: 400 })
	const stream = await exportJournal({ user, filters, format: 'csv' })
	const filename = `journal-${formatSortableTimestamp(new Date()).slice(0, 10)}.csv`
	return new Response(createReadableStreamFromReadable(stream), { headers: downloadHeaders({ filename, contentType: 'text/csv; charset=utf-8' }) })
}
