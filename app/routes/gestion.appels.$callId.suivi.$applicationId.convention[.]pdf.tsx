import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/permissions.server.ts'
import { agreementPdfFor } from '#app/domain/agreements/agreement-pdf.server.ts'
import { pdfResponse } from '#app/domain/follow-up/documents.server.ts'

/** The agreement's current version for the call's funder staff: 404 if the dossier is not of this call or not theirs to know. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const file = await agreementPdfFor({ user, applicationId: params.applicationId!, staffCallId: params.callId! })
	return pdfResponse(file.data, file.filename)
}
