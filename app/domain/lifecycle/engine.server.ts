/**
 * The one transition engine (docs/decisions/011-lifecycle-engine.md). `fire` moves one
 * record along one entry of a lifecycle table, in the caller's transaction:
 *
 * 1. `by`: the actor holds one of the capacities the entry names, or nothing is written;
 * 2. `requires`: a non-blank reason when the entry asks for one; every other requirement
 *    named by the caller as checked;
 * 3. the row is locked and read (its current status is the audit's `from`), then a
 *    guarded `UPDATE … SET status = to WHERE id = $id AND status IN (from) RETURNING *`;
 *    when nothing moved it throws, and the caller's transaction writes nothing else;
 * 4. one audit event (from, to, actor, reason, the transition's name);
 * 5. the moved row is returned: the caller queues its emails after, in the same transaction.
 *
 * This is the only file that writes a status (a unit test scans app/ and db/ for others).
 */
import { and, eq, inArray, type SQL } from 'drizzle-orm'
import { recordAudit } from '#app/domain/audit.server.ts'
import type { Executor } from '#db/client.server.ts'
import { agreements, applications, calls, evaluationReports, partnerAnnouncements, partnerAnswers, partnerDrawPlaces, payments } from '#db/schema/index.ts'
import { mayFire, TransitionError, type Actor, type Transition } from './transitions.ts'

/** The table of each kind of record a lifecycle moves; a new lifecycle adds its own here. */
const TABLES = {
	application: applications,
	call: calls,
	agreement: agreements,
	payment: payments,
	'evaluation-report': evaluationReports,
	// Issue 12 — announcements and the tirage au sort (app/domain/partners/lifecycles.ts).
	'partner-announcement': partnerAnnouncements,
	'partner-answer': partnerAnswers,
	'partner-draw-place': partnerDrawPlaces,
} as const
type Subject = keyof typeof TABLES
type TableOf<S extends Subject> = (typeof TABLES)[S]

/** Columns set with the status (submittedAt, closedAt, statusReason…); never the status itself. */
export type ExtraColumns<S extends Subject> = Omit<Partial<TableOf<S>['$inferInsert']>, 'id' | 'status'>

export type FireInput<S extends Subject, Requirement extends string> = {
	id: string
	actor: Actor
	/** Kept in the audit event; required non-blank when the transition requires 'reason'. */
	reason?: string | null
	set?: ExtraColumns<S>
	/** The requirements (other than 'reason') the caller checked before firing. */
	checked?: readonly Requirement[]
	/** A further condition of the guarded update (e.g. the deadline has come, for the clock). */
	where?: SQL
	/** More to keep in the audit event (the receipt, the associations…). */
	data?: Record<string, unknown>
}

export async function fire<S extends Subject, Status extends string, Requirement extends string>(
	tx: Executor,
	transition: Transition<S, Status, Requirement>,
	input: FireInput<S, Requirement>,
): Promise<TableOf<S>['$inferSelect']> {
	if (!mayFire(transition, input.actor.capacities)) {
		throw new TransitionError('forbidden', transition, `by ${transition.by.join('|')}, actor ${input.actor.capacities.join('|') || 'none'}`)
	}
	const reason = input.reason?.trim() || null
	for (const requirement of transition.requires) {
		if (requirement === 'reason' ? !reason : !input.checked?.includes(requirement as Requirement)) {
			throw new TransitionError('unmet-requirement', transition, requirement)
		}
	}

	// The tables share the columns used here (id, status); drizzle's types cannot follow a union of tables.
	const table = TABLES[transition.subject] as typeof applications
	const [current] = await tx.select({ status: table.status }).from(table).where(eq(table.id, input.id)).for('update')
	if (!current) throw new TransitionError('not-moved', transition, `no ${transition.subject} ${input.id}`)
	const from = current.status as string

	const [moved] = (await tx
		.update(table)
		.set({ ...(input.set as object), status: transition.to } as never)
		.where(and(eq(table.id, input.id), inArray(table.status, transition.from as never), input.where))
		.returning()) as TableOf<S>['$inferSelect'][]
	if (!moved) {
		const guard = `status in ${transition.from.join('|')}${input.where ? ' and the extra condition' : ''}`
		throw new TransitionError('not-moved', transition, `${transition.subject} ${input.id} is ${from}; the update needs ${guard}`)
	}

	await recordAudit(tx, {
		actorUserId: input.actor.userId,
		action: transition.action,
		subjectType: transition.subject,
		subjectId: input.id,
		data: { ...input.data, transition: transition.name, from, to: transition.to, reason },
	})
	return moved
}

/**
 * Records created in a state they reached elsewhere: a past call imported from a
 * spreadsheet (issue 11) arrives archived, its dossiers decided, its evaluations approved.
 * Nothing moves, so no transition is fired; the rows are inserted as the file states them,
 * here, so that this file stays the one place that writes a status. The caller checked
 * everything (app/domain/bilan/import/validate.ts) and records one audit event for the import.
 */
export async function insertInState<S extends Subject>(tx: Executor, subject: S, rows: TableOf<S>['$inferInsert'][]): Promise<{ id: string }[]> {
	if (rows.length === 0) return []
	const table = TABLES[subject] as typeof applications
	return tx
		.insert(table)
		.values(rows as never)
		.returning({ id: table.id })
}
