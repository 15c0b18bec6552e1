import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'
import { previewLetterPdf, requireTemplateKey } from '#app/domain/letters/templates.server.ts'

/** A letter's saved text as an association would receive it, filled from a dossier of the call (?dossier=), for the call's staff. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const key = requireTemplateKey(params.cle)
	const applicationId = new URL(request.url).searchParams.get('dossier') ?? undefined
	const data = await previewLetterPdf({ user, callId: params.callId!, key, applicationId })
	return new Response(new Uint8Array(data), { headers: downloadHeaders({ filename: 'apercu-courrier.pdf', contentType: 'application/pdf', data }, 'inline') })
}
