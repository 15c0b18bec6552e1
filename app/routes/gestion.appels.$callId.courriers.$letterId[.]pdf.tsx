import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { fileResponse } from '#app/services/file-download.server.ts'
import { getLetterPdf } from '#app/domain/letters/letters-page.server.ts'

/** One association's decision letter, as it was attached to its email, for the call's funder staff. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const file = await getLetterPdf({ user, callId: params.callId!, letterId: params.letterId! })
	return fileResponse({ ...file, contentType: 'application/pdf' }, 'inline')
}
