/**
 * The publication of a retained project in the public showcase (issue 12), from its dossier:
 * the consortium writes the public texts, then each association consents through one of its
 * référents (and may withdraw). The project is published (project_publications.published_at)
 * exactly when its texts are complete and every confirmed association of the consortium has
 * consented; it is unpublished as soon as one withdraws or the texts are emptied.
 *
 * Changing the texts clears the consent of every other association (each consented to a
 * text it read), so a published project goes offline until they consent again; the
 * association of the person who changed them keeps its consent when that person is one of
 * its référents (docs/decisions/026-project-showcase.md). Each step is one transaction, the
 * dossier's row locked, with its audit events.
 */
import { and, asc, eq, notInArray, or } from 'drizzle-orm'
import { forbidden, notFound } from '#app/auth/permissions.server.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { can, type PolicyUser, publicationOpen, type PublicationAction, type PublicationResource } from '#app/auth/policy/index.ts'
import { consortiumApplicationsWhere, funderApplicationsWhere } from '#app/auth/policy/visibility.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applicationMembers, applications, calls, evaluationReports, organizations, projectPublicationConsents, projectPublications } from '#db/schema/index.ts'
import { PUBLICATION_MESSAGES, type PublicationTexts, sameTexts, textsComplete } from './publication-form.ts'

type Actor = { id: string } | PolicyUser
export type PublicationAccess = NonNullable<Awaited<ReturnType<typeof findPublication>>>

/** The dossier as the publication page reads it, loaded with the policy's clauses in the WHERE; null for anyone who may not know of it. */
export async function findPublication(executor: Executor, actor: Actor, applicationId: string, lock?: 'update') {
	const user = await policyUserOf(executor, actor)
	let query = executor
		.select({
			application: { id: applications.id, title: applications.title, status: applications.status },
			call: { id: calls.id, title: calls.title, status: calls.status, funderId: calls.funderId },
			reportStatus: evaluationReports.status,
			publication: projectPublications,
		})
		.from(applications)
		.innerJoin(calls, eq(calls.id, applications.callId))
		.leftJoin(evaluationReports, eq(evaluationReports.applicationId, applications.id))
		.leftJoin(projectPublications, eq(projectPublications.applicationId, applications.id))
		.where(and(eq(applications.id, applicationId), or(consortiumApplicationsWhere(user), funderApplicationsWhere(user))))
		.$dynamic()
	if (lock) query = query.for(lock, { of: applications })
	const [row] = await query
	if (!row) return null
	const [members, consents] = await Promise.all([
		executor
			.select({ organizationId: applicationMembers.organizationId, role: applicationMembers.role, status: applicationMembers.status, name: organizations.name })
			.from(applicationMembers)
			.innerJoin(organizations, eq(organizations.id, applicationMembers.organizationId))
			.where(and(eq(applicationMembers.applicationId, applicationId), eq(applicationMembers.status, 'confirmed')))
			.orderBy(asc(applicationMembers.role), asc(organizations.name)),
		executor
			.select({ organizationId: projectPublicationConsents.organizationId, consentedAt: projectPublicationConsents.consentedAt })
			.from(projectPublicationConsents)
			.where(eq(projectPublicationConsents.applicationId, applicationId)),
	])
	const resource: PublicationResource = {
		kind: 'project-publication',
		applicationStatus: row.application.status,
		callStatus: row.call.status,
		funderId: row.call.funderId,
		members,
		reportStatus: row.reportStatus ?? null,
	}
	if (!can(user, 'read-publication', resource).allowed) return null
	return { ...row, members: members as (typeof members[number] & { organizationId: string })[], consents, user, resource }
}

export async function requirePublication(executor: Executor, actor: Actor, applicationId: string, lock?: 'update') {
	const access = await findPublication(executor, actor, applicationId, lock)
	if (!access) notFound('Ce dossier n’existe pas ou vous n’y avez pas accès.')
	return access
}

/** The policy's answer on this dossier's publication (for `organizationId` when consenting). */
export function decidePublication(access: Pick<PublicationAccess, 'user' | 'resource'>, action: PublicationAction, organizationId?: string) {
	return can(access.user, action, { ...access.resource, organizationId })
}

/** Why the publication is closed, in French; null when it is open. */
export function closedMessage(resource: PublicationResource): string | null {
	const state = publicationOpen(resource)
	return state === 'open' ? null : state === 'not-retained' ? PUBLICATION_MESSAGES.notRetained : PUBLICATION_MESSAGES.evaluationNotApproved
}

const textsOf = (publication: PublicationAccess['publication']): PublicationTexts => ({
	summary: publication?.summary ?? '',
	results: publication?.results ?? '',
	lessons: publication?.lessons ?? '',
})

/** The version a form sends back: the texts' last change, in ms (0 before any text). */
export const versionOfTexts = (publication: { updatedAt: Date } | null) => publication?.updatedAt.getTime() ?? 0

/** What the publication page shows and offers this person. */
export function publicationView(access: PublicationAccess) {
	const consented = new Map(access.consents.map((c) => [c.organizationId, c.consentedAt]))
	const texts = textsOf(access.publication)
	return {
		application: access.application,
		call: { id: access.call.id, title: access.call.title },
		closedMessage: closedMessage(access.resource),
		texts,
		complete: textsComplete(texts),
		version: versionOfTexts(access.publication),
		publishedAt: access.publication?.publishedAt ?? null,
		canEdit: decidePublication(access, 'edit-publication').allowed,
		associations: access.members.map((m) => {
			const decision = decidePublication(access, 'consent-publication', m.organizationId)
			return {
				organizationId: m.organizationId,
				name: m.name,
				lead: m.role === 'lead',
				consentedAt: consented.get(m.organizationId) ?? null,
				// Its référent may also withdraw once the page is closed (never stuck published).
				canAnswer: decision.allowed || (!decision.allowed && decision.reason === 'status' && consented.has(m.organizationId)),
			}
		}),
	}
}

/**
 * Sets or clears published_at from the facts: open, texts complete, every confirmed
 * association consented. Called at the end of each step, in its transaction.
 */
async function syncPublished(tx: Executor, access: PublicationAccess, now: Date): Promise<'published' | 'unpublished' | null> {
	const [publication] = await tx.select().from(projectPublications).where(eq(projectPublications.applicationId, access.application.id))
	if (!publication) return null
	const consents = await tx
		.select({ organizationId: projectPublicationConsents.organizationId })
		.from(projectPublicationConsents)
		.where(eq(projectPublicationConsents.applicationId, access.application.id))
	const given = new Set(consents.map((c) => c.organizationId))
	const everyone = access.members.length > 0 && access.members.every((m) => given.has(m.organizationId))
	const publish = everyone && textsComplete(publication) && publicationOpen(access.resource) === 'open'
	const subject = { subjectType: 'application', subjectId: access.application.id, actorUserId: access.user.id }
	if (publish && !publication.publishedAt) {
		await tx.update(projectPublications).set({ publishedAt: now, updatedAt: publication.updatedAt }).where(eq(projectPublications.applicationId, access.application.id))
		await recordAudit(tx, { ...subject, action: 'publication.published' })
		return 'published'
	}
	if (!publish && publication.publishedAt) {
		await tx.update(projectPublications).set({ publishedAt: null, updatedAt: publication.updatedAt }).where(eq(projectPublications.applicationId, access.application.id))
		await recordAudit(tx, { ...subject, action: 'publication.unpublished' })
		return 'unpublished'
	}
	return null
}

type Refusal = { ok: false; message: string }
export type SaveTextsOutcome = { ok: true; changed: boolean; cleared: number; publication: 'published' | 'unpublished' | null } | Refusal | (Refusal & { stale: true; current: PublicationTexts; version: number })

/** Any member of a confirmed association writes the texts, on the version it read. */
export async function savePublicationTexts(input: { user: Actor; applicationId: string; version: number; texts: PublicationTexts; now?: Date }): Promise<SaveTextsOutcome> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const access = await requirePublication(tx, input.user, input.applicationId, 'update')
		const decision = decidePublication(access, 'edit-publication')
		if (!decision.allowed && decision.reason !== 'status') forbidden(PUBLICATION_MESSAGES.notMember)
		if (!decision.allowed) return { ok: false as const, message: closedMessage(access.resource) ?? PUBLICATION_MESSAGES.notRetained }
		const current = textsOf(access.publication)
		if (input.version !== versionOfTexts(access.publication)) {
			return { ok: false as const, stale: true as const, message: PUBLICATION_MESSAGES.stale, current, version: versionOfTexts(access.publication) }
		}
		if (sameTexts(current, input.texts)) return { ok: true as const, changed: false, cleared: 0, publication: null }
		await tx
			.insert(projectPublications)
			.values({ applicationId: access.application.id, ...input.texts, updatedById: access.user.id, updatedAt: now })
			.onConflictDoUpdate({ target: projectPublications.applicationId, set: { ...input.texts, updatedById: access.user.id, updatedAt: now } })
		// The others consented to the former text: their consent is asked again. The writer's own
		// association keeps its consent when the writer may give it (one of its référents).
		const kept = access.members.filter((m) => decidePublication(access, 'consent-publication', m.organizationId).allowed).map((m) => m.organizationId)
		const cleared = await tx
			.delete(projectPublicationConsents)
			.where(
				and(
					eq(projectPublicationConsents.applicationId, access.application.id),
					kept.length > 0 ? notInArray(projectPublicationConsents.organizationId, kept) : undefined,
				),
			)
			.returning({ organizationId: projectPublicationConsents.organizationId })
		await recordAudit(tx, {
			actorUserId: access.user.id,
			action: 'publication.texts_saved',
			subjectType: 'application',
			subjectId: access.application.id,
			data: { consentsCleared: cleared.map((c) => c.organizationId) },
		})
		const publication = await syncPublished(tx, access, now)
		return { ok: true as const, changed: true, cleared: cleared.length, publication }
	})
}

export type ConsentOutcome = { ok: true; publication: 'published' | 'unpublished' | null } | Refusal

/** One of the association's référents consents, for it, to the texts as they stand. */
export async function consentToPublication(input: { user: Actor; applicationId: string; organizationId: string; version: number; now?: Date }): Promise<ConsentOutcome> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const access = await requirePublication(tx, input.user, input.applicationId, 'update')
		const decision = decidePublication(access, 'consent-publication', input.organizationId)
		if (!decision.allowed && decision.reason !== 'status') forbidden(PUBLICATION_MESSAGES.notReferent)
		if (!decision.allowed) return { ok: false as const, message: closedMessage(access.resource) ?? PUBLICATION_MESSAGES.notRetained }
		if (!access.publication || !textsComplete(access.publication)) return { ok: false as const, message: PUBLICATION_MESSAGES.incomplete }
		// The texts changed after the référent read them: they consent to what they read, not to what they have not seen.
		if (input.version !== versionOfTexts(access.publication)) return { ok: false as const, message: PUBLICATION_MESSAGES.changedSinceRead }
		const inserted = await tx
			.insert(projectPublicationConsents)
			.values({ applicationId: access.application.id, organizationId: input.organizationId, userId: access.user.id, consentedAt: now })
			.onConflictDoNothing()
			.returning({ organizationId: projectPublicationConsents.organizationId })
		if (inserted.length === 0) return { ok: false as const, message: PUBLICATION_MESSAGES.alreadyConsented }
		await recordAudit(tx, {
			actorUserId: access.user.id,
			action: 'publication.consent_given',
			subjectType: 'application',
			subjectId: access.application.id,
			data: { organizationId: input.organizationId },
		})
		return { ok: true as const, publication: await syncPublished(tx, access, now) }
	})
}

/** One of the association's référents withdraws its consent: the project leaves the showcase at once. */
export async function withdrawPublicationConsent(input: { user: Actor; applicationId: string; organizationId: string; now?: Date }): Promise<ConsentOutcome> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const access = await requirePublication(tx, input.user, input.applicationId, 'update')
		const decision = decidePublication(access, 'consent-publication', input.organizationId)
		// A consent can always be withdrawn, whatever became of the dossier since.
		if (!decision.allowed && decision.reason !== 'status') forbidden(PUBLICATION_MESSAGES.notReferent)
		const removed = await tx
			.delete(projectPublicationConsents)
			.where(and(eq(projectPublicationConsents.applicationId, access.application.id), eq(projectPublicationConsents.organizationId, input.organizationId)))
			.returning({ organizationId: projectPublicationConsents.organizationId })
		if (removed.length === 0) return { ok: false as const, message: PUBLICATION_MESSAGES.notConsented }
		await recordAudit(tx, {
			actorUserId: access.user.id,
			action: 'publication.consent_withdrawn',
			subjectType: 'application',
			subjectId: access.application.id,
			data: { organizationId: input.organizationId },
		})
		return { ok: true as const, publication: await syncPublished(tx, access, now) }
	})
}
