/**
 * The public showcase (issue 12): a retained project whose evaluation is approved is shown on
 * /projets, on its own page and in the cooperation graph only once every association of its
 * consortium consented, and disappears as soon as one withdraws; changing the texts asks the
 * others again. Not retained, or not evaluated: refused in French. The filters, hand-counted.
 * Never a person's name nor an address on the public pages.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PUBLICATION_MESSAGES } from '#app/domain/showcase/publication-form.ts'
import { consentToPublication, savePublicationTexts, withdrawPublicationConsent } from '#app/domain/showcase/publication.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, associationProfiles, auditEvents, memberships, organizations, projectPublicationConsents, projectPublications, themes, users } from '#db/schema/index.ts'
import { addMember, createAssociationMember, createCall, createOrganization, createStaff, createUser } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'
import { decidedDossiers, publish, PUBLIC_TEXTS, textsVersion } from '#tests/support/showcase.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

const html = async (pathname: string, cookie?: string) => {
	const response = await get(server, pathname, cookie)
	return { status: response.status, text: await response.text() }
}

/** The projects the list shows, by the links to their pages. */
const listed = async (query = '') => {
	const { status, text } = await html(`/projets${query}`)
	expect(status).toBe(200)
	return [...new Set([...text.matchAll(/href="\/projets\/([\w-]+)"/g)].map((m) => m[1]!).filter((id) => id !== 'cooperations'))].sort()
}

/** The associations the graph's table lists (one card each). */
const graphRows = async (query = '') => {
	const { status, text } = await html(`/projets/cooperations${query}`)
	expect(status).toBe(200)
	return { count: [...text.matchAll(/id="association-\d+"/g)].length, text }
}

async function associationIn(departement: string, commune: string) {
	const organization = await createOrganization({ departement, commune, postalCode: `${departement}000`, contactEmail: `contact-${departement}-${Math.random().toString(36).slice(2)}@asso.test` })
	const user = await createUser()
	await addMember(organization.id, user.id, 'referent')
	return { user, organization }
}

async function setTheme(applicationId: string, callId: string, label: string) {
	const [theme] = await db.select().from(themes).where(and(eq(themes.callId, callId), eq(themes.label, label)))
	await db.update(applications).set({ themeIds: [theme!.id] }).where(eq(applications.id, applicationId))
}

describe('publication d’un projet, association par association', () => {
	test('2 accords sur 3 : ni dans /projets, ni à /projets/:id, ni dans le graphe ; le 3e le publie ; un retrait le cache ; modifier les textes redemande l’accord des autres', async () => {
		const call = await createCall({ projectStartsOn: '2026-09-01' })
		const [app] = await decidedDossiers(call, [{ coCarriers: 2, title: 'Veillées à trois' }])
		const [, second, third] = [app!.lead, ...app!.partners]
		const names = [app!.lead, ...app!.partners].map((a) => a.organization.name)

		await publish(app!, { consenting: 2 })
		expect(await db.select().from(projectPublicationConsents).where(eq(projectPublicationConsents.applicationId, app!.id))).toHaveLength(2)
		expect(await listed()).toEqual([])
		expect((await html(`/projets/${app!.id}`)).status).toBe(404)
		const before = await graphRows()
		expect(before.count).toBe(0)
		for (const name of names) expect(before.text).not.toContain(name)

		// The third association's référent consents over HTTP, from the dossier's page.
		const cookie = await login(server, third!.user.email)
		const page = await html(`/candidatures/${app!.id}/publication`, cookie)
		expect(page.status).toBe(200)
		expect(page.text).toContain(`Donner l’accord de ${third!.organization.name}`)
		const consented = await post(server, `/candidatures/${app!.id}/publication`, { intent: 'consent', organizationId: third!.organization.id, version: String(await textsVersion(app!.id)) }, { cookie })
		expect(consented.status).toBe(302)
		expect(await listed()).toEqual([app!.id])
		const shown = await html(`/projets/${app!.id}`)
		expect(shown.status).toBe(200)
		for (const text of [PUBLIC_TEXTS.summary, PUBLIC_TEXTS.results, 'Coopération', ...names]) expect(shown.text).toContain(text)
		const graph = await graphRows()
		expect(graph.count).toBe(3)
		for (const name of names) expect(graph.text).toContain(name)
		const [publication] = await db.select().from(projectPublications).where(eq(projectPublications.applicationId, app!.id))
		expect(publication!.publishedAt).toBeInstanceOf(Date)

		// One withdraws: hidden again everywhere.
		expect(await withdrawPublicationConsent({ user: second!.user, applicationId: app!.id, organizationId: second!.organization.id })).toEqual({ ok: true, publication: 'unpublished' })
		expect(await listed()).toEqual([])
		expect((await html(`/projets/${app!.id}`)).status).toBe(404)
		expect((await graphRows()).count).toBe(0)

		// It consents again: shown; then the lead's référent changes a text: the two others are asked again, the lead's consent stays.
		expect(await consentToPublication({ user: second!.user, applicationId: app!.id, organizationId: second!.organization.id, version: await textsVersion(app!.id) })).toEqual({ ok: true, publication: 'published' })
		expect(await listed()).toEqual([app!.id])
		const changed = await savePublicationTexts({ user: app!.lead.user, applicationId: app!.id, version: await textsVersion(app!.id), texts: { ...PUBLIC_TEXTS, lessons: 'Prendre le temps de se connaître.' } })
		expect(changed).toEqual({ ok: true, changed: true, cleared: 2, publication: 'unpublished' })
		expect((await db.select().from(projectPublicationConsents).where(eq(projectPublicationConsents.applicationId, app!.id))).map((c) => c.organizationId)).toEqual([app!.lead.organization.id])
		expect(await listed()).toEqual([])
		// A stale version (the form read before the change) is refused, nothing written.
		expect(await savePublicationTexts({ user: second!.user, applicationId: app!.id, version: 1, texts: PUBLIC_TEXTS })).toMatchObject({ ok: false, stale: true, message: PUBLICATION_MESSAGES.stale })
		expect(await consentToPublication({ user: second!.user, applicationId: app!.id, organizationId: second!.organization.id, version: 1 })).toEqual({ ok: false, message: PUBLICATION_MESSAGES.changedSinceRead })
		// Emptied texts: nobody can consent, it stays offline.
		expect(await savePublicationTexts({ user: app!.lead.user, applicationId: app!.id, version: await textsVersion(app!.id), texts: { summary: '', results: '', lessons: '' } })).toMatchObject({ ok: true })
		expect(await consentToPublication({ user: second!.user, applicationId: app!.id, organizationId: second!.organization.id, version: await textsVersion(app!.id) })).toEqual({ ok: false, message: PUBLICATION_MESSAGES.incomplete })

		const actions = (await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, app!.id))).map((e) => e.action).filter((a) => a.startsWith('publication.'))
		expect(actions.filter((a) => a === 'publication.published')).toHaveLength(2)
		expect(actions.filter((a) => a === 'publication.unpublished')).toHaveLength(2)
		expect(actions.filter((a) => a === 'publication.consent_given')).toHaveLength(4)
		expect(actions.filter((a) => a === 'publication.consent_withdrawn')).toHaveLength(1)
	})

	test('chaque association consent par un·e de ses référent·es, pour elle seule ; un membre écrit les textes ; le financeur lit ; les autres ne savent rien', async () => {
		const call = await createCall()
		const [app] = await decidedDossiers(call, [{ coCarriers: 1, title: 'Projet à deux' }])
		const partner = app!.partners[0]!
		const member = await createUser()
		await addMember(partner.organization.id, member.id, 'member')
		// A member (not référent) writes the texts…
		expect(await savePublicationTexts({ user: member, applicationId: app!.id, version: 0, texts: PUBLIC_TEXTS })).toMatchObject({ ok: true, changed: true })
		const version = await textsVersion(app!.id)
		// …but does not consent; the lead's référent does not consent for the partner.
		await expect(consentToPublication({ user: member, applicationId: app!.id, organizationId: partner.organization.id, version })).rejects.toMatchObject({ status: 403 })
		await expect(consentToPublication({ user: app!.lead.user, applicationId: app!.id, organizationId: partner.organization.id, version })).rejects.toMatchObject({ status: 403 })
		// The funder's staff read the page, never write; an outsider does not know of it.
		const staff = await login(server, app!.funder.user.email)
		expect((await html(`/candidatures/${app!.id}/publication`, staff)).status).toBe(200)
		expect((await post(server, `/candidatures/${app!.id}/publication`, { intent: 'texts', version: String(version), summary: 'x' }, { cookie: staff })).status).toBe(403)
		// Hostile or mistaken posts: refused in French, nothing written.
		const partnerCookie = await login(server, partner.user.email)
		const tooLong = await post(server, `/candidatures/${app!.id}/publication`, { intent: 'texts', version: String(version), summary: 'x'.repeat(1_201), results: 'r', lessons: 'l' }, { cookie: partnerCookie })
		expect(tooLong.status).toBe(400)
		expect(await tooLong.text()).toMatch(/Au plus 1\s200 caractères\./)
		const unknown = await post(server, `/candidatures/${app!.id}/publication`, { intent: 'consent', organizationId: 'inconnue', version: String(version) }, { cookie: partnerCookie })
		expect(unknown.status).toBe(400)
		const badVersion = await post(server, `/candidatures/${app!.id}/publication`, { intent: 'consent', organizationId: partner.organization.id, version: 'abc' }, { cookie: partnerCookie })
		expect(badVersion.status).toBe(409)
		expect((await db.select().from(projectPublications))[0]).toMatchObject(PUBLIC_TEXTS)
		const outsider = await createAssociationMember('referent')
		expect((await html(`/candidatures/${app!.id}/publication`, await login(server, outsider.user.email))).status).toBe(404)
		await expect(savePublicationTexts({ user: outsider.user, applicationId: app!.id, version, texts: PUBLIC_TEXTS })).rejects.toMatchObject({ status: 404 })
		expect(await db.select().from(projectPublicationConsents)).toHaveLength(0)
	})

	test('un projet non retenu, ou dont l’évaluation n’est pas approuvée, ne se publie pas : refus en français', async () => {
		const call = await createCall()
		const [notApproved, rejected] = await decidedDossiers(call, [
			{ coCarriers: 1, title: 'Évaluation envoyée', stage: 'evaluation-submitted' },
			{ coCarriers: 1, title: 'Non retenu', stage: 'selected' },
		])
		await db.update(applications).set({ status: 'rejected', amountGrantedCents: null }).where(eq(applications.id, rejected!.id))

		expect(await savePublicationTexts({ user: notApproved!.lead.user, applicationId: notApproved!.id, version: 0, texts: PUBLIC_TEXTS })).toEqual({ ok: false, message: PUBLICATION_MESSAGES.evaluationNotApproved })
		expect(await consentToPublication({ user: notApproved!.lead.user, applicationId: notApproved!.id, organizationId: notApproved!.lead.organization.id, version: 0 })).toEqual({
			ok: false,
			message: PUBLICATION_MESSAGES.evaluationNotApproved,
		})
		expect(await savePublicationTexts({ user: rejected!.lead.user, applicationId: rejected!.id, version: 0, texts: PUBLIC_TEXTS })).toEqual({ ok: false, message: PUBLICATION_MESSAGES.notRetained })

		const cookie = await login(server, notApproved!.lead.user.email)
		const page = await html(`/candidatures/${notApproved!.id}/publication`, cookie)
		expect(page.text).toContain('La publication s’ouvre quand le financeur a approuvé l’évaluation de fin de projet.')
		const refused = await post(server, `/candidatures/${notApproved!.id}/publication`, { intent: 'texts', version: '0', ...PUBLIC_TEXTS }, { cookie })
		expect(refused.status).toBe(409)
		expect(await refused.text()).toContain('La publication s’ouvre quand le financeur a approuvé')
		const rejectedPage = await html(`/candidatures/${rejected!.id}/publication`, await login(server, rejected!.lead.user.email))
		expect(rejectedPage.text).toContain('Seul un projet retenu peut être publié dans la vitrine des projets.')
		expect(await db.select().from(projectPublications)).toHaveLength(0)
	})
})

describe('la vitrine publique', () => {
	test('filtres par thème, département, appel et année (comptés à la main) ; le graphe par département ; ni nom de personne ni adresse', async () => {
		const staff = await createStaff('funder')
		const callX = await createCall({ funderId: staff.organization.id, title: 'Appel X', projectStartsOn: '2026-09-01' })
		const callY = await createCall({ funderId: staff.organization.id, title: 'Appel Y', projectStartsOn: '2027-09-01' })
		const [a38, a69, b69, c69, d42, e42, f38, g42] = await Promise.all([
			associationIn('38', 'Grenoble'),
			associationIn('69', 'Lyon'),
			associationIn('69', 'Villeurbanne'),
			associationIn('69', 'Vénissieux'),
			associationIn('42', 'Roanne'),
			associationIn('42', 'Montbrison'),
			associationIn('38', 'Voiron'),
			associationIn('42', 'Feurs'),
		])
		const pair = (lead: typeof a38, partner: typeof a38, title: string) => ({ lead, coCarriers: 0, partners: [{ association: partner, state: 'confirmed' as const }], title })
		const [alpha, bravo] = await decidedDossiers(callX, [pair(a38!, a69!, 'Alpha partagé'), pair(b69!, c69!, 'Bravo partagé')])
		const [charlie, delta] = await decidedDossiers(callY, [pair(d42!, e42!, 'Charlie partagé'), pair(f38!, g42!, 'Delta non publié')])
		await setTheme(alpha!.id, callX.id, 'Intergénérationnel')
		await setTheme(bravo!.id, callX.id, 'Interculturel')
		await setTheme(charlie!.id, callY.id, 'Intergénérationnel')
		await setTheme(delta!.id, callY.id, 'Intergénérationnel')
		for (const app of [alpha!, bravo!, charlie!]) await publish(app)
		await publish(delta!, { consenting: 1 })
		// Only a's profile is published in the directory: only its name links there.
		await db.insert(associationProfiles).values([
			{ organizationId: a38!.organization.id, publishedAt: new Date() },
			{ organizationId: b69!.organization.id, publishedAt: null },
		])

		const ids = (...apps: { id: string }[]) => apps.map((a) => a.id).sort()
		expect(await listed()).toEqual(ids(alpha!, bravo!, charlie!))
		expect(await listed('?theme=Interg%C3%A9n%C3%A9rationnel')).toEqual(ids(alpha!, charlie!))
		expect(await listed('?theme=Interculturel')).toEqual(ids(bravo!))
		expect(await listed('?departement=69')).toEqual(ids(alpha!, bravo!))
		expect(await listed('?departement=38')).toEqual(ids(alpha!))
		expect(await listed('?departement=42')).toEqual(ids(charlie!))
		expect(await listed('?departement=75')).toEqual([])
		expect(await listed(`?appel=${callX.id}`)).toEqual(ids(alpha!, bravo!))
		expect(await listed(`?appel=${callY.id}`)).toEqual(ids(charlie!))
		expect(await listed('?annee=2026')).toEqual(ids(alpha!, bravo!))
		expect(await listed('?annee=2027')).toEqual(ids(charlie!))
		expect(await listed('?theme=Interg%C3%A9n%C3%A9rationnel&departement=42&annee=2027')).toEqual(ids(charlie!))
		// Hostile or malformed values are ignored or match nothing, never an error.
		expect(await listed('?annee=abc&departement=%3Cscript%3E&page=-3')).toEqual(ids(alpha!, bravo!, charlie!))
		expect(await listed(`?theme=${'x'.repeat(5000)}&page=99999999999999999999`)).toEqual(ids(alpha!, bravo!, charlie!))
		expect(await listed("?theme=%27%20or%201%3D1--")).toEqual([])
		expect((await html(`/projets/${delta!.id}`)).status).toBe(404)
		expect((await html('/projets/inconnu')).status).toBe(404)

		const page = await html(`/projets/${alpha!.id}`)
		expect(page.text).toContain(`href="/partenaires/${a38!.organization.id}"`)
		expect(page.text).not.toContain(`href="/partenaires/${a69!.organization.id}"`)
		expect(page.text).toContain('Grenoble (38)')
		expect(page.text).toMatch(/8\s000,00\s€/)

		// The graph: all six consenting associations and three links; by département, the projects touching it.
		const all = await graphRows()
		expect(all.count).toBe(6)
		expect(all.text.replaceAll('<!-- -->', '')).toContain('6 associations, 3 liens, 3 projets')
		expect((await graphRows('?departement=42')).count).toBe(2)
		const grenoble = await graphRows('?departement=38')
		expect(grenoble.count).toBe(2)
		expect(grenoble.text).toContain(a69!.organization.name)
		expect(grenoble.text).not.toContain(f38!.organization.name)

		// Nobody's name nor address, on any public page.
		const people = await db.select({ email: users.email, name: users.displayName }).from(users).innerJoin(memberships, eq(memberships.userId, users.id))
		const contacts = (await db.select({ email: organizations.contactEmail }).from(organizations)).map((o) => o.email).filter((e): e is string => !!e)
		expect(contacts.length).toBeGreaterThan(4)
		for (const path of ['/projets', `/projets/${alpha!.id}`, '/projets/cooperations', '/projets/cooperations?departement=38']) {
			const { text } = await html(path)
			for (const person of people) {
				expect(text, path).not.toContain(person.email)
				expect(text, path).not.toContain(`${person.name}<`)
			}
			for (const email of contacts) expect(text, path).not.toContain(email)
			expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.\w+/)
		}
	})

	test('vingt projets par page ; les liens de pagination gardent les filtres', async () => {
		// Written straight into the tables (the publication steps are tested above): 21 published projects of one decided call.
		const call = await createCall({ status: 'decided', projectStartsOn: '2026-09-01' })
		const lead = await associationIn('69', 'Lyon')
		const rows = await db
			.insert(applications)
			.values(Array.from({ length: 21 }, (_, i) => ({ callId: call.id, leadOrganizationId: lead.organization.id, title: `Projet ${String(i + 1).padStart(2, '0')}`, status: 'closed' as const })))
			.returning({ id: applications.id })
		await db.insert(applicationMembers).values(rows.map((r) => ({ applicationId: r.id, organizationId: lead.organization.id, role: 'lead' as const, status: 'confirmed' as const })))
		await db.insert(projectPublications).values(rows.map((r, i) => ({ applicationId: r.id, ...PUBLIC_TEXTS, publishedAt: new Date(Date.UTC(2027, 0, 1 + i)) })))
		await db.insert(projectPublicationConsents).values(rows.map((r) => ({ applicationId: r.id, organizationId: lead.organization.id })))

		const first = await listed('?departement=69')
		expect(first).toHaveLength(20)
		const page1 = await html('/projets?departement=69')
		expect(page1.text.replaceAll('<!-- -->', '')).toContain('21 projets publiés correspondant aux filtres')
		expect(page1.text).toContain('href="/projets?departement=69&amp;page=2"')
		const second = await listed('?departement=69&page=2')
		expect(second).toHaveLength(1)
		// The oldest published comes last.
		expect(second).toEqual([rows[0]!.id])
		expect([...first, ...second].sort()).toEqual(rows.map((r) => r.id).sort())
		// Past the last page: the last page.
		expect(await listed('?departement=69&page=9')).toEqual(second)
	})

	test('le pense-pas-bête est public : douze sujets, trois niveaux, facteurs de succès et points de vigilance ; les formulaires y renvoient', async () => {
		const page = await html('/cooperer')
		expect(page.status).toBe(200)
		expect([...page.text.matchAll(/<li>(L’|La |Les |Qui fait quoi)/g)].length).toBeGreaterThanOrEqual(12)
		for (const text of ['Mutualisation', 'Collaboration', 'Coopération', 'Les facteurs de succès', 'Les points de vigilance', 'Capitaliser sur les échecs', 'Un élément déclencheur'])
			expect(page.text).toContain(text)
		const call = await createCall()
		expect((await html(`/appels/${call.id}`)).text).toContain('href="/cooperer"')
	})
})
