/**
 * Issue 6, "Found while using it", over HTTP: a confirmation step before the actions that
 * cannot be undone (without JavaScript), the history in French, the wording, one definition
 * of an open call, and the staff's /espace.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApplication } from '#app/domain/applications/creation.server.ts'
import { invitePartnerOrganization } from '#app/domain/applications/consortium.server.ts'
import type { CallInput } from '#app/domain/calls/call-form.ts'
import { createDraftCall } from '#app/domain/calls/call-management.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, auditEvents, calls } from '#db/schema/index.ts'
import { createAssociationMember, createCall, createOrganization, createPlatformAdmin, createStaff } from '#tests/factories.ts'
import { cookiesFrom, get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

const DAY = 24 * 3600_000

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

/** The page's HTML without React's text separators, as a person reads it. */
async function html(response: Response) {
	return (await response.text()).replaceAll('<!-- -->', '')
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** A link to `href` whose text is `text` (any text when omitted), whatever its other attributes. */
function link(href: string, text?: string) {
	return new RegExp(`<a [^>]*href="${escape(href)}"[^>]*>${text === undefined ? '[^<]+' : escape(text)}</a>`)
}

function completeCall(): CallInput {
	return {
		funderId: null,
		title: 'Vivre ensemble 2030',
		presentation: 'Faire coopérer des associations.',
		eligibility: '',
		territory: 'Rhône (69)',
		minAssociations: 2,
		maxAmountPerProjectCents: 1_000_000,
		envelopeCents: 15_000_000,
		opensAt: null,
		deadlineAt: new Date(Date.now() + 30 * DAY),
		juryStartsOn: null,
		juryEndsOn: null,
		decisionOn: null,
		projectStartsOn: null,
		projectEndsOn: null,
		evaluationDueOn: null,
		themes: [{ id: null, label: 'Intergénérationnel' }],
		requiredAttachments: [],
	}
}

async function callStatus(id: string) {
	const [row] = await db.select({ status: calls.status }).from(calls).where(eq(calls.id, id))
	return row!.status
}

/** A draft by A (lead), on an open call. */
async function draft() {
	const call = await createCall({ maxAmountPerProjectCents: 1_000_000 })
	const a = await createAssociationMember('referent')
	const b = await createAssociationMember('referent')
	const created = await createApplication({ user: a.user, callId: call.id, title: 'Jardins partagés', leadOrganizationId: a.organization.id })
	if (!created.ok) throw new Error(created.message)
	return { call, a, b, id: created.applicationId }
}

describe('confirmation avant une action sans retour, sans JavaScript', () => {
	test('« Publier » : le premier envoi demande confirmation sans publier ; la confirmation publie', async () => {
		const { user } = await createStaff('funder')
		const created = await createDraftCall({ user, call: completeCall() })
		if (!created.ok) throw new Error(created.message)
		const cookie = await login(server, user.email)
		const path = `/gestion/appels/${created.callId}`

		const asked = await post(server, path, { intent: 'publish' }, { cookie })
		expect(asked.status).toBe(200)
		const page = await html(asked)
		expect(page).toContain('Confirmer la publication ?')
		expect(page).toContain('name="confirm" value="1"')
		expect(page).toContain('Oui, publier l’appel')
		expect(await callStatus(created.callId)).toBe('draft')

		const confirmed = await post(server, path, { intent: 'publish', confirm: '1' }, { cookie })
		expect(confirmed.status).toBe(302)
		expect(await callStatus(created.callId)).toBe('published')
	})

	test('« Clore l’appel maintenant » : rien n’est clos sans confirmation', async () => {
		const { user, organization } = await createStaff('funder')
		const call = await createCall({ funderId: organization.id })
		const cookie = await login(server, user.email)
		const path = `/gestion/appels/${call.id}`

		const asked = await post(server, path, { intent: 'close' }, { cookie })
		expect(asked.status).toBe(200)
		const page = await html(asked)
		expect(page).toContain('Confirmer la clôture ?')
		expect(page).toContain('Oui, clore l’appel maintenant')
		expect(page).toContain(`href="${path}"`)
		expect(await callStatus(call.id)).toBe('published')

		expect((await post(server, path, { intent: 'close', confirm: 'oui' }, { cookie })).status).toBe(200)
		expect(await callStatus(call.id)).toBe('published')

		const confirmed = await post(server, path, { intent: 'close', confirm: '1' }, { cookie })
		expect(confirmed.status).toBe(302)
		expect(await callStatus(call.id)).toBe('closed')
	})

	test('« Retirer X du projet » : l’association reste invitée tant que le retrait n’est pas confirmé', async () => {
		const { a, b, id } = await draft()
		const invited = await invitePartnerOrganization({ id, user: a.user, identifier: b.organization.siret! })
		if (!invited.ok) throw new Error(invited.message)
		const [member] = await db.select().from(applicationMembers).where(eq(applicationMembers.organizationId, b.organization.id))
		const cookie = await login(server, a.user.email)
		const path = `/candidatures/${id}/partenaires`

		const asked = await post(server, path, { intent: 'remove', memberId: member!.id }, { cookie })
		expect(asked.status).toBe(200)
		const page = await html(asked)
		expect(page).toContain(`Retirer « ${b.organization.name} » du projet ?`)
		expect(page).toContain(`Oui, retirer « ${b.organization.name} »`)
		expect(page).toContain('name="confirm" value="1"')
		expect(await db.select().from(applicationMembers).where(eq(applicationMembers.id, member!.id))).toHaveLength(1)

		const confirmed = await post(server, path, { intent: 'remove', memberId: member!.id, confirm: '1' }, { cookie })
		expect(confirmed.status).toBe(302)
		expect(await db.select().from(applicationMembers).where(eq(applicationMembers.id, member!.id))).toHaveLength(0)
	})
})

describe('historique', () => {
	test('le dossier montre chaque événement en français, jamais sa clé', async () => {
		const { a, id } = await draft()
		await db.insert(auditEvents).values([
			{ actorUserId: a.user.id, action: 'application.attachment_added', subjectType: 'application', subjectId: id, data: { filename: 'statuts.pdf' } },
			{ actorUserId: a.user.id, action: 'application.attachment_deleted', subjectType: 'application', subjectId: id, data: { filename: 'statuts.pdf' } },
		])
		const page = await html(await get(server, `/candidatures/${id}`, await login(server, a.user.email)))
		const history = page.slice(page.indexOf('id="historique"'))
		expect(history).toContain('Pièce jointe ajoutée (statuts.pdf)')
		expect(history).toContain('Pièce jointe supprimée')
		expect(history).toContain('Dossier créé')
		expect(history).not.toMatch(/application\.[a-z_]+/)
	})
})

describe('formulations', () => {
	test('« 1 financeur », au singulier', async () => {
		const admin = await createPlatformAdmin()
		await createOrganization({ kind: 'funder' })
		const page = await html(await get(server, '/admin', await login(server, admin.email)))
		expect(page).toContain('1 financeur,')
		expect(page).toContain('0 structure d’accompagnement)')
	})

	test('le bouton qui crée un brouillon dit « Commencer un dossier »', async () => {
		const call = await createCall()
		const { user } = await createAssociationMember()
		const page = await html(await get(server, `/appels/${call.id}`, await login(server, user.email)))
		expect(page).toContain('<button type="submit">Commencer un dossier</button>')
		expect(page).not.toContain('<button type="submit">Déposer un projet</button>')
	})

	test('le titre de chaque carte d’appel de l’accueil est un lien vers l’appel', async () => {
		const call = await createCall({ title: 'Quartiers solidaires' })
		const page = await html(await get(server, '/'))
		expect(page).toMatch(new RegExp(`<h2>${link(`/appels/${call.id}`, 'Quartiers solidaires').source}</h2>`))
	})

	test('chaque point de « Ce qu’il reste à faire » mène à sa section', async () => {
		const { a, id } = await draft()
		const page = await html(await get(server, `/candidatures/${id}`, await login(server, a.user.email)))
		const checklist = page.slice(page.indexOf('id="reste"'), page.indexOf('id="historique"'))
		expect(checklist).toMatch(link(`/candidatures/${id}/projet`, 'Rédigez le résumé du projet.'))
		expect(checklist).toMatch(link(`/candidatures/${id}/partenaires`))
		expect(checklist).toMatch(link(`/candidatures/${id}/budget`))
	})

	test('l’onglet de la section courante est marqué (aria-current et style de la barre d’onglets)', async () => {
		const { a, id } = await draft()
		const page = await html(await get(server, `/candidatures/${id}/budget`, await login(server, a.user.email)))
		expect(page).toContain('<nav aria-label="Sections du dossier" class="sub-nav">')
		expect(page).toMatch(new RegExp(`<a [^>]*aria-current="page"[^>]*href="/candidatures/${id}/budget"[^>]*>Budget</a>`))
		expect(page.match(/aria-current="page"/g)).toHaveLength(1)
	})

	test('après un enregistrement, la confirmation s’affiche à côté du bouton, dans une zone role="status"', async () => {
		const { a, id } = await draft()
		const cookie = await login(server, a.user.email)
		const empty = await html(await get(server, `/candidatures/${id}/projet`, cookie))
		expect(empty).toContain('<button type="submit">Enregistrer</button><p class="form-status" role="status"></p>')

		const saved = await post(server, `/candidatures/${id}/projet`, { version: '1', title: 'Jardins', summary: 'Première version' }, { cookie })
		expect(saved.status).toBe(302)
		const page = await html(await get(server, `/candidatures/${id}/projet`, `${cookie}; ${cookiesFrom(saved)}`))
		expect(page).toContain('<button type="submit">Enregistrer</button><p class="form-status" role="status">Section « Projet » enregistrée</p>')
	})
})

describe('une seule définition d’un appel ouvert', () => {
	test('un appel qui ouvre plus tard n’est pas ouvert : ni sur l’accueil, ni sur /appels, et aucun dossier ne s’y crée', async () => {
		const opensAt = new Date(Date.now() + 5 * DAY)
		const later = await createCall({ title: 'Appel de la rentrée', opensAt, deadlineAt: new Date(Date.now() + 40 * DAY) })
		await createCall({ title: 'Appel en cours' })

		const home = await html(await get(server, '/'))
		expect(home).toContain('Appel en cours')
		expect(home).not.toContain('Appel de la rentrée')

		const list = await html(await get(server, '/appels'))
		expect(list).toMatch(/Appel de la rentrée<\/a><span class="muted"> — ouvre le /)
		expect(list.indexOf('Appel en cours')).toBeLessThan(list.indexOf('Appel de la rentrée'))

		const { user, organization } = await createAssociationMember()
		const cookie = await login(server, user.email)
		const page = await html(await get(server, `/appels/${later.id}`, cookie))
		expect(page).toContain('n’est pas encore ouvert')
		expect(page).not.toContain('Commencer un dossier</button>')

		const refused = await post(server, `/appels/${later.id}`, { intent: 'create', title: 'Trop tôt', leadOrganizationId: organization.id }, { cookie })
		expect(refused.status).toBe(409)
		expect(await html(refused)).toContain('n’est pas encore ouvert')
		expect(await db.select().from(applications)).toEqual([])
	})
})

describe('/espace du personnel', () => {
	test('le personnel d’un financeur est envoyé vers la gestion, sans « Créer une association »', async () => {
		const { user } = await createStaff('funder')
		const page = await html(await get(server, '/espace', await login(server, user.email)))
		const main = page.slice(page.indexOf('<main'))
		expect(main).toMatch(new RegExp(`<nav aria-label="Mon espace de travail">.*${link('/gestion', 'Ouvrir la gestion des appels').source}`, 's'))
		expect(main).not.toContain('Créer une association')
	})

	test('l’accompagnement et l’administration aussi ; une personne sans rôle peut créer son association', async () => {
		const { user: supporter } = await createStaff('supporter')
		const supporterPage = await html(await get(server, '/espace', await login(server, supporter.email)))
		expect(supporterPage).toMatch(link('/accompagnement', 'Ouvrir l’espace d’accompagnement'))
		expect(supporterPage).not.toContain('Créer une association')

		const admin = await createPlatformAdmin()
		const adminPage = await html(await get(server, '/espace', await login(server, admin.email)))
		expect(adminPage).toMatch(link('/admin', 'Ouvrir l’administration'))
		expect(adminPage).not.toContain('Créer une association')

		const { user } = await createAssociationMember()
		const memberPage = await html(await get(server, '/espace', await login(server, user.email)))
		expect(memberPage).toContain('Créer une association')
		expect(memberPage).not.toContain('Mon espace de travail')
	})
})
