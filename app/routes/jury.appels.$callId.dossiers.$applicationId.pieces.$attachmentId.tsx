import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/permissions.server.ts'
import { fileResponse } from '#app/services/file-download.server.ts'
import { getAttachmentForJuror } from '#app/domain/jury/evaluation.server.ts'

/** Download of one attachment of a dossier, for its assigned juror (the scoring page's access; 404 otherwise, a conflict included). */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const file = await getAttachmentForJuror({ user, callId: params.callId!, applicationId: params.applicationId!, attachmentId: params.attachmentId! })
	return fileResponse(file)
}
