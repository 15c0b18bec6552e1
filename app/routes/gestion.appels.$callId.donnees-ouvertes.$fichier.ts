/**
 * A call's awards as open data, for its funder's staff (issue 11; 404 for another funder's):
 *   subventions-scdl.csv — the SCDL « subventions » schema, one row per association;
 *   subventions-360giving.json — a 360Giving package, one grant per consortium.
 * See app/domain/bilan/open-data.ts and docs/decisions/022-open-data-exports.md.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { notFound, requireFunderStaff } from '#app/auth/permissions.server.ts'
import { scdlCsv, scdlRows, threeSixtyGivingPackage } from '#app/domain/bilan/open-data.ts'
import { loadOpenData } from '#app/domain/bilan/open-data.server.ts'
import { slugify } from '#app/domain/calls/call-rules.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'
import { recordCallDownload } from '#app/domain/audit-log/downloads.server.ts'

const FILES = {
	'subventions-scdl.csv': 'text/csv; charset=utf-8',
	'subventions-360giving.json': 'application/json; charset=utf-8',
} as const

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const file = params.fichier ?? ''
	if (!Object.hasOwn(FILES, file)) notFound('Ce fichier n’existe pas.')
	const { source, awards } = await loadOpenData({ user, callId: params.callId! })
	await recordCallDownload({ user, callId: source.call.id, file, format: file.endsWith('.csv') ? 'csv' : 'json', rows: awards.length, action: 'call.open_data_exported' })
	const filename = `${slugify(source.call.title)}-${file}`
	const contentType = FILES[file as keyof typeof FILES]
	if (file === 'subventions-scdl.csv') return new Response(scdlCsv(scdlRows(awards, source)), { headers: downloadHeaders({ filename, contentType }) })
	const body = JSON.stringify(threeSixtyGivingPackage(awards, source, new Date()), null, 2)
	return new Response(body, { headers: downloadHeaders({ filename, contentType }) })
}
