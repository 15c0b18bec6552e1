/**
 * The consortium sets how the grant is split between its associations (issue 10) on the
 * agreement page (`/candidatures/:id/convention`, intent=set-grant-split): the lead's référent
 * alone, before the agreement is signed; the agreement drawn up afterwards names each share.
 * Over HTTP; refused posts write nothing.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type AgreementContent } from '#app/domain/agreements/agreement-content.ts'
import { openAgreement, reviseAgreement, signAgreement } from '#app/domain/agreements/agreements.server.ts'
import { db } from '#db/client.server.ts'
import { agreements, applicationMembers, auditEvents, outboxMessages } from '#db/schema/index.ts'
import { addMember, createAssociationMember, createUser } from '#tests/factories.ts'
import { followedDossier } from '#tests/support/follow-up.ts'
import { get, login, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

type Dossier = Awaited<ReturnType<typeof followedDossier>>

/** A form POST as the browser sends it, repeated names included. */
function send(app: Dossier, fields: [string, string][], cookie: string) {
	return fetch(`${server.baseUrl}/candidatures/${app.id}/convention`, {
		method: 'POST',
		body: new URLSearchParams([['intent', 'set-grant-split'], ...fields]),
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl, Cookie: cookie },
		redirect: 'manual',
	})
}

/** The form as the page sends it: split=oui, the lead's share then the partner's. */
const split = (app: Dossier, lead: string, partner: string): [string, string][] => [
	['split', 'oui'],
	['shares[0].organizationId', app.lead.organization.id],
	['shares[0].amount', lead],
	['shares[1].organizationId', app.partner.organization.id],
	['shares[1].amount', partner],
]

async function sharesOf(app: Dossier) {
	const rows = await db
		.select({ organizationId: applicationMembers.organizationId, grantShareCents: applicationMembers.grantShareCents })
		.from(applicationMembers)
		.where(eq(applicationMembers.applicationId, app.id))
	return Object.fromEntries(rows.map((r) => [r.organizationId, r.grantShareCents]))
}

async function splitEvents(app: Dossier) {
	return db
		.select()
		.from(auditEvents)
		.where(and(eq(auditEvents.action, 'grant_split.set'), eq(auditEvents.subjectId, app.id)))
}

/** The emails telling the funder's staff that the split changed under an agreement awaiting signatures. */
async function staffNotices() {
	return db.select({ to: outboxMessages.toAddress, text: outboxMessages.text }).from(outboxMessages).where(eq(outboxMessages.template, 'grant-split-changed'))
}

async function agreementOf(app: Dossier) {
	const [agreement] = await db.select().from(agreements).where(eq(agreements.applicationId, app.id))
	return agreement!
}

/** Nothing written: no share recorded, no audit event. */
async function expectUntouched(app: Dossier) {
	expect(await sharesOf(app)).toEqual({ [app.lead.organization.id]: null, [app.partner.organization.id]: null })
	expect(await splitEvents(app)).toEqual([])
}

describe('la répartition de la subvention entre les associations', () => {
	test('le référent du chef de file la fixe ; la convention établie ensuite nomme la part de chacune ; « pas de répartition » l’efface', async () => {
		const app = await followedDossier({ stage: 'selected', amountGrantedCents: 1_000_000 })
		const cookie = await login(server, app.lead.user.email)
		const page = await (await get(server, `/candidatures/${app.id}/convention`, cookie)).text()
		expect(page).toContain('Répartition de la subvention entre les associations')
		expect(page).toContain('Le consortium n’a pas fixé de répartition')
		expect(page).toContain('Enregistrer la répartition')
		expect(page).toContain(`Part de ${app.partner.organization.name}`)

		const saved = await send(app, split(app, '6 000', '4000,00'), cookie)
		expect(saved.status).toBe(302)
		expect(await sharesOf(app)).toEqual({ [app.lead.organization.id]: 600_000, [app.partner.organization.id]: 400_000 })
		const [event] = await splitEvents(app)
		expect(event).toMatchObject({ actorUserId: app.lead.user.id, subjectType: 'application' })
		const after = await (await get(server, `/candidatures/${app.id}/convention`, cookie)).text()
		expect(after).toMatch(new RegExp(`${app.partner.organization.name} : 4[\\s\\u202f\\u00a0]000,00`))
		expect(after).toContain('value="6000"')

		// No agreement yet: nothing for the funder to revise, no email.
		expect(await staffNotices()).toEqual([])
		const opened = await openAgreement({ user: app.funder.user, applicationId: app.id })
		expect(opened.ok).toBe(true)
		const content = (await agreementOf(app)).content as AgreementContent
		expect(content.parties.map((p) => [p.organizationId, p.shareCents])).toEqual([
			[app.lead.organization.id, 600_000],
			[app.partner.organization.id, 400_000],
		])
		const text = await (await get(server, `/candidatures/${app.id}/convention`, cookie)).text()
		expect(text).toContain('Répartition entre les associations')

		// « Pas de répartition », the amounts typed ignored: cleared, and the agreement awaiting signatures is the funder's to revise.
		const cleared = await send(app, [['split', 'non'], ...split(app, '1', '2').slice(1)], cookie)
		expect(cleared.status).toBe(302)
		expect(await sharesOf(app)).toEqual({ [app.lead.organization.id]: null, [app.partner.organization.id]: null })
		expect((await agreementOf(app)).version).toBe(1)
		expect(await staffNotices()).toEqual([expect.objectContaining({ to: app.funder.user.email, text: expect.stringContaining('établissez-en une nouvelle version') })])
		const pending = await (await get(server, `/candidatures/${app.id}/convention`, cookie)).text()
		expect(pending).toContain('La répartition a changé depuis la version de la convention à signer')
		expect(await reviseAgreement({ user: app.funder.user, applicationId: app.id, reason: 'Le consortium renonce à répartir la subvention.' })).toEqual({ ok: true, version: 2 })
		expect(((await agreementOf(app)).content as AgreementContent).parties.every((p) => p.shareCents === null)).toBe(true)
		expect(await splitEvents(app)).toHaveLength(2)
	})

	test('une répartition qui ne fait pas le montant attribué, ou qui oublie une association, est refusée en français sans rien écrire', async () => {
		const app = await followedDossier({ stage: 'selected', amountGrantedCents: 1_000_000 })
		const cookie = await login(server, app.lead.user.email)

		const short = await send(app, split(app, '6 000', '3 000'), cookie)
		expect(short.status).toBe(400)
		const shortHtml = await short.text()
		expect(shortHtml).toContain('Les parts des associations doivent faire ensemble le montant attribué.')
		// What was typed stays in the form.
		expect(shortHtml).toContain('value="3 000"')

		const missing = await send(app, split(app, '10 000', '').slice(0, 3), cookie)
		expect(missing.status).toBe(400)
		expect(await missing.text()).toContain(`Indiquez la part de ${app.partner.organization.name}.`)

		const blank = await send(app, split(app, '10 000', ''), cookie)
		expect(blank.status).toBe(400)
		const blankHtml = await blank.text()
		expect(blankHtml).toContain('Indiquez la part de cette association')
		expect(blankHtml).toMatch(/aria-describedby="[^"]*-error"/)

		const over = await send(app, split(app, '12 000', '0'), cookie)
		expect(over.status).toBe(400)
		expect(await over.text()).toContain('Une part ne peut pas dépasser le montant attribué.')
		await expectUntouched(app)
	})

	test('seul le référent du chef de file la fixe : 403 au référent co-porteur, à un membre du chef de file et au financeur ; 404 à un inconnu', async () => {
		const app = await followedDossier({ stage: 'selected', amountGrantedCents: 1_000_000 })
		const partnerCookie = await login(server, app.partner.user.email)
		const partnerPage = await (await get(server, `/candidatures/${app.id}/convention`, partnerCookie)).text()
		// Read-only for the co-porter: the current split, no form.
		expect(partnerPage).toContain('Répartition de la subvention entre les associations')
		expect(partnerPage).not.toContain('Enregistrer la répartition')
		expect((await send(app, split(app, '6 000', '4 000'), partnerCookie)).status).toBe(403)

		const member = await createUser()
		await addMember(app.lead.organization.id, member.id, 'member')
		expect((await send(app, split(app, '6 000', '4 000'), await login(server, member.email))).status).toBe(403)
		expect((await send(app, split(app, '6 000', '4 000'), await login(server, app.funder.user.email))).status).toBe(403)

		const stranger = await createAssociationMember('referent')
		const strangerCookie = await login(server, stranger.user.email)
		expect((await send(app, split(app, '6 000', '4 000'), strangerCookie)).status).toBe(404)
		await expectUntouched(app)
	})

	test('une saisie hostile (montants énormes ou négatifs, tableaux, associations inconnues ou répétées) : 400, rien d’écrit', async () => {
		const app = await followedDossier({ stage: 'selected', amountGrantedCents: 1_000_000 })
		const cookie = await login(server, app.lead.user.email)
		const lead = app.lead.organization.id
		const partner = app.partner.organization.id
		const stranger = await createAssociationMember('referent')
		const hostile: [string, [string, string][]][] = [
			['huge', split(app, '99999999999999', '4 000')],
			['huge in cents', split(app, '1' + '0'.repeat(40), '0')],
			['negative', split(app, '14 000', '-4 000')],
			['not a number', split(app, 'dix mille', '0')],
			['array amount', [...split(app, '6 000', '4 000'), ['shares[1].amount', '4 000']]],
			['array organisation', [...split(app, '6 000', '4 000'), ['shares[0].organizationId', partner]]],
			['unknown organisation', [['split', 'oui'], ['shares[0].organizationId', lead], ['shares[0].amount', '6 000'], ['shares[1].organizationId', stranger.organization.id], ['shares[1].amount', '4 000']]],
			['made-up id', [['split', 'oui'], ['shares[0].organizationId', lead], ['shares[0].amount', '6 000'], ['shares[1].organizationId', 'x'.repeat(5000)], ['shares[1].amount', '4 000']]],
			['twice the same', [['split', 'oui'], ['shares[0].organizationId', lead], ['shares[0].amount', '5 000'], ['shares[1].organizationId', lead], ['shares[1].amount', '5 000']]],
			['shares as a string', [['split', 'oui'], ['shares', '10 000']]],
			['no choice', split(app, '6 000', '4 000').slice(1)],
			['unknown choice', [['split', 'peut-être'], ...split(app, '6 000', '4 000').slice(1)]],
			['two choices', [['split', 'non'], ...split(app, '6 000', '4 000')]],
			['too many rows', [['split', 'oui'], ...Array.from({ length: 60 }, (_, i): [string, string][] => [[`shares[${i}].organizationId`, lead], [`shares[${i}].amount`, '1']]).flat()]],
		]
		for (const [what, fields] of hostile) {
			const response = await send(app, fields, cookie)
			expect(response.status, what).toBe(400)
			expect(await response.text(), what).toContain('lang="fr"')
		}
		await expectUntouched(app)
	})

	test('pendant les signatures elle change encore (le financeur établit une nouvelle version) ; une fois la convention signée, plus', async () => {
		const app = await followedDossier({ stage: 'agreement', amountGrantedCents: 1_000_000 })
		const cookie = await login(server, app.lead.user.email)
		const before = await agreementOf(app)
		expect((await get(server, `/candidatures/${app.id}/convention`, cookie).then((r) => r.text()))).toContain('le financeur en établira une nouvelle version')
		expect((await send(app, split(app, '7 000', '3 000'), cookie)).status).toBe(302)
		const [notice] = await staffNotices()
		expect(notice).toMatchObject({ to: app.funder.user.email })
		expect(notice!.text).toMatch(new RegExp(`${app.partner.organization.name} : 3[\\s\\u202f\\u00a0]000,00`))
		// The text signed stays the one read: the agreement is not revised behind the parties' backs.
		expect(await agreementOf(app)).toMatchObject({ version: 1, contentSha256: before.contentSha256 })
		expect(await reviseAgreement({ user: app.funder.user, applicationId: app.id, reason: 'Répartition fixée par le consortium.' })).toEqual({ ok: true, version: 2 })
		const revised = await agreementOf(app)
		expect((revised.content as AgreementContent).parties.map((p) => p.shareCents)).toEqual([700_000, 300_000])
		for (const [user, organizationId] of [
			[app.lead.user, app.lead.organization.id],
			[app.partner.user, app.partner.organization.id],
			[app.funder.user, null],
		] as const) {
			expect((await signAgreement({ user, applicationId: app.id, organizationId, digest: revised.contentSha256, signerName: 'Camille Martin', signerQuality: '' })).ok).toBe(true)
		}
		const signedPage = await (await get(server, `/candidatures/${app.id}/convention`, cookie)).text()
		expect(signedPage).not.toContain('Enregistrer la répartition')
		const refused = await send(app, split(app, '5 000', '5 000'), cookie)
		expect(refused.status).toBe(409)
		expect(await refused.text()).toContain('La répartition de la subvention ne se modifie plus')
		expect(await sharesOf(app)).toEqual({ [app.lead.organization.id]: 700_000, [app.partner.organization.id]: 300_000 })
		expect(await splitEvents(app)).toHaveLength(1)
	})
})
