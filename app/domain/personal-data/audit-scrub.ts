/**
 * What stays of an audit event once the person it names deleted their account
 * (docs/decisions/030). Pure, so it is tested without a database.
 *
 * - An event whose subject is the person's account keeps its action and date, and loses its
 *   `data` entirely: everything in it was about them.
 * - Any other event (the person acted on a dossier, or someone invited their address) keeps
 *   its data, except every string that contains their address or is their name, which
 *   becomes « [supprimé] ». Amounts, statuses and ids (the funder's record) stay.
 * The actor and subject links stay: they now point at the anonymised account, a
 * pseudonymous id that names nobody.
 */

export const SCRUBBED = '[supprimé]'

export type Person = { email: string; displayName: string }

function mentions(value: string, person: Person): boolean {
	const lower = value.toLowerCase()
	if (person.email && lower.includes(person.email.toLowerCase())) return true
	const name = person.displayName.trim().toLowerCase()
	// A very short name (« Al ») would match inside unrelated words: only an exact match counts then.
	if (name.length >= 4) return lower.includes(name)
	return name.length > 0 && lower.trim() === name
}

function scrubValue(value: unknown, person: Person): unknown {
	if (typeof value === 'string') return mentions(value, person) ? SCRUBBED : value
	if (Array.isArray(value)) return value.map((item) => scrubValue(item, person))
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, scrubValue(item, person)]))
	}
	return value
}

export function scrubAuditData(event: { subjectType: string; subjectId: string; data: Record<string, unknown> }, userId: string, person: Person): Record<string, unknown> {
	if (event.subjectType === 'user' && event.subjectId === userId) return {}
	return scrubValue(event.data, person) as Record<string, unknown>
}

const EMAIL = /[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+/g
export const THIRD_PARTY_ADDRESS = '[adresse d’une autre personne]'

/**
 * An audit event in a person's export: the addresses of other people it carries (someone
 * they invited, the recipients of a reminder) are masked; theirs stays.
 */
export function maskOtherAddresses(value: unknown, ownEmail: string): unknown {
	if (typeof value === 'string') return value.replace(EMAIL, (found) => (found.toLowerCase() === ownEmail.toLowerCase() ? found : THIRD_PARTY_ADDRESS))
	if (Array.isArray(value)) return value.map((item) => maskOtherAddresses(item, ownEmail))
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, maskOtherAddresses(item, ownEmail)]))
	}
	return value
}
