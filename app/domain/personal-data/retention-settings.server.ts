/**
 * How long the portal keeps what (issue 13, docs/decisions/030): the one place the retention
 * job and the privacy page (/confidentialite) read the durations from, so the page never
 * says something the job does not do.
 */
import { getEnv } from '#app/env.server.ts'

export type RetentionSettings = {
	/** Drafts never submitted: deleted this many months after their call closed. */
	draftMonths: number
	/** Their référents are warned this many months before (once). */
	warnMonthsBefore: number
	/** Sessions: lucia's default, renewed while used. */
	sessionDays: number
	/** Email confirmation and password reset links. */
	verifyLinkHours: number
	resetLinkHours: number
	/** What was typed after a session expired, kept until the person logs in again. */
	formDraftHours: number
	/** PRIVACY_CONTACT_EMAIL, or null: the page then points to the platform's administrators. */
	contactEmail: string | null
}

export function retentionSettings(): RetentionSettings {
	return { draftMonths: getEnv().RETENTION_DRAFT_MONTHS, warnMonthsBefore: 1, sessionDays: 30, verifyLinkHours: 48, resetLinkHours: 1, formDraftHours: 24, contactEmail: getEnv().PRIVACY_CONTACT_EMAIL ?? null }
}
