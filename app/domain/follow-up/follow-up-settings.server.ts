/**
 * The funder's staff set the follow-up's settings of their call (issue 10): the payment plan
 * and the financial report's gap threshold. Version-checked on the call's own version (a
 * page read before another change is refused). An agreement drawn up before keeps its text:
 * the plan applies to those drawn up afterwards, and to one awaiting signatures when the
 * staff issue a new version of it.
 */
import { eq } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { db } from '#db/client.server.ts'
import { calls } from '#db/schema/index.ts'
import { STALE_SETTINGS, type FollowUpSettings } from './follow-up-settings.ts'

export async function updateFollowUpSettings(input: { user: { id: string } | PolicyUser; callId: string; settings: FollowUpSettings }): Promise<{ ok: true } | { ok: false; message: string }> {
	return db.transaction(async (tx) => {
		const user = await policyUserOf(tx, input.user)
		const { call } = await requireCallForStaff(tx, user, input.callId, 'update')
		if (call.version !== input.settings.version) return { ok: false as const, message: STALE_SETTINGS }
		await tx
			.update(calls)
			.set({ tranchePlan: input.settings.plan, reportGapThresholdPercent: input.settings.gapThresholdPercent, version: call.version + 1 })
			.where(eq(calls.id, call.id))
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'call.follow_up_settings_updated',
			subjectType: 'call',
			subjectId: call.id,
			data: { from: { plan: call.tranchePlan, gapThresholdPercent: call.reportGapThresholdPercent }, to: { plan: input.settings.plan, gapThresholdPercent: input.settings.gapThresholdPercent } },
		})
		return { ok: true as const }
	})
}
