/**
 * A retained dossier carried into its follow-up (issue 10), through the domain functions the
 * pages call: its call decided, the agreement drawn up and signed by the lead's référent, the
 * partner's référent and the funder, the project started. `evaluation: true` also opens its
 * end-of-project evaluation. Shared by the follow-up's integration tests and the matrix.
 */
import { eq } from 'drizzle-orm'
import { openAgreement, signAgreement } from '#app/domain/agreements/agreements.server.ts'
import { startProject } from '#app/domain/follow-up/project.server.ts'
import { openEvaluation } from '#app/domain/reports/evaluation-report.server.ts'
import { db } from '#db/client.server.ts'
import { agreements, applications, calls } from '#db/schema/index.ts'
import { createApplication } from '#tests/factories.ts'

type Stage = 'selected' | 'agreement' | 'in_progress' | 'evaluation'

export async function followedDossier(options: { stage?: Stage; evaluationDueOn?: string; amountGrantedCents?: number } & Parameters<typeof createApplication>[0] = {}) {
	const { stage = 'in_progress', evaluationDueOn = '2028-09-30', amountGrantedCents = 1_000_000, ...create } = options
	const app = await createApplication({ status: 'admissible', coCarriers: 1, ...create })
	await db.update(calls).set({ status: 'decided', evaluationDueOn }).where(eq(calls.id, app.call.id))
	await db.update(applications).set({ status: 'selected', amountGrantedCents, decidedAt: new Date(), decisionVersion: 1 }).where(eq(applications.id, app.id))
	const partner = app.partners[0]!
	if (stage === 'selected') return { ...app, partner }
	const opened = await openAgreement({ user: app.funder.user, applicationId: app.id })
	if (!opened.ok) throw new Error(opened.message)
	if (stage === 'agreement') return { ...app, partner }
	const [agreement] = await db.select().from(agreements).where(eq(agreements.applicationId, app.id))
	for (const [user, organizationId] of [
		[app.lead.user, app.lead.organization.id],
		[partner.user, partner.organization.id],
		[app.funder.user, null],
	] as const) {
		const signed = await signAgreement({ user, applicationId: app.id, organizationId, digest: agreement!.contentSha256, signerName: 'Camille Martin', signerQuality: '' })
		if (!signed.ok) throw new Error(signed.message)
	}
	const started = await startProject({ user: app.funder.user, applicationId: app.id })
	if (!started.ok) throw new Error(started.message)
	if (stage === 'evaluation') {
		const opened = await openEvaluation({ user: app.funder.user, applicationId: app.id })
		if (!opened.ok) throw new Error(opened.message)
	}
	return { ...app, partner }
}
