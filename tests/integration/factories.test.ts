/** tests/factories.ts createApplication: each state reached through the domain functions, with its handles. */
import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { attachments, applicationMembers, auditEvents } from '#db/schema/index.ts'
import { createApplication, createAssociationMember } from '#tests/factories.ts'

async function membersOf(id: string) {
	return db.select().from(applicationMembers).where(eq(applicationMembers.applicationId, id))
}
async function actionsOf(id: string) {
	const events = await db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.subjectType, 'application'), eq(auditEvents.subjectId, id)))
	return events.map((e) => e.action)
}

describe('createApplication (factory)', () => {
	test('un brouillon par défaut : le chef de file et un co-porteur confirmé, sections vides', async () => {
		const { id, application, lead, partners } = await createApplication()
		expect(application.status).toBe('draft')
		expect(application.summary ?? '').toBe('')
		expect(partners.map((p) => p.state)).toEqual(['confirmed'])
		const members = await membersOf(id)
		expect(members.map((m) => [m.organizationId, m.status]).sort()).toEqual(
			[[lead.organization.id, 'confirmed'], [partners[0]!.organization.id, 'confirmed']].sort(),
		)
	})

	test('déposé, recevable, avec deux co-porteurs : passé par le dépôt et la décision du financeur', async () => {
		const { id, application, partners, questions } = await createApplication({ status: 'admissible', coCarriers: 2 })
		expect(application.status).toBe('admissible')
		expect(application.submittedAt).not.toBeNull()
		expect(partners).toHaveLength(2)
		expect(questions).toHaveLength(2)
		// RIB from the lead, statutes from each of the three associations
		expect(await db.select().from(attachments).where(eq(attachments.applicationId, id))).toHaveLength(4)
		const actions = await actionsOf(id)
		expect(actions).toContain('application.submitted')
		expect(actions.filter((a) => a === 'application.partner_confirmed')).toHaveLength(3)
	})

	test('irrecevable avec son motif, retiré, complet mais non déposé', async () => {
		const inadmissible = await createApplication({ status: 'inadmissible', reason: 'RIB manquant.' })
		expect(inadmissible.application.status).toBe('inadmissible')
		expect(inadmissible.application.statusReason).toBe('RIB manquant.')
		const withdrawn = await createApplication({ status: 'withdrawn' })
		expect(withdrawn.application.status).toBe('withdrawn')
		const ready = await createApplication({ complete: true })
		expect(ready.application.status).toBe('draft')
		expect(ready.application.summary).not.toBe('')
	})

	test('partenaires invités, déclinés, par e-mail ; appel existant et options de l’appel', async () => {
		const existing = await createAssociationMember('referent')
		const { id, partners, emailInvitationTokens, call } = await createApplication({
			coCarriers: 0,
			partners: [{ association: existing, state: 'invited' }, { state: 'declined' }],
			partnersByEmail: ['x@exemple.test'],
			questions: [],
			attachments: [],
			deadlineAt: new Date('2031-01-01T12:00:00Z'),
		})
		expect(partners.map((p) => p.state)).toEqual(['invited', 'declined'])
		expect(partners[0]!.organization.id).toBe(existing.organization.id)
		expect(emailInvitationTokens).toHaveLength(1)
		expect(call.deadlineAt).toEqual(new Date('2031-01-01T12:00:00Z'))
		expect(call.requiredAttachments).toEqual([])
		const statuses = (await membersOf(id)).filter((m) => m.role === 'co_carrier').map((m) => m.status).sort()
		expect(statuses).toEqual(['declined', 'invited', 'invited'])
		const again = await createApplication({ call, status: 'submitted', title: 'Deuxième' })
		expect(again.call.id).toBe(call.id)
		expect(again.application.status).toBe('submitted')
	})
})
