import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/permissions.server.ts'
import { fileResponse } from '#app/services/file-download.server.ts'
import { getMinutesForViewer } from '#app/domain/deliberation/minutes.server.ts'

/** The procès-verbal (staff and the jury's chair): a draft « Projet » during the deliberation, the stored file once decided. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const file = await getMinutesForViewer({ user, callId: params.callId! })
	return fileResponse({ ...file, contentType: 'application/pdf' }, 'inline')
}
