/**
 * Supporter structures (Maisons des Associations) and the directory (issue 12): their staff
 * see the published profiles of their territory — the départements of their structures
 * (organizations.departement) — and suggest a partner to an association of that territory,
 * which its référents receive by email and read on the portal.
 */
import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { can, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { referentEmails } from '#app/domain/applications/access.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { db } from '#db/client.server.ts'
import { associationProfiles, organizations, partnerRecommendations } from '#db/schema/index.ts'
import { LIMITS } from './options.ts'
import { cardColumns, publishedWhere } from './search.server.ts'

type Actor = PolicyUser | { id: string }

/** The supporter structures this person works for, with their département (null: territory not set). */
export async function supportersOf(user: PolicyUser) {
	const ids = user.memberships.filter((m) => can(user, 'recommend', { kind: 'directory', organizationId: m.organizationId }).allowed).map((m) => m.organizationId)
	if (ids.length === 0) return []
	return db.select({ id: organizations.id, name: organizations.name, departement: organizations.departement }).from(organizations).where(inArray(organizations.id, ids)).orderBy(asc(organizations.name))
}

const departementsOf = (supporters: { departement: string | null }[]) => [...new Set(supporters.map((s) => s.departement).filter((d): d is string => Boolean(d)))]

/** The published profiles of the structures' départements, a page at a time. */
export async function listTerritoryProfiles(input: { user: PolicyUser; page: number }) {
	const supporters = await supportersOf(input.user)
	const departements = departementsOf(supporters)
	if (departements.length === 0) return { supporters, departements, results: [], total: 0 }
	const pageSize = 50
	const page = Math.max(1, Math.min(input.page, LIMITS.maxPage))
	const rows = await db
		.select({ ...cardColumns, total: sql<number>`count(*) over ()`.mapWith(Number) })
		.from(associationProfiles)
		.innerJoin(organizations, eq(organizations.id, associationProfiles.organizationId))
		.where(and(publishedWhere, inArray(organizations.departement, departements)))
		.orderBy(asc(organizations.departement), asc(organizations.name), asc(organizations.id))
		.limit(pageSize)
		.offset((page - 1) * pageSize)
	return { supporters, departements, results: rows.map(({ total: _t, ...row }) => row), total: rows[0]?.total ?? 0, page, pageCount: Math.max(1, Math.ceil((rows[0]?.total ?? 0) / pageSize)) }
}

/** The associations of the structures' territory a partner may be suggested to (bounded list, by name), except `exceptId`. */
export async function territoryAssociations(user: PolicyUser, exceptId: string) {
	const departements = departementsOf(await supportersOf(user))
	if (departements.length === 0) return []
	return db
		.select({ id: organizations.id, name: organizations.name, commune: organizations.commune, departement: organizations.departement })
		.from(organizations)
		.where(and(eq(organizations.kind, 'association'), inArray(organizations.departement, departements), ne(organizations.id, exceptId)))
		.orderBy(asc(organizations.name), asc(organizations.id))
		.limit(300)
}

export type RecommendRefusal = { ok: false; message: string; field?: 'toOrganizationId' | 'note' }

/** A supporter's staff member suggests the published profile `recommendedOrganizationId` to an association of their territory. */
export async function recommendPartner(input: {
	user: Actor
	recommendedOrganizationId: string
	toOrganizationId: string
	note: string
}): Promise<{ ok: true } | RecommendRefusal> {
	const user = await policyUserOf(db, input.user)
	const supporters = (await supportersOf(user)).filter((s) => s.departement)
	if (supporters.length === 0) return { ok: false, message: 'Votre structure n’a pas de département renseigné : demandez à l’administrateur de la plateforme de le compléter.' }
	if (input.toOrganizationId === input.recommendedOrganizationId) return { ok: false, field: 'toOrganizationId', message: 'Choisissez une autre association que celle que vous suggérez.' }
	const recommendedOrganization = alias(organizations, 'recommended')
	const [recommended] = await db
		.select({ name: recommendedOrganization.name })
		.from(associationProfiles)
		.innerJoin(recommendedOrganization, eq(recommendedOrganization.id, associationProfiles.organizationId))
		.where(and(eq(associationProfiles.organizationId, input.recommendedOrganizationId), isNotNull(associationProfiles.publishedAt), eq(recommendedOrganization.kind, 'association')))
	if (!recommended) return { ok: false, message: 'Ce profil n’est pas publié dans l’annuaire.' }
	const [to] = await db
		.select({ id: organizations.id, name: organizations.name, departement: organizations.departement })
		.from(organizations)
		.where(and(eq(organizations.id, input.toOrganizationId.slice(0, 100)), eq(organizations.kind, 'association')))
	const supporter = to ? supporters.find((s) => s.departement === to.departement) : undefined
	if (!to || !supporter) return { ok: false, field: 'toOrganizationId', message: 'Choisissez une association de votre territoire.' }
	const note = input.note.trim().slice(0, LIMITS.note)
	return db.transaction(async (tx) => {
		const inserted = await tx
			.insert(partnerRecommendations)
			.values({ supporterOrganizationId: supporter.id, recommendedById: user.id, toOrganizationId: to.id, recommendedOrganizationId: input.recommendedOrganizationId, note })
			.onConflictDoNothing()
			.returning({ id: partnerRecommendations.id })
		if (inserted.length === 0) return { ok: false as const, field: 'toOrganizationId' as const, message: `Votre structure a déjà suggéré ce partenaire à ${to.name}.` }
		for (const { email } of await referentEmails(tx, [to.id])) {
			await enqueueEmail(tx, {
				to: email,
				template: 'partner-recommendation',
				data: { structureName: supporter.name, partnerName: recommended.name, note, url: `${appUrl()}/partenaires/${input.recommendedOrganizationId}` },
			})
		}
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'directory.partner_recommended',
			subjectType: 'organization',
			subjectId: to.id,
			data: { recommendedOrganizationId: input.recommendedOrganizationId, supporterOrganizationId: supporter.id },
		})
		return { ok: true as const }
	})
}

/** The partners suggested to this association (still published), newest first. */
export async function recommendationsFor(organizationId: string) {
	const supporter = alias(organizations, 'supporter')
	const recommended = alias(organizations, 'recommended')
	return db
		.select({
			id: partnerRecommendations.id,
			note: partnerRecommendations.note,
			createdAt: partnerRecommendations.createdAt,
			supporterName: supporter.name,
			partnerId: recommended.id,
			partnerName: recommended.name,
		})
		.from(partnerRecommendations)
		.innerJoin(supporter, eq(supporter.id, partnerRecommendations.supporterOrganizationId))
		.innerJoin(recommended, eq(recommended.id, partnerRecommendations.recommendedOrganizationId))
		.innerJoin(associationProfiles, eq(associationProfiles.organizationId, recommended.id))
		.where(and(eq(partnerRecommendations.toOrganizationId, organizationId), isNotNull(associationProfiles.publishedAt)))
		.orderBy(desc(partnerRecommendations.createdAt))
		.limit(50)
}
