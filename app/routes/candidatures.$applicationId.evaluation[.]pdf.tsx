import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/permissions.server.ts'
import { pdfResponse } from '#app/domain/follow-up/documents.server.ts'
import { evaluationPdfFor } from '#app/domain/reports/evaluation-pdf.server.ts'

/** The end-of-project evaluation as it stands, for the consortium (and the funder's staff): 404 for anyone else or before it opens. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const file = await evaluationPdfFor({ user, applicationId: params.applicationId! })
	return pdfResponse(file.data, file.filename)
}
