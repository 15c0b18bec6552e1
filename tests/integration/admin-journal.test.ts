/**
 * The platform admin's journal (issue 13): what is recorded (logins, refused logins, logouts,
 * a role given, a call's export), the page's filters and its keyset pages, the CSV and XLSX
 * exports of the filter (themselves recorded), and nobody else reads it.
 */
import { parse } from 'csv-parse/sync'
import { and, eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { emailFingerprint } from '#app/domain/audit-log/fingerprint.server.ts'
import { readAuditFilters } from '#app/domain/audit-log/filters.ts'
import { journalBatches } from '#app/domain/audit-log/journal.server.ts'
import { nameStaff } from '#app/domain/organizations/staff.server.ts'
import { db } from '#db/client.server.ts'
import { auditEvents } from '#db/schema/index.ts'
import { createAssociationMember, createCall, createOrganization, createPlatformAdmin, createStaff, createUser } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer

beforeAll(async () => {
	server = await startTestServer()
})

afterAll(async () => {
	await server.close()
})

const decode = (html: string) => html.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'")

/** The events of a journal page as shown: their instants (from <time dateTime>), in the page's order. */
function instantsOf(html: string): string[] {
	return [...html.matchAll(/<time dateTime="([^"]+)"/g)].map((m) => m[1]!)
}

function linkTo(html: string, text: string): string | null {
	const match = new RegExp(`<a[^>]*href="(/admin/journal[^"]*)"[^>]*>${text}</a>`).exec(html)
	return match ? decode(match[1]!) : null
}

async function page(cookie: string, query = '') {
	const response = await get(server, `/admin/journal${query}`, cookie)
	expect(response.status).toBe(200)
	return response.text()
}

/**
 * 120 events a minute apart from 2026-03-31 21:00 UTC, 23:00 in Paris (summer time): the
 * first 60 on 31 March in Paris, the last 60 on 1 April; two people, three actions.
 */
async function seedEvents() {
	const alice = await createUser({ email: 'alice.martin@exemple.test', displayName: 'Alice Martin' })
	const bruno = await createUser({ email: 'bruno@exemple.test', displayName: 'Bruno Petit' })
	const start = Date.parse('2026-03-31T21:00:00Z')
	const actions = ['call.updated', 'organization.staff_added', 'application.selected'] as const
	await db.insert(auditEvents).values(
		Array.from({ length: 120 }, (_, i) => ({
			actorUserId: i % 2 === 0 ? alice.id : bruno.id,
			action: actions[i % 3]!,
			subjectType: i % 3 === 1 ? 'organization' : 'call',
			subjectId: `sujet-${i % 4}`,
			data: { version: i },
			createdAt: new Date(start + i * 60_000),
		})),
	)
	return { alice, bruno, start }
}

describe('ce que le journal enregistre', () => {
	test('une connexion, un mot de passe faux, une adresse inconnue (sans la garder telle que tapée) et une déconnexion', async () => {
		const person = await createUser({ email: 'claire@exemple.test' })
		const refused = await post(server, '/connexion', { email: 'claire@exemple.test', password: 'pas-le-bon-mot-de-passe' })
		expect(refused.status).toBe(401)
		const unknown = await post(server, '/connexion', { email: 'Personne.Inconnue@Exemple.test', password: 'mon-secret-tape-ici' })
		expect(unknown.status).toBe(401)
		const cookie = await login(server, 'claire@exemple.test')
		const out = await post(server, '/deconnexion', {}, { cookie })
		expect(out.status).toBe(302)

		const events = await db.select().from(auditEvents).orderBy(auditEvents.createdAt)
		expect(events.map((e) => e.action)).toEqual(['user.login_failed', 'user.login_failed', 'user.logged_in', 'user.logged_out'])
		expect(events[0]).toMatchObject({ actorUserId: null, subjectType: 'user', subjectId: person.id, data: { reason: 'password', ip: expect.any(String) } })
		expect(events[1]).toMatchObject({ actorUserId: null, subjectType: 'email', subjectId: emailFingerprint('personne.inconnue@exemple.test'), data: { reason: 'unknown-email' } })
		expect(events[2]).toMatchObject({ actorUserId: person.id, subjectType: 'user', subjectId: person.id })
		expect(events[3]).toMatchObject({ actorUserId: person.id, subjectType: 'user', subjectId: person.id })
		// Neither the address typed nor any password is stored anywhere in the journal.
		const stored = JSON.stringify(events).toLowerCase()
		for (const secret of ['personne.inconnue', 'mon-secret-tape-ici', 'pas-le-bon-mot-de-passe']) expect(stored).not.toContain(secret)

		// The admin finds the attempts on the unknown address by typing it whole, and the account's by a part of it.
		const adminCookie = await login(server, (await createPlatformAdmin()).email)
		const byAddress = await page(adminCookie, '?personne=personne.inconnue%40exemple.test')
		expect(instantsOf(byAddress)).toHaveLength(1)
		expect(byAddress).toContain('Échec de connexion')
		expect(byAddress).toContain('adresse sans compte')
		// Claire's refused password, her login and her logout; not the unknown address.
		const byPart = await page(adminCookie, '?personne=claire&categorie=connexions')
		expect(instantsOf(byPart)).toHaveLength(3)
	})

	test('un rôle donné par l’administrateur et l’export d’un appel par son financeur', async () => {
		const admin = await createPlatformAdmin()
		const funder = await createOrganization({ kind: 'funder', name: 'Fondation Journal' })
		const person = await createUser({ email: 'gestion@exemple.test', displayName: 'Gaëlle Gestion' })
		expect(await nameStaff({ admin, organizationId: funder.id, email: person.email })).toMatchObject({ ok: true })
		const call = await createCall({ funderId: funder.id, title: 'Appel exporté', status: 'closed' })
		const staffCookie = await login(server, person.email)
		const csv = await get(server, `/gestion/appels/${call.id}/export/candidatures.csv?departement=69`, staffCookie)
		expect(csv.status).toBe(200)
		const [exported] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'call.applications_exported'))
		expect(exported).toMatchObject({ actorUserId: person.id, subjectType: 'call', subjectId: call.id, data: { file: 'candidatures.csv', format: 'csv', rows: 0, filters: { departement: '69' } } })

		const adminCookie = await login(server, admin.email)
		const roles = await page(adminCookie, '?categorie=roles')
		expect(instantsOf(roles)).toHaveLength(1)
		expect(roles).toContain('Membre de l’équipe ajouté')
		expect(roles).toContain(`href="/admin/structures/${funder.id}"`)
		const exports = await page(adminCookie, '?categorie=exports')
		expect(exports).toContain('Dossiers de l’appel exportés')
		expect(exports).toMatch(/Gaëlle Gestion<br\/><span class="muted">gestion@exemple.test<\/span>/)
		expect(exports).toContain('Appel « Appel exporté »')
	})
})

describe('la page du journal', () => {
	test('du plus récent au plus ancien, 50 par page, pages suivantes et précédentes par curseur', async () => {
		await seedEvents()
		const cookie = await login(server, (await createPlatformAdmin()).email)
		// The admin's own login is the newest event; the 120 seeded ones follow.
		const first = await page(cookie, '?categorie=appels')
		const all = (await db.select({ at: auditEvents.createdAt }).from(auditEvents).where(eq(auditEvents.action, 'call.updated'))).map((r) => r.at.toISOString()).sort().reverse()
		expect(all).toHaveLength(40)
		expect(instantsOf(first)).toEqual(all)
		expect(linkTo(first, 'Plus anciens →')).toBeNull()

		const everyone = await page(cookie)
		const shown = instantsOf(everyone)
		expect(shown).toHaveLength(50)
		expect([...shown].sort().reverse()).toEqual(shown)
		expect(linkTo(everyone, '← Plus récents')).toBeNull()
		const olderHref = linkTo(everyone, 'Plus anciens →')!
		const second = await page(cookie, olderHref.replace('/admin/journal', ''))
		const secondShown = instantsOf(second)
		expect(secondShown).toHaveLength(50)
		expect(secondShown[0]! < shown.at(-1)!).toBe(true)
		const third = await page(cookie, linkTo(second, 'Plus anciens →')!.replace('/admin/journal', ''))
		expect(instantsOf(third)).toHaveLength(21)
		expect(linkTo(third, 'Plus anciens →')).toBeNull()
		// Back from the third page: the second again, exactly.
		const back = await page(cookie, linkTo(third, '← Plus récents')!.replace('/admin/journal', ''))
		expect(instantsOf(back)).toEqual(secondShown)
		const backToFirst = await page(cookie, linkTo(back, '← Plus récents')!.replace('/admin/journal', ''))
		expect(instantsOf(backToFirst)).toEqual(shown)
		expect(linkTo(backToFirst, '← Plus récents')).toBeNull()
	})

	test('filtres : action, personne, sujet, dates de Paris ; une valeur fausse est nommée et les autres s’appliquent', async () => {
		const { alice, start } = await seedEvents()
		const cookie = await login(server, (await createPlatformAdmin()).email)
		const at = (i: number) => new Date(start + i * 60_000).toISOString()

		const byAction = instantsOf(await page(cookie, '?action=application.selected&personne=ALICE'))
		// i % 3 === 2 and i even: i = 2, 8, 14, … (20 of them).
		expect(byAction).toEqual(Array.from({ length: 120 }, (_, i) => i).filter((i) => i % 3 === 2 && i % 2 === 0).reverse().map(at))

		const bySubject = instantsOf(await page(cookie, '?sujet=organization&sujetId=sujet-1'))
		expect(bySubject).toEqual(Array.from({ length: 120 }, (_, i) => i).filter((i) => i % 3 === 1 && i % 4 === 1).reverse().map(at))

		const indexes = Array.from({ length: 120 }, (_, i) => i)
		const firstOfApril = instantsOf(await page(cookie, `?du=2026-04-01&au=2026-04-01&personne=${encodeURIComponent(alice.email)}`))
		expect(firstOfApril).toEqual(indexes.filter((i) => i >= 60 && i % 2 === 0).reverse().map(at))
		const lastOfMarch = instantsOf(await page(cookie, '?au=2026-03-31&personne=alice.martin'))
		expect(lastOfMarch).toEqual(indexes.filter((i) => i < 60 && i % 2 === 0).reverse().map(at))

		const wrong = await page(cookie, '?du=2026-02-30&categorie=inconnue&action=application.selected')
		expect(wrong).toContain('Une date comme 2026-03-31.')
		expect(wrong).toContain('Catégorie inconnue.')
		expect(instantsOf(wrong)).toHaveLength(40)
		const reversed = await page(cookie, '?du=2026-04-02&au=2026-04-01')
		expect(reversed).toContain('La date de fin précède la date de début.')
		// A NUL in « Personne » failed the query (a 500): it is dropped before the journal reads it (server/url-guard.ts).
		expect(instantsOf(await page(cookie, '?action=application.selected&personne=%00ALICE%00'))).toEqual(byAction)
	})

	test('les autres rôles n’y ont pas accès, ni à ses exports', async () => {
		const { user: member } = await createAssociationMember()
		const { user: staff } = await createStaff('funder')
		for (const person of [member, staff]) {
			const cookie = await login(server, person.email)
			for (const path of ['/admin/journal', '/admin/journal.csv', '/admin/journal.xlsx']) expect((await get(server, path, cookie)).status).toBe(403)
		}
		const anonymous = await get(server, '/admin/journal.csv')
		expect(anonymous.status).toBe(302)
		expect(anonymous.headers.get('location')).toMatch(/^\/connexion/)
		expect(await db.select().from(auditEvents).where(eq(auditEvents.action, 'audit.exported'))).toEqual([])
	})
})

describe('l’export du journal', () => {
	test('le CSV contient exactement les événements du filtre, du plus récent au plus ancien, et l’export est inscrit', async () => {
		await seedEvents()
		const admin = await createPlatformAdmin()
		const cookie = await login(server, admin.email)
		const response = await get(server, '/admin/journal.csv?categorie=roles&personne=bruno', cookie)
		expect(response.status).toBe(200)
		expect(response.headers.get('content-type')).toContain('text/csv')
		expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="journal-\d{4}-\d{2}-\d{2}\.csv"/)
		const bytes = Buffer.from(await response.arrayBuffer())
		// UTF-8 with a BOM, as French Excel expects.
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
		const rows = parse(bytes.subarray(3).toString('utf8'), { delimiter: ';', columns: true }) as Record<string, string>[]
		const expected = Array.from({ length: 120 }, (_, i) => i).filter((i) => i % 3 === 1 && i % 2 === 1).reverse()
		expect(rows.map((r) => r['Code de l’action'])).toEqual(expected.map(() => 'organization.staff_added'))
		expect(rows.map((r) => JSON.parse(r['Données (JSON)']!).version)).toEqual(expected)
		// Paris time, to the second: the newest, i = 115, is 2026-03-31 22:55 UTC, 00:55 on 1 April in Paris.
		expect(rows[0]).toMatchObject({ 'Date (heure de Paris)': '2026-04-01 00:55:00', Auteur: 'Bruno Petit (bruno@exemple.test)', Catégorie: 'Rôles et accès', Action: 'Membre de l’équipe ajouté' })
		// The oldest, i = 1: 21:01 UTC, 23:01 on 31 March in Paris.
		expect(rows.at(-1)!['Date (heure de Paris)']).toBe('2026-03-31 23:01:00')

		const [recorded] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'audit.exported'), eq(auditEvents.actorUserId, admin.id)))
		expect(recorded).toMatchObject({ subjectType: 'platform', data: { format: 'csv', filters: { category: 'roles', person: 'bruno' } } })

		const refused = await get(server, '/admin/journal.csv?du=31-03-2026', cookie)
		expect(refused.status).toBe(400)
	})

	test('le XLSX a les mêmes lignes ; un export ne dépasse jamais son plafond', async () => {
		await seedEvents()
		const cookie = await login(server, (await createPlatformAdmin()).email)
		const response = await get(server, '/admin/journal.xlsx?action=call.updated', cookie)
		expect(response.status).toBe(200)
		const workbook = new ExcelJS.Workbook()
		await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never)
		const sheet = workbook.getWorksheet('Journal')!
		expect(sheet.rowCount).toBe(41)
		expect(sheet.getRow(2).getCell(5).value).toBe('call.updated')

		const { filters } = readAuditFilters(new URLSearchParams())
		let total = 0
		for await (const batch of journalBatches(filters, 30)) total += batch.length
		expect(total).toBe(30)
	})
})
