/**
 * Issue 7: one dossier read model for every viewer, one invitations module for every kind.
 */
import { asc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getHistory, listAttachmentsOf, listMembersOf, loadDossier } from '#app/domain/applications/read-model.server.ts'
import { openRequest } from '#app/domain/dossier-messages/requests.server.ts'
import { INVITATION_TTL_MS, invitationState } from '#app/domain/invitations/invitations.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, callQuestions, calls, invitations, organizations, themes } from '#db/schema/index.ts'
import { createApplication } from '#tests/factories.ts'

describe('un seul dossier pour le consortium et le financeur', () => {
	test('même contenu ; seuls les liens, les problèmes et le libellé de l’historique changent', async () => {
		const app = await createApplication({ status: 'submitted', coCarriers: 2 })
		const consortium = await loadDossier(db, app.application, { side: 'consortium' })
		const funder = await loadDossier(db, app.application, { side: 'funder', callId: app.call.id })
		const strip = (d: typeof consortium) => ({ ...d.details, files: d.details.files.map(({ href: _href, ...f }) => f) })
		expect(strip(funder)).toEqual(strip(consortium))
		expect(consortium.details.members).toHaveLength(3)
		expect(funder.details.files.length).toBeGreaterThan(0)
		for (const file of funder.details.files) expect(file.href).toBe(`/gestion/appels/${app.call.id}/candidatures/${app.id}/pieces/${file.id}`)
		for (const file of consortium.details.files) expect(file.href).toBe(`/candidatures/${app.id}/pieces/${file.id}`)
		expect(funder.receipt?.href).toBe(`/gestion/appels/${app.call.id}/candidatures/${app.id}/recepisse.pdf`)
		expect(consortium.receipt?.reference).toBe(funder.receipt?.reference)
		expect(funder.history.map((e) => e.label)).toEqual(consortium.history.map((e) => e.label))
		expect(funder.history.length).toBeGreaterThan(0)
	})

	test('lu en une seule requête, le dossier donne ce que donnent les requêtes simples : dates, montants, ordre', async () => {
		const app = await createApplication({ status: 'submitted', coCarriers: 2, partners: [{ state: 'declined' }], partnersByEmail: ['future@example.org'] })
		await openRequest({ user: app.funder.user, callId: app.call.id, applicationId: app.id, message: 'Le budget.', items: ['budget'], dueAt: new Date(Date.now() + 86_400_000) })
		const { details, history, reopened } = await loadDossier(db, app.application, { side: 'consortium' })

		const [call] = await db.select().from(calls).innerJoin(organizations, eq(organizations.id, calls.funderId)).where(eq(calls.id, app.call.id))
		const callThemes = await db.select({ id: themes.id, label: themes.label }).from(themes).where(eq(themes.callId, app.call.id)).orderBy(asc(themes.position))
		const questions = await db.select().from(callQuestions).where(eq(callQuestions.callId, app.call.id)).orderBy(asc(callQuestions.position), asc(callQuestions.id))
		expect(details.call).toMatchObject({ id: call!.calls.id, deadlineAt: call!.calls.deadlineAt, opensAt: call!.calls.opensAt, maxAmountPerProjectCents: call!.calls.maxAmountPerProjectCents, juryStartsOn: call!.calls.juryStartsOn, funderName: call!.organizations.name })
		expect(details.call.deadlineAt).toBeInstanceOf(Date)
		expect(typeof details.call.maxAmountPerProjectCents).toBe('number')
		expect(details.call.themes).toEqual(callThemes)
		expect(details.call.questions).toEqual(questions.map(({ id, label, type, required, maxLength, choices }) => ({ id, label, type, required, maxLength, choices })))
		expect(details.call.requiredAttachments).toEqual(call!.calls.requiredAttachments)

		// The consortium: the lead first, then by invitation; dates as Date objects, shares as numbers, no name for an email invitation.
		const members = await listMembersOf(app.id)
		expect(details.members).toEqual(members)
		expect(members).toHaveLength(5)
		expect(details.members.find((m) => m.invitedEmail === 'future@example.org')?.name).toBeNull()
		expect(details.members.find((m) => m.status === 'confirmed' && m.role === 'co_carrier')?.confirmedAt).toBeInstanceOf(Date)
		expect(details.members.some((m) => typeof m.budgetShareCents === 'number')).toBe(true)

		const files = await listAttachmentsOf(app.id)
		expect(files.length).toBeGreaterThan(2)
		expect(details.files.map(({ href: _href, ...file }) => file)).toEqual(files)
		expect(details.files[0]!.createdAt).toBeInstanceOf(Date)

		const events = await getHistory(app.id)
		expect(history.map((e) => ({ id: e.id, actorName: e.actorName, createdAt: e.createdAt }))).toEqual(events.map((e) => ({ id: e.id, actorName: e.actorName, createdAt: e.createdAt })))
		expect(history[0]!.createdAt).toBeInstanceOf(Date)
		expect(reopened).toEqual(['budget'])
	})

	test('le brouillon : le consortium voit ce qui manque, le financeur ne voit aucun problème', async () => {
		const app = await createApplication({ status: 'draft' })
		expect((await loadDossier(db, app.application, { side: 'consortium' })).details.problems.length).toBeGreaterThan(0)
		expect((await loadDossier(db, app.application, { side: 'funder', callId: app.call.id })).details.problems).toEqual([])
	})
})

describe('un seul module d’invitations', () => {
	test('une invitation de partenaire vaut 14 jours, comme celle d’un membre', async () => {
		const app = await createApplication({ coCarriers: 0, partners: [{ state: 'invited' }] })
		const [member] = await db.select().from(applicationMembers).where(eq(applicationMembers.id, app.partners[0]!.memberId))
		const [invitation] = await db.select().from(invitations).where(eq(invitations.applicationId, app.id))
		expect(INVITATION_TTL_MS).toBe(14 * 24 * 3600_000)
		expect(member!.invitationExpiresAt!.getTime() - invitation!.createdAt.getTime()).toBeGreaterThan(INVITATION_TTL_MS - 60_000)
		expect(invitation!.expiresAt.getTime()).toBe(member!.invitationExpiresAt!.getTime())
	})

	test('une seule règle « encore valable »', () => {
		const now = new Date('2026-06-01T12:00:00Z')
		const later = new Date('2026-06-02T12:00:00Z')
		const base = { expiresAt: later, acceptedAt: null, declinedAt: null, cancelledAt: null }
		expect(invitationState(undefined, now)).toBe('unknown')
		expect(invitationState(base, now)).toBe('valid')
		expect(invitationState({ ...base, expiresAt: now }, now)).toBe('expired')
		expect(invitationState({ ...base, acceptedAt: now }, now)).toBe('used')
		expect(invitationState({ ...base, declinedAt: now }, now)).toBe('declined')
		expect(invitationState({ ...base, cancelledAt: now }, now)).toBe('cancelled')
	})
})
