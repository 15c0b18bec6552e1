/**
 * The families of audit events the platform admin's journal filters by. Every action of
 * AUDIT_LABELS falls in exactly one: the explicit lists first (connections, roles, exports,
 * decisions cut across the areas), then the action's area.
 */
import { AUDIT_LABELS } from '#app/domain/audit-labels.ts'

export const AUDIT_CATEGORIES = {
	connexions: 'Comptes et connexions',
	roles: 'Rôles et accès',
	exports: 'Exports et téléchargements',
	decisions: 'Décisions',
	candidatures: 'Dossiers et suivi',
	appels: 'Appels à projets',
	jury: 'Jury',
	structures: 'Structures',
	annuaire: 'Annuaire, annonces et vitrine',
	donnees: 'Données personnelles et conservation',
	autres: 'Autres',
} as const

export type AuditCategory = keyof typeof AUDIT_CATEGORIES

const EXPLICIT: Partial<Record<AuditCategory, readonly string[]>> = {
	roles: [
		'organization.member_invited',
		'organization.invitation_accepted',
		'organization.invitation_declined',
		'organization.invitation_cancelled',
		'organization.staff_invited',
		'organization.staff_added',
		'organization.staff_removed',
		'jury.juror_invited',
		'jury.invitation_accepted',
		'jury.invitation_declined',
		'jury.juror_updated',
		'jury.juror_removed',
		'jury.juror_declined',
	],
	exports: [
		'call.applications_exported',
		'call.open_data_exported',
		'call.bilan_exported',
		'call.payments_exported',
		'application.attachment_downloaded',
		'audit.exported',
		'personal_data.exported',
	],
	decisions: [
		'application.selected',
		'application.waitlisted',
		'application.rejected',
		'application.decision_updated',
		'application.decision_amended',
		'application.promoted_from_waitlist',
		'application.marked_admissible',
		'application.marked_inadmissible',
		'call.decided',
		'call.decisions_validated',
		'call.minutes_stored',
		'call.letters_started',
		'call.letters_retried',
	],
}

/** By the action's prefix (the part before the dot), when no explicit list names it. */
const BY_PREFIX: Record<string, AuditCategory> = {
	user: 'connexions',
	application: 'candidatures',
	agreement: 'candidatures',
	payment: 'candidatures',
	evaluation_report: 'candidatures',
	grant_split: 'candidatures',
	call: 'appels',
	deliberation: 'decisions',
	jury: 'jury',
	organization: 'structures',
	directory: 'annuaire',
	publication: 'annuaire',
	partner_announcement: 'annuaire',
	partner_answer: 'annuaire',
	partner_draw: 'annuaire',
	partner_draw_place: 'annuaire',
	personal_data: 'donnees',
	account: 'donnees',
	retention: 'donnees',
}

const EXPLICIT_BY_ACTION = new Map(Object.entries(EXPLICIT).flatMap(([category, actions]) => actions.map((action) => [action, category as AuditCategory] as const)))

export function categoryOf(action: string): AuditCategory {
	return EXPLICIT_BY_ACTION.get(action) ?? BY_PREFIX[action.slice(0, action.indexOf('.'))] ?? 'autres'
}

export function isAuditCategory(value: string): value is AuditCategory {
	return Object.hasOwn(AUDIT_CATEGORIES, value)
}

/** The known actions of a category ('autres' also holds every action missing from the labels, see notKnownActions). */
export function actionsOf(category: AuditCategory): string[] {
	return Object.keys(AUDIT_LABELS).filter((action) => categoryOf(action) === category)
}

type ActionGroup = { category: AuditCategory; label: string; actions: { value: string; label: string }[] }
let groups: ActionGroup[] | undefined
const collator = new Intl.Collator('fr')

/** Every labelled action, grouped by category in the table's order, for the action filter (built once). */
export function actionOptionsByCategory(): ActionGroup[] {
	groups ??= (Object.keys(AUDIT_CATEGORIES) as AuditCategory[])
		.map((category) => ({
			category,
			label: AUDIT_CATEGORIES[category],
			actions: actionsOf(category)
				.map((action) => ({ value: action, label: AUDIT_LABELS[action]! }))
				.sort((a, b) => collator.compare(a.label, b.label)),
		}))
		.filter((group) => group.actions.length > 0)
	return groups
}
