/**
 * The shape of a lifecycle table and the pure questions asked of it (DESIGN.md,
 * "Lifecycles"). Each lifecycle (call, application; later agreement, payment, evaluation)
 * declares its transitions once with `defineLifecycle`; the engine (engine.server.ts) is
 * the only code that moves a status, and it reads everything it enforces from here.
 * Plain module: the pages ask `canFire` too.
 */

/**
 * The capacity in which a person (or the clock) acts on one record. The caller works it
 * out from its access check and passes it; the engine refuses a transition whose `by`
 * names none of them.
 */
export type Capacity =
	/** The référent of the lead association of the application. */
	| 'referent:lead'
	/** The référent of an association of the consortium (its own signature, its own part of the evaluation). */
	| 'referent:member'
	/** A staff member of the funder that runs the call. */
	| 'funder-staff'
	/** A scheduled job: nobody clicked. */
	| 'system'
	/** A member (référent or not) of the association that published a « je cherche des partenaires » announcement (issue 12). */
	| 'association:announcer'
	/** A member (référent or not) of the association that answered an announcement (issue 12). */
	| 'association:responder'
	/** A member (référent or not) of the association holding a place drawn in the tirage au sort (issue 12). */
	| 'association:drawn'

export type Actor = { userId: string | null; capacities: readonly Capacity[] }

/** The clock: the automatic close at the deadline, later the reminders that move a status. */
export const SYSTEM_ACTOR: Actor = { userId: null, capacities: ['system'] }

/**
 * 'reason' is checked by the engine itself (a non-blank reason is given). Any other
 * requirement is a rule the domain function checks before firing (with its French
 * message), and names in `checked`: the engine refuses to fire while one is not named, so
 * a requirement added to the table cannot be forgotten by a caller.
 */
export type TransitionSpec<Status extends string, Requirement extends string> = {
	from: readonly Status[]
	to: Status
	by: readonly Capacity[]
	requires: readonly (Requirement | 'reason')[]
	/** The audit action written when it fires (labelled in app/domain/audit-labels.ts). */
	action: string
}

export type Transition<Subject extends string, Status extends string, Requirement extends string = string> = TransitionSpec<Status, Requirement> & {
	subject: Subject
	name: string
}

/** Stamps each entry with its name and the kind of record it moves. */
export function defineLifecycle<
	Subject extends string,
	Status extends string,
	Requirement extends string,
	Table extends Record<string, TransitionSpec<Status, Requirement>>,
>(subject: Subject, table: Table): { [Name in keyof Table]: Table[Name] & { subject: Subject; name: Name & string } } {
	return Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, { ...spec, subject, name }])) as {
		[Name in keyof Table]: Table[Name] & { subject: Subject; name: Name & string }
	}
}

type AnyTransition = { from: readonly string[]; to: string; by: readonly Capacity[] }

/** Whether the transition can leave this state (not who may fire it). */
export function canFire(transition: AnyTransition, status: string): boolean {
	return (transition.from as readonly string[]).includes(status)
}

/** Whether one of these capacities is among those the transition names in `by`. */
export function mayFire(transition: AnyTransition, capacities: readonly Capacity[]): boolean {
	return transition.by.some((capacity) => capacities.includes(capacity))
}

/** The transitions of a table that can leave this state. */
export function transitionsFrom<T extends AnyTransition>(table: Record<string, T>, status: string): T[] {
	return Object.values(table).filter((transition) => canFire(transition, status))
}

/** Every state a table names, in the order first met. */
export function statesOf(table: Record<string, AnyTransition>): string[] {
	return [...new Set(Object.values(table).flatMap((t) => [...t.from, t.to]))]
}

export type TransitionRefusal =
	/** The record was not in one of `from` when the guarded update ran (a concurrent change, a stale page). */
	| 'not-moved'
	/** The actor holds none of the capacities of `by`. */
	| 'forbidden'
	/** A requirement was not met (blank reason) or not checked by the caller. */
	| 'unmet-requirement'

/**
 * Thrown by the engine; nothing is written. The domain turns 'not-moved' into a French
 * refusal where a person can meet it (two clicks at once); the other two are bugs.
 */
export class TransitionError extends Error {
	constructor(
		readonly refusal: TransitionRefusal,
		readonly transition: { subject: string; name: string },
		readonly detail: string,
	) {
		super(`${transition.subject}.${transition.name}: ${refusal} (${detail})`)
		this.name = 'TransitionError'
	}
}

export function isNotMoved(error: unknown): error is TransitionError {
	return error instanceof TransitionError && error.refusal === 'not-moved'
}
