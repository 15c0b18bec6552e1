import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'
import { getReceiptForStaff } from '#app/domain/applications/instruction.server.ts'

/** The récépissé de dépôt, as the consortium received it, for the call's funder staff. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const file = await getReceiptForStaff({ user, callId: params.callId!, applicationId: params.applicationId! })
	return new Response(new Uint8Array(file.data), { headers: downloadHeaders(file, 'inline') })
}
