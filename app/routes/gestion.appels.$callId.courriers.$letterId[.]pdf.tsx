import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'
import { getLetterPdf } from '#app/domain/letters/letters-page.server.ts'

/** One association's decision letter, as it was attached to its email, for the call's funder staff. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const file = await getLetterPdf({ user, callId: params.callId!, letterId: params.letterId! })
	return new Response(new Uint8Array(file.data), { headers: downloadHeaders({ ...file, contentType: 'application/pdf' }, 'inline') })
}
