import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { fileResponse } from '#app/services/file-download.server.ts'
import { getReceiptForStaff } from '#app/domain/applications/instruction.server.ts'

/** The récépissé de dépôt, as the consortium received it, for the call's funder staff. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const file = await getReceiptForStaff({ user, callId: params.callId!, applicationId: params.applicationId! })
	return fileResponse(file, 'inline')
}
