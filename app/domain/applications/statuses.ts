/**
 * The application lifecycle (DESIGN.md, "Lifecycles"), in order. The database enum is
 * built from this list (db/schema/applications.ts), so the two cannot drift apart.
 */
export const APPLICATION_STATUSES = [
	'draft',
	'submitted',
	'admissible',
	'inadmissible',
	'under_review',
	'selected',
	'waitlisted',
	'rejected',
	'agreement_signed',
	'in_progress',
	'evaluation_due',
	'evaluated',
	'closed',
	'withdrawn',
] as const

export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]
