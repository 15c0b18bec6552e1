import { describe, expect, test } from 'vitest'
import type { PolicyUser } from './decision.ts'
import { canOnPublication, publicationOpen, type PublicationResource } from './showcase.ts'

const user = (memberships: PolicyUser['memberships']): PolicyUser => ({ id: 'u', isPlatformAdmin: false, jurorCallIds: [], memberships })
const resource = (facts: Partial<PublicationResource> = {}): PublicationResource => ({
	kind: 'project-publication',
	applicationStatus: 'closed',
	callStatus: 'decided',
	funderId: 'funder',
	reportStatus: 'approved',
	members: [
		{ organizationId: 'lead', role: 'lead', status: 'confirmed' },
		{ organizationId: 'partner', role: 'co_carrier', status: 'confirmed' },
		{ organizationId: 'gone', role: 'co_carrier', status: 'withdrawn' },
	],
	...facts,
})

const leadReferent = user([{ organizationId: 'lead', kind: 'association', role: 'referent' }])
const partnerMember = user([{ organizationId: 'partner', kind: 'association', role: 'member' }])
const partnerReferent = user([{ organizationId: 'partner', kind: 'association', role: 'referent' }])
const staff = user([{ organizationId: 'funder', kind: 'funder', role: 'staff' }])
const withdrawn = user([{ organizationId: 'gone', kind: 'association', role: 'referent' }])
const admin: PolicyUser = { ...user([]), isPlatformAdmin: true }

describe('publication d’un projet (politique)', () => {
	test('qui lit, qui écrit, qui consent pour quelle association', () => {
		const answer = (u: PolicyUser, action: 'read-publication' | 'edit-publication' | 'consent-publication', organizationId?: string) => {
			const decision = canOnPublication(u, action, resource({ organizationId }))
			return decision.allowed ? 'ok' : decision.reason
		}
		expect(answer(partnerMember, 'read-publication')).toBe('ok')
		expect(answer(partnerMember, 'edit-publication')).toBe('ok')
		expect(answer(partnerMember, 'consent-publication', 'partner')).toBe('not-referent')
		expect(answer(partnerReferent, 'consent-publication', 'partner')).toBe('ok')
		expect(answer(leadReferent, 'consent-publication', 'partner')).toBe('not-member')
		expect(answer(leadReferent, 'consent-publication', 'lead')).toBe('ok')
		expect(answer(staff, 'read-publication')).toBe('ok')
		expect(answer(staff, 'edit-publication')).toBe('not-member')
		expect(answer(staff, 'consent-publication', 'lead')).toBe('not-member')
		// An association that withdrew from the consortium, the platform admin: nothing.
		expect(answer(withdrawn, 'read-publication')).toBe('not-visible')
		expect(answer(admin, 'read-publication')).toBe('not-visible')
	})

	test('ouverte seulement pour un projet retenu, décision définitive, évaluation approuvée', () => {
		expect(publicationOpen(resource())).toBe('open')
		expect(publicationOpen(resource({ reportStatus: 'submitted' }))).toBe('evaluation-not-approved')
		expect(publicationOpen(resource({ reportStatus: null, applicationStatus: 'in_progress' }))).toBe('evaluation-not-approved')
		expect(publicationOpen(resource({ applicationStatus: 'rejected' }))).toBe('not-retained')
		expect(publicationOpen(resource({ callStatus: 'deliberation' }))).toBe('not-retained')
		expect(canOnPublication(partnerReferent, 'consent-publication', resource({ organizationId: 'partner', reportStatus: 'changes_requested' }))).toEqual({ allowed: false, reason: 'status' })
		// Before the decision is final the consortium is told nothing.
		expect(canOnPublication(partnerReferent, 'read-publication', resource({ callStatus: 'deliberation', applicationStatus: 'selected' }))).toEqual({ allowed: false, reason: 'not-visible' })
		// A rejected dossier: its consortium reads why it cannot be published; the funder has nothing to read there.
		expect(canOnPublication(partnerReferent, 'read-publication', resource({ applicationStatus: 'rejected' }))).toEqual({ allowed: true })
		expect(canOnPublication(staff, 'read-publication', resource({ applicationStatus: 'rejected' }))).toEqual({ allowed: false, reason: 'not-visible' })
	})
})
