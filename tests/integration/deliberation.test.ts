/**
 * The deliberation's decisions (issue 9): the envelope under two staff members deciding at
 * once, the bounds of an amount, the motivation of a non retenu, a decision kept with a new
 * amount (no transition), the waiting list's order, the settings' lock, the lottery replayed
 * from its seed; then the pages over HTTP: a conflicted chair, hostile parameters and bodies.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { loadDeliberation } from '#app/domain/deliberation/deliberation.server.ts'
import { decide, drawLottery, setProposedAmount, updateDeliberationSettings } from '#app/domain/deliberation/decisions.server.ts'
import { lotteryOf } from '#app/domain/deliberation/decisions.ts'
import { formatCents } from '#app/utils/format.ts'
import { db } from '#db/client.server.ts'
import { applications, auditEvents, calls, juryConflicts } from '#db/schema/index.ts'
import { addMember, createDeliberation, createStaff } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

async function dossier(id: string) {
	const [row] = await db.select().from(applications).where(eq(applications.id, id))
	return row!
}
async function callRow(id: string) {
	const [row] = await db.select().from(calls).where(eq(calls.id, id))
	return row!
}

describe('décisions de la délibération', () => {
	test('deux décisions simultanées qui dépassent ensemble l’enveloppe : une seule passe, l’autre reçoit le message de l’enveloppe', async () => {
		const scene = await createDeliberation({ amountsRequestedCents: [1_500_000, 1_500_000, 500_000], envelopeCents: 2_500_000, maxAmountPerProjectCents: 2_000_000 })
		// A second staff member of the same funder.
		const other = await createStaff('funder')
		await addMember(scene.staff.organization.id, other.user.id, 'staff')
		const [a, b] = scene.dossiers
		const outcomes = await Promise.all([
			decide({ user: scene.staff.user, callId: scene.call.id, applicationId: a!.id, decision: 'selected', amountCents: 1_500_000, motivation: '' }),
			decide({ user: other.user, callId: scene.call.id, applicationId: b!.id, decision: 'selected', amountCents: 1_500_000, motivation: '' }),
		])
		const ok = outcomes.filter((o) => o?.ok)
		const refused = outcomes.filter((o) => o && !o.ok)
		expect(ok).toHaveLength(1)
		expect(refused).toHaveLength(1)
		expect(refused[0]).toMatchObject({ ok: false, field: 'amount', message: `Ce montant dépasse l’enveloppe : il reste ${formatCents(1_000_000)} à attribuer.` })
		const statuses = [(await dossier(a!.id)).status, (await dossier(b!.id)).status].sort()
		expect(statuses).toEqual(['admissible', 'selected'])
		const retained = (await db.select().from(applications).where(and(eq(applications.callId, scene.call.id), eq(applications.status, 'selected')))).reduce(
			(s, r) => s + (r.amountGrantedCents ?? 0),
			0,
		)
		expect(retained).toBeLessThanOrEqual(2_500_000)
	})

	test('le montant reste entre 0, le montant demandé et le plafond de l’appel', async () => {
		const scene = await createDeliberation({ amountsRequestedCents: [1_000_000, 3_000_000, 500_000], maxAmountPerProjectCents: 2_000_000, envelopeCents: 10_000_000 })
		const [a, b] = scene.dossiers
		const base = { user: scene.staff.user, callId: scene.call.id }
		expect(await setProposedAmount({ ...base, applicationId: a!.id, amountCents: 1_000_001 })).toMatchObject({ ok: false, field: 'amount', message: `Le montant ne peut pas dépasser le montant demandé (${formatCents(1_000_000)}).` })
		expect(await setProposedAmount({ ...base, applicationId: b!.id, amountCents: 2_500_000 })).toMatchObject({ ok: false, message: `Le montant ne peut pas dépasser le plafond de l’appel par projet (${formatCents(2_000_000)}).` })
		expect(await setProposedAmount({ ...base, applicationId: a!.id, amountCents: -1 })).toMatchObject({ ok: false, field: 'amount' })
		expect(await decide({ ...base, applicationId: b!.id, decision: 'selected', amountCents: 2_000_001, motivation: '' })).toMatchObject({ ok: false, field: 'amount' })
		expect(await decide({ ...base, applicationId: b!.id, decision: 'selected', amountCents: 0, motivation: '' })).toMatchObject({ ok: false, field: 'amount', message: 'Un dossier retenu reçoit un montant supérieur à zéro.' })
		expect((await dossier(b!.id)).status).toBe('admissible')
		expect(await setProposedAmount({ ...base, applicationId: a!.id, amountCents: 750_050 })).toEqual({ ok: true })
		expect((await dossier(a!.id)).proposedAmountCents).toBe(750_050)
		// A partial award by default: the proposed amount when none is given.
		expect(await decide({ ...base, applicationId: a!.id, decision: 'selected', motivation: '' })).toEqual({ ok: true })
		expect(await dossier(a!.id)).toMatchObject({ status: 'selected', amountGrantedCents: 750_050 })
	})

	test('un dossier non retenu exige une motivation ; rien n’est écrit sans elle', async () => {
		const scene = await createDeliberation()
		const target = scene.dossiers[2]!
		const refused = await decide({ user: scene.staff.user, callId: scene.call.id, applicationId: target.id, decision: 'rejected', motivation: '   ' })
		expect(refused).toMatchObject({ ok: false, field: 'motivation', message: 'Motivez la décision : la motivation est obligatoire pour un dossier non retenu.' })
		expect(await dossier(target.id)).toMatchObject({ status: 'admissible', decisionVersion: 0, decidedAt: null })
		expect(await decide({ user: scene.staff.user, callId: scene.call.id, applicationId: target.id, decision: 'rejected', motivation: 'Ancrage local insuffisant.' })).toEqual({ ok: true })
		expect(await dossier(target.id)).toMatchObject({ status: 'rejected', decisionMotivation: 'Ancrage local insuffisant.', amountGrantedCents: null, decisionVersion: 1, decidedById: scene.staff.user.id })
	})

	test('garder la même décision avec un autre montant : une mise à jour sans transition, la validation de la présidence effacée', async () => {
		const scene = await createDeliberation()
		const target = scene.dossiers[0]!
		const base = { user: scene.staff.user, callId: scene.call.id, applicationId: target.id }
		expect(await decide({ ...base, decision: 'selected', amountCents: 800_000, motivation: 'Projet solide.' })).toEqual({ ok: true })
		await db.update(calls).set({ minutesValidatedById: scene.chair!.id, minutesValidatedAt: new Date() }).where(eq(calls.id, scene.call.id))
		expect(await decide({ ...base, decision: 'selected', amountCents: 600_000, motivation: 'Projet solide, budget resserré.' })).toEqual({ ok: true })
		expect(await dossier(target.id)).toMatchObject({ status: 'selected', amountGrantedCents: 600_000, proposedAmountCents: 600_000, decisionVersion: 2 })
		const events = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, target.id))
		expect(events.filter((e) => e.action === 'application.selected')).toHaveLength(1)
		expect(events.filter((e) => e.action === 'application.decision_updated')).toHaveLength(1)
		expect(await callRow(scene.call.id)).toMatchObject({ minutesValidatedById: null, minutesValidatedAt: null })
		// Retenu → non retenu: the amount granted is cleared.
		expect(await decide({ ...base, decision: 'rejected', motivation: 'Finalement hors du champ.' })).toEqual({ ok: true })
		expect(await dossier(target.id)).toMatchObject({ status: 'rejected', amountGrantedCents: null })
	})

	test('la liste d’attente est ordonnée : à la place demandée ou à la fin, renumérotée sans trou', async () => {
		const scene = await createDeliberation({ scores: [[16, 14], [12, 10], [8, 9], [10, 10]] })
		const base = { user: scene.staff.user, callId: scene.call.id, motivation: '' }
		const [a, b, c, d] = scene.dossiers.map((x) => x.id)
		await decide({ ...base, applicationId: a!, decision: 'waitlisted' })
		await decide({ ...base, applicationId: b!, decision: 'waitlisted' })
		await decide({ ...base, applicationId: c!, decision: 'waitlisted', waitlistPosition: 1 })
		const order = async () =>
			(await db.select().from(applications).where(and(eq(applications.callId, scene.call.id), eq(applications.status, 'waitlisted'))))
				.sort((x, y) => x.waitlistPosition! - y.waitlistPosition!)
				.map((r) => [r.id, r.waitlistPosition])
		expect(await order()).toEqual([
			[c, 1],
			[a, 2],
			[b, 3],
		])
		// A place far beyond the end lands at the end; a dossier leaving the list closes the gap.
		await decide({ ...base, applicationId: d!, decision: 'waitlisted', waitlistPosition: 99 })
		await decide({ ...base, applicationId: a!, decision: 'rejected', motivation: 'Moins prioritaire.' })
		expect(await order()).toEqual([
			[c, 1],
			[b, 2],
			[d, 3],
		])
		// Moving within the list: the same decision, a new place.
		await decide({ ...base, applicationId: d!, decision: 'waitlisted', waitlistPosition: 1 })
		expect(await order()).toEqual([
			[d, 1],
			[c, 2],
			[b, 3],
		])
		expect((await dossier(a!)).waitlistPosition).toBeNull()
	})

	test('réglages : un formulaire parti d’une version dépassée est refusé sans rien écrire', async () => {
		const scene = await createDeliberation()
		const version = scene.call.deliberationVersion
		const settings = { user: scene.staff.user, callId: scene.call.id, rankingScore: 'raw' as const, disagreementThreshold: 30, lotteryEnabled: true }
		expect(await updateDeliberationSettings({ ...settings, version })).toEqual({ ok: true })
		const stale = await updateDeliberationSettings({ ...settings, rankingScore: 'calibrated', disagreementThreshold: 10, version })
		expect(stale).toMatchObject({ ok: false, message: expect.stringContaining('modifiés par quelqu’un d’autre') })
		expect(await callRow(scene.call.id)).toMatchObject({ rankingScore: 'raw', disagreementThreshold: 30, lotteryEnabled: true, deliberationVersion: version + 1 })
		// The chair views but does not decide.
		expect(await updateDeliberationSettings({ ...settings, user: scene.chair!, version: version + 1 })).toMatchObject({ ok: false, status: 'not-staff' })
	})

	test('tirage au sort : une graine de 32 bits enregistrée, le même ordre recalculé depuis la graine', async () => {
		// Close scores around the line: dossiers 2 to 4 are « à départager » for an envelope of two.
		const scene = await createDeliberation({
			scores: [
				[18, 17, 18],
				[13, 11, 12],
				[12, 13, 11],
				[11, 12, 13],
				[5, 4, 6],
			],
			amountsRequestedCents: [1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000],
			envelopeCents: 2_000_000,
		})
		const staff = { user: scene.staff.user, callId: scene.call.id }
		expect(await drawLottery(staff)).toMatchObject({ ok: false, message: 'Le tirage au sort n’est pas activé dans les réglages de la délibération.' })
		await updateDeliberationSettings({ ...staff, rankingScore: 'calibrated', disagreementThreshold: 25, lotteryEnabled: true, version: scene.call.deliberationVersion })
		const drawn = await drawLottery(staff)
		if (!drawn.ok) throw new Error(drawn.message)
		const call = await callRow(scene.call.id)
		expect(call.lotterySeed).toBe(drawn.seed)
		expect(Number.isInteger(drawn.seed) && drawn.seed >= 0 && drawn.seed <= 0xffff_ffff).toBe(true)
		expect(call.lotteryDrawnAt).not.toBeNull()
		expect(drawn.order.length).toBeGreaterThan(1)
		// Replayed from the recorded seed on the deliberation as it stands: the same order, the same funded.
		const view = await loadDeliberation(db, { user: await policyUserOf(db, scene.staff.user), call })
		const replay = lotteryOf(view.dossiers, call.envelopeCents!, call.lotterySeed!)
		expect(replay.order).toEqual(drawn.order)
		expect(replay.funded).toEqual(drawn.funded)
		expect(await drawLottery(staff)).toMatchObject({ ok: false, message: expect.stringContaining('déjà eu lieu') })
		const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, scene.call.id), eq(auditEvents.action, 'deliberation.lottery_drawn')))
		expect(event!.data).toMatchObject({ seed: drawn.seed, order: drawn.order })
	})

	test('un membre de l’équipe en conflit avec un dossier ne peut pas le décider (il n’existe pas pour lui)', async () => {
		const scene = await createDeliberation()
		// The second juror also works for the funder, and is in conflict with the first dossier.
		const both = scene.jurorUsers[1]!
		await addMember(scene.staff.organization.id, both.id, 'staff')
		await db.insert(juryConflicts).values({ jurorId: scene.seats[1]!.id, applicationId: scene.dossiers[0]!.id, source: 'declared', cause: 'declared_personal', status: 'confirmed' })
		expect(await decide({ user: both, callId: scene.call.id, applicationId: scene.dossiers[0]!.id, decision: 'selected', amountCents: 100, motivation: '' })).toBeNull()
		expect(await setProposedAmount({ user: both, callId: scene.call.id, applicationId: scene.dossiers[0]!.id, amountCents: 100 })).toBeNull()
		expect((await dossier(scene.dossiers[0]!.id)).status).toBe('admissible')
		// The others, they may decide; the chair (not staff) decides nothing.
		expect(await decide({ user: both, callId: scene.call.id, applicationId: scene.dossiers[1]!.id, decision: 'waitlisted', motivation: '' })).toEqual({ ok: true })
		expect(await decide({ user: scene.chair!, callId: scene.call.id, applicationId: scene.dossiers[2]!.id, decision: 'waitlisted', motivation: '' })).toMatchObject({ ok: false, status: 'not-staff' })
	})
})

describe('pages de la délibération', () => {
	let server: TestServer
	beforeAll(async () => {
		server = await startTestServer()
	})
	afterAll(async () => {
		await server.close()
	})

	test('le financeur voit le classement, la ligne de financement, la méthode ; trie et filtre par paramètres GET, même hostiles', async () => {
		const scene = await createDeliberation({ amountsRequestedCents: [1_000_000, 2_000_000, 800_000] })
		const cookie = await login(server, scene.staff.user.email)
		const path = `/gestion/appels/${scene.call.id}/deliberation`
		const page = await get(server, path, cookie)
		expect(page.status).toBe(200)
		const html = await page.text()
		for (const d of scene.dossiers) expect(html).toContain(d.application.title)
		expect(html).toContain('Ligne de financement')
		expect(html).toContain('Score calibré (classe)')
		expect(html).toContain('λ =')
		expect(html).toContain('Enveloppe utilisée par thème')
		// Sorted by the raw mean, descending: the lowest-ranked dossier comes last.
		const sorted = await (await get(server, `${path}?tri=brut&ordre=desc`, cookie)).text()
		expect(sorted.indexOf(scene.dossiers[0]!.application.title)).toBeLessThan(sorted.indexOf(scene.dossiers[2]!.application.title))
		const ascending = await (await get(server, `${path}?tri=brut&ordre=asc`, cookie)).text()
		expect(ascending.indexOf(scene.dossiers[2]!.application.title)).toBeLessThan(ascending.indexOf(scene.dossiers[0]!.application.title))
		// Hostile or unknown parameters are ignored, never an error.
		for (const search of ['?tri=%3Cscript%3E&ordre=sideways', `?theme=${'x'.repeat(5000)}`, '?signal=tout&signal=desaccord&departement=%00', '?tri[]=1&theme=a&theme=b']) {
			const response = await get(server, `${path}${search}`, cookie)
			expect(response.status, search).toBe(200)
			expect(await response.text()).not.toContain('<script>')
		}
		// Reached from the call's page and its jury page.
		for (const from of [`/gestion/appels/${scene.call.id}`, `/gestion/appels/${scene.call.id}/jury`]) expect(await (await get(server, from, cookie)).text(), from).toContain(`href="${path}"`)
		const filtered = await (await get(server, `${path}?signal=retenu`, cookie)).text()
		expect(filtered).toContain('0 dossier sur 3')
	})

	test('le montant proposé se corrige dans la ligne, saisi à la française ; une erreur s’affiche à côté du champ, la saisie gardée', async () => {
		const scene = await createDeliberation({ amountsRequestedCents: [1_500_000, 1_000_000, 800_000], maxAmountPerProjectCents: 2_000_000 })
		const cookie = await login(server, scene.staff.user.email)
		const path = `/gestion/appels/${scene.call.id}/deliberation?index`
		const target = scene.dossiers[0]!.id
		const saved = await post(server, path, { intent: 'propose', applicationId: target, amount: '12 500,50' }, { cookie })
		expect(saved.status).toBe(302)
		expect((await dossier(target)).proposedAmountCents).toBe(1_250_050)
		const refused = await post(server, path, { intent: 'propose', applicationId: target, amount: '15 000,01' }, { cookie })
		expect(refused.status).toBe(400)
		const html = await refused.text()
		expect(html).toContain('Le montant ne peut pas dépasser le montant demandé')
		expect(html).toContain('value="15 000,01"')
		expect((await dossier(target)).proposedAmountCents).toBe(1_250_050)
		for (const amount of ['abc', '-5', '1e400', '9'.repeat(80), '']) {
			expect((await post(server, path, { intent: 'propose', applicationId: target, amount }, { cookie })).status, amount).toBe(400)
		}
		expect((await post(server, path, { intent: 'propose', applicationId: 'inconnu', amount: '10' }, { cookie })).status).toBe(404)
		expect((await post(server, path, { intent: 'nimporte' }, { cookie })).status).toBe(400)
		expect((await post(server, path, { intent: 'settings', rankingScore: 'raw', disagreementThreshold: '500', version: '1' }, { cookie })).status).toBe(400)
		expect((await post(server, path, { intent: 'settings', rankingScore: 'raw', disagreementThreshold: '20', version: '999' }, { cookie })).status).toBe(409)
		expect((await post(server, path, { intent: 'settings', rankingScore: 'raw', disagreementThreshold: '20', version: String(scene.call.deliberationVersion) }, { cookie })).status).toBe(302)
		expect(await callRow(scene.call.id)).toMatchObject({ rankingScore: 'raw', disagreementThreshold: 20 })
	})

	test('décider sur la page du dossier ; corps hostiles refusés en 400, jamais 500, rien d’écrit', async () => {
		const scene = await createDeliberation()
		const cookie = await login(server, scene.staff.user.email)
		const target = scene.dossiers[1]!.id
		const path = `/gestion/appels/${scene.call.id}/deliberation/${target}`
		const page = await get(server, path, cookie)
		expect(page.status).toBe(200)
		const html = await page.text()
		expect(html).toContain('Notes des jurés')
		expect(html).toContain(scene.jurorUsers[0]!.displayName)
		const hostile: Record<string, string>[] = [
			{},
			{ intent: 'decide', decision: 'pwned' },
			{ intent: 'decide', decision: 'rejected', motivation: '' },
			{ intent: 'decide', decision: 'rejected', motivation: 'x'.repeat(5000) },
			{ intent: 'decide', decision: 'selected', amount: '' },
			{ intent: 'decide', decision: 'selected', amount: '1,234' },
			{ intent: 'decide', decision: 'waitlisted', waitlistPosition: '-3' },
			{ intent: 'decide', decision: 'waitlisted', waitlistPosition: '1e9' },
		]
		for (const fields of hostile) expect((await post(server, path, fields, { cookie })).status, JSON.stringify(fields).slice(0, 80)).toBe(400)
		expect(await dossier(target)).toMatchObject({ status: 'admissible', decisionVersion: 0 })
		const refused = await post(server, path, { intent: 'decide', decision: 'rejected', motivation: '  ' }, { cookie })
		const refusedHtml = await refused.text()
		expect(refusedHtml, refusedHtml.slice(refusedHtml.indexOf('<h2>Décision'), refusedHtml.indexOf('<h2>Décision') + 1500)).toContain('la motivation est obligatoire pour un dossier non retenu')
		const decided = await post(server, path, { intent: 'decide', decision: 'selected', amount: '9 000', motivation: 'Très bon ancrage.' }, { cookie })
		expect(decided.status).toBe(302)
		expect(await dossier(target)).toMatchObject({ status: 'selected', amountGrantedCents: 900_000 })
		expect((await get(server, `/gestion/appels/${scene.call.id}/deliberation/inconnu`, cookie)).status).toBe(404)
	})

	test('la présidence en conflit : le dossier n’apparaît pas (ni titre ni montant), sa page de décision répond 404 ; elle ne décide rien', async () => {
		const scene = await createDeliberation({ amountsRequestedCents: [1_000_000, 1_000_000, 700_000] })
		const hidden = scene.dossiers[0]!
		await db.insert(juryConflicts).values({ jurorId: scene.seats[0]!.id, applicationId: hidden.id, source: 'declared', cause: 'declared_personal', status: 'confirmed' })
		const cookie = await login(server, scene.chair!.email)
		const page = await get(server, `/gestion/appels/${scene.call.id}/deliberation`, cookie)
		expect(page.status).toBe(200)
		const html = await page.text()
		expect(html).not.toContain(hidden.application.title)
		expect(html).toContain('1 dossier ne vous est pas présenté (conflit d’intérêts).')
		expect(html).toContain(scene.dossiers[1]!.application.title)
		// Read-only: no settings, no amount form, no link to the staff's dossier.
		expect(html).not.toContain('Enregistrer les réglages')
		expect(html).not.toContain('name="amount"')
		expect(html).not.toContain(`/candidatures/${scene.dossiers[1]!.id}`)
		expect(await (await get(server, '/jury', cookie)).text()).toContain(`href="/gestion/appels/${scene.call.id}/deliberation"`)
		expect((await get(server, `/gestion/appels/${scene.call.id}/deliberation/${hidden.id}`, cookie)).status).toBe(404)
		const other = await get(server, `/gestion/appels/${scene.call.id}/deliberation/${scene.dossiers[1]!.id}`, cookie)
		expect(other.status).toBe(200)
		const otherHtml = await other.text()
		expect(otherHtml).not.toContain('Notes des jurés')
		expect(otherHtml).not.toContain('Enregistrer la décision')
		const posted = await post(server, `/gestion/appels/${scene.call.id}/deliberation/${scene.dossiers[1]!.id}`, { intent: 'decide', decision: 'waitlisted' }, { cookie })
		expect(posted.status).toBe(403)
		expect((await dossier(scene.dossiers[1]!.id)).status).toBe('admissible')
	})

	test('le classement d’un grand appel se lit par pages de 50 ; un numéro de page hors bornes ramène à la première', async () => {
		const scene = await createDeliberation()
		const lead = scene.dossiers[0]!.application.leadOrganizationId
		await db.insert(applications).values(
			Array.from({ length: 50 }, (_, i) => ({ callId: scene.call.id, leadOrganizationId: lead, title: `Sans note ${String(i).padStart(2, '0')}`, status: 'admissible' as const, submittedAt: new Date() })),
		)
		const cookie = await login(server, scene.staff.user.email)
		const path = `/gestion/appels/${scene.call.id}/deliberation`
		const first = await (await get(server, `${path}?tri=titre`, cookie)).text()
		expect(first).toContain('53 dossiers — page 1 sur 2')
		expect(first).toContain(scene.dossiers[0]!.application.title)
		expect(first).not.toContain('Sans note 49')
		const second = await (await get(server, `${path}?tri=titre&page=2`, cookie)).text()
		expect(second).toContain('page 2 sur 2')
		expect(second).toContain('Sans note 49')
		for (const page of ['999', '-1', 'abc', '1.5']) expect(await (await get(server, `${path}?page=${page}`, cookie)).text(), page).toContain('page 1 sur 2')
	})

	test('avant la délibération, la page répond 409 au financeur ; 404 à qui n’est ni du financeur ni président·e', async () => {
		const scene = await createDeliberation()
		await db.update(calls).set({ status: 'jury' }).where(eq(calls.id, scene.call.id))
		const staffCookie = await login(server, scene.staff.user.email)
		const early = await get(server, `/gestion/appels/${scene.call.id}/deliberation`, staffCookie)
		expect(early.status).toBe(409)
		expect(await early.text()).toContain('La délibération de cet appel n’est pas encore ouverte')
		const juror = await login(server, scene.jurorUsers[1]!.email)
		expect((await get(server, `/gestion/appels/${scene.call.id}/deliberation`, juror)).status).toBe(404)
	})
})
