/**
 * The follow-up of one retained dossier as every page shows it (issue 10): the one read model
 * the consortium's pages, the funder's page and the PDFs share — the agreement with the
 * signatures of its current version, the tranches with their 60-day clock, the evaluation
 * report with each part and what is still missing, and what the reader may do on each.
 *
 * Loaded from a FollowUpAccess (requireFollowUp: the policy already said the reader may know
 * of it); what the reader may do is the policy's answer (decideFollowUp), never recomputed
 * by a page.
 */
import { and, asc, eq } from 'drizzle-orm'
import { type AgreementContent } from '#app/domain/agreements/agreement-content.ts'
import { paymentDueAt, trancheState, type TrancheState } from '#app/domain/agreements/tranches.ts'
import { AssociationPartSchema, associationPartProblems, type AssociationPart } from '#app/domain/reports/association-part.ts'
import { type ConsortiumPart } from '#app/domain/reports/consortium-part.ts'
import { planOf, problemsOfParts } from '#app/domain/reports/evaluation-report.server.ts'
import { associationSection, CONSORTIUM_SECTIONS, type ConsortiumSection } from '#app/domain/reports/options.ts'
import { dueInstant } from '#app/domain/reports/reminders.server.ts'
import { organizationIdsOf } from '#app/auth/policy/index.ts'
import { type Executor } from '#db/client.server.ts'
import { agreementSignatures, evaluations, payments } from '#db/schema/index.ts'
import { decideFollowUp, type FollowUpAccess } from './access.server.ts'

export type FollowUpView = Awaited<ReturnType<typeof loadFollowUpView>>

export async function loadFollowUpView(executor: Executor, access: FollowUpAccess, now: Date = new Date()) {
	const { application, call, agreement, report } = access
	const [signatures, tranches, parts] = await Promise.all([
		agreement
			? executor
					.select({
						organizationId: agreementSignatures.organizationId,
						signerName: agreementSignatures.signerName,
						signerQuality: agreementSignatures.signerQuality,
						signedAt: agreementSignatures.signedAt,
						signerUserId: agreementSignatures.signerUserId,
					})
					.from(agreementSignatures)
					.where(and(eq(agreementSignatures.agreementId, agreement.id), eq(agreementSignatures.version, agreement.version)))
			: Promise.resolve([]),
		executor.select().from(payments).where(eq(payments.applicationId, application.id)).orderBy(asc(payments.position)),
		report ? executor.select().from(evaluations).where(eq(evaluations.applicationId, application.id)) : Promise.resolve([]),
	])
	// Read once: the parts give both the answers and what is still missing.
	const problems = report ? problemsOfParts(access, parts) : []

	const allowed = (action: Parameters<typeof decideFollowUp>[1], facts: Parameters<typeof decideFollowUp>[2] = {}) => decideFollowUp(access, action, facts).allowed

	const agreementView = agreement
		? (() => {
				const content = agreement.content as AgreementContent
				const signatureOf = (organizationId: string | null) => signatures.find((s) => s.organizationId === organizationId) ?? null
				// The parties named in this version, then the funder; each with its signature of this version.
				const parties = [
					...content.parties.map((p) => ({ organizationId: p.organizationId as string | null, name: p.name, role: p.role as 'lead' | 'co_carrier' | 'funder', signature: signatureOf(p.organizationId) })),
					{ organizationId: null, name: content.funder.name, role: 'funder' as const, signature: signatureOf(null) },
				].map((party) => ({
					...party,
					canSign: agreement.status === 'awaiting_signatures' && party.signature === null && allowed('sign-agreement', { organizationId: party.organizationId }),
				}))
				return {
					id: agreement.id,
					status: agreement.status,
					version: agreement.version,
					digest: agreement.contentSha256,
					signedAt: agreement.signedAt,
					content,
					parties,
					signedCount: parties.filter((p) => p.signature).length,
				}
			})()
		: null

	const trancheViews = tranches.map((t) => {
		const state: { state: TrancheState; daysLeft: number | null } = trancheState({ triggeredAt: t.triggeredAt, paidOn: t.paidOn }, now)
		return {
			id: t.id,
			position: t.position,
			label: t.label,
			trigger: t.trigger,
			percent: t.percent,
			amountCents: t.amountCents,
			status: t.status,
			triggeredAt: t.triggeredAt,
			dueAt: paymentDueAt(t.triggeredAt),
			paidOn: t.paidOn,
			paidAmountCents: t.paidAmountCents,
			reference: t.reference,
			...state,
		}
	})

	const reportView = report
		? (() => {
				const consortiumRow = parts.find((p) => p.organizationId === null)
				const associations = access.members.map((member) => {
					const row = parts.find((p) => p.organizationId === member.organizationId)
					const parsed = AssociationPartSchema.safeParse(row?.answers ?? {})
					const answers: Partial<AssociationPart> = parsed.success ? parsed.data : {}
					const section = associationSection(member.organizationId!)
					return {
						organizationId: member.organizationId!,
						name: member.name,
						role: member.role,
						section,
						version: row?.version ?? 1,
						updatedAt: row?.updatedAt ?? null,
						answers,
						missing: associationPartProblems(answers),
						canEdit: allowed('edit-association-part', { organizationId: member.organizationId, section }),
						reopened: report.reopenedSections.includes(section),
					}
				})
				const sections = (Object.keys(CONSORTIUM_SECTIONS) as ConsortiumSection[]).map((section) => ({
					section,
					title: CONSORTIUM_SECTIONS[section],
					canEdit: allowed('edit-consortium-part', { section }),
					reopened: report.reopenedSections.includes(section),
					problems: problems.filter((p) => p.section === section),
				}))
				return {
					id: report.id,
					status: report.status,
					dueOn: report.dueOn,
					/** Past the end of its due day and not yet sent: overdue (the due date never moves). */
					late: (report.status === 'open' || report.status === 'changes_requested') && now.getTime() > dueInstant(report.dueOn).getTime(),
					remindersSent: report.remindersSent as string[],
					reopenedSections: report.reopenedSections,
					reviewMessage: report.reviewMessage,
					submittedAt: report.submittedAt,
					reviewedAt: report.reviewedAt,
					consortium: { version: consortiumRow?.version ?? 1, updatedAt: consortiumRow?.updatedAt ?? null, answers: (consortiumRow?.answers ?? {}) as ConsortiumPart },
					sections,
					associations,
					problems,
					canSubmit: allowed('submit-evaluation') && problems.length === 0,
					/** The lead's référent may send it, once nothing is missing. */
					mayEverSubmit: allowed('submit-evaluation'),
					canReview: report.status === 'submitted' && allowed('review-evaluation'),
				}
			})()
		: null

	return {
		application: { id: application.id, title: application.title, summary: application.summary, status: application.status, amountGrantedCents: application.amountGrantedCents, callId: application.callId },
		call: { id: call.id, title: call.title, status: call.status, reportGapThresholdPercent: call.reportGapThresholdPercent, projectStartsOn: call.projectStartsOn, projectEndsOn: call.projectEndsOn, evaluationDueOn: call.evaluationDueOn },
		funder: { name: access.funderName, siret: access.funderSiret },
		members: access.members.map((m) => ({ organizationId: m.organizationId!, name: m.name, role: m.role, siret: m.siret, rna: m.rna, grantShareCents: m.grantShareCents })),
		plan: planOf(application),
		agreement: agreementView,
		tranches: trancheViews,
		report: reportView,
		/** The funder's staff: draw up and revise the agreement, record payments, start the project, open and review the evaluation. */
		canManage: allowed('manage-follow-up'),
		/** The lead's référent may set how the grant is split between the associations (before the agreement is signed). */
		canSetGrantSplit: allowed('set-grant-split'),
		/** The consortium's split differs from the one named in the agreement awaiting signatures: the funder is to issue a new version. */
		grantSplitChanged:
			agreement?.status === 'awaiting_signatures' &&
			access.members.some((m) => (agreement.content as AgreementContent).parties.find((p) => p.organizationId === m.organizationId)?.shareCents !== m.grantShareCents),
		/** The consortium's associations the reader belongs to (none for the funder's staff): the pages' navigation. */
		viewerOrganizationIds: access.members.map((m) => m.organizationId!).filter((id) => organizationIdsOf(access.user).includes(id)),
	}
}
