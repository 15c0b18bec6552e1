import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/permissions.server.ts'
import { getReceiptFile } from '#app/domain/applications/attachments.server.ts'
import { fileResponse } from '#app/services/file-download.server.ts'

/** The récépissé de dépôt, as stored at submission, for the members of the consortium. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const file = await getReceiptFile({ id: params.applicationId!, user })
	return fileResponse(file, 'inline')
}
