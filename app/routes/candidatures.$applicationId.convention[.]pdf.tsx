import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/auth/permissions.server.ts'
import { agreementPdfFor } from '#app/domain/agreements/agreement-pdf.server.ts'
import { pdfResponse } from '#app/domain/follow-up/documents.server.ts'

/** The agreement's current version, for the consortium (and the funder's staff): 404 for anyone else or before it is drawn up. */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const file = await agreementPdfFor({ user, applicationId: params.applicationId! })
	return pdfResponse(file.data, file.filename)
}
