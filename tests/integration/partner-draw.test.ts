/**
 * The tirage au sort of a call (issue 12, seed 004): staff enable it with a group size;
 * associations volunteer with their département; the draw is reproducible from its recorded
 * seed, makes groups within one département only, gives 14 days to confirm; a declined or
 * expired place goes to the next volunteer of the waiting list, and stays empty when the list
 * is empty; a group whose places are all confirmed is told who its members are.
 */
import { and, asc, eq, isNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { answerPlace, expireDrawPlaces, getDrawForAssociations, getDrawForStaff, launchDraw, setDrawSettings, volunteerForDraw, withdrawFromDraw } from '#app/domain/partners/draw.server.ts'
import { drawPartnerGroups } from '#app/domain/partners/draw.ts'
import { db } from '#db/client.server.ts'
import { auditEvents, outboxMessages, partnerDrawGroups, partnerDrawPlaces, partnerDraws, partnerDrawVolunteers } from '#db/schema/index.ts'
import { createAssociationMember, createCall, createOrganization, createStaff, createUser, addMember } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

const DAY = 86_400_000
const SEED = '0123456789abcdef'

async function associationIn(departement: string) {
	const organization = await createOrganization({ kind: 'association', departement, postalCode: `${departement}000` })
	const user = await createUser()
	await addMember(organization.id, user.id, 'referent')
	return { organization, user }
}

async function drawScene({ groupSize, rhone, isere = 0 }: { groupSize: 2 | 3; rhone: number; isere?: number }) {
	const staff = await createStaff('funder')
	const call = await createCall({ funderId: staff.organization.id })
	expect(await setDrawSettings({ user: staff.user, callId: call.id, enabled: true, groupSize })).toEqual({ ok: true })
	const volunteers = [...(await Promise.all(Array.from({ length: rhone }, () => associationIn('69')))), ...(await Promise.all(Array.from({ length: isere }, () => associationIn('38'))))]
	for (const v of volunteers) expect(await volunteerForDraw({ user: v.user, callId: call.id, organizationId: v.organization.id })).toEqual({ ok: true })
	return { staff, call, volunteers, byId: new Map(volunteers.map((v) => [v.organization.id, v])) }
}

const placesOf = () => db.select().from(partnerDrawPlaces).orderBy(asc(partnerDrawPlaces.createdAt), asc(partnerDrawPlaces.id))

describe('tirage au sort', () => {
	test('reproductible : les groupes enregistrés sont ceux que redonne la graine, dans un seul département chacun', async () => {
		const { staff, call, volunteers } = await drawScene({ groupSize: 2, rhone: 5, isere: 3 })
		const now = new Date()
		const drawn = await launchDraw({ user: staff.user, callId: call.id, seed: SEED, now })
		expect(drawn).toMatchObject({ ok: true, seed: SEED, groups: 3, placed: 6 })
		const [draw] = await db.select().from(partnerDraws)
		// Recorded: the seed, the group size, the volunteers ordered by organisation id.
		expect(draw).toMatchObject({ seed: SEED, groupSize: 2 })
		expect(draw!.volunteerIds).toEqual(volunteers.map((v) => v.organization.id).sort())
		// Anyone recomputes the same groups from what is recorded.
		const departementOf = new Map(volunteers.map((v) => [v.organization.id, v.organization.departement!]))
		const again = drawPartnerGroups({ seed: draw!.seed, groupSize: draw!.groupSize, volunteers: draw!.volunteerIds.map((organizationId) => ({ organizationId, departement: departementOf.get(organizationId)! })) })
		const groups = await db.select().from(partnerDrawGroups).orderBy(asc(partnerDrawGroups.departement), asc(partnerDrawGroups.position))
		const places = await placesOf()
		expect(groups.map((g) => ({ departement: g.departement, position: g.position, organizationIds: places.filter((p) => p.groupId === g.id).map((p) => p.organizationId).sort() }))).toEqual(
			again.groups.map((g) => ({ ...g, organizationIds: [...g.organizationIds].sort() })),
		)
		expect(draw!.waitingLists).toEqual(again.waitingLists)
		// 5 in the Rhône: two pairs and one waiting; 3 in the Isère: one pair and one waiting.
		expect(Object.fromEntries(Object.entries(draw!.waitingLists).map(([d, list]) => [d, list.length]))).toEqual({ '38': 1, '69': 1 })
		for (const group of groups) for (const p of places.filter((p) => p.groupId === group.id)) expect(departementOf.get(p.organizationId)).toBe(group.departement)
		// 14 days to confirm, told by email to each placed association's référent.
		for (const p of places) expect(p.confirmBy.getTime() - now.getTime()).toBe(14 * DAY)
		expect(await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'partner-draw-placed'))).toHaveLength(6)
		// The same draw on another call with the same seed and volunteers gives the same groups: the staff page shows the seed.
		const page = await getDrawForStaff({ user: staff.user, callId: call.id })
		expect(page.draw?.seed).toBe(SEED)
		expect(await launchDraw({ user: staff.user, callId: call.id })).toMatchObject({ ok: false, message: 'Le tirage au sort de cet appel a déjà eu lieu.' })
	})

	test('une place déclinée revient à la suivante de la liste d’attente, avec ses propres 14 jours', async () => {
		const { staff, call, byId } = await drawScene({ groupSize: 2, rhone: 3 })
		await launchDraw({ user: staff.user, callId: call.id, seed: SEED })
		const [draw] = await db.select().from(partnerDraws)
		const waiting = draw!.waitingLists['69']![0]!
		const [first] = await placesOf()
		const later = new Date(Date.now() + 3 * DAY)
		expect(await answerPlace({ user: byId.get(first!.organizationId)!.user, callId: call.id, placeId: first!.id, answer: 'decline', now: later })).toEqual({ ok: true, refilled: true })
		const places = await placesOf()
		const refill = places.find((p) => p.replacesPlaceId === first!.id)!
		expect(refill).toMatchObject({ organizationId: waiting, status: 'pending', groupId: first!.groupId })
		expect(refill.confirmBy.getTime()).toBe(later.getTime() + 14 * DAY)
		const [after] = await db.select().from(partnerDraws)
		expect(after!.waitingLists['69']).toEqual([])
		const mails = await db.select().from(outboxMessages).where(and(eq(outboxMessages.template, 'partner-draw-placed'), eq(outboxMessages.toAddress, byId.get(waiting)!.user.email)))
		expect(mails).toHaveLength(1)
		expect(mails[0]!.text).toContain('liste d’attente')
	})

	test('une place expirée après 14 jours revient à la suivante ; sans suivante, la place reste vide', async () => {
		const { staff, call, byId } = await drawScene({ groupSize: 2, rhone: 5 })
		const start = new Date()
		await launchDraw({ user: staff.user, callId: call.id, seed: SEED, now: start })
		const [draw] = await db.select().from(partnerDraws)
		const waiting = draw!.waitingLists['69']![0]!
		const initial = await placesOf()
		// Everyone confirms but the two places of the first group, which expire.
		const [late1, late2, ...others] = initial
		for (const p of others) expect((await answerPlace({ user: byId.get(p.organizationId)!.user, callId: call.id, placeId: p.id, answer: 'confirm', now: start })).ok).toBe(true)
		// Not yet: 13 days later nothing expires.
		expect(await expireDrawPlaces(new Date(start.getTime() + 13 * DAY))).toEqual([])
		const day15 = new Date(start.getTime() + 15 * DAY)
		const expired = await expireDrawPlaces(day15)
		expect(expired.sort()).toEqual([late1!.id, late2!.id].sort())
		const places = await placesOf()
		expect(places.find((p) => p.id === late1!.id)!.status).toBe('expired')
		// The first expired (earliest confirm_by, then id order) took the one waiting; the other stays empty.
		const refills = places.filter((p) => p.replacesPlaceId)
		expect(refills).toHaveLength(1)
		expect(refills[0]).toMatchObject({ organizationId: waiting, status: 'pending' })
		expect(refills[0]!.confirmBy.getTime()).toBe(day15.getTime() + 14 * DAY)
		const page = await getDrawForStaff({ user: staff.user, callId: call.id })
		expect(page.groups.reduce((n, g) => n + g.emptySlots, 0)).toBe(1)
		// Run again: nothing twice.
		expect(await expireDrawPlaces(day15)).toEqual([])
		// Too late to confirm an expired place.
		expect(await answerPlace({ user: byId.get(late1!.organizationId)!.user, callId: call.id, placeId: late1!.id, answer: 'confirm', now: day15 })).toMatchObject({ ok: false })
		const events = await db.select().from(auditEvents).where(eq(auditEvents.action, 'partner_draw_place.expired'))
		expect(events).toHaveLength(2)
		expect(events[0]!.actorUserId).toBeNull()
	})

	test('pas de remplacement quand la liste d’attente est vide', async () => {
		const { staff, call, byId } = await drawScene({ groupSize: 2, rhone: 2 })
		await launchDraw({ user: staff.user, callId: call.id, seed: SEED })
		const [first] = await placesOf()
		expect(await answerPlace({ user: byId.get(first!.organizationId)!.user, callId: call.id, placeId: first!.id, answer: 'decline' })).toEqual({ ok: true, refilled: false })
		expect(await placesOf()).toHaveLength(2)
	})

	test('un groupe dont toutes les places sont confirmées apprend le nom de ses membres, sans adresse e-mail', async () => {
		const { staff, call, byId } = await drawScene({ groupSize: 3, rhone: 3 })
		await launchDraw({ user: staff.user, callId: call.id, seed: SEED })
		const places = await placesOf()
		for (const [i, p] of places.entries()) {
			await answerPlace({ user: byId.get(p.organizationId)!.user, callId: call.id, placeId: p.id, answer: 'confirm' })
			const formed = await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'partner-draw-group-formed'))
			expect(formed).toHaveLength(i < 2 ? 0 : 3)
		}
		const [mail] = await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'partner-draw-group-formed'))
		for (const p of places) expect(mail!.text).toContain(byId.get(p.organizationId)!.organization.name)
		expect(mail!.text).not.toMatch(/@exemple\.test/)
	})

	test('la page des partenaires : le nombre de volontaires pour tous, et pour chacun seulement sa place et son groupe', async () => {
		const { staff, call, volunteers, byId } = await drawScene({ groupSize: 2, rhone: 4, isere: 2 })
		const withdrawn = await createAssociationMember('referent')
		await volunteerForDraw({ user: withdrawn.user, callId: call.id, organizationId: withdrawn.organization.id })
		await withdrawFromDraw({ user: withdrawn.user, callId: call.id, organizationId: withdrawn.organization.id })
		const before = await getDrawForAssociations({ callId: call.id, user: volunteers[0]!.user })
		expect(before).toMatchObject({ volunteerCount: 6, drawn: false, open: true, associations: [{ organizationId: volunteers[0]!.organization.id, volunteered: true, place: null, group: null }] })
		expect(await getDrawForAssociations({ callId: call.id, user: withdrawn.user })).toMatchObject({ volunteerCount: 6, associations: [{ volunteered: false }] })
		await launchDraw({ user: staff.user, callId: call.id, seed: SEED })
		const places = await placesOf()
		const groupOf = new Map(places.map((p) => [p.organizationId, p.groupId]))
		for (const p of places) await answerPlace({ user: byId.get(p.organizationId)!.user, callId: call.id, placeId: p.id, answer: 'confirm' })
		const viewer = volunteers[0]!
		const partner = places.find((p) => p.groupId === groupOf.get(viewer.organization.id) && p.organizationId !== viewer.organization.id)!
		const after = await getDrawForAssociations({ callId: call.id, user: viewer.user })
		expect(after).toMatchObject({ volunteerCount: 6, drawn: true, open: false })
		expect(after!.associations).toHaveLength(1)
		expect(after!.associations[0]!.place).toMatchObject({ status: 'confirmed' })
		// Its own group's members, nobody else's.
		expect(after!.associations[0]!.group!.members.map((m) => m.name).sort()).toEqual([viewer.organization.name, byId.get(partner.organizationId)!.organization.name].sort())
		const anonymous = await getDrawForAssociations({ callId: call.id, user: null })
		expect(anonymous).toMatchObject({ volunteerCount: 6, drawn: true, associations: [] })
	})

	test('volontariat : département requis, retrait avant le tirage, rien après ; réglages figés après le tirage', async () => {
		const { staff, call } = await drawScene({ groupSize: 2, rhone: 2 })
		const nowhere = await createOrganization({ kind: 'association', departement: null })
		const person = await createUser()
		await addMember(nowhere.id, person.id, 'member')
		expect(await volunteerForDraw({ user: person, callId: call.id, organizationId: nowhere.id })).toMatchObject({ ok: false, message: expect.stringContaining('code postal') })
		const extra = await createAssociationMember('member')
		expect(await volunteerForDraw({ user: extra.user, callId: call.id, organizationId: extra.organization.id })).toEqual({ ok: true })
		expect(await withdrawFromDraw({ user: extra.user, callId: call.id, organizationId: extra.organization.id })).toEqual({ ok: true })
		expect(await db.select().from(partnerDrawVolunteers).where(isNull(partnerDrawVolunteers.withdrawnAt))).toHaveLength(2)
		// A stranger volunteers nobody.
		expect(await volunteerForDraw({ user: person, callId: call.id, organizationId: extra.organization.id })).toMatchObject({ ok: false, field: 'organizationId' })
		await launchDraw({ user: staff.user, callId: call.id, seed: SEED })
		// The withdrawn association was not drawn.
		expect((await placesOf()).map((p) => p.organizationId)).not.toContain(extra.organization.id)
		expect(await volunteerForDraw({ user: extra.user, callId: call.id, organizationId: extra.organization.id })).toMatchObject({ ok: false })
		expect(await setDrawSettings({ user: staff.user, callId: call.id, enabled: true, groupSize: 3 })).toMatchObject({ ok: false })
		// Another funder's staff do not reach the call.
		const other = await createStaff('funder')
		await expect(launchDraw({ user: other.user, callId: call.id })).rejects.toMatchObject({ status: 404 })
	})
})

describe('les pages du tirage', () => {
	let server: TestServer
	beforeAll(async () => {
		server = await startTestServer()
	})
	afterAll(async () => {
		await server.close()
	})

	test('le financeur active, tire, lit la graine et comment reproduire ; l’association confirme ou décline sa place ; la place vide est signalée', async () => {
		const staff = await createStaff('funder')
		const call = await createCall({ funderId: staff.organization.id })
		const staffCookie = await login(server, staff.user.email)
		const page = `/gestion/appels/${call.id}/tirage`
		expect((await post(server, page, { intent: 'settings', enabled: 'on', groupSize: '7' }, { cookie: staffCookie })).status).toBe(400)
		expect((await post(server, page, { intent: 'settings', enabled: 'on', groupSize: '2' }, { cookie: staffCookie })).status).toBe(302)
		const [a, b] = [await associationIn('69'), await associationIn('69')]
		const partners = `/appels/${call.id}/partenaires`
		// Anonymous visitors see that the draw is offered; members volunteer from the page.
		expect(await (await get(server, partners)).text()).toContain('Tirage au sort de partenaires')
		for (const v of [a, b]) {
			const cookie = await login(server, v.user.email)
			expect(await (await get(server, partners, cookie)).text()).toContain(`Inscrire ${v.organization.name} au tirage`)
			expect((await post(server, partners, { intent: 'volunteer', organizationId: v.organization.id }, { cookie })).status).toBe(302)
		}
		const listed = await (await get(server, page, staffCookie)).text()
		expect(listed).toContain(a.organization.name)
		expect(listed).toContain('Lancer le tirage au sort')
		expect((await post(server, page, { intent: 'draw' }, { cookie: staffCookie })).status).toBe(302)
		const [draw] = await db.select().from(partnerDraws)
		const drawn = await (await get(server, page, staffCookie)).text()
		expect(drawn).toContain(draw!.seed)
		expect(drawn).toContain('drawPartnerGroups({')
		expect(drawn).toContain('Département 69, groupe 1')

		const [placeOfA] = await db.select().from(partnerDrawPlaces).where(eq(partnerDrawPlaces.organizationId, a.organization.id))
		const cookieA = await login(server, a.user.email)
		expect(await (await get(server, partners, cookieA)).text()).toContain('Confirmer notre place')
		// Another association cannot answer for A's place.
		expect((await post(server, partners, { intent: 'confirm-place', placeId: placeOfA!.id }, { cookie: await login(server, b.user.email) })).status).toBe(404)
		expect((await post(server, partners, { intent: 'decline-place', placeId: placeOfA!.id }, { cookie: cookieA })).status).toBe(302)
		expect((await db.select().from(partnerDrawPlaces).where(eq(partnerDrawPlaces.id, placeOfA!.id)))[0]!.status).toBe('declined')
		expect(await (await get(server, page, staffCookie)).text()).toContain('reste vide')
	})
})
