/**
 * Who reaches the follow-up of a retained dossier (issue 10): its confirmed co-porters and
 * the staff of the call's funder; nobody else, and nobody before the decision.
 */
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { findFollowUp } from '#app/domain/follow-up/access.server.ts'
import { db } from '#db/client.server.ts'
import { applications, calls } from '#db/schema/index.ts'
import { createApplication, createAssociationMember, createJuror, createStaff } from '#tests/factories.ts'

describe('findFollowUp', () => {
	test('les co-porteurs confirmés et le financeur de l’appel ; ni une autre association, ni un autre financeur, ni un juré, ni avant la décision', async () => {
		const invitedLater = await createAssociationMember('referent')
		const app = await createApplication({ status: 'admissible', coCarriers: 1, partners: [{ association: invitedLater, state: 'declined' }] })
		const partner = app.partners[0]!
		const outsiders = [await createAssociationMember('referent'), await createStaff('funder'), { user: await createJuror(app.call.id) }, invitedLater]

		// Recevable, not yet retained: no follow-up, for anyone.
		expect(await findFollowUp(db, app.lead.user, app.id)).toBeNull()
		expect(await findFollowUp(db, app.funder.user, app.id)).toBeNull()

		// Test setup: the deliberation's decision (written by the engine in the product), still provisional: no follow-up yet.
		await db.update(applications).set({ status: 'selected', amountGrantedCents: 800_000 }).where(eq(applications.id, app.id))
		await db.update(calls).set({ status: 'deliberation' }).where(eq(calls.id, app.call.id))
		expect(await findFollowUp(db, app.lead.user, app.id)).toBeNull()
		expect(await findFollowUp(db, app.funder.user, app.id)).toBeNull()
		// The deliberation closed: the decision is final.
		await db.update(calls).set({ status: 'decided' }).where(eq(calls.id, app.call.id))
		const lead = await findFollowUp(db, app.lead.user, app.id)
		expect(lead?.application.id).toBe(app.id)
		expect(lead?.members.map((m) => m.role)).toEqual(['lead', 'co_carrier'])
		expect(lead?.agreement).toBeNull()
		expect((await findFollowUp(db, partner.user, app.id))?.application.id).toBe(app.id)
		expect((await findFollowUp(db, app.funder.user, app.id))?.call.tranchePlan).toEqual([
			{ label: 'Première tranche', percent: 70, trigger: 'signature' },
			{ label: 'Solde', percent: 30, trigger: 'final_evaluation' },
		])
		for (const outsider of outsiders) expect(await findFollowUp(db, outsider.user, app.id)).toBeNull()
	})
})
