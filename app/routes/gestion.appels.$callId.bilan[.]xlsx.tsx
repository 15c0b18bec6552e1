/** The call's bilan as a workbook (issue 11): one sheet per part, numbers as numbers; the comparison of the page when asked. */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { loadBilanPage, readComparison } from '#app/domain/bilan/bilan-page.server.ts'
import { bilanFilename } from '#app/domain/bilan/bilan-text.ts'
import { renderBilanXlsx } from '#app/domain/bilan/bilan-xlsx.server.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'
import { recordCallDownload } from '#app/domain/audit-log/downloads.server.ts'


export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const { bilan, comparison } = await loadBilanPage({ user, callId: params.callId!, compareWith: readComparison(request.url) })
	const data = await renderBilanXlsx(bilan, comparison)
	await recordCallDownload({ user, callId: bilan.call.id, file: 'bilan.xlsx', format: 'xlsx', filters: { comparer: comparison?.call.id ?? null }, action: 'call.bilan_exported' })
	return new Response(new Uint8Array(data), { headers: downloadHeaders({ filename: bilanFilename(bilan.call, comparison?.call ?? null, 'xlsx'), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data }) })
}
