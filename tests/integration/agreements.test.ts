/**
 * The grant agreement (issue 10): drawn up by the funder's staff, signed by the référent of
 * each association and by the funder on the version they read; the last signature moves the
 * application to agreement_signed and releases the tranche paid at signature.
 */
import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { openAgreement, reviseAgreement, signAgreement } from '#app/domain/agreements/agreements.server.ts'
import { recordPayment } from '#app/domain/agreements/payments.server.ts'
import { renounceForStaff } from '#app/domain/deliberation/amendments.server.ts'
import { db } from '#db/client.server.ts'
import { agreementSignatures, agreements, applicationMembers, applications, calls, payments } from '#db/schema/index.ts'
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
		// Each association is named with its représentant·e on the portal: its référent.
		const parties = (agreement!.content as { parties: { organizationId: string; representative?: string | null }[] }).parties
		expect(parties.find((p) => p.organizationId === app.lead.organization.id)?.representative).toBe(app.lead.user.displayName)
		expect(parties.find((p) => p.organizationId === partner.organization.id)?.representative).toBe(partner.user.displayName)
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

	test('un texte modifié avant la fin des signatures fait signer de nouveau chaque partie', async () => {
		const app = await retained()
		const partner = app.partners[0]!
		expect(await openAgreement({ user: app.funder.user, applicationId: app.id })).toMatchObject({ ok: true })
		const current = async () => (await db.select().from(agreements).where(eq(agreements.applicationId, app.id)))[0]!
		const v1 = await current()
		const sign = (user: { id: string }, organizationId: string | null, digest: string) =>
			signAgreement({ user, applicationId: app.id, organizationId, digest, signerName: 'Camille Martin', signerQuality: '' })
		expect(await sign(app.lead.user, app.lead.organization.id, v1.contentSha256)).toEqual({ ok: true, complete: false })
		expect(await sign(app.funder.user, null, v1.contentSha256)).toEqual({ ok: true, complete: false })
		expect(await reviseAgreement({ user: app.funder.user, applicationId: app.id, reason: 'Rien' })).toMatchObject({ ok: false, message: expect.stringContaining('inchangé') })

		// The consortium splits the grant: the text changes, version 2, and everyone signs again.
		await db.update(applicationMembers).set({ grantShareCents: 600_000 }).where(and(eq(applicationMembers.applicationId, app.id), eq(applicationMembers.organizationId, app.lead.organization.id)))
		await db.update(applicationMembers).set({ grantShareCents: 400_000 }).where(and(eq(applicationMembers.applicationId, app.id), eq(applicationMembers.organizationId, partner.organization.id)))
		expect(await reviseAgreement({ user: app.lead.user, applicationId: app.id, reason: 'x' }).catch((e: unknown) => (e as Response).status)).toBe(403)
		expect(await reviseAgreement({ user: app.funder.user, applicationId: app.id, reason: 'Répartition de la subvention entre les deux associations.' })).toEqual({ ok: true, version: 2 })
		const v2 = await current()
		expect(v2.contentSha256).not.toBe(v1.contentSha256)
		expect((v2.content as { parties: { shareCents: number }[] }).parties.map((p) => p.shareCents)).toEqual([600_000, 400_000])
		// The old signatures stay on record but count no more; the old text cannot be signed.
		expect(await db.select().from(agreementSignatures).where(eq(agreementSignatures.agreementId, v2.id))).toHaveLength(2)
		expect(await sign(partner.user, partner.organization.id, v1.contentSha256)).toMatchObject({ ok: false, message: expect.stringContaining('a changé') })
		expect(await sign(partner.user, partner.organization.id, v2.contentSha256)).toEqual({ ok: true, complete: false })
		expect(await sign(app.lead.user, app.lead.organization.id, v2.contentSha256)).toEqual({ ok: true, complete: false })
		expect(await sign(app.funder.user, null, v2.contentSha256)).toEqual({ ok: true, complete: true })
	})

	test('le financeur enregistre le paiement d’une tranche exigible ; la tranche du solde attend l’évaluation', async () => {
		const app = await retained()
		const partner = app.partners[0]!
		await openAgreement({ user: app.funder.user, applicationId: app.id })
		const [agreement] = await db.select().from(agreements).where(eq(agreements.applicationId, app.id))
		const [first, balance] = await db.select().from(payments).where(eq(payments.applicationId, app.id)).orderBy(asc(payments.position))
		const pay = (paymentId: string, amountCents: number, extra: { user?: { id: string }; paidOn?: Date } = {}) =>
			recordPayment({ user: extra.user ?? app.funder.user, applicationId: app.id, paymentId, paidOn: extra.paidOn ?? new Date(Date.now() - 3600_000), amountCents, reference: 'VIR-2027-0042' })
		expect(await pay(first!.id, 700_000)).toMatchObject({ ok: false, message: expect.stringContaining('pas encore exigible') })
		for (const [user, organizationId] of [
			[app.lead.user, app.lead.organization.id],
			[partner.user, partner.organization.id],
			[app.funder.user, null],
		] as const) {
			await signAgreement({ user, applicationId: app.id, organizationId, digest: agreement!.contentSha256, signerName: 'Camille Martin', signerQuality: '' })
		}
		expect(await pay(first!.id, 700_000, { user: app.lead.user }).catch((e: unknown) => (e as Response).status)).toBe(403)
		expect(await pay(first!.id, 800_000)).toMatchObject({ ok: false, field: 'amount' })
		// Paid whole: a part payment would mark the tranche paid with money still owed.
		expect(await pay(first!.id, 500_000)).toMatchObject({ ok: false, field: 'amount' })
		expect(await pay(first!.id, 700_000, { paidOn: new Date(Date.now() + 86400_000) })).toMatchObject({ ok: false, field: 'paidOn' })
		expect(await pay(first!.id, 700_000)).toEqual({ ok: true })
		expect(await pay(first!.id, 700_000)).toMatchObject({ ok: false, message: 'Cette tranche est déjà payée.' })
		expect((await db.select().from(payments).where(eq(payments.id, first!.id)))[0]).toMatchObject({ status: 'paid', paidAmountCents: 700_000, reference: 'VIR-2027-0042' })
		expect(await pay(balance!.id, 300_000)).toMatchObject({ ok: false, message: expect.stringContaining('pas encore exigible') })
	})

	test('un consortium qui renonce : sa convention est annulée et ses tranches non versées disparaissent', async () => {
		const app = await retained()
		await openAgreement({ user: app.funder.user, applicationId: app.id })
		expect(await renounceForStaff({ user: app.funder.user, callId: app.call.id, applicationId: app.id, reason: 'Le local a brûlé.' })).toEqual({ ok: true })
		expect((await db.select().from(agreements).where(eq(agreements.applicationId, app.id)))[0]).toMatchObject({ status: 'cancelled' })
		expect(await db.select().from(payments).where(eq(payments.applicationId, app.id))).toEqual([])
	})
})
