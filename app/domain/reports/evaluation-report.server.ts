/**
 * The end-of-project evaluation of a retained dossier (issue 10), from its opening to its
 * approval. Opening creates the report (its due date copied from the call: it never moves)
 * and one part per author — the consortium's and each association's. Any co-porter writes the
 * consortium's sections, each association's référent its own part, each save version-checked;
 * the lead's référent sends it once every part is complete; the staff approve it — the
 * application moves to `evaluated` and the tranches tied to the evaluation are released — or
 * ask for changes on named sections only, which alone reopen. Each step is one transaction,
 * through the engine for every status.
 */
import { and, eq, isNull, sql } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { forbidden } from '#app/auth/permissions.server.ts'
import { applicationTransitions } from '#app/domain/applications/lifecycle.ts'
import { readBudget, readProject } from '#app/domain/applications/rules.ts'
import { decideFollowUp, requireFollowUp, type FollowUpAccess } from '#app/domain/follow-up/access.server.ts'
import { evaluationReportTransitions, paymentTransitions } from '#app/domain/follow-up/lifecycles.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { canFire } from '#app/domain/lifecycle/transitions.ts'
import { closeIfSettled } from '#app/domain/agreements/payments.server.ts'
import { utcToParisLocal } from '#app/domain/calls/paris-time.ts'
import { db, type Executor } from '#db/client.server.ts'
import { evaluationReports, evaluations, payments } from '#db/schema/index.ts'
import { AssociationPartSchema, associationPartProblems } from './association-part.ts'
import { consortiumPartProblems, type ConsortiumPart, type ReportPlan, SECTION_SCHEMAS } from './consortium-part.ts'
import { associationSection, CONSORTIUM_SECTIONS, type ConsortiumSection } from './options.ts'
import { sixMonthsAfter } from './reminders.ts'
import { sendEvaluationToAssociations } from './evaluation-sending.server.ts'

type Actor = { id: string } | PolicyUser
export type ReportRefusal = { ok: false; message: string; problems?: { section: string; field: string; message: string }[] }

const STALE = 'Cette partie a été modifiée entre-temps : rechargez la page (votre saisie est gardée ci-dessous).'

const staff = (access: FollowUpAccess) => ({ userId: access.user.id, capacities: ['funder-staff' as const] })

/**
 * in_progress → evaluation_due (the staff, or the clock at the project's end): the report and
 * its parts are created. The due date is the call's; without one, the CERFA's six months after
 * the project's end.
 */
export async function openEvaluation(input: { user: Actor; applicationId: string; now?: Date }): Promise<{ ok: true } | ReportRefusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const access = await requireFollowUp(tx, input.user, input.applicationId, 'update')
		if (!decideFollowUp(access, 'manage-follow-up').allowed) forbidden('Seul le financeur ouvre l’évaluation de fin de projet.')
		if (!canFire(applicationTransitions.openEvaluation, access.application.status)) return { ok: false as const, message: 'L’évaluation s’ouvre pour un projet en cours.' }
		const dueOn = access.call.evaluationDueOn ?? sixMonthsAfter(access.call.projectEndsOn ?? utcToParisLocal(now).date)
		await fire(tx, applicationTransitions.openEvaluation, { id: access.application.id, actor: staff(access) })
		await tx.insert(evaluationReports).values({ applicationId: access.application.id, dueOn })
		await tx
			.insert(evaluations)
			.values([{ applicationId: access.application.id, organizationId: null }, ...access.members.map((m) => ({ applicationId: access.application.id, organizationId: m.organizationId }))])
			.onConflictDoNothing()
		return { ok: true as const }
	})
}


/** One section of the consortium's part, saved by any co-porter while it is open (or reopened). */
export async function saveConsortiumSection(input: { user: Actor; applicationId: string; section: ConsortiumSection; version: number; values: unknown }) {
	const parsed = SECTION_SCHEMAS[input.section].safeParse(input.values)
	if (!parsed.success) return { ok: false as const, message: 'Certaines réponses sont à corriger.', issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }
	return db.transaction(async (tx) => {
		const access = await requireFollowUp(tx, input.user, input.applicationId, 'update')
		const decision = decideFollowUp(access, 'edit-consortium-part', { section: input.section })
		if (!decision.allowed) return refusalFor(decision.reason)
		return writePart(tx, access, null, input.version, (answers) => ({ ...answers, [input.section]: parsed.data }))
	})
}

/** An association's own part, saved by its référent only. */
export async function saveAssociationPart(input: { user: Actor; applicationId: string; organizationId: string; version: number; values: unknown }) {
	const parsed = AssociationPartSchema.safeParse(input.values)
	if (!parsed.success) return { ok: false as const, message: 'Certaines réponses sont à corriger.', issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }
	return db.transaction(async (tx) => {
		const access = await requireFollowUp(tx, input.user, input.applicationId, 'update')
		const decision = decideFollowUp(access, 'edit-association-part', { organizationId: input.organizationId, section: associationSection(input.organizationId) })
		if (!decision.allowed) return refusalFor(decision.reason)
		return writePart(tx, access, input.organizationId, input.version, () => parsed.data)
	})
}

function refusalFor(reason: string): { ok: false; message: string } {
	if (reason === 'not-referent') forbidden('Seul le référent de l’association répond pour elle.')
	if (reason === 'not-member') forbidden('Seules les associations du consortium écrivent l’évaluation, chacune sa partie.')
	return { ok: false, message: 'Cette partie n’est pas ouverte à la saisie.' }
}

/** The guarded write of one part: refused when another save came first (the version read is stale). */
async function writePart(tx: Executor, access: FollowUpAccess, organizationId: string | null, version: number, next: (answers: Record<string, unknown>) => Record<string, unknown>) {
	const owner = organizationId === null ? isNull(evaluations.organizationId) : eq(evaluations.organizationId, organizationId)
	const [part] = await tx
		.select()
		.from(evaluations)
		.where(and(eq(evaluations.applicationId, access.application.id), owner))
		.for('update')
	if (!part) return { ok: false as const, message: 'Cette partie de l’évaluation n’existe pas.' }
	if (part.version !== version) return { ok: false as const, message: STALE, stale: true as const }
	const [saved] = await tx
		.update(evaluations)
		.set({ answers: next(part.answers), version: sql`${evaluations.version} + 1`, updatedById: access.user.id })
		.where(and(eq(evaluations.id, part.id), eq(evaluations.version, version)))
		.returning({ version: evaluations.version })
	if (!saved) return { ok: false as const, message: STALE, stale: true as const }
	return { ok: true as const, version: saved.version }
}

/** What the application planned, read from its sections. */
export function planOf(application: { project: Record<string, unknown>; budget: Record<string, unknown> }): ReportPlan {
	const project = readProject(application.project)
	const budget = readBudget(application.budget)
	return { timetable: project.timetable, indicators: project.indicators, expectedParticipants: project.expectedParticipants, charges: budget.charges, products: budget.products }
}

/** What keeps the report from being sent: the consortium's sections and each association's part. */
export async function reportProblemsOf(executor: Executor, access: FollowUpAccess) {
	return problemsOfParts(access, await executor.select().from(evaluations).where(eq(evaluations.applicationId, access.application.id)))
}

/** The same, from the parts already read (the follow-up's read model reads them once). */
export function problemsOfParts(access: Pick<FollowUpAccess, 'application' | 'call' | 'members'>, parts: readonly { organizationId: string | null; answers: unknown }[]) {
	const consortium = (parts.find((p) => p.organizationId === null)?.answers ?? {}) as ConsortiumPart
	const problems: { section: string; field: string; message: string }[] = consortiumPartProblems(consortium, planOf(access.application), access.call.reportGapThresholdPercent)
	for (const member of access.members) {
		const answers = parts.find((p) => p.organizationId === member.organizationId)?.answers ?? {}
		const parsed = AssociationPartSchema.safeParse(answers)
		const missing = parsed.success ? associationPartProblems(parsed.data) : [{ field: 'involvementForms' as const, message: 'Réponses à reprendre.' }]
		if (missing.length > 0) problems.push({ section: associationSection(member.organizationId!), field: missing[0]!.field, message: `${missing.length} réponse${missing.length > 1 ? 's' : ''} à donner.` })
	}
	return problems
}

/** The lead's référent sends the evaluation once every part is complete. */
export async function submitReport(input: { user: Actor; applicationId: string; now?: Date }): Promise<{ ok: true } | ReportRefusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const access = await requireFollowUp(tx, input.user, input.applicationId, 'update')
		const decision = decideFollowUp(access, 'submit-evaluation')
		if (!decision.allowed && decision.reason !== 'status') forbidden('Seul le référent de l’association chef de file envoie l’évaluation.')
		if (!decision.allowed || !access.report) return { ok: false as const, message: 'Cette évaluation ne peut pas être envoyée maintenant.' }
		const problems = await reportProblemsOf(tx, access)
		if (problems.length > 0) return { ok: false as const, message: 'L’évaluation n’est pas complète.', problems }
		await fire(tx, evaluationReportTransitions.submit, {
			id: access.report.id,
			actor: { userId: access.user.id, capacities: ['referent:lead'] },
			checked: ['complete-report'],
			set: { submittedAt: now, submittedById: access.user.id, reopenedSections: [] },
		})
		await sendEvaluationToAssociations(tx, { user: access.user, applicationId: access.application.id, now, resent: access.report.status === 'changes_requested' })
		return { ok: true as const }
	})
}

/** The staff ask for changes on the sections named, with a message: only those reopen. */
export async function requestReportChanges(input: { user: Actor; applicationId: string; sections: string[]; message: string }): Promise<{ ok: true } | ReportRefusal> {
	const message = input.message.trim()
	return db.transaction(async (tx) => {
		const access = await requireFollowUp(tx, input.user, input.applicationId, 'update')
		if (!decideFollowUp(access, 'review-evaluation').allowed) forbidden('Seul le financeur relit l’évaluation.')
		if (!access.report || access.report.status !== 'submitted') return { ok: false as const, message: 'Seule une évaluation envoyée se relit.' }
		const known = new Set<string>([...Object.keys(CONSORTIUM_SECTIONS), ...access.members.map((m) => associationSection(m.organizationId!))])
		const sections = [...new Set(input.sections)].filter((s) => known.has(s))
		if (sections.length === 0) return { ok: false as const, message: 'Choisissez au moins une section à rouvrir.' }
		if (!message) return { ok: false as const, message: 'Écrivez ce qui est à reprendre : le consortium le lira.' }
		await fire(tx, evaluationReportTransitions.requestChanges, { id: access.report.id, actor: staff(access), reason: message, set: { reopenedSections: sections, reviewMessage: message }, data: { sections } })
		return { ok: true as const }
	})
}

/** The staff approve: the application is evaluated and the tranches tied to the evaluation are released. */
export async function approveReport(input: { user: Actor; applicationId: string; now?: Date }): Promise<{ ok: true } | ReportRefusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const access = await requireFollowUp(tx, input.user, input.applicationId, 'update')
		if (!decideFollowUp(access, 'review-evaluation').allowed) forbidden('Seul le financeur approuve l’évaluation.')
		if (!access.report || access.report.status !== 'submitted') return { ok: false as const, message: 'Seule une évaluation envoyée s’approuve.' }
		await fire(tx, evaluationReportTransitions.approve, { id: access.report.id, actor: staff(access), set: { reviewedAt: now, reviewedById: access.user.id } })
		await fire(tx, applicationTransitions.evaluationApproved, { id: access.application.id, actor: staff(access), checked: ['report-approved'] })
		const tied = await tx.select({ id: payments.id }).from(payments).where(and(eq(payments.applicationId, access.application.id), eq(payments.trigger, 'final_evaluation'), eq(payments.status, 'waiting')))
		for (const tranche of tied) await fire(tx, paymentTransitions.release, { id: tranche.id, actor: staff(access), checked: ['trigger-happened'], set: { triggeredAt: now } })
		// Nothing left to pay (a plan paid whole at signature): closed now.
		await closeIfSettled(tx, { applicationId: access.application.id, status: 'evaluated', userId: access.user.id })
		return { ok: true as const }
	})
}
