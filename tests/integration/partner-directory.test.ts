/**
 * The partner directory (issue 12): profiles an association controls and publishes,
 * the public search (filters, distance), contact through the portal (addresses hidden until
 * a référent answers, rate limits, reports), supporters' territory view and recommendations.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { liftReport, replyToContact, reportContact, startContact } from '#app/domain/directory/contacts.server.ts'
import { readFilters, type ProfileInput } from '#app/domain/directory/options.ts'
import { directoryDataVersion } from '#app/domain/directory/data-version.server.ts'
import { saveProfile, setProfilePublished } from '#app/domain/directory/profiles.server.ts'
import { recommendPartner } from '#app/domain/directory/recommendations.server.ts'
import { searchDirectory } from '#app/domain/directory/search.server.ts'
import { db } from '#db/client.server.ts'
import { associationProfiles, organizations, outboxMessages, partnerContactReports, partnerContacts, partnerRecommendations } from '#db/schema/index.ts'
import { addMember, createAssociationMember, createPlatformAdmin, createStaff, createUser } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

const EMPTY_PROFILE = { presentation: '', communes: '', publics: [], themes: [], offers: [], needs: [], offerDetails: '', needDetails: '' }

/** An association with its référent, its seat in `commune`, and a profile (published unless told). */
async function association(options: { name: string; commune?: string; departement?: string; published?: boolean; themes?: string[]; offers?: string[]; needs?: string[]; presentation?: string; sector?: 'culture' | 'sport' | 'social' }) {
	const member = await createAssociationMember('referent')
	await db
		.update(organizations)
		.set({
			name: options.name,
			commune: options.commune ?? 'Lyon',
			departement: options.departement ?? '69',
			sector: options.sector ?? 'culture',
			addressLine: `12 rue Secrète ${member.organization.id.slice(0, 8)}`,
			contactEmail: `contact.${member.organization.id}@asso-secrete.test`,
		})
		.where(eq(organizations.id, member.organization.id))
	const saved = await saveProfile({
		user: member.user,
		organizationId: member.organization.id,
		values: { ...EMPTY_PROFILE, presentation: options.presentation ?? `Présentation de ${options.name}.`, themes: (options.themes ?? []) as ProfileInput['themes'], offers: (options.offers ?? []) as ProfileInput['offers'], needs: (options.needs ?? []) as ProfileInput['needs'] },
	})
	expect(saved).toMatchObject({ ok: true })
	if (options.published !== false) expect(await setProfilePublished({ user: member.user, organizationId: member.organization.id, published: true })).toEqual({ ok: true })
	return member
}

const html = async (response: Response) => {
	expect(response.status).toBe(200)
	return response.text()
}

describe('profil public', () => {
	test('un profil non publié n’apparaît nulle part : recherche, décompte, page, vue du territoire ; ses membres en ont un aperçu marqué « non publié »', async () => {
		const shown = await association({ name: 'Les Jardins Visibles' })
		const hidden = await association({ name: 'Les Cachés du Quartier', published: false })
		const supporter = await createStaff('supporter')
		await db.update(organizations).set({ departement: '69' }).where(eq(organizations.id, supporter.organization.id))
		const search = await html(await get(server, '/partenaires'))
		expect(search).toContain('Les Jardins Visibles')
		expect(search).not.toContain('Les Cachés du Quartier')
		expect(search).toContain('1 association trouvée')
		expect(await html(await get(server, '/partenaires?q=Cach%C3%A9s'))).toContain('0 association trouvée')
		expect((await get(server, `/partenaires/${hidden.organization.id}`)).status).toBe(404)
		const outsider = await login(server, shown.user.email)
		expect((await get(server, `/partenaires/${hidden.organization.id}`, outsider)).status).toBe(404)
		const territory = await html(await get(server, '/partenaires/territoire', await login(server, supporter.user.email)))
		expect(territory).toContain('Les Jardins Visibles')
		expect(territory).not.toContain('Les Cachés du Quartier')
		// Its own members preview it, with the banner.
		const preview = await html(await get(server, `/partenaires/${hidden.organization.id}`, await login(server, hidden.user.email)))
		expect(preview).toContain('Profil non publié')
		// Unpublished again: gone from the search.
		expect(await setProfilePublished({ user: shown.user, organizationId: shown.organization.id, published: false })).toEqual({ ok: true })
		expect(await html(await get(server, '/partenaires'))).toContain('0 association trouvée')
		expect((await get(server, `/partenaires/${shown.organization.id}`)).status).toBe(404)
	})

	test('aucune coordonnée (adresse, e-mail de l’association ou des référents) dans les pages de l’annuaire, même après des saisies hostiles', async () => {
		const hostile = '<script>alert("x")</script> & « Ω »'
		const a = await association({ name: `Asso ${hostile}`, presentation: `Présentation ${hostile}`, themes: ['interculturel'] })
		const supporter = await createStaff('supporter')
		await db.update(organizations).set({ departement: '69' }).where(eq(organizations.id, supporter.organization.id))
		const [org] = await db.select().from(organizations).where(eq(organizations.id, a.organization.id))
		const pages = [
			await get(server, '/partenaires'),
			await get(server, `/partenaires?q=${encodeURIComponent(hostile)}&theme=%27%3B--&departement=%3Cb%3E&commune=${encodeURIComponent(hostile)}&distance=10&page=99999`),
			await get(server, '/partenaires?q=%25&page=-3&distance=abc'),
			await get(server, `/partenaires/${a.organization.id}`),
			await get(server, `/partenaires/${a.organization.id}`, await login(server, supporter.user.email)),
			await get(server, '/partenaires/territoire', await login(server, supporter.user.email)),
		]
		const bodies = await Promise.all(pages.map(html))
		for (const body of bodies) {
			expect(body).not.toContain(org!.addressLine!)
			expect(body).not.toContain(org!.contactEmail!)
			expect(body).not.toContain(a.user.email)
			expect(body).not.toContain('<script>alert')
		}
		expect(bodies[1]).toContain('Commune inconnue')
	})

	test('le ou la référent·e écrit, publie et retire le profil ; un membre le lit sans pouvoir le modifier ; une commune inconnue est refusée en français', async () => {
		const referent = await createAssociationMember('referent')
		const member = await createUser()
		await addMember(referent.organization.id, member.id, 'member')
		const cookie = await login(server, referent.user.email)
		const path = `/associations/${referent.organization.id}/profil`
		const refused = await post(server, path, { intent: 'save', presentation: 'Nous jardinons.', communes: 'Villeurbanne\nAtlantis', themes: 'interculturel' }, { cookie })
		expect(refused.status).toBe(409)
		const refusedBody = await refused.text()
		expect(refusedBody).toContain('Commune inconnue : « Atlantis »')
		expect(refusedBody).toContain('Nous jardinons.')
		expect(await db.select().from(associationProfiles).where(eq(associationProfiles.organizationId, referent.organization.id))).toHaveLength(0)
		expect((await post(server, path, { intent: 'publish' }, { cookie })).status).toBe(409)
		const saved = await post(server, path, { intent: 'save', presentation: 'Nous jardinons.', communes: 'villeurbanne\nvienne (38)', themes: 'interculturel', offers: 'locaux' }, { cookie })
		expect(saved.status).toBe(302)
		const [profile] = await db.select().from(associationProfiles).where(eq(associationProfiles.organizationId, referent.organization.id))
		// Lyon, the factory's seat: its GeneNames coordinates, the communes written as the portal knows them.
		expect(profile).toMatchObject({ communes: ['Villeurbanne', 'Vienne'], themes: ['interculturel'], offers: ['locaux'], latitude: 45.7491, longitude: 4.8479, publishedAt: null })
		expect((await post(server, path, { intent: 'publish' }, { cookie })).status).toBe(302)
		expect(await html(await get(server, '/partenaires'))).toContain(referent.organization.name)
		// A member reads, cannot write; an outsider does not learn the page exists.
		const memberCookie = await login(server, member.email)
		const readOnly = await html(await get(server, path, memberCookie))
		expect(readOnly).toContain('Seuls les référents')
		expect(readOnly).toContain('Nous jardinons.')
		expect((await post(server, path, { intent: 'unpublish' }, { cookie: memberCookie })).status).toBe(403)
		const outsider = await createAssociationMember('referent')
		expect((await get(server, path, await login(server, outsider.user.email))).status).toBe(404)
		expect((await post(server, path, { intent: 'unpublish' }, { cookie })).status).toBe(302)
		expect(await html(await get(server, '/partenaires'))).not.toContain(referent.organization.name)
	})
})

describe('recherche', () => {
	test('filtres par thème, département, secteur, offre, besoin et texte', async () => {
		await association({ name: 'Alpha Culture', themes: ['interculturel'], offers: ['locaux'], needs: ['benevoles'], sector: 'culture' })
		await association({ name: 'Bêta Sport', themes: ['mixite_filles_garcons'], offers: ['benevoles'], needs: ['locaux'], sector: 'sport', presentation: 'Football de quartier.' })
		await association({ name: 'Gamma Grenoble', commune: 'Grenoble', departement: '38', themes: ['interculturel'], offers: ['locaux', 'materiel'], sector: 'social' })
		const names = async (query: string) => {
			const body = await html(await get(server, `/partenaires${query}`))
			return ['Alpha Culture', 'Bêta Sport', 'Gamma Grenoble'].filter((name) => body.includes(name))
		}
		expect(await names('?theme=interculturel')).toEqual(['Alpha Culture', 'Gamma Grenoble'])
		expect(await names('?theme=interculturel&departement=38')).toEqual(['Gamma Grenoble'])
		expect(await names('?offre=locaux')).toEqual(['Alpha Culture', 'Gamma Grenoble'])
		expect(await names('?besoin=locaux')).toEqual(['Bêta Sport'])
		expect(await names('?secteur=sport')).toEqual(['Bêta Sport'])
		expect(await names('?q=football')).toEqual(['Bêta Sport'])
		expect(await names('?theme=interculturel&offre=materiel&departement=38')).toEqual(['Gamma Grenoble'])
		// A NUL in the text or the commune failed the query (a 500): it is dropped first (server/url-guard.ts).
		expect(await names('?q=%00football%00')).toEqual(['Bêta Sport'])
		expect(await names('?commune=Grenoble%00&distance=20')).toEqual(['Gamma Grenoble'])
		// The text « %00 » itself is searched like any other.
		expect(await names('?q=%2500')).toEqual([])
		expect(await html(await get(server, '/partenaires?theme=interculturel'))).toContain('2 associations trouvées')
	})

	test('à N km de : boîte englobante puis distance exacte', async () => {
		// From Lyon (45.7491, 4.8479), by hand (1° of latitude ≈ 111.2 km, of longitude ≈ 111.2 × cos 45.75° ≈ 77.6 km):
		// Bron (45.7387, 4.9130): 1.16 km north–south, 5.05 km east–west → 5.2 km;
		// Rillieux-la-Pape (45.8167, 4.9000): 7.52 and 4.04 km → 8.5 km;
		// Vienne, Isère (45.5257, 4.8748): 24.84 and 2.09 km → 24.9 km.
		await association({ name: 'Asso de Bron', commune: 'Bron' })
		await association({ name: 'Asso de Rillieux', commune: 'Rillieux-la-Pape' })
		await association({ name: 'Asso de Vienne', commune: 'Vienne', departement: '38' })
		const found = async (km: number) => {
			const body = await html(await get(server, `/partenaires?commune=Lyon&distance=${km}`))
			const names = ['Asso de Bron', 'Asso de Rillieux', 'Asso de Vienne'].filter((name) => body.includes(name))
			// Nearest first.
			return names.sort((a, b) => body.indexOf(a) - body.indexOf(b))
		}
		expect(await found(5)).toEqual([])
		expect(await found(10)).toEqual(['Asso de Bron', 'Asso de Rillieux'])
		expect(await found(20)).toEqual(['Asso de Bron', 'Asso de Rillieux'])
		expect(await found(50)).toEqual(['Asso de Bron', 'Asso de Rillieux', 'Asso de Vienne'])
		const body = await html(await get(server, '/partenaires?commune=LYON&distance=10'))
		expect(body).toContain('2 associations trouvées à 10 km au plus de Lyon (69)')
		expect(body).toContain('à 5,2 km')
		expect(await html(await get(server, '/partenaires?commune=Saint-Priest&distance=10'))).toContain('Plusieurs communes s’appellent « Saint-Priest »')
	})

	test('à N km de, page après page : les plus proches d’abord, puis par nom parmi les associations d’une même commune ; le décompte ne compte que les profils publiés', async () => {
		// Bron's associations share its coordinates: the order among them is by name, across page boundaries.
		for (const name of ['Bron Delta', 'Bron Alpha', 'Bron Charlie', 'Bron Bravo']) await association({ name, commune: 'Bron' })
		for (const name of ['Rillieux Zèbre', 'Rillieux Abeille']) await association({ name, commune: 'Rillieux-la-Pape' })
		await association({ name: 'Lyon Centre', commune: 'Lyon' })
		await association({ name: 'Bron Caché', commune: 'Bron', published: false })
		await association({ name: 'Vienne Loin', commune: 'Vienne', departement: '38' })
		const expected = ['Lyon Centre', 'Bron Alpha', 'Bron Bravo', 'Bron Charlie', 'Bron Delta', 'Rillieux Abeille', 'Rillieux Zèbre']
		for (const extra of [{}, { departement: '69' }, { q: 'bron' }]) {
			const filters = { ...readFilters(new URLSearchParams({ commune: 'Lyon', distance: '10' })), ...extra }
			const pages = await Promise.all([1, 2, 3, 4].map((page) => searchDirectory({ filters, page, pageSize: 3 })))
			const shown = pages.flatMap((p) => p.results.map((r) => r.name))
			expect(shown).toEqual(extra.q ? expected.filter((name) => name.startsWith('Bron')) : expected)
			for (const p of pages) expect(p.total).toBe(shown.length)
			if (!extra.q) {
				expect(pages[0]!.results[0]!.distanceKm).toBeCloseTo(0, 5)
				expect(pages[0]!.results[1]!.distanceKm).toBeCloseTo(5.2, 1)
			}
		}
	})
})

describe('résultats gardés en mémoire', () => {
	test('la version de l’annuaire avance à chaque changement de ce qu’il montre, et seulement alors', async () => {
		const member = await association({ name: 'Les Versions Mobiles' })
		const id = member.organization.id
		const changes: [string, () => Promise<unknown>][] = [
			['la présentation', () => db.update(associationProfiles).set({ presentation: 'Autre présentation.' }).where(eq(associationProfiles.organizationId, id))],
			['le retrait', () => setProfilePublished({ user: member.user, organizationId: id, published: false })],
			['la publication', () => setProfilePublished({ user: member.user, organizationId: id, published: true })],
			['le nom', () => db.update(organizations).set({ name: 'Les Versions Renommées' }).where(eq(organizations.id, id))],
			['la commune', () => db.update(organizations).set({ commune: 'Villeurbanne' }).where(eq(organizations.id, id))],
			['le département', () => db.update(organizations).set({ departement: '38' }).where(eq(organizations.id, id))],
			['le secteur', () => db.update(organizations).set({ sector: 'sport' }).where(eq(organizations.id, id))],
			['l’association supprimée (son profil avec elle)', () => db.delete(organizations).where(eq(organizations.id, id))],
		]
		for (const [what, change] of changes) {
			const before = await directoryDataVersion(db)
			await change()
			expect(await directoryDataVersion(db), what).not.toBe(before)
		}
		// What no directory page shows: an address, an email, a budget.
		const other = await createAssociationMember('referent')
		const before = await directoryDataVersion(db)
		await db.update(organizations).set({ addressLine: '1 rue Cachée', contactEmail: 'cache@exemple.fr', annualBudgetCents: 5_000 }).where(eq(organizations.id, other.organization.id))
		expect(await directoryDataVersion(db)).toBe(before)
	})

	test('la même recherche, refaite après un changement, le montre aussitôt', async () => {
		const first = await association({ name: 'Premières Versions', themes: ['interculturel'] })
		const search = async () => searchDirectory({ filters: readFilters(new URLSearchParams('theme=interculturel')), page: 1 })
		const names = async () => (await search()).results.map((r) => r.name)
		expect(await names()).toEqual(['Premières Versions'])
		// Asked again, unchanged: the same page, under the same key.
		expect((await search()).resultsKey).toBe((await search()).resultsKey)
		const second = await association({ name: 'Secondes Versions', themes: ['interculturel'] })
		expect(await names()).toEqual(['Premières Versions', 'Secondes Versions'])
		await db.update(organizations).set({ name: 'Antérieures Versions' }).where(eq(organizations.id, second.organization.id))
		expect(await names()).toEqual(['Antérieures Versions', 'Premières Versions'])
		await setProfilePublished({ user: first.user, organizationId: first.organization.id, published: false })
		expect(await names()).toEqual(['Antérieures Versions'])
		// And through the page, whose list is rendered once per key.
		const body = await html(await get(server, '/partenaires?theme=interculturel'))
		expect(body).toContain('Antérieures Versions')
		expect(body).not.toContain('Premières Versions')
		await db.delete(organizations).where(eq(organizations.id, second.organization.id))
		expect(await html(await get(server, '/partenaires?theme=interculturel'))).toContain('0 association trouvée')
	})
})

describe('écrire par le portail', () => {
	test('les adresses restent cachées jusqu’à la première réponse d’un·e référent·e, puis chacun voit celle de l’autre', async () => {
		const recipient = await association({ name: 'Les Destinataires' })
		const sender = await createAssociationMember('referent')
		const cookie = await login(server, sender.user.email)
		const response = await post(server, `/partenaires/${recipient.organization.id}`, { intent: 'contact', subject: 'Un projet ensemble ?', message: 'Bonjour, nous cherchons des locaux.', senderOrganizationId: sender.organization.id }, { cookie })
		expect(response.status).toBe(302)
		const threadPath = response.headers.get('location')!
		const [contact] = await db.select().from(partnerContacts)
		expect(threadPath).toBe(`/partenaires/messages/${contact!.id}`)
		expect(contact).toMatchObject({ senderUserId: sender.user.id, senderOrganizationId: sender.organization.id, answeredAt: null })
		const [mail] = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, recipient.user.email))
		expect(mail!.text).toContain('Un projet ensemble ?')
		expect(mail!.text).not.toContain(sender.user.email)
		expect(mail!.html).not.toContain(sender.user.email)
		const recipientCookie = await login(server, recipient.user.email)
		const before = [await html(await get(server, threadPath, cookie)), await html(await get(server, threadPath, recipientCookie))]
		for (const body of before) {
			expect(body).toContain('Bonjour, nous cherchons des locaux.')
			expect(body).not.toContain(sender.user.email)
			expect(body).not.toContain(recipient.user.email)
		}
		// An outsider does not learn the thread exists.
		const outsider = await createAssociationMember('referent')
		expect((await get(server, threadPath, await login(server, outsider.user.email))).status).toBe(404)
		// The sender replying first reveals nothing.
		expect((await post(server, threadPath, { intent: 'reply', message: 'Précision : le samedi.' }, { cookie })).status).toBe(302)
		expect(await html(await get(server, threadPath, cookie))).not.toContain(recipient.user.email)
		// The référent answers: each side sees the other's address.
		expect((await post(server, threadPath, { intent: 'reply', message: 'Avec plaisir !' }, { cookie: recipientCookie })).status).toBe(302)
		const answerMail = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, sender.user.email))
		expect(answerMail.at(-1)!.text).not.toContain(recipient.user.email)
		const senderView = await html(await get(server, threadPath, cookie))
		expect(senderView).toContain(recipient.user.email)
		expect(senderView).toContain('Avec plaisir !')
		expect(await html(await get(server, threadPath, recipientCookie))).toContain(sender.user.email)
		const [answered] = await db.select().from(partnerContacts)
		expect(answered!.answeredAt).not.toBeNull()
	})

	test('personne n’écrit à sa propre association ; un visiteur anonyme est envoyé à la connexion', async () => {
		const a = await association({ name: 'Nous-mêmes' })
		const response = await post(server, `/partenaires/${a.organization.id}`, { intent: 'contact', subject: 'Test', message: 'Test' }, { cookie: await login(server, a.user.email) })
		expect(response.status).toBe(409)
		expect(await response.text()).toContain('Vous êtes membre de cette association')
		const anonymous = await post(server, `/partenaires/${a.organization.id}`, { intent: 'contact', subject: 'Test', message: 'Test' })
		expect(anonymous.status).toBe(302)
		expect(anonymous.headers.get('location')).toMatch(/^\/connexion/)
		expect(await db.select().from(partnerContacts)).toHaveLength(0)
	})

	test('limites : une conversation par association et par semaine, cinq nouvelles par jour', async () => {
		const sender = await createUser()
		const targets = await Promise.all(Array.from({ length: 7 }, (_, i) => association({ name: `Cible ${i + 1}` })))
		const now = new Date('2027-03-01T09:00:00Z')
		const write = (i: number, at = now) => startContact({ user: sender, organizationId: targets[i]!.organization.id, subject: 'Bonjour', message: 'Un projet ?', now: at })
		expect(await write(0)).toMatchObject({ ok: true })
		const again = await write(0, new Date(now.getTime() + 3600_000))
		expect(again).toMatchObject({ ok: false })
		expect((again as { message: string }).message).toMatch(/déjà écrit à cette association il y a moins d’une semaine.*à partir du lundi 8 mars 2027/)
		for (const i of [1, 2, 3, 4]) expect(await write(i)).toMatchObject({ ok: true })
		const sixth = await write(5)
		expect(sixth).toMatchObject({ ok: false })
		expect((sixth as { message: string }).message).toMatch(/5 conversations en 24 heures.*réessayez à partir du mardi 2 mars 2027/)
		// Refused attempts are not counted: the next day, one more is allowed for a new association.
		expect(await write(5, new Date(now.getTime() + 25 * 3600_000))).toMatchObject({ ok: true })
		expect(await db.select().from(partnerContacts)).toHaveLength(6)
		// A week later, the first association again.
		expect(await write(0, new Date(now.getTime() + 8 * 24 * 3600_000))).toMatchObject({ ok: true })
	})

	test('un signalement cache l’expéditeur de l’association ; trois associations le bloquent partout ; l’admin lève un signalement', async () => {
		const sender = await createAssociationMember('referent')
		const reporters = await Promise.all([1, 2, 3, 4].map((i) => association({ name: `Signalante ${i}` })))
		const start = (i: number, at = new Date()) => startContact({ user: sender.user, organizationId: reporters[i]!.organization.id, subject: `Message ${i}`, message: 'Achetez mes produits !', now: at })
		const first = await start(0)
		if (!first.ok) throw new Error(first.message)
		const inboxPath = `/associations/${reporters[0]!.organization.id}/messages`
		const cookie = await login(server, reporters[0]!.user.email)
		expect(await html(await get(server, inboxPath, cookie))).toContain('Message 0')
		const reported = await post(server, `/partenaires/messages/${first.contactId}`, { intent: 'report', reason: 'Publicité' }, { cookie })
		expect(reported.status).toBe(302)
		expect(reported.headers.get('location')).toBe(inboxPath)
		expect(await html(await get(server, inboxPath, cookie))).not.toContain('Message 0')
		expect((await get(server, `/partenaires/messages/${first.contactId}`, cookie)).status).toBe(404)
		// Hidden from that association: no new message, no reply.
		expect(await start(0, new Date(Date.now() + 8 * 24 * 3600_000))).toEqual({ ok: false, message: 'Cette association ne reçoit plus vos messages.' })
		expect(await replyToContact({ user: sender.user, contactId: first.contactId, message: 'Encore moi' })).toEqual({ ok: false, message: 'Cette association ne reçoit plus vos messages.' })
		// Two more associations report: blocked everywhere.
		for (const i of [1, 2]) {
			const contact = await start(i)
			if (!contact.ok) throw new Error(contact.message)
			expect(await reportContact({ user: reporters[i]!.user, contactId: contact.contactId, reason: '' })).toMatchObject({ ok: true })
		}
		const blocked = await start(3)
		expect(blocked).toMatchObject({ ok: false })
		expect((blocked as { message: string }).message).toContain('signalés par 3 associations')
		// The admin sees the reports and lifts the first: no longer blocked everywhere, and writes to association 0 again.
		const admin = await createPlatformAdmin()
		const adminCookie = await login(server, admin.email)
		const reportsPage = await html(await get(server, '/admin/signalements', adminCookie))
		expect(reportsPage).toContain('Publicité')
		expect(reportsPage).toContain('bloqué·e partout')
		const [report] = await db.select().from(partnerContactReports).where(and(eq(partnerContactReports.contactId, first.contactId)))
		expect((await post(server, '/admin/signalements', { intent: 'lift', reportId: report!.id }, { cookie: adminCookie })).status).toBe(302)
		expect(await liftReport({ user: admin, reportId: report!.id })).toMatchObject({ ok: false })
		expect(await start(3)).toMatchObject({ ok: true })
		expect(await html(await get(server, inboxPath, cookie))).toContain('Message 0')
		// Only the admin lifts.
		expect((await post(server, '/admin/signalements', { intent: 'lift', reportId: report!.id }, { cookie })).status).toBe(403)
	})
})

describe('structures d’accompagnement', () => {
	test('la Maison des Associations suggère un partenaire à une association de son territoire : ligne, e-mail, page de l’association', async () => {
		const supporter = await createStaff('supporter')
		await db.update(organizations).set({ departement: '69', name: 'MDA du Rhône' }).where(eq(organizations.id, supporter.organization.id))
		const partner = await association({ name: 'Le Partenaire Idéal' })
		const receiver = await association({ name: 'La Destinataire', published: false })
		const elsewhere = await association({ name: 'Loin d’ici', commune: 'Grenoble', departement: '38' })
		const cookie = await login(server, supporter.user.email)
		const page = await html(await get(server, `/partenaires/${partner.organization.id}`, cookie))
		expect(page).toContain('La Destinataire')
		expect(page).not.toContain('Loin d’ici')
		const refused = await post(server, `/partenaires/${partner.organization.id}`, { intent: 'recommend', toOrganizationId: elsewhere.organization.id, note: '' }, { cookie })
		expect(refused.status).toBe(409)
		expect(await refused.text()).toContain('Choisissez une association de votre territoire.')
		const done = await post(server, `/partenaires/${partner.organization.id}`, { intent: 'recommend', toOrganizationId: receiver.organization.id, note: 'Vous avez les mêmes publics.' }, { cookie })
		expect(done.status).toBe(302)
		expect(await db.select().from(partnerRecommendations)).toMatchObject([{ supporterOrganizationId: supporter.organization.id, toOrganizationId: receiver.organization.id, recommendedOrganizationId: partner.organization.id }])
		const [mail] = await db.select().from(outboxMessages).where(and(eq(outboxMessages.toAddress, receiver.user.email), eq(outboxMessages.template, 'partner-recommendation')))
		expect(mail!.text).toContain('Le Partenaire Idéal')
		const inbox = await html(await get(server, `/associations/${receiver.organization.id}/messages`, await login(server, receiver.user.email)))
		expect(inbox).toContain('Le Partenaire Idéal')
		expect(inbox).toContain('Vous avez les mêmes publics.')
		// Twice: refused; an association cannot recommend.
		expect(await recommendPartner({ user: supporter.user, recommendedOrganizationId: partner.organization.id, toOrganizationId: receiver.organization.id, note: '' })).toMatchObject({ ok: false })
		const asAssociation = await post(server, `/partenaires/${partner.organization.id}`, { intent: 'recommend', toOrganizationId: receiver.organization.id }, { cookie: await login(server, elsewhere.user.email) })
		expect(asAssociation.status).toBe(403)
	})
})

describe('démo', () => {
	test('six profils publiés, deux non publiés, une conversation répondue, une suggestion de la structure d’accompagnement', { timeout: 300_000 }, async () => {
		const { seedDemo } = await import('#db/seed.ts')
		await seedDemo()
		const profiles = await db.select().from(associationProfiles)
		expect(profiles).toHaveLength(8)
		expect(profiles.filter((p) => p.publishedAt !== null)).toHaveLength(6)
		// Every demo seat is a known commune: all can be found « à N km de ».
		expect(profiles.every((p) => p.latitude !== null && p.longitude !== null)).toBe(true)
		const contacts = await db.select().from(partnerContacts)
		expect(contacts).toHaveLength(1)
		expect(contacts[0]!.answeredAt).not.toBeNull()
		expect(await db.select().from(partnerRecommendations)).toHaveLength(1)
		const search = await html(await get(server, '/partenaires?commune=Lyon&distance=10'))
		// Lyon (the gardens), Villeurbanne (3.1 km), Vénissieux (6.5 km).
		expect(search).toContain('3 associations trouvées à 10 km au plus de Lyon (69)')
	})
})
