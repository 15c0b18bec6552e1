/**
 * The project starts (issue 10): agreement_signed → in_progress, by the funder's staff (or the
 * clock at the call's project start date, later), through the engine.
 */
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { forbidden } from '#app/auth/permissions.server.ts'
import { applicationTransitions } from '#app/domain/applications/lifecycle.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { canFire } from '#app/domain/lifecycle/transitions.ts'
import { db } from '#db/client.server.ts'
import { decideFollowUp, requireFollowUp } from './access.server.ts'

export async function startProject(input: { user: { id: string } | PolicyUser; applicationId: string }): Promise<{ ok: true } | { ok: false; message: string }> {
	return db.transaction(async (tx) => {
		const access = await requireFollowUp(tx, input.user, input.applicationId, 'update')
		if (!decideFollowUp(access, 'manage-follow-up').allowed) forbidden('Seul le financeur marque le début du projet.')
		if (!canFire(applicationTransitions.startProject, access.application.status)) return { ok: false as const, message: 'Le projet commence une fois la convention signée par tous.' }
		await fire(tx, applicationTransitions.startProject, { id: access.application.id, actor: { userId: access.user.id, capacities: ['funder-staff'] } })
		return { ok: true as const }
	})
}
