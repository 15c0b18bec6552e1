/**
 * Two staff members of one funder edit the same call, its grid or its questions at once:
 * each form carries the version it was read at, and a save on an older version is refused
 * (409) with the other person's name, what was typed kept, and nothing overwritten. A POST
 * without a version is refused (400). Over HTTP, as a browser without JavaScript sends it.
 */
import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { VERSION_MISSING } from '#app/domain/calls/call-form.ts'
import { db } from '#db/client.server.ts'
import { callQuestions, calls, criteria, themes } from '#db/schema/index.ts'
import { addMember, createCall, createStaff, createUser } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

/** Two staff members of one funder, both signed in, and a draft call of that funder. */
async function twoColleagues() {
	const { user: first, organization } = await createStaff('funder')
	const second = await createUser()
	await addMember(organization.id, second.id, 'staff')
	const call = await createCall({ funderId: organization.id, status: 'draft', title: 'Vivre ensemble 2027', envelopeCents: 15_000_000 })
	return {
		call,
		first: { user: first, cookie: await login(server, first.email) },
		second: { user: second, cookie: await login(server, second.email) },
	}
}

/** The version a page's form carries, as the browser would send it back. */
async function versionOn(path: string, cookie: string): Promise<string> {
	const response = await get(server, path, cookie)
	expect(response.status).toBe(200)
	return versionIn(await response.text())
}

function versionIn(html: string): string {
	const input = /<input[^>]*name="version"[^>]*>/.exec(html)?.[0]
	const value = input ? /value="(\d+)"/.exec(input)?.[1] : undefined
	if (!value) throw new Error('no version in the form')
	return value
}

/** Decodes the few entities React writes in text and attributes. */
const text = (html: string) => html.replace(/&#x27;/g, '\'').replace(/&quot;/g, '"').replace(/&amp;/g, '&')

async function callFields(callId: string, title: string) {
	const rows = await db.select().from(themes).where(eq(themes.callId, callId)).orderBy(asc(themes.position))
	return {
		intent: 'save',
		title,
		presentation: 'Faire coopérer des associations.',
		minAssociations: '2',
		envelope: '150 000',
		deadlineDate: `${new Date().getFullYear() + 1}-03-31`,
		deadlineTime: '12:00',
		...Object.fromEntries(rows.flatMap((t, i) => [[`themes[${i}].id`, t.id], [`themes[${i}].label`, t.label]])),
	}
}

describe('l’appel : deux gestionnaires en même temps', () => {
	test('le second enregistrement, fondé sur une version dépassée, est refusé avec le nom de la collègue et la saisie conservée', async () => {
		const { call, first, second } = await twoColleagues()
		const path = `/gestion/appels/${call.id}`
		const firstVersion = await versionOn(path, first.cookie)
		const secondVersion = await versionOn(path, second.cookie)
		expect(secondVersion).toBe(firstVersion)

		const saved = await post(server, path, { ...(await callFields(call.id, 'Titre de la première')), version: firstVersion }, { cookie: first.cookie })
		expect(saved.status).toBe(302)

		const refused = await post(server, path, { ...(await callFields(call.id, 'Titre de la seconde')), version: secondVersion }, { cookie: second.cookie })
		expect(refused.status).toBe(409)
		const html = text(await refused.text())
		expect(html).toContain(`${first.user.displayName} a enregistré cet appel pendant que vous le modifiiez`)
		expect(html).toContain('value="Titre de la seconde"')
		const [stored] = await db.select().from(calls).where(eq(calls.id, call.id))
		expect(stored!.title).toBe('Titre de la première')

		// Told, the second person saves again: the refused page carries the version now stored.
		const again = await post(server, path, { ...(await callFields(call.id, 'Titre de la seconde')), version: versionIn(html) }, { cookie: second.cookie })
		expect(again.status).toBe(302)
		const [after] = await db.select().from(calls).where(eq(calls.id, call.id))
		expect(after!.title).toBe('Titre de la seconde')
	})

	test('un enregistrement sans version est refusé (400), avec un message en français, sans rien écrire', async () => {
		const { call, first } = await twoColleagues()
		const response = await post(server, `/gestion/appels/${call.id}`, await callFields(call.id, 'Sans version'), { cookie: first.cookie })
		expect(response.status).toBe(400)
		const html = text(await response.text())
		expect(html).toContain(VERSION_MISSING)
		expect(html).toContain('value="Sans version"')
		const [stored] = await db.select().from(calls).where(eq(calls.id, call.id))
		expect(stored!.title).toBe('Vivre ensemble 2027')
	})

	test('enregistrer la grille ou les questions ne rend pas périmé le formulaire de l’appel ouvert à côté', async () => {
		const { call, first, second } = await twoColleagues()
		const callVersion = await versionOn(`/gestion/appels/${call.id}`, first.cookie)
		const gridVersion = await versionOn(`/gestion/appels/${call.id}/grille`, second.cookie)
		const grid = await post(
			server,
			`/gestion/appels/${call.id}/grille`,
			{ intent: 'save-criteria', version: gridVersion, 'criteria[0].label': 'Coopération', 'criteria[0].weight': '2', 'criteria[0].scaleMax': '5' },
			{ cookie: second.cookie },
		)
		expect(grid.status).toBe(302)
		const saved = await post(server, `/gestion/appels/${call.id}`, { ...(await callFields(call.id, 'Titre modifié')), version: callVersion }, { cookie: first.cookie })
		expect(saved.status).toBe(302)
	})
})

describe('la grille de notation : deux gestionnaires en même temps', () => {
	const row = (label: string, weight: string) => ({ 'criteria[0].label': label, 'criteria[0].weight': weight, 'criteria[0].scaleMax': '5' })

	test('le second enregistrement sur une version dépassée est refusé avec le nom du collègue et la saisie conservée', async () => {
		const { call, first, second } = await twoColleagues()
		const path = `/gestion/appels/${call.id}/grille`
		const firstVersion = await versionOn(path, first.cookie)
		const secondVersion = await versionOn(path, second.cookie)

		expect((await post(server, path, { intent: 'save-criteria', version: firstVersion, ...row('Coopération', '3') }, { cookie: first.cookie })).status).toBe(302)
		const refused = await post(server, path, { intent: 'save-criteria', version: secondVersion, ...row('Utilité sociale', '2') }, { cookie: second.cookie })
		expect(refused.status).toBe(409)
		const html = text(await refused.text())
		expect(html).toContain(`${first.user.displayName} a enregistré la grille de notation pendant que vous la modifiiez`)
		expect(html).toContain('value="Utilité sociale"')
		expect(await db.select({ label: criteria.label, weight: criteria.weight }).from(criteria)).toEqual([{ label: 'Coopération', weight: 3 }])

		const again = await post(server, path, { intent: 'save-criteria', version: versionIn(html), ...row('Utilité sociale', '2') }, { cookie: second.cookie })
		expect(again.status).toBe(302)
		expect(await db.select({ label: criteria.label }).from(criteria)).toEqual([{ label: 'Utilité sociale' }])
	})

	test('un enregistrement sans version est refusé (400), sans rien écrire', async () => {
		const { call, first } = await twoColleagues()
		const response = await post(server, `/gestion/appels/${call.id}/grille`, { intent: 'save-criteria', ...row('Coopération', '3') }, { cookie: first.cookie })
		expect(response.status).toBe(400)
		const html = text(await response.text())
		expect(html).toContain(VERSION_MISSING)
		expect(html).toContain('value="Coopération"')
		expect(await db.select().from(criteria)).toEqual([])
	})
})

describe('les questions aux candidats : deux gestionnaires en même temps', () => {
	const row = (label: string) => ({ 'questions[0].label': label, 'questions[0].type': 'short_text', 'questions[0].required': 'on' })

	test('le second enregistrement sur une version dépassée est refusé avec le nom de la collègue et la saisie conservée', async () => {
		const { call, first, second } = await twoColleagues()
		const path = `/gestion/appels/${call.id}/questions`
		const firstVersion = await versionOn(path, first.cookie)
		const secondVersion = await versionOn(path, second.cookie)

		expect((await post(server, path, { intent: 'save-questions', version: firstVersion, ...row('Combien de bénévoles ?') }, { cookie: first.cookie })).status).toBe(302)
		const refused = await post(server, path, { intent: 'save-questions', version: secondVersion, ...row('Quel public ?') }, { cookie: second.cookie })
		expect(refused.status).toBe(409)
		const html = text(await refused.text())
		expect(html).toContain(`${first.user.displayName} a enregistré les questions pendant que vous les modifiiez`)
		expect(html).toContain('Quel public ?</textarea>')
		expect(await db.select({ label: callQuestions.label }).from(callQuestions)).toEqual([{ label: 'Combien de bénévoles ?' }])

		const again = await post(server, path, { intent: 'save-questions', version: versionIn(html), ...row('Quel public ?') }, { cookie: second.cookie })
		expect(again.status).toBe(302)
		expect(await db.select({ label: callQuestions.label }).from(callQuestions)).toEqual([{ label: 'Quel public ?' }])
	})

	test('un enregistrement sans version, ou avec une version qui n’en est pas une, est refusé (400), sans rien écrire', async () => {
		const { call, first } = await twoColleagues()
		for (const version of [undefined, 'abc', '99999999999']) {
			const fields = { intent: 'save-questions', ...row('Combien de bénévoles ?'), ...(version === undefined ? {} : { version }) }
			const response = await post(server, `/gestion/appels/${call.id}/questions`, fields, { cookie: first.cookie })
			expect(response.status, String(version)).toBe(400)
			expect(text(await response.text())).toContain(VERSION_MISSING)
		}
		expect(await db.select().from(callQuestions)).toEqual([])
	})
})
