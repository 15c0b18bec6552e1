/**
 * How one audit event reads in the journal and its export: its subject (with the page the
 * platform admin may open, if any) and a short summary of its data. The summary names only
 * known, short fields: free text written by users (messages, reasons) stays out of the list.
 */
import { auditLabel } from '#app/domain/audit-labels.ts'
import { formatCents, formatSortableTimestamp, formatTimestamp } from '#app/utils/format.ts'
import { AUDIT_CATEGORIES, categoryOf } from './categories.ts'
import { SUBJECT_TYPES } from './filters.ts'

export type SubjectFacts = {
	subjectType: string
	subjectId: string
	/** The call's title, the organisation's or the person's name, when the subject still exists. */
	subjectName: string | null
	/** The organisation's kind, or the call's status. */
	subjectKind: string | null
}

/** The subject's page the platform admin opens: structures and associations, published calls, accounts by their journal. */
export function subjectHref(subject: SubjectFacts): string | null {
	const id = encodeURIComponent(subject.subjectId)
	if (subject.subjectName === null) return null
	if (subject.subjectType === 'organization') return subject.subjectKind === 'association' ? `/associations/${id}` : `/admin/structures/${id}`
	if (subject.subjectType === 'call') return subject.subjectKind && subject.subjectKind !== 'draft' ? `/appels/${id}` : null
	return null
}

export function subjectLabel(subject: SubjectFacts): string {
	const type = SUBJECT_TYPES[subject.subjectType as keyof typeof SUBJECT_TYPES] ?? subject.subjectType
	if (subject.subjectType === 'platform') return type
	if (subject.subjectName) return `${type} « ${subject.subjectName} »`
	// An application's title is the consortium's: the admin does not read dossiers.
	return `${type} ${subject.subjectId.slice(0, 8)}`
}

const LOGIN_FAILURES: Record<string, string> = {
	password: 'mot de passe incorrect',
	'unknown-email': 'adresse sans compte',
	unverified: 'adresse pas encore confirmée',
}

const EXPORT_FILES: Record<string, string> = { csv: 'CSV', xlsx: 'XLSX', pdf: 'PDF', json: 'JSON' }

/** The fields worth a glance, in this order, with their French names. */
const FIELDS: { key: string; label: string; show: (value: unknown) => string | null }[] = [
	{ key: 'reason', label: 'motif', show: (v) => (typeof v === 'string' && Object.hasOwn(LOGIN_FAILURES, v) ? LOGIN_FAILURES[v]! : null) },
	{ key: 'ip', label: 'adresse IP', show: short },
	{ key: 'file', label: 'fichier', show: short },
	{ key: 'format', label: 'format', show: (v) => (typeof v === 'string' ? (EXPORT_FILES[v] ?? short(v)) : null) },
	{ key: 'rows', label: 'lignes', show: (v) => (typeof v === 'number' ? String(v) : null) },
	{ key: 'filters', label: 'filtres', show: (v) => (v && typeof v === 'object' ? Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null && x !== '').map(([k, x]) => `${k}=${String(x)}`).join(', ') || 'aucun' : null) },
	{ key: 'email', label: 'adresse', show: short },
	{ key: 'role', label: 'rôle', show: short },
	{ key: 'kind', label: 'type', show: short },
	{ key: 'name', label: 'nom', show: short },
	{ key: 'organizationName', label: 'structure', show: short },
	{ key: 'title', label: 'titre', show: short },
	{ key: 'from', label: 'de', show: short },
	{ key: 'to', label: 'à', show: short },
	{ key: 'transition', label: 'étape', show: short },
	{ key: 'amountCents', label: 'montant', show: (v) => (typeof v === 'number' ? formatCents(v) : null) },
	{ key: 'filename', label: 'fichier', show: short },
	{ key: 'section', label: 'section', show: short },
	{ key: 'verdict', label: 'avis', show: short },
	{ key: 'version', label: 'version', show: (v) => (typeof v === 'number' ? String(v) : null) },
]

function short(value: unknown): string | null {
	if (typeof value === 'number' || typeof value === 'boolean') return String(value)
	if (typeof value !== 'string' || value === '') return null
	return value.length > 60 ? `${value.slice(0, 59)}…` : value
}

/** « motif : mot de passe incorrect · adresse IP : 203.0.113.7 », at most six fields. */
export function summarizeData(data: Record<string, unknown> | null | undefined): string {
	if (!data) return ''
	const parts: string[] = []
	for (const field of FIELDS) {
		if (!Object.hasOwn(data, field.key)) continue
		const shown = field.show(data[field.key])
		if (shown !== null) parts.push(`${field.label} : ${shown}`)
		if (parts.length === 6) break
	}
	return parts.join(' · ')
}

export type JournalEntrySource = SubjectFacts & {
	id: string
	action: string
	data: Record<string, unknown>
	createdAt: Date | string
	actorName: string | null
	actorEmail: string | null
}

/** Who acted: the account, or the portal itself (a scheduled job, or an event whose author's account is gone). */
export function actorLabel(row: Pick<JournalEntrySource, 'action' | 'actorName' | 'actorEmail'>): string {
	if (row.actorEmail) return row.actorName ? `${row.actorName} (${row.actorEmail})` : row.actorEmail
	return row.action === 'user.login_failed' ? 'personne non connectée' : 'système'
}

/** One row of the journal, as the export writes it. */
export function journalRecord(row: JournalEntrySource) {
	return {
		at: formatSortableTimestamp(row.createdAt),
		actor: actorLabel(row),
		category: AUDIT_CATEGORIES[categoryOf(row.action)],
		label: auditLabel(row.action),
		subject: subjectLabel(row),
		details: summarizeData(row.data),
	}
}

/** One row of the journal, as the page shows it. */
export function journalEntry(row: JournalEntrySource) {
	return {
		id: row.id,
		when: formatTimestamp(row.createdAt),
		iso: new Date(row.createdAt).toISOString(),
		actor: { name: row.actorEmail ? (row.actorName ?? row.actorEmail) : actorLabel(row), email: row.actorEmail },
		label: auditLabel(row.action),
		category: AUDIT_CATEGORIES[categoryOf(row.action)],
		subject: subjectLabel(row),
		subjectHref: subjectHref(row),
		subjectType: row.subjectType,
		subjectId: row.subjectId,
		details: summarizeData(row.data),
	}
}
