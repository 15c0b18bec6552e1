/**
 * The end of a deliberation (issue 9): the chair validates the decisions as they stand, then
 * the funder's staff close it — the call moves to `decided`, its minutes are rendered from the
 * live data and stored. Both under the call's row lock, so a decision changed meanwhile (which
 * clears the validation) cannot slip between the check and the close.
 */
import { and, count, eq } from 'drizzle-orm'
import { forbidden } from '#app/auth/permissions.server.ts'
import { can, type DeliberationAction, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForDeliberation } from '#app/auth/policy/load.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { callTransitions } from '#app/domain/calls/lifecycle.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { getStorage, sha256 } from '#app/services/storage.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applications, calls, users } from '#db/schema/index.ts'
import { closeBlockers, closeRefusal, validationBlockers, type ClosingFacts } from './closing.ts'
import { retainedTotalCents } from './envelope.server.ts'
import { activeChairOf, renderMinutesFile } from './minutes.server.ts'

type Actor = { id: string }
export type ClosingRefusal = { ok: false; message: string; missing?: string[] }

type LoadedCall = Awaited<ReturnType<typeof requireCallForDeliberation>>

export const STATUS_MESSAGES = {
	notDeliberating: 'La délibération de cet appel n’est pas ouverte.',
	alreadyClosed: 'La délibération de cet appel est déjà close : une décision ne change plus que par un avenant, depuis la page Décisions.',
}

/** The policy's answer; who may not act gets a 403, a call at the wrong stage a refusal with its reason. */
function check(user: PolicyUser, action: DeliberationAction, loaded: LoadedCall): ClosingRefusal | null {
	const decision = can(user, action, loaded.resource)
	if (decision.allowed) return null
	if (decision.reason !== 'status') forbidden(action === 'validate-decisions' ? 'Seule la présidence du jury valide les décisions.' : 'Seul le personnel du financeur clôt la délibération.')
	const closed = ['decided', 'follow_up', 'archived'].includes(loaded.call.status)
	return { ok: false, message: closed ? STATUS_MESSAGES.alreadyClosed : STATUS_MESSAGES.notDeliberating }
}

/** What the close needs, read in the caller's transaction (under the call's lock when about to close). */
export async function closingFacts(executor: Executor, call: typeof calls.$inferSelect): Promise<ClosingFacts & { chairName: string | null }> {
	const [[undecided], chair, retainedCents] = await Promise.all([
		executor
			.select({ value: count() })
			.from(applications)
			.where(and(eq(applications.callId, call.id), eq(applications.status, 'admissible'))),
		activeChairOf(executor, call.id),
		retainedTotalCents(executor, call.id),
	])
	return {
		undecided: undecided?.value ?? 0,
		hasChair: chair !== null,
		chairName: chair?.name ?? null,
		validated: call.minutesValidatedAt !== null,
		retainedCents,
		envelopeCents: call.envelopeCents,
	}
}

/** The close page: what is missing, who validated, and what this viewer may do. */
export async function getClosingPage(input: { user: Actor | PolicyUser; callId: string }) {
	const user = await policyUserOf(db, input.user)
	const loaded = await requireCallForDeliberation(db, user, input.callId)
	const view = can(user, 'view-deliberation', loaded.resource)
	if (!view.allowed) throw new Response(STATUS_MESSAGES.notDeliberating, { status: 409 })
	const { call } = loaded
	const facts = await closingFacts(db, call)
	const [validator] = call.minutesValidatedById ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, call.minutesValidatedById)) : []
	return {
		call: { id: call.id, title: call.title, status: call.status, decidedAt: call.decidedAt, funderName: loaded.funderName },
		facts,
		validation: call.minutesValidatedAt ? { name: validator?.name ?? '—', at: call.minutesValidatedAt } : null,
		validationBlockers: validationBlockers(facts),
		closeBlockers: closeBlockers(facts),
		canValidate: can(user, 'validate-decisions', loaded.resource).allowed,
		canClose: can(user, 'decide', loaded.resource).allowed,
		isStaff: loaded.isStaff,
	}
}

/** The seated chair validates the decisions as they stand: every recevable dossier decided. */
export async function validateDecisions(input: { user: Actor | PolicyUser; callId: string; now?: Date }): Promise<{ ok: true } | ClosingRefusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const user = await policyUserOf(tx, input.user)
		const loaded = await requireCallForDeliberation(tx, user, input.callId, 'update')
		const refused = check(user, 'validate-decisions', loaded)
		if (refused) return refused
		const missing = validationBlockers(await closingFacts(tx, loaded.call))
		if (missing.length > 0) return { ok: false as const, message: `Les décisions ne peuvent pas encore être validées : ${missing.join(' ')}`, missing }
		await tx.update(calls).set({ minutesValidatedById: user.id, minutesValidatedAt: now }).where(eq(calls.id, loaded.call.id))
		await recordAudit(tx, { actorUserId: user.id, action: 'call.decisions_validated', subjectType: 'call', subjectId: loaded.call.id, data: { at: now.toISOString() } })
		return { ok: true as const }
	})
}

/**
 * Staff close the deliberation: every recevable dossier decided, the retained total within
 * the envelope, the chair's validation when the jury has a chair. The call moves to decided
 * and the minutes are rendered in the same transaction and stored before it commits: a
 * failed commit leaves an unreferenced file, never a reference to a missing one.
 */
export async function closeDeliberation(input: { user: Actor | PolicyUser; callId: string; now?: Date }): Promise<{ ok: true; minutesKey: string } | ClosingRefusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const user = await policyUserOf(tx, input.user)
		const loaded = await requireCallForDeliberation(tx, user, input.callId, 'update')
		const refused = check(user, 'decide', loaded)
		if (refused) return refused
		const facts = await closingFacts(tx, loaded.call)
		const missing = closeBlockers(facts)
		if (missing.length > 0) return { ok: false as const, message: closeRefusal(missing), missing }

		const decided = await fire(tx, callTransitions.closeDeliberation, {
			id: loaded.call.id,
			actor: { userId: user.id, capacities: ['funder-staff'] },
			// Without a chair on the jury, no validation is required (the minutes say so).
			checked: ['all-decided', 'chair-validated'],
			set: { decidedAt: now },
			data: { retainedCents: facts.retainedCents, chairValidation: facts.hasChair ? loaded.call.minutesValidatedAt?.toISOString() : 'sans présidence' },
		})
		const minutesKey = await storeMinutes(tx, { user, call: decided, funderName: loaded.funderName, now })
		return { ok: true as const, minutesKey }
	})
}

/**
 * Renders the minutes from the live data and stores them, in the caller's transaction (the
 * call locked): at the close, and again after each change that follows it, so the minutes
 * served carry the amendments. Each version is its own file (content hash); the audit keeps
 * the previous key, so the minutes as closed stay retrievable.
 */
export async function storeMinutes(tx: Executor, input: { user: PolicyUser; call: typeof calls.$inferSelect; funderName: string; now?: Date }): Promise<string> {
	// The record's full view, whoever acts: a staff member on the jury in conflict with a dossier does not shorten the minutes.
	const file = await renderMinutesFile(tx, { ...input, full: true })
	const key = `minutes/${input.call.id}/${sha256(file)}`
	await getStorage().put(key, file)
	await tx.update(calls).set({ minutesStorageKey: key }).where(eq(calls.id, input.call.id))
	await recordAudit(tx, {
		actorUserId: input.user.id,
		action: 'call.minutes_stored',
		subjectType: 'call',
		subjectId: input.call.id,
		data: { storageKey: key, previous: input.call.minutesStorageKey },
	})
	return key
}
