import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/permissions.server.ts'
import { exportPersonalData } from '#app/domain/personal-data/export.server.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'

/** Everything the portal holds about the signed-in person, as a JSON file (recorded in the audit history). */
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const data = await exportPersonalData(user.id, 'json')
	if (!data) throw new Response('Compte introuvable.', { status: 404 })
	const body = Buffer.from(JSON.stringify(data, null, 2), 'utf8')
	return new Response(new Uint8Array(body), {
		headers: downloadHeaders({ filename: `ensemble-mes-donnees-${data.exportedAt.slice(0, 10)}.json`, contentType: 'application/json; charset=utf-8', data: body }),
	})
}
