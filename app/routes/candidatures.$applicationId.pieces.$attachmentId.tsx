import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/permissions.server.ts'
import { getAttachmentFile } from '#app/domain/applications/attachments.server.ts'
import { fileResponse } from '#app/services/file-download.server.ts'

/** Download of one attachment, for the members of the consortium (404 for anyone else). */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const file = await getAttachmentFile({ id: params.applicationId!, user, attachmentId: params.attachmentId! })
	return fileResponse(file)
}
