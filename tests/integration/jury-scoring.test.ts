/**
 * Scoring (issue 8): the juror's space (/jury), the scoring page over HTTP without
 * JavaScript and through the autosave, the version check, sending (every criterion, on its
 * scale) and the lock, the staff's reopening with a reason, the blind rule, conflicts
 * declared from the list and decided by the chair, and hostile input.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { jurorApplicationsWhere } from '#app/auth/policy/visibility.server.ts'
import { declareConflict } from '#app/domain/jury/conflicts.server.ts'
import { COMMENT_MAX } from '#app/domain/jury/evaluation.ts'
import { getEvaluationForJuror, saveEvaluation, sendEvaluation } from '#app/domain/jury/evaluation.server.ts'
import { db } from '#db/client.server.ts'
import { applications, attachments, auditEvents, calls, jurors, juryAssignments, juryConflicts, outboxMessages, scores, sessions } from '#db/schema/index.ts'
import { assignJuror, createApplication, createCriteria, createJuror, createStaff } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'
import { statementsDuring } from '#tests/support/statements.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

type Visibility = 'never' | 'after_sending' | 'always'

/** A recevable dossier of a call in its jury, a grid of two criteria (scales 5 and 10), two jurors assigned to it. */
async function scene(visibility: Visibility = 'after_sending') {
	const app = await createApplication({ status: 'admissible', title: 'Jardins partagés de la Villeneuve' })
	await db.update(calls).set({ status: 'jury', juryScoresVisibility: visibility, juryEndsOn: '2027-06-30' }).where(eq(calls.id, app.call.id))
	const grid = await createCriteria(app.call.id)
	const first = await createJuror(app.call.id)
	const second = await createJuror(app.call.id)
	const firstAssignment = await assignJuror(app.call.id, first.id, app.id)
	const secondAssignment = await assignJuror(app.call.id, second.id, app.id)
	const [file] = await db.select().from(attachments).where(eq(attachments.applicationId, app.id))
	const page = `/jury/appels/${app.call.id}/dossiers/${app.id}`
	// How the page's fetcher posts an autosave: Remix answers with the action's data, not a document.
	const fetcherPage = `${page}?_data=${encodeURIComponent('routes/jury.appels.$callId.dossiers.$applicationId')}`
	return { app, callId: app.call.id, grid, first, second, firstAssignment, secondAssignment, file: file!, page, fetcherPage, staff: app.funder }
}

type Scene = Awaited<ReturnType<typeof scene>>

/** The scoring form's fields as the browser sends them. */
function form(s: Scene, intent: 'save' | 'autosave' | 'send', version: number, values: (string | null)[], extra: Record<string, string> = {}) {
	const fields: Record<string, string> = { intent, version: String(version), generalOpinion: 'Un projet solide.' }
	s.grid.forEach((criterion, index) => {
		fields[`scores[${index}].criterionId`] = criterion.id
		fields[`scores[${index}].value`] = values[index] ?? ''
		fields[`scores[${index}].comment`] = `Commentaire ${index + 1}`
	})
	return { ...fields, ...extra }
}

async function assignmentRow(id: string) {
	const [row] = await db.select().from(juryAssignments).where(eq(juryAssignments.id, id))
	return row!
}

async function scoresOf(assignmentId: string) {
	return db.select().from(scores).where(eq(scores.assignmentId, assignmentId))
}

/** The domain's input for a juror's evaluation: values by criterion, in the grid's order. */
function input(s: Scene, version: number, values: (number | null)[]) {
	return { version, generalOpinion: 'Avis', scores: s.grid.map((c, i) => ({ criterionId: c.id, value: values[i] ?? null, comment: '' })) }
}

describe('l’espace du juré (/jury)', () => {
	test('les appels où il siège, la fin du jury, ses dossiers avec leur avancement et combien il en reste ; le lien depuis « Mon espace »', async () => {
		const s = await scene()
		const cookie = await login(server, s.first.email)
		let html = await (await get(server, '/jury', cookie)).text()
		expect(html).toContain(s.app.call.title)
		expect(html).toContain('30 juin 2027')
		expect(html).toContain('Jardins partagés de la Villeneuve')
		expect(html).toContain('À faire')
		expect(html).toContain('1 dossier à évaluer sur 1')

		expect((await saveEvaluation({ user: s.first, callId: s.callId, applicationId: s.app.id, input: input(s, 1, [3, null]) })).ok).toBe(true)
		html = await (await get(server, '/jury', cookie)).text()
		expect(html).toContain('En cours')
		expect((await sendEvaluation({ user: s.first, callId: s.callId, applicationId: s.app.id, input: input(s, 2, [3, 7]) })).ok).toBe(true)
		html = await (await get(server, '/jury', cookie)).text()
		expect(html).toContain('Envoyée')
		expect(html).toContain('0 dossier à évaluer sur 1')

		expect(await (await get(server, '/espace', cookie)).text()).toContain('href="/jury"')
	})
})

describe('la page de notation', () => {
	test('l’enregistrement automatique garde la saisie ; une version périmée est refusée avec un message clair, ce qui a été tapé reste affiché', async () => {
		const s = await scene()
		const cookie = await login(server, s.first.email)
		const page = await get(server, s.page, cookie)
		expect(page.status).toBe(200)
		const html = await page.text()
		expect(html).toContain('Qualité de la coopération')
		expect(html).toContain('Chaque association a un rôle clair.')
		// The shared dossier view, its files through the juror's own route, no history.
		expect(html).toContain(`${s.page}/pieces/${s.file.id}`)
		expect(html).not.toContain('Historique')

		const autosaved = await post(server, s.fetcherPage, form(s, 'autosave', 1, ['4', '']), { cookie })
		expect(autosaved.status).toBe(200)
		expect(await autosaved.json()).toMatchObject({ ok: true, version: 2 })
		expect((await scoresOf(s.firstAssignment.id)).map((r) => r.value).sort()).toEqual([4, null])
		expect(await assignmentRow(s.firstAssignment.id)).toMatchObject({ version: 2, generalOpinion: 'Un projet solide.' })
		expect((await assignmentRow(s.firstAssignment.id)).startedAt).not.toBeNull()

		// Saved on version 1 again (another tab): refused, nothing written, the typed text kept on the page.
		const stale = await post(server, s.page, form(s, 'save', 1, ['2', '9'], { generalOpinion: 'Texte tapé dans l’autre onglet' }), { cookie })
		expect(stale.status).toBe(409)
		const staleHtml = await stale.text()
		expect(staleHtml).toContain('enregistrée entre-temps ailleurs')
		expect(staleHtml).toContain('Texte tapé dans l’autre onglet')
		expect(await assignmentRow(s.firstAssignment.id)).toMatchObject({ version: 2, generalOpinion: 'Un projet solide.' })
		const staleAuto = await post(server, s.fetcherPage, form(s, 'autosave', 1, ['2', '9']), { cookie })
		expect(staleAuto.status).toBe(409)
		expect(await staleAuto.json()).toMatchObject({ ok: false })

		// Without JavaScript, « Enregistrer » on the current version saves and comes back to the page.
		const saved = await post(server, s.page, form(s, 'save', 2, ['5', '']), { cookie })
		expect(saved.status).toBe(302)
		expect((await scoresOf(s.firstAssignment.id)).map((r) => r.value).sort()).toEqual([5, null])
	})

	test('la page de notation tient en cinq requêtes, notes des autres jurés comprises (issue 8 : page rapide)', async () => {
		const s = await scene('always')
		expect((await sendEvaluation({ user: s.second, callId: s.callId, applicationId: s.app.id, input: input(s, 1, [2, 9]) })).ok).toBe(true)
		const cookie = await login(server, s.first.email)
		const { result: response, statements } = await statementsDuring(() => get(server, s.page, cookie))
		expect(response.status).toBe(200)
		expect(await response.text()).toContain('Juré·e 1')
		// The session, the juror's assignment (with the policy's facts), the dossier, the grid with the juror's scores, the others' scores.
		expect(statements.length).toBeGreaterThan(0)
		expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(5)
	})

	test('la page de notation sert le dossier gardé tant que sa version n’a pas bougé, sans le relire ; changé, il est relu', async () => {
		const s = await scene()
		const cookie = await login(server, s.first.email)
		const statementsOf = async (read: () => Promise<string>) => {
			const { result: html, statements } = await statementsDuring(read)
			return { html, statements }
		}
		const page = async () => {
			const response = await get(server, s.page, cookie)
			expect(response.status).toBe(200)
			return response.text()
		}
		const first = await statementsOf(page)
		const again = await statementsOf(page)
		// The dossier's own statement (it reads the consortium's files) ran the first time only.
		const readsDossier = (statements: string[]) => statements.some((q) => q.includes('from "attachments"'))
		expect(readsDossier(first.statements), first.statements.join('\n')).toBe(true)
		expect(readsDossier(again.statements), again.statements.join('\n')).toBe(false)
		expect(again.statements.length).toBe(first.statements.length - 1)
		const [{ title }] = (await db.select({ title: applications.title }).from(applications).where(eq(applications.id, s.app.id))) as [{ title: string }]
		expect(again.html).toContain(title)

		// Any change of what the dossier shows moves its version (decision 044): the page reads it again.
		await db.update(applications).set({ title: 'Un titre changé entre deux lectures' }).where(eq(applications.id, s.app.id))
		const changed = await statementsOf(page)
		expect(readsDossier(changed.statements)).toBe(true)
		expect(changed.html).toContain('Un titre changé entre deux lectures')
	})

	test('une session expirée pendant la notation ne perd rien : la saisie revient dans la grille après reconnexion', async () => {
		const s = await scene()
		const cookie = await login(server, s.first.email)
		await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, s.first.id))
		const posted = await post(server, s.fetcherPage, form(s, 'autosave', 1, ['3', ''], { generalOpinion: 'Écrit pendant que la session expirait' }), { cookie })
		// The fetcher follows Remix's redirect to the login page, which brings the juror back here with the draft.
		const location = posted.headers.get('X-Remix-Redirect') ?? posted.headers.get('location') ?? ''
		const back = new URL(location, server.baseUrl).searchParams.get('redirectTo')!
		expect(back).toMatch(new RegExp(`^${s.page}\\?brouillon=`))
		const again = await post(server, '/connexion', { email: s.first.email, password: 'mot-de-passe-de-test', redirectTo: back })
		const newCookie = again.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('ensemble_session='))!
		const html = await (await get(server, back, newCookie)).text()
		expect(html).toContain('Écrit pendant que la session expirait')
		expect(await scoresOf(s.firstAssignment.id)).toEqual([])
	})

	test('« Envoyer » exige chaque critère noté et chaque note dans son échelle (messages près des champs), puis verrouille l’évaluation', async () => {
		const s = await scene()
		const cookie = await login(server, s.first.email)

		const incomplete = await post(server, s.page, form(s, 'send', 1, ['4', '']), { cookie })
		expect(incomplete.status).toBe(400)
		const incompleteHtml = await incomplete.text()
		// Without JavaScript the message is under its own control, tied to it, and what was typed is back in the grid.
		expect(incompleteHtml).toContain(
			'<select id="evaluation-scores-1-value" name="scores[1].value" aria-invalid="true" aria-describedby="evaluation-scores-1-value-error">',
		)
		expect(incompleteHtml).toContain('<p id="evaluation-scores-1-value-error" class="field-error">Donnez une note à ce critère avant d’envoyer.</p>')
		expect(incompleteHtml).toMatch(/<select id="evaluation-scores-0-value" name="scores\[0\]\.value">(?:(?!<\/select>).)*<option value="4" selected="">4<\/option>/)
		expect(incompleteHtml).toContain('name="scores[1].comment" rows="3" maxLength="5000">Commentaire 2</textarea>')
		expect(incompleteHtml).toContain('name="generalOpinion" rows="5" maxLength="10000">Un projet solide.</textarea>')
		// Not sent; the draft is kept.
		expect(await assignmentRow(s.firstAssignment.id)).toMatchObject({ submittedAt: null, version: 2 })

		const outOfScale = await post(server, s.page, form(s, 'send', 2, ['4', '11']), { cookie })
		expect(outOfScale.status).toBe(400)
		expect(await outOfScale.text()).toContain('La note va de 0 à 10.')
		expect(await assignmentRow(s.firstAssignment.id)).toMatchObject({ submittedAt: null, version: 2 })

		const sent = await post(server, s.page, form(s, 'send', 2, ['4', '10']), { cookie })
		expect(sent.status).toBe(302)
		const row = await assignmentRow(s.firstAssignment.id)
		expect(row.submittedAt).not.toBeNull()
		const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, row.id), eq(auditEvents.action, 'jury.evaluation_sent')))
		expect(event!.actorUserId).toBe(s.first.id)

		// Locked: a save is refused, nothing changes, the page is read-only.
		const locked = await post(server, s.page, form(s, 'save', row.version, ['1', '1']), { cookie })
		expect(locked.status).toBe(409)
		expect(await locked.text()).toContain('Cette évaluation est envoyée')
		expect((await scoresOf(s.firstAssignment.id)).map((r) => r.value).sort((a, b) => a! - b!)).toEqual([4, 10])
		const lockedPage = await (await get(server, s.page, cookie)).text()
		expect(lockedPage).not.toContain('name="scores[0].value"')
		expect(lockedPage).toContain('Envoyée')
	})

	test('le financeur voit l’évaluation d’un juré et la rouvre avec un motif obligatoire : déverrouillée, tracée, le juré prévenu par e-mail', async () => {
		const s = await scene()
		expect((await sendEvaluation({ user: s.first, callId: s.callId, applicationId: s.app.id, input: input(s, 1, [5, 8]) })).ok).toBe(true)
		const staffPage = `/gestion/appels/${s.callId}/jury/evaluations/${s.firstAssignment.id}`
		const cookie = await login(server, s.staff.user.email)
		const page = await get(server, staffPage, cookie)
		expect(page.status).toBe(200)
		const html = await page.text()
		expect(html).toContain(s.first.displayName)
		expect(html).toContain('Avis')
		expect(html).toContain('Envoyée')

		const noReason = await post(server, staffPage, { intent: 'reopen', reason: '  ' }, { cookie })
		expect(noReason.status).toBe(400)
		expect(await noReason.text()).toContain('Indiquez le motif de la réouverture')
		expect((await assignmentRow(s.firstAssignment.id)).submittedAt).not.toBeNull()

		const reopened = await post(server, staffPage, { intent: 'reopen', reason: 'Le commentaire du critère 2 manque.' }, { cookie })
		expect(reopened.status).toBe(302)
		const row = await assignmentRow(s.firstAssignment.id)
		expect(row).toMatchObject({ submittedAt: null, reopenReason: 'Le commentaire du critère 2 manque.' })
		expect(row.reopenedAt).not.toBeNull()
		const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, row.id), eq(auditEvents.action, 'jury.evaluation_reopened')))
		expect(event!.data).toMatchObject({ reason: 'Le commentaire du critère 2 manque.' })
		const [email] = await db.select().from(outboxMessages).where(and(eq(outboxMessages.toAddress, s.first.email), eq(outboxMessages.template, 'jury-evaluation-reopened')))
		expect(email!.text).toContain('Le commentaire du critère 2 manque.')
		// The juror may save again.
		expect((await saveEvaluation({ user: s.first, callId: s.callId, applicationId: s.app.id, input: input(s, row.version, [4, 8]) })).ok).toBe(true)

		// The juror does not reach the staff's page; another funder's staff do not know of it.
		expect((await get(server, staffPage, await login(server, s.first.email))).status).toBe(403)
		const other = await createStaff('funder')
		expect((await get(server, staffPage, await login(server, other.user.email))).status).toBe(404)
	})
})

describe('à l’aveugle jusqu’à l’envoi', () => {
	for (const [visibility, before, after] of [
		['never', false, false],
		['after_sending', false, true],
		['always', true, true],
	] as const) {
		test(`réglage « ${visibility} » : notes des autres ${before ? 'visibles' : 'cachées'} avant l’envoi, ${after ? 'visibles' : 'cachées'} après`, async () => {
			const s = await scene(visibility)
			expect((await sendEvaluation({ user: s.second, callId: s.callId, applicationId: s.app.id, input: input(s, 1, [2, 9]) })).ok).toBe(true)
			const beforeSending = await getEvaluationForJuror({ user: s.first, callId: s.callId, applicationId: s.app.id })
			expect(beforeSending.others !== null).toBe(before)
			if (before) expect(beforeSending.others![0]!.scores.map((x) => x.value).sort()).toEqual([2, 9])
			const cookie = await login(server, s.first.email)
			expect((await (await get(server, s.page, cookie)).text()).includes('Juré·e 1')).toBe(before)

			expect((await sendEvaluation({ user: s.first, callId: s.callId, applicationId: s.app.id, input: input(s, 1, [3, 3]) })).ok).toBe(true)
			const afterSending = await getEvaluationForJuror({ user: s.first, callId: s.callId, applicationId: s.app.id })
			expect(afterSending.others !== null).toBe(after)
			if (after) expect(afterSending.others).toHaveLength(1)
			expect((await (await get(server, s.page, cookie)).text()).includes('Juré·e 1')).toBe(after)
		})
	}

	test('l’évaluation d’un juré en conflit avec le dossier n’entre dans aucune note montrée aux autres', async () => {
		const s = await scene('always')
		expect((await sendEvaluation({ user: s.second, callId: s.callId, applicationId: s.app.id, input: input(s, 1, [2, 9]) })).ok).toBe(true)
		expect((await declareConflict({ user: s.second, callId: s.callId, applicationId: s.app.id, type: 'personnel', detail: 'Ma cousine préside le chef de file.' })).ok).toBe(true)
		expect((await getEvaluationForJuror({ user: s.first, callId: s.callId, applicationId: s.app.id })).others).toEqual([])
	})
})

describe('conflits d’intérêts', () => {
	test('un juré en conflit reçoit 404 sur la page et sur la pièce jointe, et ne voit plus le dossier dans sa liste', async () => {
		const s = await scene()
		const cookie = await login(server, s.first.email)
		expect((await get(server, `${s.page}/pieces/${s.file.id}`, cookie)).status).toBe(200)
		expect((await get(server, `${s.page}/pieces/inconnue`, cookie)).status).toBe(404)
		await db.insert(juryConflicts).values({ jurorId: s.firstAssignment.jurorId, applicationId: s.app.id, source: 'detected', cause: 'member_of_consortium', detail: 'Les Tisserands' })
		expect((await get(server, s.page, cookie)).status).toBe(404)
		expect((await get(server, `${s.page}/pieces/${s.file.id}`, cookie)).status).toBe(404)
		expect((await post(server, s.page, form(s, 'save', 1, ['1', '1']), { cookie })).status).toBe(404)
		expect(await scoresOf(s.firstAssignment.id)).toEqual([])
		// Another juror of the call, not assigned, gets 404 as well; the dossier's other juror still works.
		const outsider = await createJuror(s.callId)
		expect((await get(server, s.page, await login(server, outsider.email))).status).toBe(404)
		expect((await get(server, s.page, await login(server, s.second.email))).status).toBe(200)
	})

	test('le juré déclare un conflit depuis sa liste (type et texte exigés, saisie gardée) et perd l’accès au dossier', async () => {
		const s = await scene()
		const cookie = await login(server, s.first.email)
		const fields = { intent: 'declare-conflict', callId: s.callId, applicationId: s.app.id, type: 'personnel', detail: '' }
		const refused = await post(server, '/jury', fields, { cookie })
		expect(refused.status).toBe(400)
		const refusedHtml = await refused.text()
		expect(refusedHtml).toContain('Décrivez le lien en quelques mots.')
		expect(refusedHtml).toMatch(/<option value="personnel" selected/)
		expect(await db.select().from(juryConflicts)).toEqual([])

		const declared = await post(server, '/jury', { ...fields, detail: 'Je suis bénévole au chef de file.' }, { cookie })
		expect(declared.status).toBe(302)
		const [conflict] = await db.select().from(juryConflicts)
		expect(conflict).toMatchObject({ source: 'declared', cause: 'declared_personal', status: 'open', detail: 'Je suis bénévole au chef de file.' })
		expect((await get(server, s.page, cookie)).status).toBe(404)
		const list = await (await get(server, '/jury', cookie)).text()
		expect(list).not.toContain(`href="${s.page}"`)
		expect(list).toContain('0 dossier à évaluer sur 0')
	})

	test('la présidence voit les conflits du jury, les confirme ou les écarte avec un motif, jamais le sien ; elle n’ouvre pas un dossier qui ne lui est pas confié', async () => {
		const s = await scene()
		const chair = await createJuror(s.callId, { isChair: true })
		const [chairSeat] = await db.select().from(jurors).where(and(eq(jurors.callId, s.callId), eq(jurors.userId, chair.id)))
		const [theirs] = await db
			.insert(juryConflicts)
			.values({ jurorId: s.firstAssignment.jurorId, applicationId: s.app.id, source: 'declared', cause: 'declared_other', detail: 'Ancien salarié.' })
			.returning()
		const [own] = await db.insert(juryConflicts).values({ jurorId: chairSeat!.id, applicationId: s.app.id, source: 'detected', cause: 'member_of_consortium', detail: 'Les Tisserands' }).returning()
		const cookie = await login(server, chair.email)
		const html = await (await get(server, '/jury', cookie)).text()
		expect(html).toContain('Conflits d’intérêts du jury')
		expect(html).toContain(s.first.displayName)
		expect(html).toContain('Jardins partagés de la Villeneuve')
		expect(html).toContain('Ancien salarié.')

		const noReason = await post(server, '/jury', { intent: 'decide-conflict', conflictId: theirs!.id, decision: 'dismiss', reason: '' }, { cookie })
		expect(noReason.status).toBe(400)
		expect(await noReason.text()).toContain('Indiquez le motif de la décision')
		const dismissed = await post(server, '/jury', { intent: 'decide-conflict', conflictId: theirs!.id, decision: 'dismiss', reason: 'Il a quitté l’association en 2019.' }, { cookie })
		expect(dismissed.status).toBe(302)
		const [after] = await db.select().from(juryConflicts).where(eq(juryConflicts.id, theirs!.id))
		expect(after).toMatchObject({ status: 'dismissed', decisionReason: 'Il a quitté l’association en 2019.', decidedById: chair.id })
		const confirmed = await post(server, '/jury', { intent: 'decide-conflict', conflictId: theirs!.id, decision: 'confirm', reason: 'Finalement, il y travaille encore.' }, { cookie })
		expect(confirmed.status).toBe(302)
		expect((await db.select().from(juryConflicts).where(eq(juryConflicts.id, theirs!.id)))[0]!.status).toBe('confirmed')

		const ownDecision = await post(server, '/jury', { intent: 'decide-conflict', conflictId: own!.id, decision: 'dismiss', reason: 'Je ne suis plus membre.' }, { cookie })
		expect(ownDecision.status).toBe(403)
		expect((await db.select().from(juryConflicts).where(eq(juryConflicts.id, own!.id)))[0]!.status).toBe('open')

		// The chair, not assigned, does not open the dossier.
		expect((await get(server, s.page, cookie)).status).toBe(404)
		// A juror who does not chair decides nothing from /jury.
		const notChair = await post(server, '/jury', { intent: 'decide-conflict', conflictId: own!.id, decision: 'dismiss', reason: 'Non.' }, { cookie: await login(server, s.second.email) })
		expect(notChair.status).toBe(404)
	})
})

describe('le jury juge les dossiers recevables (jurorApplicationsWhere)', () => {
	test('un dossier seulement déposé, irrecevable ou retiré n’est visible d’aucun juré, même affecté ; un recevable l’est', async () => {
		const s = await scene()
		const viewer = await policyUserOf(db, s.first)
		const visible = async () => (await db.select({ id: applications.id }).from(applications).where(jurorApplicationsWhere(viewer))).map((r) => r.id)
		expect(await visible()).toEqual([s.app.id])
		for (const status of ['submitted', 'inadmissible', 'withdrawn'] as const) {
			await db.update(applications).set({ status }).where(eq(applications.id, s.app.id))
			expect(await visible(), status).toEqual([])
			expect((await get(server, s.page, await login(server, s.first.email))).status, status).toBe(404)
		}
		await db.update(applications).set({ status: 'under_review' }).where(eq(applications.id, s.app.id))
		expect(await visible()).toEqual([s.app.id])
	})
})

describe('saisie hostile : jamais de 500, rien d’écrit', () => {
	test('commentaire trop long, note non numérique, hors échelle, critère inconnu, version illisible, lignes en trop', async () => {
		const s = await scene()
		const cookie = await login(server, s.first.email)
		const cases: [string, Record<string, string>, string][] = [
			['commentaire trop long', form(s, 'save', 1, ['1', '1'], { 'scores[0].comment': 'x'.repeat(COMMENT_MAX + 1) }), 'ne doit pas dépasser'],
			['avis trop long', form(s, 'save', 1, ['1', '1'], { generalOpinion: 'x'.repeat(10_001) }), 'ne doit pas dépasser'],
			['note non numérique', form(s, 'save', 1, ['quatre', '1']), 'La note est un nombre entier.'],
			['note négative', form(s, 'save', 1, ['-1', '1']), 'La note est un nombre entier.'],
			['note décimale', form(s, 'save', 1, ['2,5', '1']), 'La note est un nombre entier.'],
			['note immense', form(s, 'send', 1, ['99999999999999999999', '1']), 'La note est un nombre entier.'],
			['note hors échelle', form(s, 'autosave', 1, ['6', '1']), 'La note va de 0 à 5.'],
			['critère inconnu', form(s, 'save', 1, ['1', '1'], { 'scores[1].criterionId': 'inconnu' }), 'ne correspond plus à la grille'],
			['critère en double', form(s, 'save', 1, ['1', '1'], { 'scores[1].criterionId': s.grid[0]!.id }), 'ne correspond plus à la grille'],
			['version illisible', form(s, 'save', 1, ['1', '1'], { version: 'abc' }), 'Rechargez la page'],
			['lignes en trop', form(s, 'save', 1, ['1', '1'], { 'scores[400].value': '1' }), 'critères'],
			['action inconnue', form(s, 'save', 1, ['1', '1'], { intent: 'supprimer' }), ''],
		]
		for (const [label, fields, message] of cases) {
			const response = await post(server, s.page, fields, { cookie })
			expect(response.status, label).toBeGreaterThanOrEqual(400)
			expect(response.status, label).toBeLessThan(500)
			if (message) expect(await response.text(), label).toContain(message)
		}
		expect(await scoresOf(s.firstAssignment.id)).toEqual([])
		expect(await assignmentRow(s.firstAssignment.id)).toMatchObject({ version: 1, startedAt: null, generalOpinion: '' })
		// /jury's forms too.
		for (const fields of [
			{ intent: 'declare-conflict', callId: s.callId, applicationId: s.app.id, type: 'nimporte', detail: 'x' },
			{ intent: 'declare-conflict', callId: s.callId, applicationId: s.app.id, type: 'autre', detail: 'x'.repeat(5000) },
			{ intent: 'decide-conflict', conflictId: 'inconnu', decision: 'peut-être', reason: 'x' },
			{ intent: 'autre' },
		] as Record<string, string>[]) {
			const response = await post(server, '/jury', fields, { cookie })
			expect(response.status, JSON.stringify(fields).slice(0, 80)).toBeGreaterThanOrEqual(400)
			expect(response.status).toBeLessThan(500)
		}
		expect(await db.select().from(juryConflicts)).toEqual([])
	})
})
