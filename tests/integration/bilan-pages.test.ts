/**
 * The bilan's page, PDF and XLSX over HTTP (issue 11), for the call's funder staff: the same
 * figures in the three; a comparison with another call of the same funder side by side, one
 * of another funder's refused in French (the page still shown), a hostile `comparer`
 * ignored; another funder's staff get 404.
 */
import { and, eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { auditEvents } from '#db/schema/index.ts'
import { createCall, createOrganization, createStaff, createUser, addMember } from '#tests/factories.ts'
import { dossier } from '#tests/support/bilan-dossier.ts'
import { pdfText } from '#tests/support/pdf-text.ts'
import { get, login, startTestServer, type TestServer } from '#tests/support/server.ts'
import { keepDataBetweenTests } from '#tests/support/shared-fixtures.ts'

keepDataBetweenTests()

let server: TestServer
let staffCookie: string
let otherStaffCookie: string
const calls = { current: '', past: '', foreign: '' }

const ANSWERS = { involvementForms: ['reunions_ponctuelles'], interest: 'fort', mobilisedOthers: 'non', otherPartners: [], newFunding: 'oui', notoriety: 'oui', continueTogether: 'oui' }

beforeAll(async () => {
	server = await startTestServer()
	const funder = await createStaff('funder')
	const staffUser = await createUser()
	await addMember(funder.organization.id, staffUser.id, 'staff')
	const current = await createCall({ funderId: funder.organization.id, title: 'Vivre ensemble 2026', status: 'follow_up', deadlineAt: new Date('2026-03-15T12:00:00Z') })
	const past = await createCall({ funderId: funder.organization.id, title: 'Vivre ensemble 2012', status: 'archived', deadlineAt: new Date('2012-03-15T12:00:00Z') })
	const foreign = await createCall({ title: 'Appel d’un autre financeur', status: 'archived', deadlineAt: new Date('2025-03-15T12:00:00Z') })
	Object.assign(calls, { current: current.id, past: past.id, foreign: foreign.id })
	const [a, b, c] = [await createOrganization(), await createOrganization(), await createOrganization()]
	// 2026: 3 presented, 1 retained (its evaluation sent); 2012: 2 presented, 2 retained.
	await dossier({ callId: current.id, status: 'closed', members: [a, b], requested: 1_000_000, granted: 800_000, report: { status: 'approved', parts: [ANSWERS, ANSWERS] } })
	await dossier({ callId: current.id, status: 'rejected', members: [b, c], requested: 500_000 })
	await dossier({ callId: current.id, status: 'inadmissible', members: [c, a], requested: 300_000 })
	await dossier({ callId: past.id, status: 'closed', members: [a, c], requested: 400_000, granted: 400_000 })
	await dossier({ callId: past.id, status: 'closed', members: [b, c], requested: 600_000, granted: 500_000 })
	staffCookie = await login(server, staffUser.email)
	otherStaffCookie = await login(server, (await createStaff('funder')).user.email)
})

afterAll(async () => {
	await server?.close()
})

const page = (callId: string, query = '') => `/gestion/appels/${callId}/bilan${query}`

describe('la page du bilan', () => {
	test('montre chaque partie, chaque figure avec son nombre et sa base, et les liens des fichiers', async () => {
		const response = await get(server, page(calls.current), staffCookie)
		expect(response.status).toBe(200)
		const html = await response.text()
		for (const title of ['Projets et associations', 'Profil des associations candidates', 'Montants demandés et accordés', 'Ce que disent les évaluations']) expect(html).toContain(title)
		expect(html).toContain('1 projet sur 3 (trop peu de réponses pour un pourcentage)')
		expect(html).toContain('3 associations')
		expect(html).toContain(`/gestion/appels/${calls.current}/bilan.pdf`)
		expect(html).toContain(`/gestion/appels/${calls.current}/donnees-ouvertes/subventions-scdl.csv`)
		// The other call of the funder is offered for a comparison; another funder's is not.
		expect(html).toContain('Vivre ensemble 2012 (2012)')
		expect(html).not.toContain('Appel d’un autre financeur')
	})

	test('compare avec un autre appel du même financeur, côte à côte avec l’écart', async () => {
		const html = await (await get(server, page(calls.current, `?comparer=${calls.past}`), staffCookie)).text()
		expect(html).toContain('Écart (2026 − 2012)')
		// Retained: 1 of 3 in 2026, 2 of 2 in 2012.
		expect(html).toContain('2 projets sur 2 (trop peu de réponses pour un pourcentage)')
		expect(html).toContain(`bilan.pdf?comparer=${calls.past}`)
	})

	test('refuse en français de comparer avec l’appel d’un autre financeur, et ignore un paramètre hostile', async () => {
		const foreign = await get(server, page(calls.current, `?comparer=${calls.foreign}`), staffCookie)
		expect(foreign.status).toBe(200)
		const html = await foreign.text()
		expect(html).toContain('Cet appel ne peut pas être comparé')
		expect(html).not.toContain('Écart (')
		const hostile = await get(server, page(calls.current, `?comparer=${'x'.repeat(5000)}&comparer=%00`), staffCookie)
		expect(hostile.status).toBe(200)
	})

	test('le personnel d’un autre financeur ne voit pas le bilan (404), ni son PDF ni son tableur', async () => {
		for (const path of [page(calls.current), `/gestion/appels/${calls.current}/bilan.pdf`, `/gestion/appels/${calls.current}/bilan.xlsx`]) {
			expect((await get(server, path, otherStaffCookie)).status).toBe(404)
		}
	})
})

describe('le PDF et le tableur du bilan', () => {
	test('le PDF dit les mêmes chiffres que la page, et ceux de l’appel comparé', async () => {
		const response = await get(server, `/gestion/appels/${calls.current}/bilan.pdf?comparer=${calls.past}`, staffCookie)
		expect(response.status).toBe(200)
		expect(response.headers.get('content-type')).toBe('application/pdf')
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="vivre-ensemble-2026-bilan-compare-vivre-ensemble-2012\.pdf"/)
		const text = pdfText(Buffer.from(await response.arrayBuffer()))
		expect(text).toContain('Vivre ensemble 2026')
		expect(text).toContain('Vivre ensemble 2012')
		expect(text).toContain('1 projet sur 3')
		expect(text).toContain('2 projets sur 2')
		// The download is in the platform admin's journal (issue 13), with the call compared.
		const recorded = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'call.bilan_exported'), eq(auditEvents.subjectId, calls.current)))
		expect(recorded).toContainEqual(expect.objectContaining({ data: { file: 'bilan.pdf', format: 'pdf', filters: { comparer: calls.past } } }))
	})

	test('le tableur a une feuille par partie et des nombres en nombres', async () => {
		const response = await get(server, `/gestion/appels/${calls.current}/bilan.xlsx`, staffCookie)
		expect(response.status).toBe(200)
		const workbook = new ExcelJS.Workbook()
		await workbook.xlsx.load(await response.arrayBuffer())
		const names = workbook.worksheets.map((sheet) => sheet.name)
		expect(names.length).toBeGreaterThanOrEqual(7)
		const projects = workbook.worksheets[1]!
		const presented = projects.getRows(2, projects.rowCount - 1)!.find((row) => String(row.getCell(2).value).startsWith('Projets présentés'))!
		expect(presented.getCell(3).value).toBe(3)
		expect(typeof presented.getCell(3).value).toBe('number')
	})
})
