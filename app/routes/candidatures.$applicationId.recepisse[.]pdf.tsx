import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/permissions.server.ts'
import { getReceiptFile } from '#app/domain/applications/attachments.server.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'

/** The récépissé de dépôt, as stored at submission, for the members of the consortium. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const file = await getReceiptFile({ id: params.applicationId!, user })
	return new Response(new Uint8Array(file.data), { headers: downloadHeaders(file, 'inline') })
}
