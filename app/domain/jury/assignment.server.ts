/**
 * The jury's assignment on the database (issue 8): the solver's input read from the call
 * (its active jurors, its dossiers at the jury, every blocking conflict, the assignments
 * already made, N and the « at least one juror of this kind » rule), the preview the page
 * shows, the run applied in one transaction under the call's row lock, the manual changes
 * (add, remove, move one dossier) and the jury's settings. The solver itself is pure:
 * assignment.ts (docs/decisions/014-jury-assignment-solver.md).
 */
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { type Executor, db } from '#db/client.server.ts'
import { applications, calls, jurors, juryAssignments, juryConflicts, users } from '#db/schema/index.ts'
import { planAssignment, type AssignmentPlan, type Pair } from './assignment.ts'
import { ASSIGNABLE_APPLICATION_STATUSES, JurySettingsSchema, NOT_AT_JURY, type JurySettingsInput } from './assignment-rules.ts'
import { isComposable, JUROR_KIND_LABELS, type JurorKind } from './composition.ts'
import { BLOCKING_CONFLICT_STATUSES, CONFLICT_CAUSE_LABELS } from './conflicts.ts'

type Actor = { id: string } | PolicyUser
export type AssignmentRefusal = { ok: false; message: string }
type Call = typeof calls.$inferSelect

const INSERT_CHUNK = 2000

/** Everything the solver needs, read in the caller's transaction (or from db for a preview). */
async function readPlanInput(executor: Executor, call: Call) {
	const [seated, dossiers, conflicts, existing] = await Promise.all([
		executor
			.select({ id: jurors.id, kind: jurors.kind, themeIds: jurors.themeIds, maxLoad: jurors.maxLoad, name: users.displayName, email: users.email })
			.from(jurors)
			.innerJoin(users, eq(users.id, jurors.userId))
			.where(and(eq(jurors.callId, call.id), eq(jurors.status, 'active')))
			.orderBy(asc(users.displayName), asc(jurors.id))
			// In a transaction, a juror leaving meanwhile waits for the run (and then releases what it gave them).
			.for('share', { of: jurors }),
		executor
			.select({ id: applications.id, title: applications.title, themeIds: applications.themeIds })
			.from(applications)
			.where(and(eq(applications.callId, call.id), inArray(applications.status, [...ASSIGNABLE_APPLICATION_STATUSES]))),
		// Detected and declared alike, open or confirmed: a dismissed conflict no longer forbids.
		executor
			.selectDistinct({ jurorId: juryConflicts.jurorId, applicationId: juryConflicts.applicationId })
			.from(juryConflicts)
			.innerJoin(jurors, eq(jurors.id, juryConflicts.jurorId))
			.where(and(eq(jurors.callId, call.id), inArray(juryConflicts.status, [...BLOCKING_CONFLICT_STATUSES]))),
		// Only the active jurors' assignments take part: a removed juror's sent evaluations stay, outside the run.
		executor
			.select({ id: juryAssignments.id, jurorId: juryAssignments.jurorId, applicationId: juryAssignments.applicationId, submittedAt: juryAssignments.submittedAt })
			.from(juryAssignments)
			.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
			.innerJoin(applications, eq(applications.id, juryAssignments.applicationId))
			.where(and(eq(jurors.callId, call.id), eq(jurors.status, 'active'), inArray(applications.status, [...ASSIGNABLE_APPLICATION_STATUSES]))),
	])
	const kind = call.requiredJurorKind as JurorKind | null
	return {
		seated,
		dossiers,
		existing,
		input: {
			jurors: seated.map((j) => ({ id: j.id, kind: j.kind, themeIds: j.themeIds, maxLoad: j.maxLoad })),
			applications: dossiers.map((d) => ({ id: d.id, themeIds: d.themeIds })),
			perApplication: call.jurorsPerApplication,
			forbidden: conflicts,
			existing: existing.map((e) => ({ jurorId: e.jurorId, applicationId: e.applicationId })),
			groupRule: kind ? { kind, atLeast: 1, label: JUROR_KIND_LABELS[kind] } : null,
		},
	}
}

const pairKey = (p: Pair) => `${p.jurorId}\u0000${p.applicationId}`

/** The plan as the page shows it: names and titles, and which removed pairs stay because their evaluation is sent. */
function describePlan(read: Awaited<ReturnType<typeof readPlanInput>>, plan: AssignmentPlan, call: Call) {
	const names = new Map(read.seated.map((j) => [j.id, j.name]))
	const titles = new Map(read.dossiers.map((d) => [d.id, d.title]))
	const sent = new Set(read.existing.filter((e) => e.submittedAt).map(pairKey))
	const kinds = new Map(read.seated.map((j) => [j.id, j.kind]))
	return {
		perApplication: call.jurorsPerApplication,
		requiredJurorKind: call.requiredJurorKind,
		applications: read.dossiers.length,
		newCount: plan.assignments.filter((a) => a.status === 'new').length,
		keptCount: plan.assignments.filter((a) => a.status === 'kept').length,
		loads: plan.loads
			.map((l) => ({ ...l, name: names.get(l.jurorId) ?? '', kind: kinds.get(l.jurorId)! }))
			.sort((a, b) => a.name.localeCompare(b.name, 'fr') || (a.jurorId < b.jurorId ? -1 : 1)),
		short: plan.short.map((s) => ({ ...s, title: titles.get(s.applicationId) ?? '' })).sort((a, b) => a.title.localeCompare(b.title, 'fr')),
		groupShort: plan.groupShort.map((s) => ({ ...s, title: titles.get(s.applicationId) ?? '' })).sort((a, b) => a.title.localeCompare(b.title, 'fr')),
		removed: plan.removed.map((r) => ({ ...r, jurorName: names.get(r.jurorId) ?? '', title: titles.get(r.applicationId) ?? '', kept: sent.has(pairKey(r)) })),
		/** The lists' full lengths: the page may show only their beginning. */
		counts: { short: plan.short.length, groupShort: plan.groupShort.length, removed: plan.removed.length },
		solverMs: plan.solver.ms,
	}
}
export type AssignmentPreview = ReturnType<typeof describePlan>

/** What « Appliquer » would do, nothing written. Only while the call is at the jury. */
export async function previewAssignment(input: { user: Actor; callId: string }): Promise<{ ok: true; preview: AssignmentPreview } | AssignmentRefusal> {
	const user = await policyUserOf(db, input.user)
	const { call } = await requireCallForStaff(db, user, input.callId)
	if (call.status !== 'jury') return { ok: false, message: NOT_AT_JURY }
	const read = await readPlanInput(db, call)
	return { ok: true, preview: describePlan(read, await planAssignment(read.input), call) }
}

/** One email per juror listing the dossiers just given to them, the jury's end and the link to their space. */
async function notifyJurors(tx: Executor, call: Call, funderName: string, pairs: Pair[]) {
	if (pairs.length === 0) return 0
	const jurorIds = [...new Set(pairs.map((p) => p.jurorId))]
	const [people, dossiers] = await Promise.all([
		tx.select({ id: jurors.id, name: users.displayName, email: users.email }).from(jurors).innerJoin(users, eq(users.id, jurors.userId)).where(inArray(jurors.id, jurorIds)),
		tx.select({ id: applications.id, title: applications.title }).from(applications).where(inArray(applications.id, [...new Set(pairs.map((p) => p.applicationId))])),
	])
	const titles = new Map(dossiers.map((d) => [d.id, d.title]))
	const juryEndsOn = call.juryEndsOn ? formatDate(call.juryEndsOn) : null
	for (const person of people.sort((a, b) => (a.email < b.email ? -1 : 1))) {
		const mine = pairs
			.filter((p) => p.jurorId === person.id)
			.map((p) => titles.get(p.applicationId) ?? '')
			.sort((a, b) => a.localeCompare(b, 'fr'))
		await enqueueEmail(tx, {
			to: person.email,
			template: 'jury-assignment',
			data: { displayName: person.name, callTitle: call.title, funderName, titles: mine, juryEndsOn, url: `${appUrl()}/jury` },
		})
	}
	return people.length
}

async function insertAssignments(tx: Executor, pairs: Pair[], source: 'automatic' | 'manual', now: Date) {
	const ids: string[] = []
	for (let i = 0; i < pairs.length; i += INSERT_CHUNK) {
		const rows = await tx
			.insert(juryAssignments)
			.values(pairs.slice(i, i + INSERT_CHUNK).map((p) => ({ jurorId: p.jurorId, applicationId: p.applicationId, source, notifiedAt: now })))
			.returning({ id: juryAssignments.id })
		ids.push(...rows.map((r) => r.id))
	}
	return ids
}

/**
 * Runs the solver again inside one transaction under the call's row lock and applies it:
 * new pairs inserted (source automatic), the pairs the plan drops deleted unless their
 * evaluation is sent (kept, and said so), one audit event with the pairs, one email per
 * juror with new dossiers. `expected`: the settings the staff previewed with.
 */
export async function applyAssignment(input: {
	user: Actor
	callId: string
	expected?: { jurorsPerApplication: number; requiredJurorKind: string | null }
	now?: Date
}): Promise<{ ok: true; added: number; removed: number; emails: number } | AssignmentRefusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const user = await policyUserOf(tx, input.user)
		const { call, funderName } = await requireCallForStaff(tx, user, input.callId, 'update')
		if (call.status !== 'jury') return { ok: false as const, message: NOT_AT_JURY }
		if (input.expected && (input.expected.jurorsPerApplication !== call.jurorsPerApplication || (input.expected.requiredJurorKind ?? null) !== call.requiredJurorKind)) {
			return { ok: false as const, message: 'Les réglages du jury ont changé depuis l’aperçu : prévisualisez de nouveau avant d’appliquer.' }
		}
		const read = await readPlanInput(tx, call)
		const plan = await planAssignment(read.input)
		const added = plan.assignments.filter((a) => a.status === 'new').map((a) => ({ jurorId: a.jurorId, applicationId: a.applicationId }))
		const byPair = new Map(read.existing.map((e) => [pairKey(e), e]))
		const dropped = plan.removed.map((r) => ({ ...r, row: byPair.get(pairKey(r)) })).filter((r) => r.row && !r.row.submittedAt)
		if (dropped.length > 0) await tx.delete(juryAssignments).where(inArray(juryAssignments.id, dropped.map((r) => r.row!.id)))
		await insertAssignments(tx, added, 'automatic', now)
		const emails = await notifyJurors(tx, call, funderName, added)
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'jury.assignment_applied',
			subjectType: 'call',
			subjectId: call.id,
			data: {
				perApplication: call.jurorsPerApplication,
				requiredJurorKind: call.requiredJurorKind,
				added,
				removed: dropped.map((r) => ({ jurorId: r.jurorId, applicationId: r.applicationId, reason: r.reason })),
				kept: plan.assignments.length - added.length,
				short: plan.short.length,
				emails,
				solver: plan.solver,
			},
		})
		return { ok: true as const, added: added.length, removed: dropped.length, emails }
	})
}

/**
 * A juror leaves the jury (removed by staff, or declining): their assignments whose
 * evaluation is not sent are deleted so that a re-run fills the gap; sent ones stay.
 * In the caller's transaction; returns the dossiers released.
 */
export async function releaseUnsentAssignments(tx: Executor, jurorId: string) {
	return tx
		.delete(juryAssignments)
		.where(and(eq(juryAssignments.jurorId, jurorId), isNull(juryAssignments.submittedAt)))
		.returning({ id: juryAssignments.id, applicationId: juryAssignments.applicationId })
}

/** The call, locked, at the jury stage; or the refusal. */
async function callAtJury(tx: Executor, actor: Actor, callId: string) {
	const user = await policyUserOf(tx, actor)
	const { call, funderName } = await requireCallForStaff(tx, user, callId, 'update')
	return { user, call, funderName, refusal: call.status === 'jury' ? null : ({ ok: false, message: NOT_AT_JURY } as const) }
}

/** Can this juror take this dossier? The juror seated, the dossier at this jury, no blocking conflict, not already there, below the maximum. */
async function checkPair(tx: Executor, call: Call, jurorId: string, applicationId: string) {
	const [juror] = await tx
		.select({ id: jurors.id, status: jurors.status, maxLoad: jurors.maxLoad, name: users.displayName })
		.from(jurors)
		.innerJoin(users, eq(users.id, jurors.userId))
		.where(and(eq(jurors.id, jurorId), eq(jurors.callId, call.id)))
		.for('update', { of: jurors })
	if (!juror) return { ok: false as const, message: 'Ce juré ne siège pas au jury de cet appel.' }
	if (juror.status !== 'active') return { ok: false as const, message: `${juror.name} ne siège pas (ou plus) au jury : seul un membre du jury reçoit des dossiers.` }
	const [dossier] = await tx
		.select({ id: applications.id, title: applications.title, status: applications.status })
		.from(applications)
		.where(and(eq(applications.id, applicationId), eq(applications.callId, call.id)))
	if (!dossier || !(ASSIGNABLE_APPLICATION_STATUSES as readonly string[]).includes(dossier.status)) {
		return { ok: false as const, message: 'Ce dossier n’est pas soumis au jury de cet appel.' }
	}
	const [conflict] = await tx
		.select({ cause: juryConflicts.cause })
		.from(juryConflicts)
		.where(and(eq(juryConflicts.jurorId, juror.id), eq(juryConflicts.applicationId, dossier.id), inArray(juryConflicts.status, [...BLOCKING_CONFLICT_STATUSES])))
		.limit(1)
	if (conflict) {
		return {
			ok: false as const,
			message: `${juror.name} est en conflit d’intérêts avec « ${dossier.title} » (${CONFLICT_CAUSE_LABELS[conflict.cause].toLowerCase()}) : ce dossier ne peut pas lui être confié.`,
		}
	}
	const [{ load, here } = { load: 0, here: 0 }] = await tx
		.select({ load: count(), here: sql<number>`count(*) filter (where ${juryAssignments.applicationId} = ${dossier.id})::int` })
		.from(juryAssignments)
		.where(eq(juryAssignments.jurorId, juror.id))
	if (Number(here) > 0) return { ok: false as const, message: `« ${dossier.title} » est déjà confié à ${juror.name}.` }
	if (juror.maxLoad !== null && load >= juror.maxLoad) {
		return { ok: false as const, message: `${juror.name} est à son maximum (${juror.maxLoad} dossier${juror.maxLoad > 1 ? 's' : ''}) : retirez-lui d’abord un dossier ou relevez sa charge maximale.` }
	}
	return { ok: true as const, juror, dossier }
}

/** Staff give one dossier to one juror by hand; the juror is emailed. */
export async function addAssignment(input: { user: Actor; callId: string; jurorId: string; applicationId: string; now?: Date }): Promise<{ ok: true; assignmentId: string } | AssignmentRefusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const { user, call, funderName, refusal } = await callAtJury(tx, input.user, input.callId)
		if (refusal) return refusal
		const checked = await checkPair(tx, call, input.jurorId, input.applicationId)
		if (!checked.ok) return checked
		const pair = { jurorId: checked.juror.id, applicationId: checked.dossier.id }
		const [assignmentId] = await insertAssignments(tx, [pair], 'manual', now)
		await notifyJurors(tx, call, funderName, [pair])
		await recordAudit(tx, { actorUserId: user.id, action: 'jury.assignment_added', subjectType: 'call', subjectId: call.id, data: { assignmentId, ...pair } })
		return { ok: true as const, assignmentId: assignmentId! }
	})
}

/** One of this call's assignments, locked, with whether its evaluation is sent. */
async function assignmentOfCall(tx: Executor, call: Call, assignmentId: string) {
	const [row] = await tx
		.select({ id: juryAssignments.id, jurorId: juryAssignments.jurorId, applicationId: juryAssignments.applicationId, submittedAt: juryAssignments.submittedAt })
		.from(juryAssignments)
		.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
		.where(and(eq(juryAssignments.id, assignmentId), eq(jurors.callId, call.id)))
		.for('update', { of: juryAssignments })
	return row ?? null
}

const GONE = 'Cette affectation n’existe plus (quelqu’un l’a peut-être déjà changée) : rechargez la page.'
const SENT = 'L’évaluation de ce dossier est déjà envoyée : rouvrez-la d’abord depuis la page de l’évaluation, avec un motif.'

/** Staff take one dossier back from a juror; refused once the evaluation is sent. */
export async function removeAssignment(input: { user: Actor; callId: string; assignmentId: string }): Promise<{ ok: true } | AssignmentRefusal> {
	return db.transaction(async (tx) => {
		const { user, call, refusal } = await callAtJury(tx, input.user, input.callId)
		if (refusal) return refusal
		const row = await assignmentOfCall(tx, call, input.assignmentId)
		if (!row) return { ok: false as const, message: GONE }
		if (row.submittedAt) return { ok: false as const, message: SENT }
		await tx.delete(juryAssignments).where(eq(juryAssignments.id, row.id))
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'jury.assignment_removed',
			subjectType: 'call',
			subjectId: call.id,
			data: { assignmentId: row.id, jurorId: row.jurorId, applicationId: row.applicationId },
		})
		return { ok: true as const }
	})
}

/** Staff move one dossier from a juror to another (reassign); the new juror is emailed. */
export async function moveAssignment(input: { user: Actor; callId: string; assignmentId: string; toJurorId: string; now?: Date }): Promise<{ ok: true; assignmentId: string } | AssignmentRefusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const { user, call, funderName, refusal } = await callAtJury(tx, input.user, input.callId)
		if (refusal) return refusal
		const row = await assignmentOfCall(tx, call, input.assignmentId)
		if (!row) return { ok: false as const, message: GONE }
		if (row.submittedAt) return { ok: false as const, message: SENT }
		if (row.jurorId === input.toJurorId) return { ok: false as const, message: 'Ce dossier est déjà confié à ce juré : choisissez un autre juré.' }
		const checked = await checkPair(tx, call, input.toJurorId, row.applicationId)
		if (!checked.ok) return checked
		await tx.delete(juryAssignments).where(eq(juryAssignments.id, row.id))
		const pair = { jurorId: checked.juror.id, applicationId: row.applicationId }
		const [assignmentId] = await insertAssignments(tx, [pair], 'manual', now)
		await notifyJurors(tx, call, funderName, [pair])
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'jury.assignment_moved',
			subjectType: 'call',
			subjectId: call.id,
			data: { applicationId: row.applicationId, fromJurorId: row.jurorId, toJurorId: pair.jurorId, fromAssignmentId: row.id, assignmentId },
		})
		return { ok: true as const, assignmentId: assignmentId! }
	})
}

const SettingsInput = JurySettingsSchema.omit({ intent: true })

/**
 * The jury's settings on the call: jurors per dossier, the « at least one juror of this
 * kind » rule, the blind rule. On the call's version (the call's own fields share it):
 * a save on an older version is refused and writes nothing.
 */
export async function updateJurySettings(input: { user: Actor; callId: string; settings: JurySettingsInput }): Promise<{ ok: true } | (AssignmentRefusal & { field?: string })> {
	const parsed = SettingsInput.safeParse(input.settings)
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!
		return { ok: false, message: issue.message, field: String(issue.path[0] ?? '') }
	}
	const settings = parsed.data
	return db.transaction(async (tx) => {
		const user = await policyUserOf(tx, input.user)
		const { call } = await requireCallForStaff(tx, user, input.callId, 'update')
		if (!isComposable(call.status)) return { ok: false as const, message: 'La délibération a commencé : les réglages du jury ne changent plus.' }
		if (call.version !== settings.version) {
			return {
				ok: false as const,
				message: 'Quelqu’un a modifié cet appel pendant que vous régliez le jury. Rien n’a été écrasé : rechargez la page, puis enregistrez de nouveau.',
			}
		}
		const columns = {
			jurorsPerApplication: settings.jurorsPerApplication,
			requiredJurorKind: settings.requiredJurorKind,
			juryScoresVisibility: settings.juryScoresVisibility,
		}
		await tx
			.update(calls)
			.set({ ...columns, version: settings.version + 1 })
			.where(and(eq(calls.id, call.id), eq(calls.version, settings.version)))
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'call.jury_settings_updated',
			subjectType: 'call',
			subjectId: call.id,
			data: { version: settings.version + 1, ...columns },
		})
		return { ok: true as const }
	})
}
