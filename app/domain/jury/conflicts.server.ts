/**
 * Conflicts of interest of a call's jury (DESIGN.md, "Jury"; the pure part is conflicts.ts).
 *
 * Detected from the organisations, in one statement for the whole call (not a query per
 * juror and dossier), for the jurors invited or seated and the recevable dossiers:
 * - member_of_consortium: the juror's user is a member (any role) of an association of the
 *   consortium (the lead, or a partner invited or confirmed);
 * - recent_partnership: an association the juror belongs to co-carried another application
 *   (any call, submitted, created within the last 3 years; lead or confirmed partner) with
 *   one of the consortium's associations.
 * - accompanied_by_juror_structure: the juror is a member (staff) of the supporter structure
 *   the consortium named as its accompanying structure (applications.supporter_organization_id).
 *
 * Re-detection keeps every decision taken: a row found again keeps its status and reason
 * (only its detail is refreshed); a detected row still open that is no longer found is
 * removed; a decided one (confirmed or dismissed) is never deleted, for the record; a
 * declared one is never touched. It runs when a seat is taken and, through
 * redetectConflictsFor, when a consortium or a juror's memberships change.
 */
import { and, asc, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { can, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { seatedJurorsWhere } from '#app/auth/policy/visibility.server.ts'
import { notFound } from '#app/auth/permissions.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { rowsOf } from '#db/raw-rows.ts'
import { applications, calls, jurors, juryConflicts, users } from '#db/schema/index.ts'
import { DECLARED_TYPES, JURY_APPLICATION_STATUSES, RECENT_PARTNERSHIP_YEARS, type ConflictDecision, type DeclaredType } from './conflicts.ts'

type Actor = { id: string } | PolicyUser

const SUPPORTER_DETAIL = ', structure d’accompagnement nommée par le consortium'

const JURY_STATUSES = sql.join(
	JURY_APPLICATION_STATUSES.map((status) => sql`${status}`),
	sql`, `,
)

/**
 * Finds the call's conflicts from the organisations and records them (see above). Runs in
 * the caller's transaction; one audit event for the call when anything changed.
 * Returns how many conflicts were found and how many open ones no longer hold.
 */
export async function detectConflicts(
	tx: Executor,
	callId: string,
	options: { actorUserId?: string | null; now?: Date } = {},
): Promise<{ found: number; removed: number }> {
	const now = options.now ?? new Date()
	// An ISO string, cast: postgres.js does not bind a Date in a raw statement.
	const since = new Date(now)
	since.setUTCFullYear(since.getUTCFullYear() - RECENT_PARTNERSHIP_YEARS)
	const result = await tx.execute(sql`
		with consortium as (
			select am.application_id, am.organization_id
			from application_members am
			join applications a on a.id = am.application_id
			where a.call_id = ${callId}
				and a.status in (${JURY_STATUSES})
				and am.organization_id is not null
				and (am.role = 'lead' or am.status in ('invited', 'confirmed'))
		),
		seats as (
			select j.id as juror_id, j.user_id
			from jurors j
			where j.call_id = ${callId} and j.status in ('invited', 'active')
		),
		found as (
			select s.juror_id, c.application_id, 'member_of_consortium'::jury_conflict_cause as cause,
				string_agg(distinct o.name, ', ') as detail
			from seats s
			join memberships m on m.user_id = s.user_id
			join consortium c on c.organization_id = m.organization_id
			join organizations o on o.id = c.organization_id
			group by s.juror_id, c.application_id
			union all
			select s.juror_id, c.application_id, 'recent_partnership'::jury_conflict_cause as cause,
				string_agg(distinct jo.name || ' avec ' || co.name || ' (« ' || p.title || ' »)', ', ') as detail
			from seats s
			join memberships m on m.user_id = s.user_id
			join organizations jo on jo.id = m.organization_id and jo.kind = 'association'
			join application_members pm on pm.organization_id = m.organization_id and (pm.role = 'lead' or pm.status = 'confirmed')
			join applications p on p.id = pm.application_id and p.submitted_at is not null and p.created_at >= ${since.toISOString()}::timestamptz
			join application_members partner on partner.application_id = p.id
				and (partner.role = 'lead' or partner.status = 'confirmed')
				and partner.organization_id <> m.organization_id
			join consortium c on c.organization_id = partner.organization_id and c.application_id <> p.id
			join organizations co on co.id = c.organization_id
			group by s.juror_id, c.application_id
			union all
			select s.juror_id, a.id as application_id, 'accompanied_by_juror_structure'::jury_conflict_cause as cause,
				string_agg(distinct o.name || ${SUPPORTER_DETAIL}::text, ', ') as detail
			from seats s
			join memberships m on m.user_id = s.user_id
			join applications a on a.supporter_organization_id = m.organization_id
				and a.call_id = ${callId} and a.status in (${JURY_STATUSES})
			join organizations o on o.id = a.supporter_organization_id
			group by s.juror_id, a.id
		),
		upserted as (
			insert into jury_conflicts (id, juror_id, application_id, source, cause, detail)
			select gen_random_uuid()::text, f.juror_id, f.application_id, 'detected', f.cause, f.detail from found f
			on conflict (juror_id, application_id, cause) do update set detail = excluded.detail, updated_at = now()
			returning 1
		),
		removed as (
			delete from jury_conflicts jc
			using jurors j
			where j.id = jc.juror_id and j.call_id = ${callId}
				and jc.source = 'detected' and jc.status = 'open'
				and not exists (
					select 1 from found f
					where f.juror_id = jc.juror_id and f.application_id = jc.application_id and f.cause = jc.cause
				)
			returning 1
		)
		select (select count(*) from upserted)::int as found, (select count(*) from removed)::int as removed
	`)
	const [counts] = rowsOf<{ found: number | string; removed: number | string }>(result)
	const outcome = { found: Number(counts?.found ?? 0), removed: Number(counts?.removed ?? 0) }
	if (outcome.found > 0 || outcome.removed > 0) {
		await recordAudit(tx, { actorUserId: options.actorUserId ?? null, action: 'jury.conflicts_detected', subjectType: 'call', subjectId: callId, data: outcome })
	}
	return outcome
}

/** The calls whose conflicts may change while their jury sits or deliberates. */
const REDETECTED_CALL_STATUSES = sql`('jury', 'deliberation')`

/** `column in (…values)`, or false for none (an empty IN list is not SQL). */
function within(column: SQL, values: readonly string[]): SQL {
	return values.length === 0 ? sql`false` : sql`${column} in (${sql.join(values.map((value) => sql`${value}`), sql`, `)})`
}

/**
 * Re-detects the conflicts of the calls in jury or deliberation these changes concern, in
 * the caller's transaction (the one that made the change):
 * - applicationIds: a consortium changed (a partner confirmed, joined, declined, withdrew,
 *   was removed) or its accompanying structure did; its associations and structure count
 *   as changed organisations too (a new co-carrying is a partnership elsewhere);
 * - organizationIds: the consortiums or juror memberships of these organisations changed;
 * - userIds: these people's memberships changed (joined or left an association or a
 *   supporter's staff).
 * A call is concerned when one of its dossiers names or includes such an organisation, or
 * one of its jurors (invited or seated) is such a person or belongs to such an
 * organisation. One statement to find them, then one detection per call (see above: open
 * conflicts that no longer hold go, decided and declared ones stay).
 */
export async function redetectConflictsFor(
	tx: Executor,
	changed: { organizationIds?: readonly (string | null)[]; userIds?: readonly string[]; applicationIds?: readonly string[] },
	options: { actorUserId?: string | null; now?: Date } = {},
): Promise<string[]> {
	const organizationIds = [...new Set((changed.organizationIds ?? []).filter((id): id is string => !!id))]
	const userIds = [...new Set(changed.userIds ?? [])]
	const applicationIds = [...new Set(changed.applicationIds ?? [])]
	if (organizationIds.length + userIds.length + applicationIds.length === 0) return []
	const result = await tx.execute(sql`
		with changed_organizations as (
			select o.id from organizations o where ${within(sql`o.id`, organizationIds)}
			union
			select am.organization_id from application_members am where ${within(sql`am.application_id`, applicationIds)} and am.organization_id is not null
			union
			select a.supporter_organization_id from applications a where ${within(sql`a.id`, applicationIds)} and a.supporter_organization_id is not null
		)
		select c.id from calls c
		where c.status in ${REDETECTED_CALL_STATUSES} and (
			exists (
				select 1 from applications a
				where a.call_id = c.id and (
					${within(sql`a.id`, applicationIds)}
					or a.supporter_organization_id in (select id from changed_organizations)
					or exists (select 1 from application_members am where am.application_id = a.id and am.organization_id in (select id from changed_organizations))
				)
			)
			or exists (
				select 1 from jurors j
				where j.call_id = c.id and j.status in ('invited', 'active') and (
					${within(sql`j.user_id`, userIds)}
					or exists (select 1 from memberships m where m.user_id = j.user_id and m.organization_id in (select id from changed_organizations))
				)
			)
		)
		order by c.id
	`)
	const callIds = rowsOf<{ id: string }>(result).map((row) => row.id)
	for (const callId of callIds) await detectConflicts(tx, callId, options)
	return callIds
}

/**
 * The conflicts of interest of the calls `callIds` selects, as the staff's jury page, the
 * chair's space and the minutes list them (one statement): juror, dossier, cause, status, and
 * what the policy decides on (the call's funder, the juror's user).
 */
export function listConflicts(callIds: SQLWrapper | string[], executor: Executor = db) {
	return executor
		.select({
			id: juryConflicts.id,
			applicationId: juryConflicts.applicationId,
			callId: jurors.callId,
			funderId: calls.funderId,
			jurorUserId: jurors.userId,
			jurorName: users.displayName,
			applicationTitle: applications.title,
			source: juryConflicts.source,
			cause: juryConflicts.cause,
			detail: juryConflicts.detail,
			status: juryConflicts.status,
			decisionReason: juryConflicts.decisionReason,
		})
		.from(juryConflicts)
		.innerJoin(jurors, eq(jurors.id, juryConflicts.jurorId))
		.innerJoin(users, eq(users.id, jurors.userId))
		.innerJoin(calls, eq(calls.id, jurors.callId))
		.innerJoin(applications, eq(applications.id, juryConflicts.applicationId))
		.where(inArray(jurors.callId, callIds))
		.orderBy(asc(applications.title), asc(users.displayName), asc(juryConflicts.cause))
}

export type ConflictRefusal = { ok: false; message: string; field?: 'type' | 'detail' | 'reason' | 'decision' }

export const APPLICATION_NOT_IN_JURY = 'Ce dossier n’existe pas ou n’est pas soumis à votre jury.'
export const CONFLICT_NOT_VISIBLE = 'Ce conflit d’intérêts n’existe pas ou ne vous concerne pas.'

/**
 * A juror declares a conflict on a dossier of their jury (assigned or not, opened or not):
 * from then on the dossier is hidden from them until the chair or staff dismiss it.
 * Declaring the same type again updates the text.
 */
export async function declareConflict(input: {
	user: Actor
	callId: string
	applicationId: string
	type: DeclaredType
	detail: string
}): Promise<{ ok: true; conflictId: string } | ConflictRefusal> {
	const detail = input.detail.trim()
	if (!detail) return { ok: false, field: 'detail', message: 'Décrivez le lien en quelques mots.' }
	const cause = DECLARED_TYPES[input.type]
	if (!cause) return { ok: false, field: 'type', message: 'Choisissez le type de lien.' }
	return db.transaction(async (tx) => {
		const user = await policyUserOf(tx, input.user)
		const [seat] = await tx
			.select({ jurorId: jurors.id, userId: jurors.userId, funderId: calls.funderId, applicationId: applications.id })
			.from(jurors)
			.innerJoin(calls, eq(calls.id, jurors.callId))
			.innerJoin(applications, and(eq(applications.callId, calls.id), eq(applications.id, input.applicationId)))
			.where(and(eq(jurors.callId, input.callId), seatedJurorsWhere(user), sql`${applications.status} in (${JURY_STATUSES})`))
		if (!seat || !can(user, 'declare-conflict', { kind: 'jury-conflict', callId: input.callId, funderId: seat.funderId, jurorUserId: seat.userId }).allowed) {
			notFound(APPLICATION_NOT_IN_JURY)
		}
		const [row] = await tx
			.insert(juryConflicts)
			.values({ jurorId: seat.jurorId, applicationId: seat.applicationId, source: 'declared', cause, detail })
			.onConflictDoUpdate({ target: [juryConflicts.jurorId, juryConflicts.applicationId, juryConflicts.cause], set: { detail, updatedAt: new Date() } })
			.returning({ id: juryConflicts.id })
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'jury.conflict_declared',
			subjectType: 'application',
			subjectId: seat.applicationId,
			data: { conflictId: row!.id, jurorId: seat.jurorId, cause, detail },
		})
		return { ok: true as const, conflictId: row!.id }
	})
}

/**
 * The chair (for another juror's conflict) or the funder's staff confirm or dismiss a
 * conflict, with a reason kept in the audit event. The juror it concerns never decides it.
 * A decision may be changed later, with a new reason and a new event.
 */
export async function decideConflict(input: {
	user: Actor
	conflictId: string
	decision: ConflictDecision
	reason: string
	now?: Date
}): Promise<{ ok: true } | ConflictRefusal> {
	const reason = input.reason.trim()
	if (!reason) return { ok: false, field: 'reason', message: 'Indiquez le motif de la décision : il est gardé dans l’historique.' }
	return db.transaction(async (tx) => {
		const user = await policyUserOf(tx, input.user)
		const [conflict] = await tx
			.select({ conflict: juryConflicts, callId: jurors.callId, jurorUserId: jurors.userId, funderId: calls.funderId })
			.from(juryConflicts)
			.innerJoin(jurors, eq(jurors.id, juryConflicts.jurorId))
			.innerJoin(calls, eq(calls.id, jurors.callId))
			.where(eq(juryConflicts.id, input.conflictId))
			.for('update', { of: juryConflicts })
		if (!conflict) notFound(CONFLICT_NOT_VISIBLE)
		const [chair] = await tx
			.select({ id: jurors.id })
			.from(jurors)
			.where(and(eq(jurors.callId, conflict.callId), eq(jurors.isChair, true), seatedJurorsWhere(user)))
		const decision = can(user, 'decide-conflict', {
			kind: 'jury-conflict',
			callId: conflict.callId,
			funderId: conflict.funderId,
			jurorUserId: conflict.jurorUserId,
			viewerIsChair: !!chair,
		})
		if (!decision.allowed) {
			if (decision.reason === 'not-visible') notFound(CONFLICT_NOT_VISIBLE)
			return { ok: false as const, message: 'Un conflit d’intérêts qui vous concerne est décidé par la présidence du jury ou par le financeur, pas par vous.' }
		}
		const status = input.decision === 'confirm' ? 'confirmed' : 'dismissed'
		await tx
			.update(juryConflicts)
			.set({ status, decidedById: user.id, decisionReason: reason, decidedAt: input.now ?? new Date() })
			.where(eq(juryConflicts.id, conflict.conflict.id))
		await recordAudit(tx, {
			actorUserId: user.id,
			action: input.decision === 'confirm' ? 'jury.conflict_confirmed' : 'jury.conflict_dismissed',
			subjectType: 'application',
			subjectId: conflict.conflict.applicationId,
			data: {
				conflictId: conflict.conflict.id,
				jurorId: conflict.conflict.jurorId,
				cause: conflict.conflict.cause,
				source: conflict.conflict.source,
				from: conflict.conflict.status,
				to: status,
				reason,
				by: chair ? 'chair' : 'staff',
			},
		})
		return { ok: true as const }
	})
}
