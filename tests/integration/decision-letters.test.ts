/**
 * Telling the associations (issue 9): the decision letters, one per association of each
 * decided consortium and per decision version, sent in bulk by a background job that
 * survives a kill without sending twice; the call's editable templates, escaped.
 */
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { LETTER_MESSAGES, startDecisionLetters } from '#app/domain/letters/decision-letters.server.ts'
import { getLettersPage } from '#app/domain/letters/letters-page.server.ts'
import { enqueueJob, registerJobHandler, runJobsOnce } from '#app/services/jobs.server.ts'
import { type FileStorage, getStorage, setStorage } from '#app/services/storage.server.ts'
import { db } from '#db/client.server.ts'
import { applications, auditEvents, backgroundJobs, decisionLetters, messageTemplates, outboxMessages } from '#db/schema/index.ts'
import { addMember, createStaff, createUser } from '#tests/factories.ts'
import { seedDecidedCall, type DecidedDossier } from '#tests/support/decided-call.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

const CONSORTIA: DecidedDossier[] = [
	{ status: 'selected', amountGrantedCents: 750_000, associations: 3, title: 'Contes et crêpes' },
	{ status: 'waitlisted', waitlistPosition: 1, associations: 2, title: 'Jardins partagés' },
	{ status: 'rejected', motivation: 'Le budget ne tient pas.', associations: 2, title: 'Fresques du quartier' },
]

async function decided(dossiers = CONSORTIA, status: 'decided' | 'deliberation' = 'decided') {
	const staff = await createStaff('funder')
	const seeded = await seedDecidedCall({ dossiers, funderId: staff.organization.id, status })
	const user = await policyUserOf(db, { id: staff.user.id })
	return { ...seeded, staff, user }
}

/** Outbox emails of the decision letters, counted per recipient address. */
async function emailsPerAddress() {
	const rows = await db.select({ to: outboxMessages.toAddress }).from(outboxMessages).where(eq(outboxMessages.template, 'decision-letter'))
	const counts = new Map<string, number>()
	for (const row of rows) counts.set(row.to, (counts.get(row.to) ?? 0) + 1)
	return counts
}

const addressesOf = (seeded: Awaited<ReturnType<typeof decided>>) => seeded.dossiers.flatMap((d) => d.associations.map((a) => a.referentEmail))
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000)

afterEach(() => setStorage(undefined))

describe('courriers de décision', () => {
	test('un courrier par association et par version de décision, chacun avec son PDF ; relancer n’envoie rien de nouveau', async () => {
		const seeded = await decided()
		const started = await startDecisionLetters({ user: seeded.user, callId: seeded.call.id })
		expect(started).toMatchObject({ ok: true, total: 7 })
		expect(await runJobsOnce()).toEqual({ ran: 1, abandoned: 0 })

		const counts = await emailsPerAddress()
		expect(counts.size).toBe(7)
		for (const address of addressesOf(seeded)) expect(counts.get(address), address).toBe(1)
		const letters = await db.select().from(decisionLetters)
		expect(letters.every((l) => l.status === 'queued' && l.storageKey === `decision-letters/${l.id}`)).toBe(true)
		const pdf = await getStorage().get(letters[0]!.storageKey!)
		expect(pdf!.subarray(0, 5).toString()).toBe('%PDF-')
		const [email] = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, seeded.dossiers[0]!.associations[1]!.referentEmail))
		expect(email!.subject).toBe('Votre projet « Contes et crêpes » est retenu — Ensemble')
		expect(email!.text).toMatch(/Montant accordé : 7\s500,00\s€/u)
		expect(email!.text).toContain(`${seeded.dossiers[0]!.associations[0]!.name} (chef de file)`)
		expect(email!.attachments).toEqual([{ filename: 'courrier-de-decision.pdf', contentType: 'application/pdf', storageKey: expect.stringMatching(/^decision-letters\//) }])
		const [job] = await db.select().from(backgroundJobs)
		expect(job).toMatchObject({ status: 'done', total: 7, attempts: 1 })
		expect(await db.select().from(auditEvents).where(eq(auditEvents.action, 'call.letters_started'))).toHaveLength(1)

		// Again: nothing new, nothing sent.
		expect(await startDecisionLetters({ user: seeded.user, callId: seeded.call.id })).toEqual({ ok: false, message: LETTER_MESSAGES.nothingNew })
		await runJobsOnce()
		expect([...(await emailsPerAddress()).values()].reduce((a, b) => a + b, 0)).toBe(7)

		// The waiting list's dossier is promoted (a new decision version): its own letters, and only them.
		const promoted = seeded.dossiers[1]!
		await db.update(applications).set({ status: 'selected', amountGrantedCents: 500_000, waitlistPosition: null, decisionVersion: 2 }).where(eq(applications.id, promoted.id))
		expect(await startDecisionLetters({ user: seeded.user, callId: seeded.call.id })).toMatchObject({ ok: true, total: 2 })
		await runJobsOnce()
		const after = await emailsPerAddress()
		for (const a of promoted.associations) expect(after.get(a.referentEmail)).toBe(2)
		expect([...after.values()].reduce((x, y) => x + y, 0)).toBe(9)
		const page = await getLettersPage({ user: seeded.user, callId: seeded.call.id })
		expect(page.toSend).toEqual({ selected: 0, waitlisted: 0, rejected: 0 })
		expect(page.sent).toEqual({ selected: 5, waitlisted: 0, rejected: 2 })
	})

	test('un travail tué en cours de route reprend après son bail, sans aucun doublon', async () => {
		const seeded = await decided()
		// Batches of 3: each batch's PDFs are stored and marked prepared (a step), then its emails queued (a step).
		expect(await startDecisionLetters({ user: seeded.user, callId: seeded.call.id, batchSize: 3 })).toMatchObject({ ok: true, total: 7 })
		const states = async () => {
			const rows = await db.select({ status: decisionLetters.status, n: sql<number>`count(*)::int` }).from(decisionLetters).groupBy(decisionLetters.status)
			return Object.fromEntries(rows.map((s) => [s.status, s.n]))
		}
		// Killed once the 2nd batch's PDFs are stored, before its emails are queued.
		expect(await runJobsOnce({ stopAfterSteps: 2 })).toEqual({ ran: 1, abandoned: 1 })
		expect(await states()).toEqual({ queued: 3, prepared: 3, pending: 1 })
		expect((await emailsPerAddress()).size).toBe(3)
		// Its lease still runs: nobody takes it.
		expect(await runJobsOnce()).toEqual({ ran: 0, abandoned: 0 })
		// The lease passed: a second worker takes it, queues the prepared letters (without rendering them again), is killed in turn.
		expect(await runJobsOnce({ now: later(3), stopAfterSteps: 1 })).toEqual({ ran: 1, abandoned: 1 })
		expect(await states()).toEqual({ queued: 6, prepared: 1 })
		// A third finishes.
		expect(await runJobsOnce({ now: later(6) })).toEqual({ ran: 1, abandoned: 0 })

		const counts = await emailsPerAddress()
		expect(counts.size).toBe(7)
		for (const address of addressesOf(seeded)) expect(counts.get(address), address).toBe(1)
		const [job] = await db.select().from(backgroundJobs)
		expect(job).toMatchObject({ status: 'done', attempts: 3 })
		// Each PDF was rendered once: the letters prepared before a kill were not rendered again.
		expect((await db.select().from(decisionLetters)).map((l) => [l.status, l.attempts])).toEqual(Array.from({ length: 7 }, () => ['queued', 1]))

		// The whole sending again: nothing new.
		expect(await startDecisionLetters({ user: seeded.user, callId: seeded.call.id })).toEqual({ ok: false, message: LETTER_MESSAGES.nothingNew })
		expect([...(await emailsPerAddress()).values()].reduce((a, b) => a + b, 0)).toBe(7)
	})

	test('un courrier en échec est signalé avec son erreur, le travail continue ; « Réessayer les échecs » l’envoie une fois', async () => {
		const seeded = await decided()
		const disk = getStorage()
		let failures = 1
		setStorage({
			put: async (key, data) => {
				if (failures-- > 0) throw new Error('Disque plein')
				return disk.put(key, data)
			},
			get: (key) => disk.get(key),
			getStream: (key) => disk.getStream(key),
			delete: (key) => disk.delete(key),
		} satisfies FileStorage)
		await startDecisionLetters({ user: seeded.user, callId: seeded.call.id })
		await runJobsOnce()
		const failed = await db.select().from(decisionLetters).where(eq(decisionLetters.status, 'failed'))
		expect(failed).toHaveLength(1)
		// Staff read a French message; the technical detail (« Disque plein ») goes to the server's log.
		expect(failed[0]!.lastError).toBe(LETTER_MESSAGES.failed)
		expect(await db.select().from(decisionLetters).where(eq(decisionLetters.status, 'queued'))).toHaveLength(6)
		const page = await getLettersPage({ user: seeded.user, callId: seeded.call.id })
		expect(page.progress).toMatchObject({ status: 'done', total: 7, prepared: 6, queued: 6, failed: 1 })
		expect(page.failures).toEqual([expect.objectContaining({ id: failed[0]!.id, error: LETTER_MESSAGES.failed })])

		expect(await startDecisionLetters({ user: seeded.user, callId: seeded.call.id })).toEqual({ ok: false, message: LETTER_MESSAGES.nothingNew })
		expect(await startDecisionLetters({ user: seeded.user, callId: seeded.call.id, retryFailed: true })).toMatchObject({ ok: true, total: 1 })
		await runJobsOnce()
		const counts = await emailsPerAddress()
		for (const address of addressesOf(seeded)) expect(counts.get(address), address).toBe(1)
		expect(await db.select().from(decisionLetters).where(and(eq(decisionLetters.status, 'queued')))).toHaveLength(7)
	})

	test('un dossier retenu dont la convention est déjà signée reçoit tout de même son courrier « retenu »', async () => {
		const seeded = await decided()
		const retained = seeded.dossiers.find((d) => d.title === 'Contes et crêpes')!
		// Test setup: the agreement went faster than the letters (the engine moves it in the product).
		await db.update(applications).set({ status: 'agreement_signed' }).where(eq(applications.id, retained.id))
		expect(await getLettersPage({ user: seeded.user, callId: seeded.call.id })).toMatchObject({ toSend: { selected: 3, waitlisted: 2, rejected: 2 } })
		await startDecisionLetters({ user: seeded.user, callId: seeded.call.id })
		await runJobsOnce()
		const letters = await db.select().from(decisionLetters).where(eq(decisionLetters.applicationId, retained.id))
		expect(letters.map((l) => [l.decision, l.status])).toEqual([
			['selected', 'queued'],
			['selected', 'queued'],
			['selected', 'queued'],
		])
	})

	test('refus : appel pas encore décidé, envoi déjà en cours', async () => {
		const open = await decided(CONSORTIA, 'deliberation')
		expect(await startDecisionLetters({ user: open.user, callId: open.call.id })).toEqual({ ok: false, message: LETTER_MESSAGES.notDecided })
		const seeded = await decided()
		expect(await startDecisionLetters({ user: seeded.user, callId: seeded.call.id })).toMatchObject({ ok: true })
		expect(await startDecisionLetters({ user: seeded.user, callId: seeded.call.id })).toEqual({ ok: false, message: LETTER_MESSAGES.running })
		expect(await db.select().from(backgroundJobs)).toHaveLength(1)
	})

	test('les courriers laissés par un envoi interrompu (tâche en échec) partent avec l’envoi suivant, une fois', async () => {
		const seeded = await decided()
		await startDecisionLetters({ user: seeded.user, callId: seeded.call.id, batchSize: 3 })
		await runJobsOnce({ stopAfterSteps: 2 })
		// As if its handler had thrown: the job is failed, 4 letters left unsent.
		await db.update(backgroundJobs).set({ status: 'failed', lastError: 'connexion perdue', leaseUntil: null })
		expect(await runJobsOnce({ now: later(10) })).toEqual({ ran: 0, abandoned: 0 })
		const page = await getLettersPage({ user: seeded.user, callId: seeded.call.id })
		expect(page).toMatchObject({ mayStart: true, unfinished: 4, toSend: { selected: 0, waitlisted: 0, rejected: 0 }, progress: { status: 'failed', lastError: 'connexion perdue' } })
		expect(await startDecisionLetters({ user: seeded.user, callId: seeded.call.id })).toMatchObject({ ok: true, total: 4 })
		await runJobsOnce()
		const counts = await emailsPerAddress()
		for (const address of addressesOf(seeded)) expect(counts.get(address), address).toBe(1)
	})

	test('un titre de projet hostile est échappé dans l’e-mail', async () => {
		const seeded = await decided([{ status: 'rejected', title: '<script>alert("x")</script> & Cie', associations: 2 }])
		await startDecisionLetters({ user: seeded.user, callId: seeded.call.id })
		await runJobsOnce()
		const emails = await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'decision-letter'))
		expect(emails).toHaveLength(2)
		for (const email of emails) {
			expect(email.html).not.toContain('<script>')
			expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie')
		}
	})
})

describe('tâches de fond', () => {
	test('un travailleur dont le bail est passé et repris par un autre s’arrête sans rien écrire', async () => {
		const runs: string[] = []
		registerJobHandler('test-lease', async (context) => {
			runs.push(`run ${context.job.attempts}`)
			if (context.job.attempts === 1) {
				// While this worker stalls, its lease passes and a second worker takes the job and finishes it.
				expect(await runJobsOnce({ now: later(5) })).toEqual({ ran: 1, abandoned: 0 })
				await context.heartbeat() // the job is no longer ours: throws, and the runner stops
				runs.push('not reached')
			}
		})
		await enqueueJob(db, { kind: 'test-lease' })
		expect(await runJobsOnce()).toEqual({ ran: 1, abandoned: 1 })
		expect(runs).toEqual(['run 1', 'run 2'])
		const [job] = await db.select().from(backgroundJobs)
		expect(job).toMatchObject({ status: 'done', attempts: 2 })
	})
})

describe('pages du financeur (HTTP, sans JavaScript)', () => {
	let server: TestServer
	beforeAll(async () => {
		server = await startTestServer()
	})
	afterAll(async () => {
		await server.close()
	})

	test('modifier un texte : champ inconnu refusé près du champ, conflit de version (texte gardé), aperçu avec un vrai dossier, retour au défaut', async () => {
		const seeded = await decided()
		const other = await createUser()
		await addMember(seeded.staff.organization.id, other.id, 'staff')
		const [first, second] = [await login(server, seeded.staff.user.email), await login(server, other.email)]
		const page = `/gestion/appels/${seeded.call.id}/modeles/rejected-email`

		const list = await get(server, `/gestion/appels/${seeded.call.id}/modeles`, first)
		expect(list.status).toBe(200)
		expect(await list.text()).toContain('Courrier « liste d’attente »')
		const opened = await get(server, page, first)
		expect(opened.status).toBe(200)
		const html = await opened.text()
		// The preview is filled from the call's rejected dossier.
		expect(html).toContain('Avec le dossier « Fresques du quartier »')
		expect(html).toContain('Le budget ne tient pas.')

		const unknown = await post(server, page, { intent: 'save', subject: 'Décision', body: 'Bonjour {{president}}', version: '0', row: '' }, { cookie: first })
		expect(unknown.status).toBe(400)
		const refused = await unknown.text()
		expect(refused).toContain('Champ inconnu : {{president}}. Champs possibles : {{association}}')
		expect(refused).toContain('Bonjour {{president}}')
		expect(await db.select().from(messageTemplates)).toHaveLength(0)

		// A preview of the text being typed: nothing saved, the text kept, the values filled in and escaped.
		const preview = await post(server, page, { intent: 'preview', subject: 'Pour {{association}}', body: '<b>Projet</b> {{projet}}', version: '0', row: '' }, { cookie: first })
		expect(preview.status).toBe(200)
		const previewed = await preview.text()
		expect(previewed).toContain('&lt;b&gt;Projet&lt;/b&gt; Fresques du quartier')
		expect(previewed).toContain(`Pour ${seeded.dossiers[2]!.associations[0]!.name}`)
		expect(await db.select().from(messageTemplates)).toHaveLength(0)

		// Both read the default text (version 0); the first saves, the second is told and keeps their text.
		const saved = await post(server, page, { intent: 'save', subject: 'Votre projet {{projet}}', body: 'Bonjour,\n\nNon retenu : {{motivation}}', version: '0', row: '' }, { cookie: first })
		expect(saved.status).toBe(302)
		const conflict = await post(server, page, { intent: 'save', subject: 'Autre objet', body: 'Mon texte à moi', version: '0', row: '' }, { cookie: second })
		expect(conflict.status).toBe(409)
		const conflicted = await conflict.text()
		expect(conflicted).toContain('modifié par quelqu’un d’autre')
		expect(conflicted).toContain('Mon texte à moi')
		const [row] = await db.select().from(messageTemplates)
		expect(row).toMatchObject({ key: 'rejected-email', subject: 'Votre projet {{projet}}', version: 1, updatedById: seeded.staff.user.id })

		// The letters use the saved text.
		await startDecisionLetters({ user: seeded.user, callId: seeded.call.id })
		await runJobsOnce()
		const [email] = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, seeded.dossiers[2]!.associations[1]!.referentEmail))
		expect(email!.subject).toBe('Votre projet Fresques du quartier')
		expect(email!.text).toContain('Non retenu : Le budget ne tient pas.')

		// Reset: asked to confirm, then the row is gone and the default is back.
		const ask = await post(server, page, { intent: 'reset' }, { cookie: second })
		expect(ask.status).toBe(200)
		expect(await ask.text()).toContain('Revenir au texte par défaut ?')
		expect(await db.select().from(messageTemplates)).toHaveLength(1)
		expect((await post(server, page, { intent: 'reset', confirm: '1' }, { cookie: second })).status).toBe(302)
		expect(await db.select().from(messageTemplates)).toHaveLength(0)
		const audit = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, seeded.call.id))
		expect(audit.map((a) => a.action).sort()).toEqual(['call.letters_started', 'call.template_reset', 'call.template_saved'])
		expect((await get(server, `/gestion/appels/${seeded.call.id}/modeles/inconnu`, first)).status).toBe(404)
		// The letter as an association would receive it, in PDF; an email has none.
		const letter = await get(server, `/gestion/appels/${seeded.call.id}/modeles/rejected-letter/apercu.pdf?dossier=${seeded.dossiers[2]!.id}`, first)
		expect(letter.status).toBe(200)
		expect(letter.headers.get('content-type')).toBe('application/pdf')
		expect(Buffer.from(await letter.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
		expect((await get(server, `/gestion/appels/${seeded.call.id}/modeles/rejected-email/apercu.pdf`, first)).status).toBe(404)
	})

	test('page des courriers : lancer l’envoi, la progression, un courrier téléchargeable ; refus en français avant la décision', async () => {
		const seeded = await decided()
		const cookie = await login(server, seeded.staff.user.email)
		const page = `/gestion/appels/${seeded.call.id}/courriers`
		const before = await (await get(server, page, cookie)).text()
		expect(before).toContain('Envoyer 7 courriers')

		expect((await post(server, page, { intent: 'start' }, { cookie })).status).toBe(302)
		const queued = await (await get(server, page, cookie)).text()
		expect(queued).toContain('http-equiv="refresh"')
		expect(queued).toContain('0 courrier préparé sur 7 · 0 courrier envoyé (e-mails en cours de distribution) · 0 échec')
		const again = await post(server, page, { intent: 'start' }, { cookie })
		expect(again.status).toBe(409)
		expect(await again.text()).toContain('déjà en cours')

		await runJobsOnce()
		const done = await (await get(server, page, cookie)).text()
		expect(done).not.toContain('http-equiv="refresh"')
		expect(done).toContain('7 courriers préparés sur 7 · 7 courriers envoyés (e-mails en cours de distribution) · 0 échec')
		const [letter] = await db.select().from(decisionLetters).limit(1)
		expect(done).toContain(`/courriers/${letter!.id}.pdf`)
		const pdf = await get(server, `${page}/${letter!.id}.pdf`, cookie)
		expect(pdf.status).toBe(200)
		expect(pdf.headers.get('content-type')).toBe('application/pdf')
		expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')

		// Another funder's staff: not theirs to know of.
		const stranger = await createStaff('funder')
		const strangerCookie = await login(server, stranger.user.email)
		expect((await get(server, page, strangerCookie)).status).toBe(404)
		expect((await get(server, `${page}/${letter!.id}.pdf`, strangerCookie)).status).toBe(404)

		const open = await decided(CONSORTIA, 'deliberation')
		const openCookie = await login(server, open.staff.user.email)
		const refused = await post(server, `/gestion/appels/${open.call.id}/courriers`, { intent: 'start' }, { cookie: openCookie })
		expect(refused.status).toBe(409)
		expect(await refused.text()).toContain('une fois la délibération close')
		expect(await db.select().from(backgroundJobs).where(eq(backgroundJobs.callId, open.call.id))).toHaveLength(0)
	})
})
