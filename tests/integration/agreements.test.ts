/**
 * The grant agreement (issue 10): drawn up by the funder's staff, signed by the référent of
 * each association and by the funder on the version they read; the last signature moves the
 * application to agreement_signed and releases the tranche paid at signature.
 */
import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { openAgreement, signAgreement } from '#app/domain/agreements/agreements.server.ts'
import { db } from '#db/client.server.ts'
import { agreements, applications, calls, payments } from '#db/schema/index.ts'
import { addMember, createApplication, createUser } from '#tests/factories.ts'

/** A retained dossier of a decided call (the deliberation's outcome, written directly). */
async function retained() {
	const app = await createApplication({ status: 'admissible', coCarriers: 1 })
	await db.update(calls).set({ status: 'decided' }).where(eq(calls.id, app.call.id))
	await db.update(applications).set({ status: 'selected', amountGrantedCents: 1_000_000, decidedAt: new Date(), decisionVersion: 1 }).where(eq(applications.id, app.id))
	return app
}

async function refusedWith(promise: Promise<unknown>, status: number) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e,
	)
	expect(error).toBeInstanceOf(Response)
	expect((error as Response).status).toBe(status)
}

describe('convention', () => {
	test('établie par le financeur, signée par chaque référent et le financeur : le dossier passe à « convention signée », la première tranche devient exigible', async () => {
		const app = await retained()
		const partner = app.partners[0]!
		await refusedWith(openAgreement({ user: app.lead.user, applicationId: app.id }), 403)
		const opened = await openAgreement({ user: app.funder.user, applicationId: app.id })
		expect(opened).toMatchObject({ ok: true })
		expect(await openAgreement({ user: app.funder.user, applicationId: app.id })).toEqual({ ok: false, message: 'La convention de ce dossier est déjà établie.' })
		const [agreement] = await db.select().from(agreements).where(eq(agreements.applicationId, app.id))
		const tranches = () => db.select().from(payments).where(eq(payments.applicationId, app.id)).orderBy(asc(payments.position))
		expect((await tranches()).map((t) => [t.amountCents, t.trigger, t.status])).toEqual([
			[700_000, 'signature', 'waiting'],
			[300_000, 'final_evaluation', 'waiting'],
		])

		const sign = (user: { id: string }, organizationId: string | null, digest = agreement!.contentSha256) =>
			signAgreement({ user, applicationId: app.id, organizationId, digest, signerName: 'Camille Martin', signerQuality: 'présidente' })
		// Only an association's référent signs for it; nobody signs for another; a stale text is refused.
		const member = await createUser()
		await addMember(app.lead.organization.id, member.id, 'member')
		await refusedWith(sign(member, app.lead.organization.id), 403)
		await refusedWith(sign(app.lead.user, partner.organization.id), 403)
		expect(await sign(app.lead.user, app.lead.organization.id, 'ancienne-version')).toMatchObject({ ok: false, message: expect.stringContaining('a changé') })
		expect(await signAgreement({ user: app.lead.user, applicationId: app.id, organizationId: app.lead.organization.id, digest: agreement!.contentSha256, signerName: '  ', signerQuality: '' })).toMatchObject({ ok: false, field: 'signerName' })

		expect(await sign(app.lead.user, app.lead.organization.id)).toEqual({ ok: true, complete: false })
		expect(await sign(app.lead.user, app.lead.organization.id)).toMatchObject({ ok: false, message: expect.stringContaining('déjà signée') })
		expect(await sign(app.funder.user, null)).toEqual({ ok: true, complete: false })
		expect((await db.select().from(applications).where(eq(applications.id, app.id)))[0]!.status).toBe('selected')
		expect(await sign(partner.user, partner.organization.id)).toEqual({ ok: true, complete: true })

		expect((await db.select().from(applications).where(eq(applications.id, app.id)))[0]!.status).toBe('agreement_signed')
		expect((await db.select().from(agreements).where(eq(agreements.id, agreement!.id)))[0]!).toMatchObject({ status: 'signed' })
		const [first, balance] = await tranches()
		expect(first).toMatchObject({ status: 'due' })
		expect(first!.triggeredAt).toBeInstanceOf(Date)
		expect(balance).toMatchObject({ status: 'waiting', triggeredAt: null })
		expect(await sign(app.funder.user, null)).toMatchObject({ ok: false, message: 'Cette convention n’attend pas de signature.' })
		expect(await db.select().from(payments).where(and(eq(payments.applicationId, app.id), eq(payments.status, 'due')))).toHaveLength(1)
	})
})
