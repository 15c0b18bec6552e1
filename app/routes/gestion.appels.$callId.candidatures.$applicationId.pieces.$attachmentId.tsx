import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { fileResponse } from '#app/services/file-download.server.ts'
import { getAttachmentForStaff } from '#app/domain/applications/instruction.server.ts'

/** Download of one attachment of a submitted dossier, for the call's funder staff (404 for other funders); audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const file = await getAttachmentForStaff({ user, callId: params.callId!, applicationId: params.applicationId!, attachmentId: params.attachmentId! })
	return fileResponse(file)
}
