import { describe, expect, test } from 'vitest'
import { can, type PolicyUser } from './index.ts'

const person = (memberships: PolicyUser['memberships'], isPlatformAdmin = false): PolicyUser => ({ id: 'u', isPlatformAdmin, jurorCallIds: [], memberships })
const referentOfA = person([{ organizationId: 'A', kind: 'association', role: 'referent' }])
const memberOfB = person([{ organizationId: 'B', kind: 'association', role: 'member' }])
const funderStaff = person([{ organizationId: 'F', kind: 'funder', role: 'staff' }])
const admin = person([], true)

describe('politique : annonces et tirage au sort', () => {
	test('annoncer : un membre de l’association, appel ouvert', () => {
		expect(can(referentOfA, 'announce', { kind: 'partners', organizationId: 'A', callOpen: true })).toEqual({ allowed: true })
		expect(can(referentOfA, 'announce', { kind: 'partners', organizationId: 'A', callOpen: false })).toEqual({ allowed: false, reason: 'deadline-passed' })
		expect(can(memberOfB, 'announce', { kind: 'partners', organizationId: 'A', callOpen: true })).toEqual({ allowed: false, reason: 'not-member' })
		// Neither the admin nor a funder's staff act in an association's name.
		expect(can(admin, 'announce', { kind: 'partners', organizationId: 'A', callOpen: true }).allowed).toBe(false)
		expect(can(funderStaff, 'announce', { kind: 'partners', organizationId: 'F', callOpen: true }).allowed).toBe(false)
	})

	test('répondre : une autre association que l’annonceuse, même un simple membre', () => {
		expect(can(memberOfB, 'answer', { kind: 'partners', organizationId: 'B', announcerOrganizationId: 'A', callOpen: true })).toEqual({ allowed: true })
		expect(can(referentOfA, 'answer', { kind: 'partners', organizationId: 'A', announcerOrganizationId: 'A', callOpen: true })).toEqual({ allowed: false, reason: 'not-member' })
		expect(can(memberOfB, 'answer', { kind: 'partners', organizationId: 'B', announcerOrganizationId: 'A', callOpen: false })).toEqual({ allowed: false, reason: 'deadline-passed' })
	})

	test('décider des réponses, retirer la sienne, répondre à une place : les membres de l’association concernée', () => {
		expect(can(referentOfA, 'manage-announcement', { kind: 'partners', organizationId: 'A' }).allowed).toBe(true)
		expect(can(memberOfB, 'manage-announcement', { kind: 'partners', organizationId: 'A' }).allowed).toBe(false)
		expect(can(memberOfB, 'manage-answer', { kind: 'partners', organizationId: 'B' }).allowed).toBe(true)
		expect(can(referentOfA, 'manage-answer', { kind: 'partners', organizationId: 'B' }).allowed).toBe(false)
		expect(can(memberOfB, 'answer-place', { kind: 'partners', organizationId: 'B' }).allowed).toBe(true)
		expect(can(admin, 'answer-place', { kind: 'partners', organizationId: 'B' }).allowed).toBe(false)
	})
})
