/**
 * The publication of a retained project in the public showcase (issue 12, /projets). The
 * public pages show only what every association of the consortium consented to
 * (project_publications.published_at): nobody's permission is needed to read them. This file
 * decides on the page of the dossier where the consortium prepares the publication:
 *
 * - the members (référents and members) of the confirmed associations of the consortium read
 *   it (once the call's decisions are final) and write the public texts; the staff of the
 *   call's funder read it for its retained projects;
 * - each association consents — or withdraws its consent — through one of its référents only,
 *   and only for itself;
 * - nothing is written before the project may be published: retained (its decision final)
 *   and its end-of-project evaluation approved by the funder.
 */
import { decisionsDisclosed } from '#app/domain/applications/decision-disclosure.ts'
import type { ConsortiumRow } from '#app/domain/applications/consortium-of.ts'
import { ALLOWED, type Decision, funderIdsOf, membershipIn, type PolicyUser, refuse } from './decision.ts'
import { isFollowed } from './follow-up.ts'

export type PublicationAction =
	/** The publication page of the dossier: its texts and who consented. */
	| 'read-publication'
	/** Write or change the public texts (any member of a confirmed association). */
	| 'edit-publication'
	/** Consent, or withdraw the consent, for `organizationId` (one of its référents). */
	| 'consent-publication'

export type PublicationResource = {
	kind: 'project-publication'
	applicationStatus: string
	callStatus: string
	funderId: string
	/** The consortium rows (only confirmed associations take part in the publication). */
	members: readonly Pick<ConsortiumRow, 'organizationId' | 'role' | 'status'>[]
	/** The end-of-project evaluation report's status, null when there is none. */
	reportStatus: string | null
	/** For 'consent-publication': the association that consents. */
	organizationId?: string | null
}

/** Whether the project may be published at all: retained (its decision final) and its evaluation approved. */
export function publicationOpen(resource: Pick<PublicationResource, 'applicationStatus' | 'callStatus' | 'reportStatus'>): 'open' | 'not-retained' | 'evaluation-not-approved' {
	if (!isFollowed(resource.applicationStatus, resource.callStatus)) return 'not-retained'
	return resource.reportStatus === 'approved' ? 'open' : 'evaluation-not-approved'
}

export function canOnPublication(user: PolicyUser, action: PublicationAction, resource: PublicationResource): Decision {
	const staff = funderIdsOf(user).includes(resource.funderId)
	const mine = resource.members.filter((m) => m.status === 'confirmed' && m.organizationId !== null && membershipIn(user, m.organizationId))
	if (!staff && mine.length === 0) return refuse('not-visible')
	// Before the decision is final, a consortium does not know whether it is retained: nothing to tell.
	if (!decisionsDisclosed(resource.callStatus)) return refuse('not-visible')
	// The funder knows of the publication of its retained projects only; a consortium reads why its own cannot be published.
	if (mine.length === 0 && publicationOpen(resource) === 'not-retained') return refuse('not-visible')

	switch (action) {
		case 'read-publication':
			return ALLOWED
		case 'edit-publication':
			if (mine.length === 0) return refuse('not-member')
			return publicationOpen(resource) === 'open' ? ALLOWED : refuse('status')
		case 'consent-publication': {
			const row = mine.find((m) => m.organizationId === resource.organizationId)
			if (!row) return refuse('not-member')
			if (membershipIn(user, row.organizationId)?.role !== 'referent') return refuse('not-referent')
			return publicationOpen(resource) === 'open' ? ALLOWED : refuse('status')
		}
	}
}
