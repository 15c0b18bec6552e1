/**
 * The staff's jury page of a call: its jurors and its conflicts of interest, read with the
 * call's ownership in the WHERE (requireCallForStaff). Four statements: the call, the
 * jurors, the conflicts, the themes.
 */
import { asc, eq } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { callTransitions } from '#app/domain/calls/lifecycle.ts'
import { canFire } from '#app/domain/lifecycle/transitions.ts'
import { db } from '#db/client.server.ts'
import { isComposable } from './composition.ts'
import { listConflicts } from './conflicts.server.ts'
import { jurors, themes, users } from '#db/schema/index.ts'

export async function getJuryForStaff(input: { user: { id: string } | PolicyUser; callId: string }) {
	const user = await policyUserOf(db, input.user)
	const { call } = await requireCallForStaff(db, user, input.callId)
	const [jury, conflicts, callThemes] = await Promise.all([
		db
			.select({
				id: jurors.id,
				displayName: users.displayName,
				email: users.email,
				kind: jurors.kind,
				status: jurors.status,
				isChair: jurors.isChair,
				maxLoad: jurors.maxLoad,
			})
			.from(jurors)
			.innerJoin(users, eq(users.id, jurors.userId))
			.where(eq(jurors.callId, call.id))
			.orderBy(asc(users.displayName), asc(jurors.id)),
		listConflicts([call.id]),
		db.select({ id: themes.id, label: themes.label }).from(themes).where(eq(themes.callId, call.id)).orderBy(asc(themes.position)),
	])
	return {
		call: { id: call.id, title: call.title, status: call.status },
		canStartJury: canFire(callTransitions.startJury, call.status),
		canStartDeliberation: canFire(callTransitions.startDeliberation, call.status),
		jurors: jury,
		conflicts: conflicts.map(({ callId: _callId, funderId: _funderId, jurorUserId: _jurorUserId, ...conflict }) => conflict),
		themes: callThemes,
		composable: isComposable(call.status),
	}
}
