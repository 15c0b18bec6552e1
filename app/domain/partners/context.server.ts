/**
 * What the announcements, their answers and the tirage au sort share: the call as they read
 * it, whether it takes announcements, the actor as the lifecycle names it, the links, and
 * who is told by email.
 */
import { and, eq, inArray, isNotNull, ne } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import { can, type PartnersAction, type PartnersResource, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { CALL_NOT_PUBLISHED, callOpenState } from '#app/domain/applications/published-calls.server.ts'
import type { Actor as LifecycleActor, Capacity } from '#app/domain/lifecycle/transitions.ts'
import { appUrl } from '#app/env.server.ts'
import { type Executor } from '#db/client.server.ts'
import { associationProfiles, calls, organizations } from '#db/schema/index.ts'

export type Actor = { id: string } | PolicyUser
export type Refusal<F extends string = string> = { ok: false; message: string; field?: F }

export const CALL_CLOSED_MESSAGE = 'Cet appel à projets n’accepte plus d’annonce ni de réponse : sa date limite est passée.'

/** A published (not draft) call, as these pages read it, or a 404. `lock` keeps it from closing under a write. */
export async function loadPartnerCall(executor: Executor, callId: string, lock = false) {
	let query = executor
		.select({
			id: calls.id,
			title: calls.title,
			status: calls.status,
			funderId: calls.funderId,
			opensAt: calls.opensAt,
			deadlineAt: calls.deadlineAt,
			partnerDrawEnabled: calls.partnerDrawEnabled,
			partnerDrawGroupSize: calls.partnerDrawGroupSize,
		})
		.from(calls)
		.where(and(eq(calls.id, callId), ne(calls.status, 'draft')))
		.$dynamic()
	if (lock) query = query.for('share')
	const [call] = await query
	if (!call) notFound(CALL_NOT_PUBLISHED)
	return call
}
export type PartnerCall = Awaited<ReturnType<typeof loadPartnerCall>>

/** Announcements, answers and volunteers are taken while the call is published and its deadline not passed (before its opening too). */
export function takesAnnouncements(call: Pick<PartnerCall, 'status' | 'deadlineAt' | 'opensAt'>, now: Date): boolean {
	return callOpenState(call, now) !== 'closed'
}

export async function decide(executor: Executor, user: Actor, action: PartnersAction, resource: Omit<PartnersResource, 'kind'>) {
	const viewer = await policyUserOf(executor, user)
	return can(viewer, action, { kind: 'partners', ...resource })
}

export const actorAs = (user: Actor, capacity: Capacity): LifecycleActor => ({ userId: user.id, capacities: [capacity] })

export const partnersUrl = (callId: string) => `${appUrl()}/appels/${callId}/partenaires`
export const announcementUrl = (callId: string, announcementId: string) => `${partnersUrl(callId)}/${announcementId}`

/** The public directory's profile path of each association whose profile is published (issue 12, /partenaires/:id). */
export async function publishedProfiles(executor: Executor, organizationIds: string[]): Promise<Set<string>> {
	if (organizationIds.length === 0) return new Set()
	const rows = await executor
		.select({ id: associationProfiles.organizationId })
		.from(associationProfiles)
		.where(and(inArray(associationProfiles.organizationId, [...new Set(organizationIds)]), isNotNull(associationProfiles.publishedAt)))
	return new Set(rows.map((r) => r.id))
}

/** Name and département of associations: what the public pages show of them (never a contact detail). */
export async function associationsById(executor: Executor, organizationIds: string[]) {
	if (organizationIds.length === 0) return new Map<string, { name: string; departement: string | null }>()
	const rows = await executor
		.select({ id: organizations.id, name: organizations.name, departement: organizations.departement })
		.from(organizations)
		.where(inArray(organizations.id, [...new Set(organizationIds)]))
	return new Map(rows.map((r) => [r.id, { name: r.name, departement: r.departement }]))
}

/** The référents' addresses of these associations (emails only, never shown on a page). */
export { referentEmails as referentAddresses } from '#app/domain/applications/access.server.ts'
