/**
 * The call's jury steps, fired through the lifecycle engine by the staff of the call's
 * funder: closed → jury (the recevable dossiers go to the jury; admissibility is frozen)
 * and jury → deliberation. Entering the jury detects the conflicts of interest of the
 * recevable dossiers (conflicts.server.ts). Each is one transaction under the call's row lock, with its
 * audit event written by the engine.
 */
import { and, count, eq } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { callTransitions } from '#app/domain/calls/lifecycle.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { canFire } from '#app/domain/lifecycle/transitions.ts'
import { db } from '#db/client.server.ts'
import { applications } from '#db/schema/index.ts'
import { detectConflicts } from './conflicts.server.ts'

type Actor = { id: string } | PolicyUser
export type JuryStepRefusal = { ok: false; message: string }

/**
 * closed → jury. Refused while a dossier still waits for its admissibility decision: once
 * the jury has started a decision can no longer be changed (isCallBeforeJury), so none
 * may be left open. The call is locked FOR UPDATE: an admissibility decision in progress
 * (which share-locks it) finishes first.
 */
export async function startJury(input: { user: Actor; callId: string }): Promise<{ ok: true } | JuryStepRefusal> {
	return db.transaction(async (tx) => {
		const { call } = await requireCallForStaff(tx, await policyUserOf(tx, input.user), input.callId, 'update')
		if (!canFire(callTransitions.startJury, call.status)) return { ok: false as const, message: 'Seul un appel clos peut passer au jury.' }
		const [waiting] = await tx
			.select({ value: count() })
			.from(applications)
			.where(and(eq(applications.callId, call.id), eq(applications.status, 'submitted')))
		const undecided = waiting?.value ?? 0
		if (undecided > 0) {
			return {
				ok: false as const,
				message:
					undecided === 1
						? 'Un dossier attend encore sa décision de recevabilité : décidez-la avant d’ouvrir le jury.'
						: `${undecided} dossiers attendent encore leur décision de recevabilité : décidez-la avant d’ouvrir le jury.`,
			}
		}
		await fire(tx, callTransitions.startJury, {
			id: call.id,
			actor: { userId: input.user.id, capacities: ['funder-staff'] },
			checked: ['admissibility-decided'],
		})
		// The recevable dossiers are now known for good: their conflicts are found before any assignment.
		await detectConflicts(tx, call.id, { actorUserId: input.user.id })
		return { ok: true as const }
	})
}

/** jury → deliberation. */
export async function startDeliberation(input: { user: Actor; callId: string }): Promise<{ ok: true } | JuryStepRefusal> {
	return db.transaction(async (tx) => {
		const { call } = await requireCallForStaff(tx, await policyUserOf(tx, input.user), input.callId, 'update')
		if (!canFire(callTransitions.startDeliberation, call.status)) return { ok: false as const, message: 'Seul un appel au stade du jury peut passer en délibération.' }
		await fire(tx, callTransitions.startDeliberation, { id: call.id, actor: { userId: input.user.id, capacities: ['funder-staff'] } })
		return { ok: true as const }
	})
}
