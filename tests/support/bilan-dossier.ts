/**
 * A dossier of a bilan test as its whole lifecycle would leave it — status, consortium,
 * amounts, themes, evaluation parts — written directly: the bilan's tests are about counting.
 */
import { db } from '#db/client.server.ts'
import type { ApplicationStatus } from '#db/schema/application-statuses.ts'
import { applicationMembers, applications, evaluationReports, evaluations } from '#db/schema/index.ts'

type Dossier = {
	callId: string
	status: ApplicationStatus
	members: { id: string }[]
	themeIds?: string[]
	requested?: number
	granted?: number
	level?: string
	submitted?: boolean
	project?: Record<string, unknown>
	budget?: Record<string, unknown>
	report?: { status: 'open' | 'submitted' | 'approved'; consortium?: Record<string, unknown>; parts?: Record<string, unknown>[] }
}

export async function dossier(d: Dossier) {
	const [application] = await db
		.insert(applications)
		.values({
			callId: d.callId,
			leadOrganizationId: d.members[0]!.id,
			title: 'Projet',
			status: d.status,
			themeIds: d.themeIds ?? [],
			amountRequestedCents: d.requested ?? null,
			amountGrantedCents: d.granted ?? null,
			cooperation: d.level ? { level: d.level } : {},
			project: d.project ?? {},
			budget: d.budget ?? {},
			submittedAt: d.submitted === false ? null : new Date('2025-03-01T10:00:00Z'),
		})
		.returning()
	await db.insert(applicationMembers).values(
		d.members.map((m, index) => ({ applicationId: application!.id, organizationId: m.id, role: index === 0 ? ('lead' as const) : ('co_carrier' as const), status: 'confirmed' as const })),
	)
	if (d.report) {
		await db.insert(evaluationReports).values({ applicationId: application!.id, status: d.report.status, dueOn: '2026-06-30' })
		await db.insert(evaluations).values([
			{ applicationId: application!.id, organizationId: null, answers: d.report.consortium ?? {} },
			...(d.report.parts ?? []).map((answers, index) => ({ applicationId: application!.id, organizationId: d.members[index]!.id, answers })),
		])
	}
	return application!
}

