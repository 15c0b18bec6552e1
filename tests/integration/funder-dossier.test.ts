/**
 * What the funder rules on (issue 6): the whole dossier on its page (answers, attachments,
 * receipt), downloads audited and kept to the call's funder, exports with one column per
 * question and the receipt reference, the public call page, and the staff email at submission.
 */
import { and, eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { submitApplication } from '#app/domain/applications/submission.server.ts'
import { receiptReference } from '#app/domain/applications/receipt.server.ts'
import { db } from '#db/client.server.ts'
import { applications, attachments, auditEvents, callQuestions, calls, organizations, outboxMessages } from '#db/schema/index.ts'
import { addMember, createCall, createStaff, createUser } from '#tests/factories.ts'
import { PDF, QUESTION_LONG, QUESTION_YES_NO, readyApplication } from '#tests/support/applications.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

/** One CSV record (semicolons, double quotes doubled): enough for the exports' single-line records. */
function cellsOf(line: string): string[] {
	const cells: string[] = []
	let cell = ''
	let quoted = false
	for (let i = 0; i < line.length; i++) {
		const char = line[i]!
		if (quoted) {
			if (char === '"' && line[i + 1] === '"') {
				cell += '"'
				i++
			} else if (char === '"') quoted = false
			else cell += char
		} else if (char === '"') quoted = true
		else if (char === ';') {
			cells.push(cell)
			cell = ''
		} else cell += char
	}
	cells.push(cell)
	return cells
}

async function submitted(callOverrides: Partial<typeof calls.$inferInsert> = {}) {
	const ready = await readyApplication(callOverrides)
	const outcome = await submitApplication({ id: ready.id, user: ready.a.user })
	expect(outcome).toMatchObject({ ok: true })
	const files = await db.select().from(attachments).where(eq(attachments.applicationId, ready.id))
	return { ...ready, files }
}

describe('le dossier côté financeur', () => {
	test('la fiche montre les réponses, les pièces (nom, type, taille, association) et le récépissé', async () => {
		const { staff, call, id, files, b } = await submitted()
		const cookie = await login(server, staff.user.email)
		const base = `/gestion/appels/${call.id}/candidatures/${id}`
		const response = await get(server, base, cookie)
		expect(response.status).toBe(200)
		const html = await response.text()
		expect(html).toContain(QUESTION_LONG.replace('?', ''))
		expect(html).toContain('Ils choisissent les contes.')
		expect(html).toContain(QUESTION_YES_NO.replace('?', ''))
		expect(html).toContain('Oui')
		for (const file of files) {
			expect(html).toContain(file.filename)
			expect(html).toContain(`href="${base}/pieces/${file.id}"`)
		}
		expect(html).toContain('Statuts')
		expect(html).toContain(b.organization.name)
		expect(html).toMatch(/1\sKo/)
		expect(html).toContain(`href="${base}/recepisse.pdf"`)
		expect(html).toContain(receiptReference(id))
		// The consortium's own links are not offered to the funder.
		expect(html).not.toContain(`href="/candidatures/${id}/pieces/`)
	})

	test('la fiche gardée suit le dossier : après un changement, la page et ses données montrent le nouveau nom', async () => {
		const { staff, call, id, b } = await submitted()
		const cookie = await login(server, staff.user.email)
		const base = `/gestion/appels/${call.id}/candidatures/${id}`
		const dataOf = async () => (await (await get(server, `${base}?_data=${encodeURIComponent('routes/gestion.appels.$callId.candidatures.$applicationId')}`, cookie)).json()) as { dossier: { html: string } }
		expect(await (await get(server, base, cookie)).text()).toContain(b.organization.name)
		expect((await dataOf()).dossier.html).toContain(b.organization.name)
		await db.update(organizations).set({ name: 'Les Conteurs Réunis' }).where(eq(organizations.id, b.organization.id))
		const html = await (await get(server, base, cookie)).text()
		expect(html).toContain('Les Conteurs Réunis')
		expect((await dataOf()).dossier.html).toContain('Les Conteurs Réunis')
	})

	test('le personnel du financeur télécharge une pièce (événement d’audit) ; un autre financeur reçoit 404', async () => {
		const { staff, call, id, files, a } = await submitted()
		const file = files[0]!
		const path = `/gestion/appels/${call.id}/candidatures/${id}/pieces/${file.id}`
		// A second staff member of the same funder, too.
		const colleague = await createUser()
		await addMember(staff.organization.id, colleague.id, 'staff')
		for (const user of [staff.user, colleague]) {
			const download = await get(server, path, await login(server, user.email))
			expect(download.status).toBe(200)
			expect(download.headers.get('content-type')).toBe('application/pdf')
			expect(download.headers.get('content-disposition')).toContain(`filename="${file.filename}"`)
			expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF)
		}
		const events = await db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'application.attachment_downloaded')))
		expect(events.map((e) => e.actorUserId).sort()).toEqual([staff.user.id, colleague.id].sort())
		expect(events[0]!.data).toMatchObject({ attachmentId: file.id, filename: file.filename })

		const intruder = await createStaff('funder')
		expect((await get(server, path, await login(server, intruder.user.email))).status).toBe(404)
		expect((await get(server, `/gestion/appels/${call.id}/candidatures/${id}/recepisse.pdf`, await login(server, intruder.user.email))).status).toBe(404)
		// An association member is not funder staff.
		expect((await get(server, path, await login(server, a.user.email))).status).toBe(403)
		// Another call of the same funder does not reach this file.
		const other = await createCall({ funderId: staff.organization.id })
		expect((await get(server, `/gestion/appels/${other.id}/candidatures/${id}/pieces/${file.id}`, await login(server, staff.user.email))).status).toBe(404)
		// Nothing recorded for refused requests.
		expect(
			await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'application.attachment_downloaded'))),
		).toHaveLength(2)
	})

	test('le récépissé se télécharge côté financeur, identique à celui du consortium', async () => {
		const { staff, call, id, a } = await submitted()
		const funderCopy = await get(server, `/gestion/appels/${call.id}/candidatures/${id}/recepisse.pdf`, await login(server, staff.user.email))
		expect(funderCopy.status).toBe(200)
		expect(funderCopy.headers.get('content-type')).toBe('application/pdf')
		const consortiumCopy = await get(server, `/candidatures/${id}/recepisse.pdf`, await login(server, a.user.email))
		expect(Buffer.from(await funderCopy.arrayBuffer())).toEqual(Buffer.from(await consortiumCopy.arrayBuffer()))
		// The reference printed on it is shown on both dossier pages.
		expect(await (await get(server, `/candidatures/${id}`, await login(server, a.user.email))).text()).toContain(`référence ${receiptReference(id)}`)
	})
})

describe('exports', () => {
	test('CSV : une colonne par question et la référence du récépissé', async () => {
		const { staff, call, id } = await submitted()
		const response = await get(server, `/gestion/appels/${call.id}/export/candidatures.csv`, await login(server, staff.user.email))
		expect(response.status).toBe(200)
		const lines = (await response.text()).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean)
		const headers = cellsOf(lines[0]!)
		expect(headers).toContain('Référence du récépissé')
		expect(headers).toContain(QUESTION_LONG)
		expect(headers).toContain(QUESTION_YES_NO)
		const cells = cellsOf(lines[1]!)
		expect(cells[headers.indexOf('Référence du récépissé')]).toBe(receiptReference(id))
		expect(cells[headers.indexOf(QUESTION_LONG)]).toBe('Ils choisissent les contes.')
		expect(cells[headers.indexOf(QUESTION_YES_NO)]).toBe('Oui')
	})

	test('XLSX relu avec exceljs : les mêmes colonnes', async () => {
		const { staff, call, id } = await submitted()
		const response = await get(server, `/gestion/appels/${call.id}/export/candidatures.xlsx`, await login(server, staff.user.email))
		expect(response.status).toBe(200)
		const workbook = new ExcelJS.Workbook()
		await workbook.xlsx.load(await response.arrayBuffer())
		const sheet = workbook.getWorksheet('Candidatures')!
		const headers = (sheet.getRow(1).values as unknown[]).slice(1)
		const cell = (header: string) => sheet.getRow(2).getCell(headers.indexOf(header) + 1).value
		expect(cell('Référence du récépissé')).toBe(receiptReference(id))
		expect(cell(QUESTION_LONG)).toBe('Ils choisissent les contes.')
		expect(cell(QUESTION_YES_NO)).toBe('Oui')
	})

	test('un export repris montre chaque changement du dossier, d’une question ou d’un SIRET, et seulement l’appel demandé', async () => {
		const { staff, call, id, a } = await submitted()
		const cookie = await login(server, staff.user.email)
		const csv = async (query = '') => {
			const response = await get(server, `/gestion/appels/${call.id}/export/candidatures.csv${query}`, cookie)
			expect(response.status).toBe(200)
			return (await response.text()).replace(/^\uFEFF/, '')
		}
		const first = await csv()
		// Taken again with nothing changed: the same file.
		expect(await csv()).toBe(first)
		await db.update(applications).set({ title: 'Contes et galettes' }).where(eq(applications.id, id))
		expect(await csv()).toContain('Contes et galettes')
		await db.insert(callQuestions).values({ callId: call.id, label: 'Question ajoutée après coup', type: 'short_text', required: false, position: 99 })
		expect(cellsOf((await csv()).split('\r\n')[0]!)).toContain('Question ajoutée après coup')
		await db.update(organizations).set({ siret: '84230651600019' }).where(eq(organizations.id, a.organization.id))
		expect(await csv()).toContain('842 306 516 00019')
		// Each filter is its own file: none of this call’s dossiers is in Mayotte.
		expect((await csv('?departement=976')).split('\r\n').filter(Boolean)).toHaveLength(1)
		// Every download is in the journal, from the kept file or not.
		const downloads = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'call.applications_exported'), eq(auditEvents.subjectId, call.id)))
		expect(downloads).toHaveLength(6)
		expect(downloads.every((event) => event.actorUserId === staff.user.id)).toBe(true)
	})
})

describe('e-mail au personnel du financeur au dépôt', () => {
	test('chaque membre du personnel reçoit un lien vers le dossier quand le réglage est activé', async () => {
		const ready = await readyApplication()
		const colleague = await createUser()
		await addMember(ready.staff.organization.id, colleague.id, 'staff')
		expect(await submitApplication({ id: ready.id, user: ready.a.user })).toMatchObject({ ok: true })
		for (const address of [ready.staff.user.email, colleague.email]) {
			const emails = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, address))
			expect(emails, address).toHaveLength(1)
			expect(emails[0]).toMatchObject({ template: 'application-submitted-staff' })
			expect(emails[0]!.text).toContain(`http://localhost/gestion/appels/${ready.call.id}/candidatures/${ready.id}`)
			expect(emails[0]!.text).toContain('Contes et crêpes')
		}
	})

	test('aucun e-mail au personnel quand le réglage est désactivé', async () => {
		const ready = await readyApplication({ notifyStaffOnSubmission: false })
		expect(await submitApplication({ id: ready.id, user: ready.a.user })).toMatchObject({ ok: true })
		expect(await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, ready.staff.user.email))).toHaveLength(0)
		expect(await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'application-submitted-staff'))).toHaveLength(0)
	})
})

describe('le réglage de l’appel', () => {
	test('une case du formulaire de l’appel, cochée par défaut ; décochée, elle est enregistrée', async () => {
		const staff = await createStaff('funder')
		const cookie = await login(server, staff.user.email)
		const form = await (await get(server, '/gestion/appels/nouveau', cookie)).text()
		expect(form).toMatch(/<input[^>]*type="checkbox"[^>]*name="notifyStaffOnSubmission"[^>]*checked=""|<input[^>]*name="notifyStaffOnSubmission"[^>]*checked=""/)
		expect(form).toContain('Prévenir par e-mail chaque membre de l’équipe du financeur')

		const checked = await post(server, '/gestion/appels/nouveau', { title: 'Appel prévenu', notifyStaffOnSubmission: 'on' }, { cookie })
		expect(checked.status).toBe(302)
		const unchecked = await post(server, '/gestion/appels/nouveau', { title: 'Appel silencieux' }, { cookie })
		expect(unchecked.status).toBe(302)
		const rows = await db.select({ title: calls.title, notify: calls.notifyStaffOnSubmission }).from(calls).where(eq(calls.funderId, staff.organization.id))
		expect(Object.fromEntries(rows.map((r) => [r.title, r.notify]))).toEqual({ 'Appel prévenu': true, 'Appel silencieux': false })

		const silent = unchecked.headers.get('location')!.split('?')[0]!
		const page = await (await get(server, silent, cookie)).text()
		expect(page).toMatch(/name="notifyStaffOnSubmission"/)
		expect(page).not.toMatch(/<input[^>]*name="notifyStaffOnSubmission"[^>]*checked=""/)
	})
})

describe('la page publique de l’appel', () => {
	test('montre la présentation mise en forme, les pièces et qui les fournit, les questions, l’enveloppe et le maximum', async () => {
		const { call } = await readyApplication({ presentation: '## Pour qui ?\n\nDes projets partagés.\n\n- premier point\n- second point' })
		const html = await (await get(server, `/appels/${call.id}`)).text()
		expect(html).toMatch(/<h3[^>]*>Pour qui \?<\/h3>/)
		expect(html).toMatch(/<li>premier point<\/li>/)
		expect(html).toContain('RIB — fournie par le chef de file')
		expect(html).toContain('Statuts — fournie par chaque association')
		expect(html).toContain(QUESTION_LONG)
		expect(html).toContain(QUESTION_YES_NO)
		expect(html).toContain('Enveloppe de l’appel')
		expect(html).toMatch(/150\s000,00\s€/)
		expect(html).toContain('Montant maximum par projet')
		expect(html).toMatch(/10\s000,00\s€/)
		// Still the page to start a dossier from.
		expect(html).toContain('Connectez-vous')
	})
})
