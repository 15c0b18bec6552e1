import { describe, expect, test } from 'vitest'
import { can, type PolicyUser } from './index.ts'

const person = (memberships: PolicyUser['memberships'] = [], isPlatformAdmin = false): PolicyUser => ({ id: 'u1', isPlatformAdmin, jurorCallIds: [], memberships })
const referent = person([{ organizationId: 'A', kind: 'association', role: 'referent' }])
const member = person([{ organizationId: 'A', kind: 'association', role: 'member' }])
const supporter = person([{ organizationId: 'S', kind: 'supporter', role: 'staff' }])
const admin = person([], true)
const onA = { kind: 'directory' as const, organizationId: 'A' }

describe('annuaire des partenaires', () => {
	test('les référents écrivent le profil et lisent les messages ; les membres prévisualisent ; les autres, rien', () => {
		expect(can(referent, 'edit-profile', onA).allowed).toBe(true)
		expect(can(referent, 'read-inbox', onA).allowed).toBe(true)
		expect(can(member, 'preview-profile', onA).allowed).toBe(true)
		expect(can(member, 'edit-profile', onA)).toEqual({ allowed: false, reason: 'not-referent' })
		expect(can(member, 'read-inbox', onA)).toEqual({ allowed: false, reason: 'not-referent' })
		// The admin moderates reports, but does not write an association's profile or read its messages.
		for (const action of ['preview-profile', 'edit-profile', 'read-inbox'] as const) expect(can(admin, action, onA)).toEqual({ allowed: false, reason: 'not-member' })
	})

	test('on n’écrit pas à sa propre association ; seules les structures d’accompagnement recommandent', () => {
		expect(can(member, 'contact', onA).allowed).toBe(false)
		expect(can(supporter, 'contact', onA).allowed).toBe(true)
		expect(can(supporter, 'recommend', { kind: 'directory', organizationId: 'S' }).allowed).toBe(true)
		expect(can(referent, 'recommend', onA).allowed).toBe(false)
	})

	test('une conversation : son expéditeur et les référents de l’association destinataire', () => {
		const thread = { kind: 'partner-thread' as const, senderUserId: 'u9', recipientOrganizationId: 'A' }
		expect(can(referent, 'read-thread', thread).allowed).toBe(true)
		expect(can(member, 'read-thread', thread).allowed).toBe(false)
		expect(can({ ...supporter, id: 'u9' }, 'read-thread', thread).allowed).toBe(true)
		expect(can(supporter, 'read-thread', thread).allowed).toBe(false)
	})
})
