import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/permissions.server.ts'
import { personalDataPdf } from '#app/domain/personal-data/export-pdf.server.ts'
import { exportPersonalData } from '#app/domain/personal-data/export.server.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'

/** Everything the portal holds about the signed-in person, as a readable PDF (recorded in the audit history). */
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const data = await exportPersonalData(user.id, 'pdf')
	if (!data) throw new Response('Compte introuvable.', { status: 404 })
	const pdf = await personalDataPdf(data)
	return new Response(new Uint8Array(pdf), {
		headers: downloadHeaders({ filename: `ensemble-mes-donnees-${data.exportedAt.slice(0, 10)}.pdf`, contentType: 'application/pdf', data: pdf }),
	})
}
