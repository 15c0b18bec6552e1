import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/permissions.server.ts'
import { pdfResponse } from '#app/domain/follow-up/documents.server.ts'
import { evaluationPdfFor } from '#app/domain/reports/evaluation-pdf.server.ts'

/** The end-of-project evaluation for the call's funder staff: 404 if the dossier is not of this call or not theirs to know. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const file = await evaluationPdfFor({ user, applicationId: params.applicationId!, staffCallId: params.callId! })
	return pdfResponse(file.data, file.filename)
}
