import { eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { applicationsExportFile } from '#app/domain/applications/export-files.server.ts'
import { decideAdmissibility, getApplicationForStaff, LIST_PAGE_SIZE, listApplicationsForStaff } from '#app/domain/applications/instruction.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, auditEvents, calls, organizations, outboxMessages, themes } from '#db/schema/index.ts'
import { addMember, createCall, createOrganization, createStaff, createUser } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

type Association = { organization: Awaited<ReturnType<typeof createOrganization>>; referent: Awaited<ReturnType<typeof createUser>> }

async function association(departement = '69'): Promise<Association> {
	const organization = await createOrganization({ kind: 'association', departement, postalCode: `${departement.padEnd(2, '0')}001` })
	const referent = await createUser()
	await addMember(organization.id, referent.id, 'referent')
	return { organization, referent }
}

/** A funder, its staff and a closed call with two themes. */
async function funderWithCall(callOverrides: Partial<typeof calls.$inferInsert> = {}) {
	const staff = await createStaff('funder')
	const call = await createCall({ funderId: staff.organization.id, status: 'closed', deadlineAt: new Date(Date.now() - 3600_000), ...callOverrides })
	const themeRows = await db.select().from(themes).where(eq(themes.callId, call.id)).orderBy(themes.position)
	return { staff, call, themes: themeRows }
}

/**
 * An application as the association side leaves it: the lead confirmed, `partners`
 * co-porters confirmed, plus the `others` (invited, declined, withdrawn) that are not in
 * the consortium.
 */
async function application(
	callId: string,
	options: {
		title: string
		status?: (typeof applications.$inferInsert)['status']
		themeIds?: string[]
		lead?: Association
		partners?: Association[]
		others?: { association: Association; status: 'invited' | 'declined' | 'withdrawn' }[]
		amountRequestedCents?: number
		submittedAt?: Date
	},
) {
	const lead = options.lead ?? (await association())
	const status = options.status ?? 'submitted'
	const [row] = await db
		.insert(applications)
		.values({
			callId,
			leadOrganizationId: lead.organization.id,
			title: options.title,
			summary: 'Un projet mené ensemble.',
			status,
			themeIds: options.themeIds ?? [],
			amountRequestedCents: options.amountRequestedCents ?? 600_000,
			budget: { charges: [{ account: '64', label: 'Animateur', amountCents: 1_000_000 }], products: [], amountRequestedCents: options.amountRequestedCents ?? 600_000 },
			submittedAt: status === 'draft' ? null : (options.submittedAt ?? new Date('2025-03-31T21:59:00Z')),
		})
		.returning()
	const confirmed = (a: Association, role: 'lead' | 'co_carrier') => ({
		applicationId: row!.id,
		organizationId: a.organization.id,
		role,
		status: 'confirmed' as const,
		roleDescription: role === 'lead' ? 'Coordonne le projet' : 'Anime les ateliers',
		contribution: 'Deux bénévoles',
		budgetShareCents: 250_050,
		confirmedAt: new Date(),
		confirmedVersion: 1,
	})
	await db.insert(applicationMembers).values([
		confirmed(lead, 'lead'),
		...(options.partners ?? []).map((p) => confirmed(p, 'co_carrier')),
		...(options.others ?? []).map((o) => ({ applicationId: row!.id, organizationId: o.association.organization.id, role: 'co_carrier' as const, status: o.status })),
	])
	return row!
}

const none = { status: null, themeId: null, departement: null }

async function emailsTo(address: string) {
	return db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, address))
}

async function statusOf(id: string) {
	const [row] = await db.select({ status: applications.status, statusReason: applications.statusReason }).from(applications).where(eq(applications.id, id))
	return row!
}

describe('liste des candidatures (domaine)', () => {
	test('liste les dossiers déposés, jamais les brouillons ; filtre par statut, thème et département avec les comptes', async () => {
		const { staff, call, themes: [t1, t2] } = await funderWithCall()
		const marseille = await association('13')
		await application(call.id, { title: 'Jardins partagés', themeIds: [t1!.id], partners: [await association(), marseille] })
		await application(call.id, { title: 'Théâtre des voisins', themeIds: [t2!.id], partners: [await association('2A')], status: 'admissible' })
		await application(call.id, { title: 'Retiré après dépôt', themeIds: [t1!.id], partners: [await association()], status: 'withdrawn' })
		await application(call.id, { title: 'Brouillon secret', themeIds: [t1!.id], status: 'draft' })
		// An application of another call of another funder never shows.
		const other = await funderWithCall()
		await application(other.call.id, { title: 'Autre appel' })

		const all = await listApplicationsForStaff({ user: staff.user, callId: call.id, filters: none })
		expect(all.applications.map((a) => a.title).sort()).toEqual(['Jardins partagés', 'Retiré après dépôt', 'Théâtre des voisins'])
		expect(all.total).toBe(3)
		const count = (status: string) => all.counts.find((c) => c.status === status)?.count
		expect([count('submitted'), count('admissible'), count('withdrawn'), count('inadmissible')]).toEqual([1, 1, 1, 0])
		expect(all.departements).toEqual(['13', '2A', '69'])

		const jardins = all.applications.find((a) => a.title === 'Jardins partagés')!
		expect(jardins).toMatchObject({ coCarrierCount: 2, themes: ['Intergénérationnel'], departements: ['13', '69'], amountRequestedCents: 600_000 })
		expect(jardins.leadName).toMatch(/^Association/)

		const byTheme = await listApplicationsForStaff({ user: staff.user, callId: call.id, filters: { ...none, themeId: t1!.id } })
		expect(byTheme.applications.map((a) => a.title).sort()).toEqual(['Jardins partagés', 'Retiré après dépôt'])
		const byDepartement = await listApplicationsForStaff({ user: staff.user, callId: call.id, filters: { ...none, departement: '13' } })
		expect(byDepartement.applications.map((a) => a.title)).toEqual(['Jardins partagés'])
		const byStatus = await listApplicationsForStaff({ user: staff.user, callId: call.id, filters: { ...none, status: 'withdrawn', themeId: t1!.id } })
		expect(byStatus.applications.map((a) => a.title)).toEqual(['Retiré après dépôt'])
		// The counts follow the theme filter, not the status filter.
		expect(byStatus.counts.find((c) => c.status === 'submitted')?.count).toBe(1)
		expect(byStatus.counts.find((c) => c.status === 'admissible')?.count).toBe(0)
	})

	test('le département d’un co-porteur qui a décliné ou ne s’est pas engagé ne compte pas', async () => {
		const { staff, call } = await funderWithCall()
		await application(call.id, {
			title: 'Projet',
			partners: [await association('69')],
			others: [
				{ association: await association('33'), status: 'declined' },
				{ association: await association('59'), status: 'withdrawn' },
			],
		})
		const list = await listApplicationsForStaff({ user: staff.user, callId: call.id, filters: none })
		expect(list.applications[0]).toMatchObject({ coCarrierCount: 1, departements: ['69'] })
	})

	test('le personnel d’un autre financeur, une association ou un dossier d’un autre appel : 404', async () => {
		const { staff, call } = await funderWithCall()
		const app = await application(call.id, { title: 'Projet' })
		const intruder = await createStaff('funder')
		const outsider = await association()
		for (const user of [intruder.user, outsider.referent]) {
			await expect(listApplicationsForStaff({ user, callId: call.id, filters: none })).rejects.toMatchObject({ status: 404 })
			await expect(getApplicationForStaff({ user, callId: call.id, applicationId: app.id })).rejects.toMatchObject({ status: 404 })
			await expect(applicationsExportFile({ user, callId: call.id, name: 'candidatures.csv', filters: none })).rejects.toMatchObject({ status: 404 })
			await expect(decideAdmissibility({ user, callId: call.id, applicationId: app.id, decision: 'admissible', reason: '' })).rejects.toMatchObject({ status: 404 })
		}
		// The right staff, but the application through another of its calls: 404 as well.
		const otherCall = await createCall({ funderId: staff.organization.id, status: 'closed' })
		await expect(getApplicationForStaff({ user: staff.user, callId: otherCall.id, applicationId: app.id })).rejects.toMatchObject({ status: 404 })
		const draft = await application(call.id, { title: 'Brouillon', status: 'draft' })
		await expect(getApplicationForStaff({ user: staff.user, callId: call.id, applicationId: draft.id })).rejects.toMatchObject({ status: 404 })
		await expect(decideAdmissibility({ user: staff.user, callId: call.id, applicationId: draft.id, decision: 'admissible', reason: '' })).rejects.toMatchObject({ status: 404 })
		expect((await statusOf(app.id)).status).toBe('submitted')
	})
})

describe('liste des candidatures : gardée par version des données de l’appel', () => {
	test('un changement de dossier, de membre ou d’association se voit à la lecture suivante', async () => {
		const { staff, call, themes: callThemes } = await funderWithCall()
		const lead = await association('69')
		const partner = await association('38')
		const row = await application(call.id, { title: 'Atelier vélo', lead, partners: [partner], themeIds: [callThemes[0]!.id] })
		const list = () => listApplicationsForStaff({ user: staff.user, callId: call.id, filters: none })
		expect((await list()).applications[0]).toMatchObject({ title: 'Atelier vélo', status: 'submitted', departements: ['38', '69'], coCarrierCount: 1 })
		// Read again unchanged: the same figures.
		expect((await list()).applications[0]).toMatchObject({ title: 'Atelier vélo', departements: ['38', '69'] })

		await db.update(applications).set({ title: 'Atelier vélo solidaire', status: 'admissible' }).where(eq(applications.id, row.id))
		let after = await list()
		expect(after.applications[0]).toMatchObject({ title: 'Atelier vélo solidaire', status: 'admissible' })
		expect(after.counts.find((c) => c.status === 'admissible')?.count).toBe(1)

		await db.update(organizations).set({ departement: '73', name: 'Cycles du Lac' }).where(eq(organizations.id, partner.organization.id))
		after = await list()
		expect(after.applications[0]!.departements).toEqual(['69', '73'])
		expect(after.departements).toEqual(['69', '73'])

		await db.update(applicationMembers).set({ status: 'withdrawn' }).where(eq(applicationMembers.organizationId, partner.organization.id))
		after = await list()
		expect(after.applications[0]).toMatchObject({ coCarrierCount: 0, departements: ['69'] })

		await db.update(themes).set({ label: 'Thème renommé' }).where(eq(themes.id, callThemes[0]!.id))
		expect((await list()).applications[0]!.themes).toEqual(['Thème renommé'])
	})
})

describe('liste des candidatures : pagination', () => {
	test('50 dossiers par page, les filtres gardés d’une page à l’autre, les comptes sur tout l’appel', async () => {
		const { staff, call } = await funderWithCall()
		const lead = await association()
		const ids: string[] = []
		for (let i = 0; i < LIST_PAGE_SIZE + 3; i++) {
			const row = await application(call.id, { title: `Projet ${String(i).padStart(3, '0')}`, lead, submittedAt: new Date(Date.UTC(2025, 2, 1, 0, i)) })
			ids.push(row.id)
		}
		const first = await listApplicationsForStaff({ user: staff.user, callId: call.id, filters: none })
		expect(first.applications).toHaveLength(LIST_PAGE_SIZE)
		expect(first).toMatchObject({ page: 1, pageCount: 2, matching: LIST_PAGE_SIZE + 3, total: LIST_PAGE_SIZE + 3 })
		expect(first.counts.find((c) => c.status === 'submitted')?.count).toBe(LIST_PAGE_SIZE + 3)
		const second = await listApplicationsForStaff({ user: staff.user, callId: call.id, filters: none, page: 2 })
		expect(second.applications.map((a) => a.id)).toEqual(ids.slice(LIST_PAGE_SIZE))
		// A page past the end shows the last one; the list carries no answers.
		const beyond = await listApplicationsForStaff({ user: staff.user, callId: call.id, filters: none, page: 99 })
		expect(beyond.page).toBe(2)
		expect(Object.keys(beyond.applications[0]!)).not.toContain('answers')

		const server = await startTestServer()
		try {
			const cookie = await login(server, staff.user.email)
			const html = await (await get(server, `/gestion/appels/${call.id}/candidatures?statut=submitted`, cookie)).text()
			expect(html).toContain('Page 1 sur 2')
			expect(html).toContain(`href="/gestion/appels/${call.id}/candidatures?statut=submitted&amp;page=2"`)
			expect(html.match(/<tr>/g)?.length).toBe(LIST_PAGE_SIZE + 1) // the header row and 50 rows
			const page2 = await (await get(server, `/gestion/appels/${call.id}/candidatures?statut=submitted&page=2`, cookie)).text()
			expect(page2).toContain('Page 2 sur 2')
			expect(page2).toContain('Projet 052')
			expect(page2).not.toContain('Projet 049<')
		} finally {
			await server.close()
		}
	})
})

describe('recevabilité (domaine)', () => {
	test('irrecevable : motif envoyé au référent de chaque association du consortium, historique', async () => {
		const { staff, call } = await funderWithCall()
		const lead = await association()
		const partners = [await association(), await association('13')]
		const declined = await association()
		const app = await application(call.id, { title: 'Jardins partagés', lead, partners, others: [{ association: declined, status: 'declined' }] })
		// A simple member of the lead association is not emailed; a second référent is.
		const member = await createUser()
		await addMember(lead.organization.id, member.id, 'member')
		const secondReferent = await createUser()
		await addMember(partners[0]!.organization.id, secondReferent.id, 'referent')

		const outcome = await decideAdmissibility({
			user: staff.user,
			callId: call.id,
			applicationId: app.id,
			decision: 'inadmissible',
			reason: 'Le projet ne compte qu’une seule association de droit local.',
		})
		expect(outcome).toEqual({ ok: true })
		expect(await statusOf(app.id)).toEqual({ status: 'inadmissible', statusReason: 'Le projet ne compte qu’une seule association de droit local.' })

		for (const address of [lead.referent.email, partners[0]!.referent.email, secondReferent.email, partners[1]!.referent.email]) {
			const emails = await emailsTo(address)
			expect(emails, address).toHaveLength(1)
			expect(emails[0]).toMatchObject({ template: 'application-admissibility' })
			expect(emails[0]!.subject).toContain('irrecevable')
			expect(emails[0]!.text).toContain('Le projet ne compte qu’une seule association de droit local.')
			expect(emails[0]!.text).toContain(`http://localhost/candidatures/${app.id}`)
		}
		expect(await emailsTo(member.email)).toHaveLength(0)
		expect(await emailsTo(declined.referent.email)).toHaveLength(0)

		const events = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, app.id))
		expect(events).toHaveLength(1)
		expect(events[0]).toMatchObject({
			actorUserId: staff.user.id,
			action: 'application.marked_inadmissible',
			data: { from: 'submitted', to: 'inadmissible', reason: 'Le projet ne compte qu’une seule association de droit local.' },
		})
	})

	test('irrecevable sans motif : refusé, rien n’est écrit ni envoyé', async () => {
		const { staff, call } = await funderWithCall()
		const lead = await association()
		const app = await application(call.id, { title: 'Projet', lead })
		expect(await decideAdmissibility({ user: staff.user, callId: call.id, applicationId: app.id, decision: 'inadmissible', reason: '   ' })).toMatchObject({
			ok: false,
			field: 'reason',
		})
		expect((await statusOf(app.id)).status).toBe('submitted')
		expect(await emailsTo(lead.referent.email)).toHaveLength(0)
		expect(await db.select().from(auditEvents).where(eq(auditEvents.subjectId, app.id))).toHaveLength(0)
	})

	test('recevable puis irrecevable avant le jury ; plus rien une fois le jury commencé', async () => {
		const { staff, call } = await funderWithCall()
		const lead = await association()
		const app = await application(call.id, { title: 'Projet', lead })
		const decide = (decision: 'admissible' | 'inadmissible', reason = '') =>
			decideAdmissibility({ user: staff.user, callId: call.id, applicationId: app.id, decision, reason })
		expect(await decide('admissible')).toEqual({ ok: true })
		expect(await statusOf(app.id)).toEqual({ status: 'admissible', statusReason: null })
		expect(await decide('admissible')).toMatchObject({ ok: false, message: expect.stringContaining('déjà déclaré recevable') })
		expect(await decide('inadmissible', 'Budget hors sujet')).toEqual({ ok: true })
		const emails = await emailsTo(lead.referent.email)
		expect(emails).toHaveLength(2)
		expect(emails.some((e) => e.text.includes('remplace celle'))).toBe(true)

		await db.update(calls).set({ status: 'jury' }).where(eq(calls.id, call.id))
		expect(await decide('admissible')).toMatchObject({ ok: false, message: expect.stringContaining('jury a commencé') })
		expect((await statusOf(app.id)).status).toBe('inadmissible')
		const found = await getApplicationForStaff({ user: staff.user, callId: call.id, applicationId: app.id })
		expect(found.canDecide).toBe(false)
	})

	test('un dossier retiré ne se déclare pas recevable', async () => {
		const { staff, call } = await funderWithCall()
		const app = await application(call.id, { title: 'Projet', status: 'withdrawn' })
		expect(await decideAdmissibility({ user: staff.user, callId: call.id, applicationId: app.id, decision: 'admissible', reason: '' })).toMatchObject({
			ok: false,
			message: expect.stringContaining('retiré'),
		})
	})
})

describe('instruction (HTTP)', () => {
	let server: TestServer
	beforeAll(async () => {
		server = await startTestServer()
	})
	afterAll(async () => {
		await server.close()
	})

	test('la liste avec ses filtres en paramètres GET, ses comptes et son graphique ; 404 pour un autre financeur', async () => {
		const { staff, call, themes: [t1, t2] } = await funderWithCall()
		await application(call.id, { title: 'Jardins partagés', themeIds: [t1!.id], partners: [await association('13')] })
		await application(call.id, { title: 'Théâtre des voisins', themeIds: [t2!.id], partners: [await association()], status: 'inadmissible' })
		await application(call.id, { title: 'Brouillon secret', status: 'draft' })
		const cookie = await login(server, staff.user.email)

		const page = await get(server, `/gestion/appels/${call.id}/candidatures`, cookie)
		expect(page.status).toBe(200)
		const html = await page.text()
		expect(html).toContain('Jardins partagés')
		expect(html).toContain('Théâtre des voisins')
		expect(html).not.toContain('Brouillon secret')
		expect(html).toContain('Déposé : 1')
		expect(html).toContain('Irrecevable : 1')
		expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-label="Candidatures par statut : Déposé 1, Irrecevable 1\."/)
		expect(html).toMatch(/6\s000,00/)
		expect(html).toContain(`href="/gestion/appels/${call.id}/candidatures"`)

		const filtered = await (await get(server, `/gestion/appels/${call.id}/candidatures?departement=13&statut=`, cookie)).text()
		expect(filtered).toContain('Jardins partagés')
		expect(filtered).not.toContain('Théâtre des voisins')
		expect(filtered).toContain(`/export/candidatures.csv?departement=13`)
		// A value that is not a filter is ignored, never a 500.
		expect((await get(server, `/gestion/appels/${call.id}/candidatures?statut=%3Cscript%3E&theme=&departement=999999`, cookie)).status).toBe(200)

		const intruder = await createStaff('funder')
		const intruderCookie = await login(server, intruder.user.email)
		expect((await get(server, `/gestion/appels/${call.id}/candidatures`, intruderCookie)).status).toBe(404)
		expect((await get(server, `/gestion/appels/${call.id}/export/candidatures.csv`, intruderCookie)).status).toBe(404)
		const lead = await association()
		expect((await get(server, `/gestion/appels/${call.id}/candidatures`, await login(server, lead.referent.email))).status).toBe(403)
	})

	test('la fiche en lecture seule, puis irrecevable sans motif refusé, avec motif envoyé', async () => {
		const { staff, call } = await funderWithCall()
		const lead = await association()
		const partner = await association()
		const app = await application(call.id, { title: 'Jardins partagés', lead, partners: [partner] })
		const cookie = await login(server, staff.user.email)
		const path = `/gestion/appels/${call.id}/candidatures/${app.id}`

		const page = await get(server, path, cookie)
		expect(page.status).toBe(200)
		const html = await page.text()
		expect(html).toContain('Jardins partagés')
		expect(html).toContain('Budget prévisionnel')
		expect(html).toContain('Associations du projet')
		expect(html).toContain(partner.organization.name)
		expect(html).toContain('Enregistrer la décision')
		expect(html).toContain('tant que le jury n’a pas commencé')

		const refused = await post(server, path, { intent: 'admissibility', decision: 'inadmissible', reason: '' }, { cookie })
		expect(refused.status).toBe(400)
		const refusedHtml = await refused.text()
		expect(refusedHtml).toContain('Indiquez le motif d’irrecevabilité')
		expect(refusedHtml).toMatch(/<textarea[^>]*aria-invalid="true"/)

		// A decision the form does not offer (a forged request): refused in French, nothing echoed.
		const forged = await post(server, path, { intent: 'admissibility', decision: 'approuvé<b>', reason: 'x' }, { cookie })
		expect(forged.status).toBe(400)
		const forgedHtml = await forged.text()
		expect(forgedHtml).toContain('Choisissez « recevable » ou « irrecevable ».')
		expect(forgedHtml).not.toContain('Invalid enum value')
		expect(forgedHtml).not.toContain('approuvé&lt;b&gt;')
		expect((await statusOf(app.id)).status).toBe('submitted')

		const done = await post(server, path, { intent: 'admissibility', decision: 'inadmissible', reason: 'Hors du territoire de l’appel' }, { cookie })
		expect(done.status).toBe(302)
		expect(done.headers.get('location')).toBe(path)
		expect(await statusOf(app.id)).toEqual({ status: 'inadmissible', statusReason: 'Hors du territoire de l’appel' })
		expect(await emailsTo(lead.referent.email)).toHaveLength(1)
		expect(await emailsTo(partner.referent.email)).toHaveLength(1)
		const after = await (await get(server, path, cookie)).text()
		expect(after).toContain('Dossier déclaré irrecevable par le financeur')

		// The consortium sees the decision on its own page.
		const leadPage = await (await get(server, `/candidatures/${app.id}`, await login(server, lead.referent.email))).text()
		expect(leadPage).toContain('Irrecevable')
		expect(leadPage).toContain('Hors du territoire de l’appel')

		const intruder = await createStaff('funder')
		const intruderCookie = await login(server, intruder.user.email)
		expect((await get(server, path, intruderCookie)).status).toBe(404)
		expect((await post(server, path, { intent: 'admissibility', decision: 'admissible' }, { cookie: intruderCookie })).status).toBe(404)
		const draft = await application(call.id, { title: 'Brouillon', status: 'draft' })
		expect((await get(server, `/gestion/appels/${call.id}/candidatures/${draft.id}`, cookie)).status).toBe(404)
	})

	test('export CSV : BOM, en-têtes, une ligne par dossier, filtres respectés, pas de formule', async () => {
		const { staff, call, themes: [t1] } = await funderWithCall({ title: 'Vivre ensemble 2026' })
		await application(call.id, { title: '=HYPERLINK("http://x")', themeIds: [t1!.id], partners: [await association('13')], amountRequestedCents: 1_234_550 })
		await application(call.id, { title: 'Théâtre; "voisins"', partners: [await association()], status: 'admissible' })
		await application(call.id, { title: 'Brouillon secret', status: 'draft' })
		const cookie = await login(server, staff.user.email)

		const response = await get(server, `/gestion/appels/${call.id}/export/candidatures.csv`, cookie)
		expect(response.status).toBe(200)
		expect(response.headers.get('content-type')).toContain('text/csv')
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="vivre-ensemble-2026-candidatures\.csv"/)
		const bytes = new Uint8Array(await response.arrayBuffer())
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
		const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '')
		const lines = text.split('\r\n').filter(Boolean)
		expect(lines[0]).toBe(
			'Référence;Référence du récépissé;Titre du projet;Association chef de file;SIRET du chef de file;RNA du chef de file;Co-porteurs confirmés;Associations du consortium;Thèmes;Départements;Montant demandé (€);Statut;Motif;Déposé le (heure de Paris);Signalement',
		)
		expect(lines).toHaveLength(3)
		expect(text).not.toContain('Brouillon secret')
		const first = lines.find((l) => l.includes('HYPERLINK'))!
		expect(first).toContain(`;"'=HYPERLINK(""http://x"")";`)
		expect(first).toContain(';12345,5;Déposé;;2025-03-31 23:59;')
		expect(text).toContain('"Théâtre; ""voisins"""')

		const onlyAdmissible = await (await get(server, `/gestion/appels/${call.id}/export/candidatures.csv?statut=admissible`, cookie)).text()
		expect(onlyAdmissible.split('\r\n').filter(Boolean)).toHaveLength(2)
		expect(onlyAdmissible).toContain('Recevable')

		const members = await (await get(server, `/gestion/appels/${call.id}/export/membres.csv?departement=13`, cookie)).text()
		const memberLines = members.split('\r\n').filter(Boolean)
		expect(memberLines[0]).toContain('Association;SIRET;RNA;Département;Rôle;Statut;Qui fait quoi;Contribution;Part du budget (€)')
		expect(memberLines).toHaveLength(3)
		expect(members).toContain('Chef de file')
		expect(members).toContain('Co-porteur')

		expect((await get(server, `/gestion/appels/${call.id}/export/inconnu.pdf`, cookie)).status).toBe(404)
	})

	test('export XLSX : deux feuilles relues avec exceljs, montants en euros au format nombre', async () => {
		const { staff, call } = await funderWithCall()
		const lead = await association()
		const partner = await association('13')
		await application(call.id, { title: 'Jardins partagés', lead, partners: [partner], amountRequestedCents: 1_234_550 })
		await application(call.id, { title: 'Retiré', status: 'withdrawn' })
		const cookie = await login(server, staff.user.email)

		const response = await get(server, `/gestion/appels/${call.id}/export/candidatures.xlsx`, cookie)
		expect(response.status).toBe(200)
		expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".*-candidatures\.xlsx"/)
		const workbook = new ExcelJS.Workbook()
		await workbook.xlsx.load(await response.arrayBuffer())
		expect(workbook.worksheets.map((w) => w.name)).toEqual(['Candidatures', 'Membres des consortiums'])

		const sheet = workbook.getWorksheet('Candidatures')!
		expect(sheet.rowCount).toBe(3)
		const headers = (sheet.getRow(1).values as unknown[]).slice(1)
		expect(headers).toContain('Montant demandé (€)')
		const amountColumn = headers.indexOf('Montant demandé (€)') + 1
		const dateColumn = headers.indexOf('Déposé le (heure de Paris)') + 1
		const titleColumn = headers.indexOf('Titre du projet') + 1
		const row = [2, 3].map((n) => sheet.getRow(n)).find((r) => r.getCell(titleColumn).value === 'Jardins partagés')!
		expect(row.getCell(amountColumn).value).toBe(12345.5)
		expect(row.getCell(amountColumn).numFmt).toBe('#,##0.00 "€"')
		expect((row.getCell(dateColumn).value as Date).toISOString()).toBe('2025-03-31T23:59:00.000Z')

		const members = workbook.getWorksheet('Membres des consortiums')!
		const memberHeaders = (members.getRow(1).values as unknown[]).slice(1)
		expect(memberHeaders).toEqual([
			'Référence de la candidature',
			'Titre du projet',
			'Association',
			'SIRET',
			'RNA',
			'Département',
			'Rôle',
			'Statut',
			'Qui fait quoi',
			'Contribution',
			'Part du budget (€)',
		])
		// Jardins partagés: lead + partner; Retiré: its lead.
		expect(members.rowCount).toBe(4)
		const partnerRow = [2, 3, 4].map((n) => members.getRow(n)).find((r) => r.getCell(3).value === partner.organization.name)!
		expect(partnerRow.getCell(5).value).toBe(partner.organization.rna)
		expect(partnerRow.getCell(7).value).toBe('Co-porteur')
		expect(partnerRow.getCell(8).value).toBe('Engagement confirmé')
		expect(partnerRow.getCell(10).value).toBe('Deux bénévoles')
		expect(partnerRow.getCell(11).value).toBe(2500.5)
	})
})
