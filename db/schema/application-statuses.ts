/**
 * The application lifecycle (DESIGN.md, "Lifecycles"), in order. The database enum is
 * built from this list (./applications.ts), so the two cannot drift apart. It lives under
 * db/ so that the schema depends on nothing in app/; app/domain/applications/statuses.ts
 * re-exports it. No imports here: the browser bundle may include this file.
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
