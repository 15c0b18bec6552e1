/**
 * The policy, role by role and action by action, without a database: each table says what
 * every role gets for every action on one resource. A rule changed in the policy changes
 * a cell here; a role or an action added joins the table.
 */
import { describe, expect, test } from 'vitest'
import { can, type ApplicationAction, type ApplicationResource, type CallAction, type FollowUpResource, type OrganizationAction, type PolicyUser, PLATFORM } from './index.ts'

const LEAD = 'asso-lead'
const PARTNER = 'asso-partenaire'
const DECLINED = 'asso-declinee'
const OTHER_ASSO = 'asso-autre'
const FUNDER = 'financeur'
const OTHER_FUNDER = 'autre-financeur'
const SUPPORTER = 'accompagnement'
const CALL = 'appel'

type Membership = PolicyUser['memberships'][number]
const association = (organizationId: string, role: 'referent' | 'member'): Membership => ({ organizationId, kind: 'association', role })
const person = (memberships: Membership[], extra: Partial<PolicyUser> = {}): PolicyUser => ({
	id: 'u',
	isPlatformAdmin: false,
	jurorCallIds: [],
	memberships,
	...extra,
})

const ROLES = {
	'référent du chef de file': person([association(LEAD, 'referent')]),
	'membre du chef de file': person([association(LEAD, 'member')]),
	'référent du partenaire invité': person([association(PARTNER, 'referent')]),
	'membre du partenaire invité': person([association(PARTNER, 'member')]),
	'référent d’un partenaire qui a décliné': person([association(DECLINED, 'referent')]),
	'référent d’une autre association': person([association(OTHER_ASSO, 'referent')]),
	'financeur de l’appel': person([{ organizationId: FUNDER, kind: 'funder', role: 'staff' }]),
	'autre financeur': person([{ organizationId: OTHER_FUNDER, kind: 'funder', role: 'staff' }]),
	accompagnement: person([{ organizationId: SUPPORTER, kind: 'supporter', role: 'staff' }]),
	'admin de la plateforme': person([], { isPlatformAdmin: true }),
	'juré de l’appel': person([], { jurorCallIds: [CALL] }),
} as const
type Role = keyof typeof ROLES

const members = [
	{ organizationId: LEAD, role: 'lead', status: 'confirmed' },
	{ organizationId: PARTNER, role: 'co_carrier', status: 'invited', invitationExpiresAt: new Date('2030-01-01') },
	{ organizationId: DECLINED, role: 'co_carrier', status: 'declined' },
] as const

const draft: ApplicationResource = {
	kind: 'application',
	status: 'draft',
	callId: CALL,
	funderId: FUNDER,
	callStatus: 'published',
	deadlineAt: new Date('2030-01-01'),
	now: new Date('2029-01-01'),
	members,
}
const submitted: ApplicationResource = { ...draft, status: 'submitted' }

const ok = 'ok' as const
type Cell = typeof ok | string

/** What each role gets for each action: 'ok' or the reason of the refusal. */
function table(resource: ApplicationResource, actions: ApplicationAction[]) {
	return Object.fromEntries(
		(Object.keys(ROLES) as Role[]).map((role) => [
			role,
			Object.fromEntries(
				actions.map((action) => {
					const decision = can(ROLES[role], action, resource)
					return [action, decision.allowed ? ok : decision.reason]
				}),
			),
		]),
	)
}

const NV = 'not-visible'

describe('can — dossiers', () => {
	test('un brouillon : le consortium le lit, le chef de file l’édite, son référent le dépose ; ni le financeur, ni l’admin, ni l’accompagnement, ni le juré ne le voient', () => {
		const actions: ApplicationAction[] = ['read', 'edit', 'send-supplement', 'submit', 'withdraw', 'answer', 'confirm-engagement', 'decline-engagement', 'instruct', 'decide-admissibility', 'review']
		const expected: Record<Role, Cell[]> = {
			'référent du chef de file': [ok, ok, ok, ok, ok, ok, 'status', 'status', NV, NV, NV],
			'membre du chef de file': [ok, ok, ok, 'not-referent', 'not-referent', 'not-referent', 'not-referent', 'not-referent', NV, NV, NV],
			'référent du partenaire invité': [ok, 'not-lead', 'not-lead', 'not-lead', 'not-lead', ok, ok, ok, NV, NV, NV],
			'membre du partenaire invité': [ok, 'not-lead', 'not-lead', 'not-lead', 'not-lead', 'not-referent', 'not-referent', 'not-referent', NV, NV, NV],
			'référent d’un partenaire qui a décliné': [NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV],
			'référent d’une autre association': [NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV],
			'financeur de l’appel': [NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV],
			'autre financeur': [NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV],
			accompagnement: [NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV],
			'admin de la plateforme': [NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV],
			'juré de l’appel': [NV, NV, NV, NV, NV, NV, NV, NV, NV, NV, NV],
		}
		const asTable = Object.fromEntries(Object.entries(expected).map(([role, cells]) => [role, Object.fromEntries(actions.map((a, i) => [a, cells[i]]))]))
		expect(table(draft, actions)).toEqual(asTable)
	})

	test('un dossier déposé : le consortium le lit sans l’éditer, le financeur de l’appel l’instruit, le juré ne le voit pas (pas encore recevable)', () => {
		const actions: ApplicationAction[] = ['read', 'edit', 'submit', 'withdraw', 'confirm-engagement', 'instruct', 'decide-admissibility', 'review']
		const expected: Record<Role, Cell[]> = {
			'référent du chef de file': [ok, 'read-only', 'status', ok, 'read-only', NV, NV, NV],
			'membre du chef de file': [ok, 'read-only', 'not-referent', 'not-referent', 'not-referent', NV, NV, NV],
			'référent du partenaire invité': [ok, 'not-lead', 'not-lead', 'not-lead', 'read-only', NV, NV, NV],
			'membre du partenaire invité': [ok, 'not-lead', 'not-lead', 'not-lead', 'not-referent', NV, NV, NV],
			'référent d’un partenaire qui a décliné': [NV, NV, NV, NV, NV, NV, NV, NV],
			'référent d’une autre association': [NV, NV, NV, NV, NV, NV, NV, NV],
			'financeur de l’appel': [NV, NV, NV, NV, NV, ok, ok, NV],
			'autre financeur': [NV, NV, NV, NV, NV, NV, NV, NV],
			accompagnement: [NV, NV, NV, NV, NV, NV, NV, NV],
			'admin de la plateforme': [NV, NV, NV, NV, NV, NV, NV, NV],
			'juré de l’appel': [NV, NV, NV, NV, NV, NV, NV, NV],
		}
		const asTable = Object.fromEntries(Object.entries(expected).map(([role, cells]) => [role, Object.fromEntries(actions.map((a, i) => [a, cells[i]]))]))
		expect(table(submitted, actions)).toEqual(asTable)
	})

	test('le lifecycle décide de ce qui est possible depuis le statut', () => {
		const referent = ROLES['référent du chef de file']
		const staff = { ...ROLES['financeur de l’appel'], id: 'personnel' }
		expect(can(referent, 'withdraw', { ...submitted, now: new Date('2030-01-01') })).toEqual({ allowed: false, reason: 'deadline-passed' })
		expect(can(referent, 'withdraw', { ...draft, now: new Date('2031-01-01') })).toEqual({ allowed: true })
		expect(can(referent, 'withdraw', { ...draft, status: 'withdrawn' })).toEqual({ allowed: false, reason: 'status' })
		expect(can(referent, 'edit', { ...submitted, reopened: true })).toEqual({ allowed: true })
		expect(can(staff, 'decide-admissibility', { ...submitted, status: 'admissible', callStatus: 'closed' })).toEqual({ allowed: true })
		expect(can(staff, 'decide-admissibility', { ...submitted, status: 'admissible', callStatus: 'jury' })).toEqual({ allowed: false, reason: 'status' })
		expect(can(staff, 'decide-admissibility', { ...submitted, status: 'withdrawn' })).toEqual({ allowed: false, reason: 'status' })
	})

	test('seul le référent du chef de file renonce à un dossier retenu (issue 9), et seulement retenu, une fois la délibération close', () => {
		const selected = { ...submitted, status: 'selected', callStatus: 'decided' }
		expect(can(ROLES['référent du chef de file'], 'renounce', selected)).toEqual({ allowed: true })
		// During the deliberation the decision is provisional: nothing to renounce yet.
		expect(can(ROLES['référent du chef de file'], 'renounce', { ...selected, callStatus: 'deliberation' })).toEqual({ allowed: false, reason: 'status' })
		expect(can(ROLES['référent du chef de file'], 'renounce', { ...selected, status: 'waitlisted' })).toEqual({ allowed: false, reason: 'status' })
		expect(can(ROLES['membre du chef de file'], 'renounce', selected)).toEqual({ allowed: false, reason: 'not-referent' })
		expect(can(ROLES['référent du partenaire invité'], 'renounce', selected)).toEqual({ allowed: false, reason: 'not-lead' })
		expect(can(ROLES['financeur de l’appel'], 'renounce', selected)).toEqual({ allowed: false, reason: 'not-visible' })
	})

	test('un partenaire dont l’invitation a expiré ne confirme plus ; un partenaire confirmé peut se retirer tant que le dossier n’est pas retiré', () => {
		const partner = ROLES['référent du partenaire invité']
		const expired = { ...draft, members: [members[0], { ...members[1], invitationExpiresAt: new Date('2028-01-01') }] }
		expect(can(partner, 'confirm-engagement', expired)).toEqual({ allowed: false, reason: 'status' })
		const confirmed = { ...submitted, members: [members[0], { ...members[1], status: 'confirmed' as const }] }
		expect(can(partner, 'decline-engagement', confirmed)).toEqual({ allowed: true })
		expect(can(partner, 'decline-engagement', { ...confirmed, status: 'withdrawn' })).toEqual({ allowed: false, reason: 'status' })
	})

	test('le référent de deux associations du consortium répond pour chacune', () => {
		const both = person([association(LEAD, 'member'), association(PARTNER, 'referent')])
		expect(can(both, 'edit', draft)).toEqual({ allowed: true })
		expect(can(both, 'answer', { ...draft, organizationId: PARTNER })).toEqual({ allowed: true })
		expect(can(both, 'answer', { ...draft, organizationId: LEAD })).toEqual({ allowed: false, reason: 'not-referent' })
		expect(can(both, 'answer', { ...draft, organizationId: OTHER_ASSO })).toEqual({ allowed: false, reason: 'not-visible' })
		// With no association named, the main one answers: the lead's, as before.
		expect(can(both, 'answer', draft)).toEqual({ allowed: false, reason: 'not-referent' })
	})

	test('les pièces : le chef de file toutes, un partenaire celles de son association demandées à chacune', () => {
		const partner = ROLES['membre du partenaire invité']
		expect(can(ROLES['membre du chef de file'], 'give-piece', { ...draft, slot: { givenBy: 'each', organizationId: PARTNER } })).toEqual({ allowed: true })
		expect(can(partner, 'give-piece', { ...draft, slot: { givenBy: 'each', organizationId: PARTNER } })).toEqual({ allowed: true })
		expect(can(partner, 'give-piece', { ...draft, slot: { givenBy: 'lead', organizationId: LEAD } })).toEqual({ allowed: false, reason: 'not-lead' })
		expect(can(partner, 'give-piece', { ...draft, slot: { givenBy: 'each', organizationId: LEAD } })).toEqual({ allowed: false, reason: 'not-lead' })
	})

	test('le juré : rien sans affectation, le dossier affecté sans conflit, rien s’il y a conflit ou s’il siège à un autre appel', () => {
		const juror = ROLES['juré de l’appel']
		// The jury judges recevable dossiers (JURY_APPLICATION_STATUSES): a dossier only submitted is not its to see.
		const admissible = { ...submitted, status: 'admissible' }
		expect(can(juror, 'review', { ...submitted, jurorAssignment: { inConflict: false } })).toEqual({ allowed: false, reason: 'not-visible' })
		expect(can(juror, 'review', { ...admissible, jurorAssignment: null })).toEqual({ allowed: false, reason: 'not-assigned' })
		expect(can(juror, 'review', { ...admissible, jurorAssignment: { inConflict: false } })).toEqual({ allowed: true })
		expect(can(juror, 'review', { ...admissible, jurorAssignment: { inConflict: true } })).toEqual({ allowed: false, reason: 'conflict' })
		// A conflict without an assignment refuses too (the assignment solver never pairs them).
		expect(can(juror, 'review', { ...admissible, jurorAssignment: null, inConflict: true })).toEqual({ allowed: false, reason: 'conflict' })
		expect(can(juror, 'review', { ...admissible, callId: 'autre-appel', jurorAssignment: { inConflict: false } })).toEqual({ allowed: false, reason: 'not-visible' })
		expect(can(juror, 'review', { ...draft, jurorAssignment: { inConflict: false } })).toEqual({ allowed: false, reason: 'not-visible' })
	})

	test('les conflits d’intérêts : le juré déclare sur son propre siège ; le financeur ou la présidence décident, jamais le juré concerné', () => {
		const juror = ROLES['juré de l’appel']
		const staff = { ...ROLES['financeur de l’appel'], id: 'personnel' }
		const conflict = { kind: 'jury-conflict' as const, callId: submitted.callId, funderId: submitted.funderId!, jurorUserId: juror.id }
		expect(can(juror, 'declare-conflict', conflict)).toEqual({ allowed: true })
		expect(can(juror, 'declare-conflict', { ...conflict, callId: 'autre-appel' })).toEqual({ allowed: false, reason: 'not-visible' })
		expect(can(staff, 'declare-conflict', conflict)).toEqual({ allowed: false, reason: 'not-visible' })
		expect(can(juror, 'decide-conflict', conflict)).toEqual({ allowed: false, reason: 'not-staff' })
		expect(can(juror, 'decide-conflict', { ...conflict, viewerIsChair: true })).toEqual({ allowed: false, reason: 'not-staff' })
		expect(can(staff, 'decide-conflict', conflict)).toEqual({ allowed: true })
		expect(can(juror, 'decide-conflict', { ...conflict, jurorUserId: 'un-autre-juré', viewerIsChair: true })).toEqual({ allowed: true })
		expect(can(juror, 'decide-conflict', { ...conflict, jurorUserId: 'un-autre-juré' })).toEqual({ allowed: false, reason: 'not-visible' })
		expect(can({ ...ROLES['membre du chef de file'], id: 'membre' }, 'decide-conflict', conflict)).toEqual({ allowed: false, reason: 'not-visible' })
	})
})

describe('can — appels', () => {
	const actions: CallAction[] = ['read', 'manage', 'edit', 'edit-grid', 'publish', 'close']
	const decide = (role: Role, status: string) =>
		actions.map((action) => {
			const decision = can(ROLES[role], action, { kind: 'call', funderId: FUNDER, status })
			return decision.allowed ? ok : decision.reason
		})

	test('le financeur de l’appel le gère selon son statut ; les autres le lisent une fois publié, sans le gérer', () => {
		expect(decide('financeur de l’appel', 'draft')).toEqual([ok, ok, ok, ok, ok, 'status'])
		expect(decide('financeur de l’appel', 'published')).toEqual([ok, ok, ok, ok, 'status', ok])
		expect(decide('financeur de l’appel', 'closed')).toEqual([ok, ok, 'status', ok, 'status', 'status'])
		expect(decide('financeur de l’appel', 'jury')).toEqual([ok, ok, 'status', 'status', 'status', 'status'])
		for (const role of Object.keys(ROLES).filter((r) => r !== 'financeur de l’appel') as Role[]) {
			expect(decide(role, 'draft'), role).toEqual([NV, NV, NV, NV, NV, NV])
			expect(decide(role, 'published'), role).toEqual([ok, NV, NV, NV, NV, NV])
		}
	})
})

describe('can — organisations et plateforme', () => {
	const actions: OrganizationAction[] = ['read', 'update', 'invite-member', 'cancel-invitation', 'lead-application', 'answer-for']
	const decide = (user: PolicyUser, id: string, organizationKind: 'association' | 'funder' = 'association') =>
		actions.map((action) => {
			const decision = can(user, action, { kind: 'organization', id, organizationKind })
			return decision.allowed ? ok : decision.reason
		})

	test('le référent gère son association, un membre la lit et y porte un dossier, l’admin gère sans porter de dossier, les autres ne la voient pas', () => {
		expect(decide(ROLES['référent du chef de file'], LEAD)).toEqual([ok, ok, ok, ok, ok, ok])
		expect(decide(ROLES['membre du chef de file'], LEAD)).toEqual([ok, 'not-referent', 'not-referent', 'not-referent', ok, 'not-referent'])
		expect(decide(ROLES['admin de la plateforme'], LEAD)).toEqual([ok, ok, ok, ok, 'not-member', 'not-member'])
		for (const role of ['référent d’une autre association', 'financeur de l’appel', 'accompagnement', 'juré de l’appel'] as Role[]) {
			expect(decide(ROLES[role], LEAD), role).toEqual(['not-member', 'not-member', 'not-member', 'not-member', 'not-member', 'not-member'])
		}
	})

	test('le personnel d’un financeur gère sa structure mais n’y annule pas d’invitation ni n’y porte de dossier', () => {
		expect(decide(ROLES['financeur de l’appel'], FUNDER, 'funder')).toEqual([ok, ok, ok, 'not-referent', 'not-member', 'not-member'])
	})

	test('seul l’admin administre la plateforme ; la boîte de démo montre à chacun ses messages, à l’admin tous', () => {
		for (const role of Object.keys(ROLES) as Role[]) {
			expect(can(ROLES[role], 'administer', PLATFORM).allowed, role).toBe(role === 'admin de la plateforme')
		}
		const mail = { kind: 'dev-mail', recipients: ['a@exemple.test'] } as const
		expect(can({ email: 'A@exemple.test', isPlatformAdmin: false }, 'read', mail)).toEqual({ allowed: true })
		expect(can({ email: 'b@exemple.test', isPlatformAdmin: false }, 'read', mail)).toEqual({ allowed: false, reason: 'not-visible' })
		expect(can({ email: 'b@exemple.test', isPlatformAdmin: true }, 'read', mail)).toEqual({ allowed: true })
	})
})

describe('can — avis de la structure d’accompagnement', () => {
	const named = (applicationStatus: string, callStatus = 'jury') => ({ kind: 'supporter-opinion', supporterOrganizationId: SUPPORTER, applicationStatus, callStatus }) as const
	const others = (Object.keys(ROLES) as Role[]).filter((role) => role !== 'accompagnement')

	test('seule l’équipe de la structure nommée lit le dossier déposé et donne son avis, jusqu’à la délibération', () => {
		const staff = ROLES.accompagnement
		expect(can(staff, 'read-for-opinion', named('submitted'))).toEqual({ allowed: true })
		expect(can(staff, 'give-opinion', named('admissible', 'jury'))).toEqual({ allowed: true })
		expect(can(staff, 'give-opinion', named('admissible', 'deliberation'))).toEqual({ allowed: false, reason: 'status' })
		expect(can(staff, 'read-for-opinion', named('admissible', 'decided'))).toEqual({ allowed: true })
		for (const status of ['draft', 'withdrawn']) expect(can(staff, 'read-for-opinion', named(status))).toEqual({ allowed: false, reason: 'not-visible' })
		expect(can(staff, 'give-opinion', { ...named('submitted'), supporterOrganizationId: null })).toEqual({ allowed: false, reason: 'not-visible' })
		for (const role of others) {
			expect(can(ROLES[role], 'read-for-opinion', named('submitted')), role).toEqual({ allowed: false, reason: 'not-visible' })
			expect(can(ROLES[role], 'give-opinion', named('submitted')), role).toEqual({ allowed: false, reason: 'not-visible' })
		}
	})
})

describe('can — délibération, décisions, courriers', () => {
	const at = (status: string, viewerIsChair = false) => ({ kind: 'deliberation', callId: CALL, funderId: FUNDER, status, viewerIsChair }) as const
	const ACTIONS = ['view-deliberation', 'read-minutes', 'decide', 'validate-decisions', 'amend', 'send-letters', 'edit-templates'] as const
	const chair = ROLES['juré de l’appel']

	test('en délibération : le financeur décide, la présidence voit et valide, personne d’autre ne sait rien', () => {
		const expected: Record<(typeof ACTIONS)[number], [boolean, boolean]> = {
			// [financeur de l'appel, président·e du jury]
			'view-deliberation': [true, true],
			'read-minutes': [true, true],
			decide: [true, false],
			'validate-decisions': [false, true],
			amend: [false, false],
			'send-letters': [false, false],
			'edit-templates': [true, false],
		}
		for (const action of ACTIONS) {
			expect(can(ROLES['financeur de l’appel'], action, at('deliberation')).allowed, action).toBe(expected[action][0])
			expect(can(chair, action, at('deliberation', true)).allowed, action).toBe(expected[action][1])
			// A juror who does not chair, and every other role, is refused everything, as not visible.
			expect(can(chair, action, at('deliberation', false)), action).toEqual({ allowed: false, reason: 'not-visible' })
			for (const role of (Object.keys(ROLES) as Role[]).filter((r) => r !== 'financeur de l’appel' && r !== 'juré de l’appel')) {
				expect(can(ROLES[role], action, at('deliberation', true)), `${role} ${action}`).toEqual({ allowed: false, reason: 'not-visible' })
			}
		}
	})

	test('avant la délibération rien n’est visible ; après la clôture, amendements et courriers au financeur seul', () => {
		const staff = ROLES['financeur de l’appel']
		expect(can(staff, 'view-deliberation', at('jury'))).toEqual({ allowed: false, reason: 'status' })
		expect(can(chair, 'view-deliberation', at('jury', true))).toEqual({ allowed: false, reason: 'status' })
		expect(can(staff, 'decide', at('decided'))).toEqual({ allowed: false, reason: 'status' })
		expect(can(staff, 'amend', at('decided'))).toEqual({ allowed: true })
		expect(can(staff, 'send-letters', at('decided'))).toEqual({ allowed: true })
		expect(can(chair, 'amend', at('decided', true))).toEqual({ allowed: false, reason: 'not-staff' })
		expect(can(chair, 'validate-decisions', at('decided', true))).toEqual({ allowed: false, reason: 'status' })
		expect(can(chair, 'view-deliberation', at('decided', true))).toEqual({ allowed: true })
	})
})

describe('can — suivi : convention, paiements, évaluation de fin de projet', () => {
	const consortium = [
		{ organizationId: LEAD, role: 'lead', status: 'confirmed' },
		{ organizationId: PARTNER, role: 'co_carrier', status: 'confirmed' },
		{ organizationId: DECLINED, role: 'co_carrier', status: 'declined' },
	] as const
	const followed = (extra: Partial<FollowUpResource> = {}): FollowUpResource => ({
		kind: 'follow-up',
		applicationStatus: 'evaluation_due',
		callStatus: 'follow_up',
		funderId: FUNDER,
		members: consortium,
		reportStatus: 'open',
		...extra,
	})
	const CONSORTIUM_ROLES: Role[] = ['référent du chef de file', 'membre du chef de file', 'référent du partenaire invité', 'membre du partenaire invité']

	test('les co-porteurs confirmés et le financeur de l’appel lisent le suivi ; personne d’autre n’en sait rien', () => {
		for (const role of Object.keys(ROLES) as Role[]) {
			const expected = CONSORTIUM_ROLES.includes(role) || role === 'financeur de l’appel'
			expect(can(ROLES[role], 'read-follow-up', followed()), role).toEqual(expected ? { allowed: true } : { allowed: false, reason: 'not-visible' })
		}
		// Before the decision, or not retained: there is no follow-up.
		expect(can(ROLES['financeur de l’appel'], 'read-follow-up', followed({ applicationStatus: 'rejected' }))).toEqual({ allowed: false, reason: 'not-visible' })
		// Retained during an open deliberation: provisional, so no follow-up either, for anyone.
		for (const role of ['financeur de l’appel', 'référent du chef de file'] as const) {
			expect(can(ROLES[role], 'read-follow-up', followed({ applicationStatus: 'selected', callStatus: 'deliberation' })), role).toEqual({ allowed: false, reason: 'not-visible' })
		}
	})

	test('chaque référent signe pour son association seulement ; le financeur signe pour lui', () => {
		const sign = (role: Role, organizationId: string | null) => can(ROLES[role], 'sign-agreement', followed({ applicationStatus: 'selected', organizationId }))
		expect(sign('référent du chef de file', LEAD)).toEqual({ allowed: true })
		expect(sign('référent du partenaire invité', PARTNER)).toEqual({ allowed: true })
		expect(sign('référent du chef de file', PARTNER)).toEqual({ allowed: false, reason: 'not-member' })
		expect(sign('membre du chef de file', LEAD)).toEqual({ allowed: false, reason: 'not-referent' })
		expect(sign('référent du chef de file', null)).toEqual({ allowed: false, reason: 'not-staff' })
		expect(sign('financeur de l’appel', null)).toEqual({ allowed: true })
		expect(sign('financeur de l’appel', LEAD)).toEqual({ allowed: false, reason: 'not-member' })
		// Forgetting the association is not signing for the funder.
		expect(can(ROLES['financeur de l’appel'], 'sign-agreement', followed({ applicationStatus: 'selected' }))).toEqual({ allowed: false, reason: 'not-visible' })
		// A person référent of two associations of the consortium signs for each.
		const both = person([association(LEAD, 'referent'), association(PARTNER, 'referent')])
		expect(can(both, 'sign-agreement', followed({ organizationId: LEAD }))).toEqual({ allowed: true })
		expect(can(both, 'sign-agreement', followed({ organizationId: PARTNER }))).toEqual({ allowed: true })
	})

	test('la partie d’une association : son référent seul ; la partie du consortium : tout co-porteur ; après une demande, les seules sections rouvertes', () => {
		const part = (role: Role, extra: Partial<FollowUpResource>) => can(ROLES[role], 'edit-association-part', followed({ organizationId: PARTNER, ...extra }))
		expect(part('référent du partenaire invité', {})).toEqual({ allowed: true })
		expect(part('membre du partenaire invité', {})).toEqual({ allowed: false, reason: 'not-referent' })
		expect(part('référent du chef de file', {})).toEqual({ allowed: false, reason: 'not-member' })
		expect(part('financeur de l’appel', {})).toEqual({ allowed: false, reason: 'not-member' })
		for (const role of CONSORTIUM_ROLES) expect(can(ROLES[role], 'edit-consortium-part', followed({ section: 'realisation' })), role).toEqual({ allowed: true })
		const reopened = { reportStatus: 'changes_requested', reopenedSections: ['financier', `association:${PARTNER}`] }
		expect(can(ROLES['membre du chef de file'], 'edit-consortium-part', followed({ ...reopened, section: 'financier' }))).toEqual({ allowed: true })
		expect(can(ROLES['membre du chef de file'], 'edit-consortium-part', followed({ ...reopened, section: 'realisation' }))).toEqual({ allowed: false, reason: 'read-only' })
		expect(part('référent du partenaire invité', { ...reopened, section: `association:${PARTNER}` })).toEqual({ allowed: true })
		expect(can(ROLES['membre du chef de file'], 'edit-consortium-part', followed({ reportStatus: 'submitted', section: 'financier' }))).toEqual({ allowed: false, reason: 'read-only' })
	})

	test('le référent du chef de file envoie l’évaluation ; le financeur la relit et gère convention et paiements', () => {
		expect(can(ROLES['référent du chef de file'], 'submit-evaluation', followed())).toEqual({ allowed: true })
		expect(can(ROLES['membre du chef de file'], 'submit-evaluation', followed())).toEqual({ allowed: false, reason: 'not-referent' })
		expect(can(ROLES['référent du partenaire invité'], 'submit-evaluation', followed())).toEqual({ allowed: false, reason: 'not-lead' })
		expect(can(ROLES['référent du chef de file'], 'submit-evaluation', followed({ reportStatus: 'submitted' }))).toEqual({ allowed: false, reason: 'status' })
		for (const action of ['review-evaluation', 'manage-follow-up'] as const) {
			expect(can(ROLES['financeur de l’appel'], action, followed())).toEqual({ allowed: true })
			expect(can(ROLES['référent du chef de file'], action, followed())).toEqual({ allowed: false, reason: 'not-staff' })
			expect(can(ROLES['autre financeur'], action, followed())).toEqual({ allowed: false, reason: 'not-visible' })
		}
	})

	test('le référent du chef de file seul fixe la répartition de la subvention, tant que la convention n’est pas signée', () => {
		const split = (role: Role, extra: Partial<FollowUpResource> = {}) => can(ROLES[role], 'set-grant-split', followed({ applicationStatus: 'selected', agreementStatus: null, ...extra }))
		const expected: Record<Role, Cell> = {
			'référent du chef de file': ok,
			'membre du chef de file': 'not-referent',
			'référent du partenaire invité': 'not-lead',
			'membre du partenaire invité': 'not-lead',
			'référent d’un partenaire qui a décliné': NV,
			'référent d’une autre association': NV,
			'financeur de l’appel': 'not-lead',
			'autre financeur': NV,
			accompagnement: NV,
			'admin de la plateforme': NV,
			'juré de l’appel': NV,
		}
		for (const role of Object.keys(ROLES) as Role[]) {
			const decision = split(role)
			expect(decision.allowed ? ok : decision.reason, role).toBe(expected[role])
		}
		// While the agreement awaits signatures the split still changes (the funder issues a new version); once signed, no more.
		expect(split('référent du chef de file', { agreementStatus: 'awaiting_signatures' })).toEqual({ allowed: true })
		expect(split('référent du chef de file', { agreementStatus: 'signed' })).toEqual({ allowed: false, reason: 'status' })
		expect(split('référent du chef de file', { agreementStatus: 'cancelled' })).toEqual({ allowed: false, reason: 'status' })
		expect(split('référent du chef de file', { applicationStatus: 'agreement_signed', agreementStatus: 'signed' })).toEqual({ allowed: false, reason: 'status' })
		expect(split('référent du chef de file', { applicationStatus: 'in_progress', agreementStatus: 'signed' })).toEqual({ allowed: false, reason: 'status' })
		// A caller that did not say where the agreement stands is refused, not taken for « no agreement yet ».
		expect(split('référent du chef de file', { agreementStatus: undefined })).toEqual({ allowed: false, reason: 'status' })
	})
})
