/**
 * « Every association gets the evaluation as a PDF » (issue 10): when the lead sends the
 * end-of-project evaluation, in the same transaction, the PDF of what was sent is rendered,
 * stored under a key of the report and its submission time (a resubmission after a change
 * request stores and sends its new version beside the first), and one email per référent of
 * each association of the consortium goes to the outbox with it attached.
 *
 * Rendered here rather than by the decision letters' job runner: one PDF per submission, not
 * hundreds per call, and the email must carry exactly the version sent — in the transaction,
 * a failed rendering or write leaves the evaluation unsent, never sent without its PDF.
 */
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { displayName, referentEmails } from '#app/domain/applications/access.server.ts'
import { requireFollowUp } from '#app/domain/follow-up/access.server.ts'
import { loadFollowUpView } from '#app/domain/follow-up/follow-up-view.server.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { toBuffer } from '#app/services/pdf/pdf-document.ts'
import { getStorage } from '#app/services/storage.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { type Executor } from '#db/client.server.ts'
import { evaluationPdfName, renderEvaluation } from './evaluation-pdf.server.ts'

export const evaluationPdfKey = (reportId: string, submittedAt: Date) => `evaluation-reports/${reportId}/${submittedAt.getTime()}`

/** Called by submitReport after the transition, in its transaction. */
export async function sendEvaluationToAssociations(tx: Executor, input: { user: PolicyUser; applicationId: string; now: Date; resent: boolean }) {
	// Read again: the report is now « envoyée », with its submission time.
	const access = await requireFollowUp(tx, input.user, input.applicationId)
	const view = await loadFollowUpView(tx, access, input.now)
	if (!view.report) throw new Error('submitted report not found')
	const key = evaluationPdfKey(view.report.id, input.now)
	await getStorage().put(key, await toBuffer(renderEvaluation({ ...view, report: view.report })))

	const [referents, senderName] = await Promise.all([referentEmails(tx, view.members.map((m) => m.organizationId)), displayName(tx, access.user.id)])
	const leadName = view.members.find((m) => m.role === 'lead')?.name ?? ''
	const attachment = { filename: evaluationPdfName(view.application.title), contentType: 'application/pdf', storageKey: key }
	for (const member of view.members) {
		for (const referent of referents.filter((r) => r.organizationId === member.organizationId)) {
			await enqueueEmail(tx, {
				to: referent.email,
				template: 'evaluation-sent',
				data: {
					applicationTitle: view.application.title,
					callTitle: view.call.title,
					funderName: view.funder.name,
					senderName,
					leadName,
					organizationName: member.name,
					sentAt: formatDateTime(input.now),
					resent: input.resent,
					url: `${appUrl()}/candidatures/${view.application.id}/evaluation`,
				},
				attachments: [attachment],
			})
		}
	}
}
