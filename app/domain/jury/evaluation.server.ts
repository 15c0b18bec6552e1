/**
 * A juror's evaluations (issue 8, "Scoring"; the pure rules are in evaluation.ts; the
 * juror's space /jury is juror-space.server.ts):
 * - one dossier read in the shared read model with the grid beside it, and the other
 *   jurors' scores when the call's blind rule allows;
 * - save (version-checked, as the juror goes) and send (every criterion scored), each one
 *   transaction; a sent evaluation is locked until the funder's staff reopen it with a
 *   reason (audited, the juror is emailed).
 *
 * The dossier is loaded WITH the policy's juror clause in the WHERE (jurorApplicationsWhere:
 * an active seat, the dossier assigned, no conflict open or confirmed), then `can(…, 'review')`
 * decides: anything else is a 404, never a hint that the dossier exists.
 *
 * `saveEvaluation` and `sendEvaluation` take `{ id }` as well as a loaded user: the demo
 * seed calls them for its jurors.
 */
import { and, asc, eq, inArray, isNotNull, ne, not, sql, type Placeholder, type SQL } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import { can, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForStaff } from '#app/auth/policy/load.server.ts'
import {
	jurorApplicationsWhere,
	jurorApplicationsWhereByParameters,
	jurorDossierVisibility,
	jurorFactsByParameters,
	jurorFactsOf,
	jurorParameters,
	seatedJurorsWhere,
	seatedJurorsWhereByParameters,
} from '#app/auth/policy/visibility.server.ts'
import { dossierVersionColumn, findDossier, keptDossierAt } from '#app/domain/applications/read-model.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { getStorage } from '#app/services/storage.server.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { jsonRows, noRows } from '#db/json-rows.ts'
import { preparedOnce } from '#db/prepared.server.ts'
import { applications, attachments, calls, criteria, jurors, juryAssignments, juryConflicts, scores, users } from '#db/schema/index.ts'
import { BLOCKING_CONFLICT_STATUSES } from './conflicts.ts'
import {
	checkScores,
	EVALUATION_MESSAGES,
	isScoringOpen,
	progressOf,
	seesOthersScores,
	weightedScore,
	type EvaluationInput,
	type EvaluationProblem,
} from './evaluation.ts'

type Actor = { id: string } | PolicyUser

export const DOSSIER_NOT_VISIBLE = 'Ce dossier n’existe pas ou ne vous est pas confié.'
export const ASSIGNMENT_NOT_VISIBLE = 'Cette évaluation n’existe pas ou ne relève pas de votre financeur.'

export type EvaluationRefusal = {
	ok: false
	kind: 'stale' | 'locked' | 'closed' | 'invalid' | 'incomplete'
	message: string
	problems: EvaluationProblem[]
	/** The version the form sends next: the draft saved ('incomplete'), or the one saved elsewhere ('stale'). */
	version?: number
}

// The grid's columns and order, defined once: read alone (criteriaOf, gridWithScores) or nested in the scoring page's statement.
const criterionColumns = { id: criteria.id, label: criteria.label, description: criteria.description, weight: criteria.weight, scaleMax: criteria.scaleMax }
const gridOrder = [asc(criteria.position), asc(criteria.id)]

const criteriaOf = (executor: Executor, callId: string) => executor.select(criterionColumns).from(criteria).where(eq(criteria.callId, callId)).orderBy(...gridOrder)

/** The call's grid with one assignment's scores and comments beside each criterion (one statement). */
const gridWithScores = (executor: Executor, callId: string, assignmentId: string) =>
	executor
		.select({ ...criterionColumns, value: scores.value, comment: sql<string>`coalesce(${scores.comment}, '')` })
		.from(criteria)
		.leftJoin(scores, and(eq(scores.criterionId, criteria.id), eq(scores.assignmentId, assignmentId)))
		.where(eq(criteria.callId, callId))
		.orderBy(...gridOrder)

const scoresOf = (executor: Executor, assignmentIds: string[]) =>
	assignmentIds.length === 0
		? Promise.resolve([])
		: executor
				.select({ assignmentId: scores.assignmentId, criterionId: scores.criterionId, value: scores.value, comment: scores.comment })
				.from(scores)
				.where(inArray(scores.assignmentId, assignmentIds))

// ---------------------------------------------------------------------------------------
// One dossier and its evaluation, for the juror.

/** The call's grid with this assignment's score and comment beside each criterion, nested in the page's statement. */
const gridOfAssignment = jsonRows({
	columns: criterionColumns,
	leftJoined: { value: scores.value, comment: scores.comment },
	from: sql`from ${criteria} left join ${scores} on ${scores.criterionId} = ${criteria.id} and ${scores.assignmentId} = ${juryAssignments.id} where ${criteria.callId} = ${calls.id}`,
	orderBy: sql.join(gridOrder, sql`, `),
})

/** The juror's assignment with the facts the policy decides on, read in the same statement. */
function ownAssignmentQuery(
	executor: Executor,
	where: { applicationId: string | Placeholder; callId: string | Placeholder; facts: ReturnType<typeof jurorFactsOf>; seat: SQL; visible: SQL; lock: boolean; withGrid: boolean },
) {
	const query = executor
		.select({
			// The grid for the page; a save checks the scores against criteriaOf, under its lock.
			grid: where.withGrid ? gridOfAssignment : noRows<(typeof gridOfAssignment)['_']['type'][number]>(),
			assigned: sql<boolean>`${where.facts.assigned}`,
			inConflict: sql<boolean>`${where.facts.inConflict}`,
			assignment: juryAssignments,
			callTitle: calls.title,
			callStatus: calls.status,
			visibility: calls.juryScoresVisibility,
			juryEndsOn: calls.juryEndsOn,
			applicationStatus: applications.status,
			applicationTitle: applications.title,
			// For the page: the version of the dossier beside the grid, to serve it as kept (keptDossierAt).
			dossierVersion: where.withGrid ? dossierVersionColumn : sql<string | null>`null`,
		})
		.from(juryAssignments)
		.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
		.innerJoin(applications, eq(applications.id, juryAssignments.applicationId))
		.innerJoin(calls, eq(calls.id, applications.callId))
		.where(and(eq(juryAssignments.applicationId, where.applicationId), eq(applications.callId, where.callId), eq(jurors.callId, where.callId), where.seat, where.visible))
		.$dynamic()
	return where.lock ? query.for('update', { of: juryAssignments }) : query
}

const ownAssignmentStatement = () =>
	preparedOnce('own_assignment', (connection) =>
		ownAssignmentQuery(connection, {
			applicationId: sql.placeholder('applicationId'),
			callId: sql.placeholder('callId'),
			facts: jurorFactsByParameters(),
			seat: seatedJurorsWhereByParameters(),
			visible: jurorApplicationsWhereByParameters(),
			lock: false,
			withGrid: true,
		}).prepare('own_assignment'),
	)

/** The juror's own assignment to the dossier (their seat on this call), with the call's jury settings; optionally locked. */
async function ownAssignment(executor: Executor, user: PolicyUser, callId: string, applicationId: string, lock = false) {
	// A page's read, outside a transaction: the statement built once, the person as parameters (db/prepared.server.ts).
	const row =
		executor === db && !lock
			? (await ownAssignmentStatement().execute({ applicationId, callId, ...jurorParameters(user) }))[0]
			: (await ownAssignmentQuery(executor, { applicationId, callId, facts: jurorFactsOf(user), seat: seatedJurorsWhere(user), visible: jurorApplicationsWhere(user), lock, withGrid: false }))[0]
	if (!row) notFound(DOSSIER_NOT_VISIBLE)
	// The policy decides on the facts it reads (the assignment, a conflict): 404 when refused.
	const decision = can(user, 'review', {
		kind: 'application',
		status: row.applicationStatus,
		callId,
		jurorAssignment: row.assigned ? { inConflict: row.inConflict } : null,
	})
	if (!decision.allowed) notFound(DOSSIER_NOT_VISIBLE)
	return row
}

const othersQuery = (executor: Executor) => {
	const applicationId = sql.placeholder('applicationId')
	return executor
		.select({
			id: juryAssignments.id,
			generalOpinion: juryAssignments.generalOpinion,
			criterionId: scores.criterionId,
			value: scores.value,
			comment: scores.comment,
		})
		.from(juryAssignments)
		.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
		.leftJoin(scores, eq(scores.assignmentId, juryAssignments.id))
		.where(
			and(
				eq(juryAssignments.applicationId, applicationId),
				ne(juryAssignments.id, sql.placeholder('ownAssignmentId')),
				isNotNull(juryAssignments.submittedAt),
				eq(jurors.status, 'active'),
				not(
					sql`exists (select 1 from ${juryConflicts} where ${juryConflicts.jurorId} = ${jurors.id} and ${juryConflicts.applicationId} = ${applicationId} and ${inArray(juryConflicts.status, BLOCKING_CONFLICT_STATUSES)})`,
				),
			),
		)
		.orderBy(asc(juryAssignments.submittedAt), asc(juryAssignments.id))
}

/**
 * The other jurors' sent evaluations of the dossier, anonymous, when the blind rule lets
 * this juror see them. A juror kept away by a conflict never reaches this (404 before), and
 * the evaluations of jurors in conflict with the dossier are left out.
 */
async function othersOf(applicationId: string, ownAssignmentId: string) {
	// One statement (built once): a row per (evaluation, score).
	const rows = await preparedOnce('others_evaluations', (connection) => othersQuery(connection).prepare('others_evaluations')).execute({ applicationId, ownAssignmentId })
	const evaluations = new Map<string, { generalOpinion: string; scores: { criterionId: string; value: number | null; comment: string }[] }>()
	for (const row of rows) {
		const evaluation = evaluations.get(row.id) ?? { generalOpinion: row.generalOpinion, scores: [] }
		if (row.criterionId) evaluation.scores.push({ criterionId: row.criterionId, value: row.value, comment: row.comment ?? '' })
		evaluations.set(row.id, evaluation)
	}
	return [...evaluations.values()].map((evaluation, index) => ({ label: `Juré·e ${index + 1}`, ...evaluation }))
}

/** The juror's access to the dossier's scoring page (404 otherwise): before a form is read. */
export async function requireJurorAssignment(input: { user: Actor; callId: string; applicationId: string }) {
	await ownAssignment(db, await policyUserOf(db, input.user), input.callId, input.applicationId)
}

/** The scoring page: the dossier (shared read model, no history), the grid with the juror's input, the others' scores per the blind rule. */
export async function getEvaluationForJuror(input: { user: Actor; callId: string; applicationId: string }) {
	const user = await policyUserOf(db, input.user)
	// The assignment comes with the grid, the juror's scores and the dossier's version (one
	// statement, which checks the juror may see the dossier). While the dossier kept from an
	// earlier read is at that version, the page needs no statement of the dossier's (decision
	// 044): on PGlite each statement goes through its one thread. Otherwise the dossier is read,
	// with the juror's visibility in its own WHERE.
	const viewer = { side: 'jury', callId: input.callId } as const
	const row = await ownAssignment(db, user, input.callId, input.applicationId)
	const dossier =
		keptDossierAt(input.applicationId, row.dossierVersion, viewer, { history: false }) ??
		(await findDossier(db, input.applicationId, jurorDossierVisibility(user, input.callId), viewer, { history: false }))
	if (!dossier) notFound(DOSSIER_NOT_VISIBLE)
	const rows = row.grid.map((criterion) => ({ ...criterion, comment: criterion.comment ?? '' }))
	const grid = rows.map(({ value: _value, comment: _comment, ...criterion }) => criterion)
	const sent = row.assignment.submittedAt !== null
	const showOthers = seesOthersScores(row.visibility, sent)
	const others = showOthers ? await othersOf(input.applicationId, row.assignment.id) : []
	return {
		call: { id: input.callId, title: row.callTitle, status: row.callStatus, juryEndsOn: row.juryEndsOn, visibility: row.visibility },
		details: dossier.details,
		detailsVersion: dossier.detailsVersion,
		evaluation: {
			version: row.assignment.version,
			progress: progressOf(row.assignment),
			editable: !sent && isScoringOpen(row.callStatus),
			submittedAt: row.assignment.submittedAt,
			reopenedAt: row.assignment.reopenedAt,
			reopenReason: row.assignment.reopenReason,
			generalOpinion: row.assignment.generalOpinion,
			scores: rows.map((r) => ({ criterionId: r.id, value: r.value, comment: r.comment })),
		},
		criteria: grid,
		others: showOthers
			? others.map((other) => ({ ...other, weighted: weightedScore(grid, new Map(other.scores.map((s) => [s.criterionId, s.value]))) }))
			: null,
	}
}

/** A file of a dossier, for its assigned juror (the same access as the page); 404 otherwise. */
export async function getAttachmentForJuror(input: { user: Actor; callId: string; applicationId: string; attachmentId: string }) {
	const user = await policyUserOf(db, input.user)
	await ownAssignment(db, user, input.callId, input.applicationId)
	const [row] = await db
		.select()
		.from(attachments)
		.where(and(eq(attachments.id, input.attachmentId), eq(attachments.applicationId, input.applicationId)))
	if (!row) notFound('Cette pièce jointe n’existe pas.')
	const stored = await getStorage().getStream(row.storageKey)
	if (!stored) notFound('Ce fichier n’est plus disponible.')
	return { filename: row.filename, contentType: row.contentType, ...stored }
}

// ---------------------------------------------------------------------------------------
// Save and send.

type SaveInput = { user: Actor; callId: string; applicationId: string; input: EvaluationInput; now?: Date }

/**
 * Writes the juror's input on their (locked) assignment after the checks every save shares:
 * the jury open, not sent, the version read, the scores on the call's grid. Nothing is
 * written when a check fails.
 */
async function writeDraft(tx: Executor, input: SaveInput) {
	const user = await policyUserOf(tx, input.user)
	const row = await ownAssignment(tx, user, input.callId, input.applicationId, true)
	const { assignment } = row
	const refuse = (kind: EvaluationRefusal['kind'], message: string, problems: EvaluationProblem[] = []) => ({ ok: false as const, kind, message, problems })
	if (assignment.submittedAt) return refuse('locked', EVALUATION_MESSAGES.locked)
	if (!isScoringOpen(row.callStatus)) return refuse('closed', EVALUATION_MESSAGES.closed)
	// The current version comes back with the refusal: saving again (deliberately, after the message) replaces the other save.
	if (assignment.version !== input.input.version) return { ...refuse('stale', EVALUATION_MESSAGES.stale), version: assignment.version }
	const grid = await criteriaOf(tx, input.callId)
	const problems = checkScores(grid, input.input, { complete: false })
	if (problems.length > 0) return refuse('invalid', problems.find((p) => p.field === null)?.message ?? 'Vérifiez les notes signalées ci-dessous.', problems)
	const now = input.now ?? new Date()
	if (input.input.scores.length > 0) {
		await tx
			.insert(scores)
			.values(input.input.scores.map((s) => ({ assignmentId: assignment.id, criterionId: s.criterionId, value: s.value, comment: s.comment.trim() })))
			.onConflictDoUpdate({
				target: [scores.assignmentId, scores.criterionId],
				set: { value: sql`excluded.value`, comment: sql`excluded.comment`, updatedAt: now },
			})
	}
	const [saved] = await tx
		.update(juryAssignments)
		.set({ generalOpinion: input.input.generalOpinion.trim(), version: assignment.version + 1, startedAt: assignment.startedAt ?? now, updatedAt: now })
		.where(and(eq(juryAssignments.id, assignment.id), eq(juryAssignments.version, assignment.version)))
		.returning({ version: juryAssignments.version })
	return { ok: true as const, user, row, grid, version: saved!.version }
}

/** Saves the juror's input as they go (autosave or « Enregistrer »): one transaction, refused on a stale version. */
export async function saveEvaluation(input: SaveInput): Promise<{ ok: true; version: number } | EvaluationRefusal> {
	return db.transaction(async (tx) => {
		const written = await writeDraft(tx, input)
		return written.ok ? { ok: true as const, version: written.version } : written
	})
}

/**
 * « Envoyer »: saves the input, then sends it if every criterion is scored (the evaluation
 * is then locked, audited). When a criterion is missing the draft stays saved and the
 * refusal names each criterion to score.
 */
export async function sendEvaluation(input: SaveInput): Promise<{ ok: true; version: number } | EvaluationRefusal> {
	return db.transaction(async (tx) => {
		const written = await writeDraft(tx, input)
		if (!written.ok) return written
		const { row, grid, user } = written
		const saved = await scoresOf(tx, [row.assignment.id])
		const scored = new Map(saved.map((s) => [s.criterionId, s.value]))
		const complete = { version: written.version, generalOpinion: input.input.generalOpinion, scores: grid.map((c) => ({ criterionId: c.id, value: scored.get(c.id) ?? null, comment: '' })) }
		const missing = checkScores(grid, complete, { complete: true })
		if (missing.length > 0) {
			// The problems are named by the form's rows: map each criterion back to the row the juror sent.
			const rowOf = new Map(input.input.scores.map((s, index) => [s.criterionId, index]))
			const problems = grid
				.filter((c) => scored.get(c.id) === null || scored.get(c.id) === undefined)
				.map((c) => ({ field: rowOf.has(c.id) ? `scores[${rowOf.get(c.id)}].value` : null, message: EVALUATION_MESSAGES.missing }))
			return { ok: false as const, kind: 'incomplete' as const, message: EVALUATION_MESSAGES.incomplete, problems, version: written.version }
		}
		const now = input.now ?? new Date()
		const weighted = weightedScore(grid, scored)
		await tx.update(juryAssignments).set({ submittedAt: now, weightedScore: weighted, updatedAt: now }).where(eq(juryAssignments.id, row.assignment.id))
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'jury.evaluation_sent',
			subjectType: 'jury_assignment',
			subjectId: row.assignment.id,
			data: {
				applicationId: input.applicationId,
				callId: input.callId,
				scores: Object.fromEntries(scored),
				weighted,
				reopenedBefore: row.assignment.reopenedAt !== null,
			},
		})
		return { ok: true as const, version: written.version }
	})
}

// ---------------------------------------------------------------------------------------
// The funder's staff: one juror's evaluation, and reopening it.

/** One assignment of a call the staff member's funder owns (the caller checked that with requireCallForStaff); 404 otherwise. */
async function staffAssignment(executor: Executor, callId: string, assignmentId: string, lock = false) {
	let query = executor
		.select({
			assignment: juryAssignments,
			jurorName: users.displayName,
			jurorEmail: users.email,
			applicationId: applications.id,
			applicationTitle: applications.title,
		})
		.from(juryAssignments)
		.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
		.innerJoin(users, eq(users.id, jurors.userId))
		.innerJoin(applications, eq(applications.id, juryAssignments.applicationId))
		.where(and(eq(juryAssignments.id, assignmentId), eq(jurors.callId, callId), eq(applications.callId, callId)))
		.$dynamic()
	if (lock) query = query.for('update', { of: juryAssignments })
	const [row] = await query
	if (!row) notFound(ASSIGNMENT_NOT_VISIBLE)
	return row
}

/** /gestion/appels/:id/jury/evaluations/:assignmentId: one juror's evaluation, for the call's funder staff (404 otherwise). */
export async function getEvaluationForStaff(input: { user: Actor; callId: string; assignmentId: string }) {
	const user = await policyUserOf(db, input.user)
	const { call } = await requireCallForStaff(db, user, input.callId)
	const row = await staffAssignment(db, call.id, input.assignmentId)
	const grid = await gridWithScores(db, call.id, row.assignment.id)
	const values = new Map(grid.map((c) => [c.id, c.value]))
	return {
		call: { id: call.id, title: call.title, status: call.status },
		juror: { name: row.jurorName, email: row.jurorEmail },
		application: { id: row.applicationId, title: row.applicationTitle },
		evaluation: {
			id: row.assignment.id,
			progress: progressOf(row.assignment),
			startedAt: row.assignment.startedAt,
			submittedAt: row.assignment.submittedAt,
			reopenedAt: row.assignment.reopenedAt,
			reopenReason: row.assignment.reopenReason,
			generalOpinion: row.assignment.generalOpinion,
			weighted: weightedScore(grid, values),
		},
		criteria: grid,
		canReopen: row.assignment.submittedAt !== null && isScoringOpen(call.status),
	}
}

/**
 * The funder's staff reopen a sent evaluation with a reason: unlocked for the juror, the
 * reason kept on the assignment and in the audit event, the juror emailed. One transaction.
 */
export async function reopenEvaluation(input: {
	user: Actor
	callId: string
	assignmentId: string
	reason: string
	now?: Date
}): Promise<{ ok: true } | { ok: false; message: string; field?: 'reason' }> {
	const reason = input.reason.trim()
	if (!reason) return { ok: false, field: 'reason', message: EVALUATION_MESSAGES.reopenReason }
	return db.transaction(async (tx) => {
		const user = await policyUserOf(tx, input.user)
		// A share lock: the call does not leave the jury while the evaluation is reopened.
		const { call } = await requireCallForStaff(tx, user, input.callId, 'share')
		const row = await staffAssignment(tx, call.id, input.assignmentId, true)
		if (!row.assignment.submittedAt) return { ok: false as const, message: EVALUATION_MESSAGES.notSent }
		if (!isScoringOpen(call.status)) return { ok: false as const, message: EVALUATION_MESSAGES.closed }
		const now = input.now ?? new Date()
		await tx
			.update(juryAssignments)
			.set({ submittedAt: null, weightedScore: null, reopenedAt: now, reopenReason: reason, version: row.assignment.version + 1, updatedAt: now })
			.where(eq(juryAssignments.id, row.assignment.id))
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'jury.evaluation_reopened',
			subjectType: 'jury_assignment',
			subjectId: row.assignment.id,
			data: { applicationId: row.applicationId, callId: call.id, reason, sentAt: row.assignment.submittedAt.toISOString() },
		})
		await enqueueEmail(tx, {
			to: row.jurorEmail,
			template: 'jury-evaluation-reopened',
			data: {
				displayName: row.jurorName,
				callTitle: call.title,
				applicationTitle: row.applicationTitle,
				reason,
				url: `${appUrl()}/jury/appels/${call.id}/dossiers/${row.applicationId}`,
			},
		})
		return { ok: true as const }
	})
}
