/** The call's bilan as a PDF (issue 11), with the comparison of the page when asked (`?comparer=`). */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { loadBilanPage, readComparison } from '#app/domain/bilan/bilan-page.server.ts'
import { renderBilanPdf } from '#app/domain/bilan/bilan-pdf.server.ts'
import { bilanFilename } from '#app/domain/bilan/bilan-text.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'
import { recordCallDownload } from '#app/domain/audit-log/downloads.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const { bilan, comparison } = await loadBilanPage({ user, callId: params.callId!, compareWith: readComparison(request.url) })
	const data = await renderBilanPdf(bilan, comparison)
	await recordCallDownload({ user, callId: bilan.call.id, file: 'bilan.pdf', format: 'pdf', filters: { comparer: comparison?.call.id ?? null }, action: 'call.bilan_exported' })
	return new Response(new Uint8Array(data), { headers: downloadHeaders({ filename: bilanFilename(bilan.call, comparison?.call ?? null, 'pdf'), contentType: 'application/pdf', data }) })
}
