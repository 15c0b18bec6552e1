/**
 * The public profile an association controls (issue 12): written and published by its
 * référents, hidden from the directory until published. The coordinates of the
 * association's commune are taken when the profile is saved (for « à N km de »).
 */
import { eq } from 'drizzle-orm'
import { can } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import type { PolicyUser } from '#app/auth/policy/index.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { db } from '#db/client.server.ts'
import { associationProfiles, organizations } from '#db/schema/index.ts'
import { communeCoordinates } from './communes.server.ts'
import { LIMITS, splitCommunes, type ProfileInput } from './options.ts'

type Actor = PolicyUser | { id: string }
export type ProfileRefusal = { ok: false; message: string; field?: keyof ProfileInput }

/** The association, its profile (null before the first save) for its profile page. */
export async function getOwnProfile(organizationId: string) {
	const [row] = await db
		.select({
			organization: { id: organizations.id, name: organizations.name, kind: organizations.kind, commune: organizations.commune, departement: organizations.departement },
			profile: associationProfiles,
		})
		.from(organizations)
		.leftJoin(associationProfiles, eq(associationProfiles.organizationId, organizations.id))
		.where(eq(organizations.id, organizationId))
	return row ?? null
}

/** The form's values from a saved profile (communes one per line). */
export function profileFormValues(profile: typeof associationProfiles.$inferSelect | null) {
	return {
		presentation: profile?.presentation ?? '',
		communes: (profile?.communes ?? []).join('\n'),
		publics: profile?.publics ?? [],
		themes: profile?.themes ?? [],
		offers: profile?.offers ?? [],
		needs: profile?.needs ?? [],
		offerDetails: profile?.offerDetails ?? '',
		needDetails: profile?.needDetails ?? '',
	}
}

/** Checks the communes typed against the known ones; their names as the portal writes them. */
function checkCommunes(input: string, departement: string | null): { ok: true; names: string[] } | ProfileRefusal {
	const names = splitCommunes(input)
	if (names.length > LIMITS.communes) return { ok: false, field: 'communes', message: `Au plus ${LIMITS.communes} communes.` }
	const found: string[] = []
	for (const name of names) {
		if (name.length > LIMITS.communeName) return { ok: false, field: 'communes', message: `« ${name.slice(0, 30)}… » : ${LIMITS.communeName} caractères au plus par commune.` }
		let lookup = communeCoordinates(name)
		// A name several départements share: the association's own département first.
		if (!lookup.ok && departement) {
			const local = communeCoordinates(name, departement)
			if (local.ok) lookup = local
		}
		if (!lookup.ok) return { ok: false, field: 'communes', message: lookup.message }
		found.push(lookup.commune.name)
	}
	return { ok: true, names: [...new Set(found)] }
}

/**
 * Saves the profile (a référent of the association). Returns whether the association's own
 * commune was found: without it, the « à N km de » search cannot find the association.
 */
export async function saveProfile(input: { user: Actor; organizationId: string; values: ProfileInput }): Promise<{ ok: true; located: boolean } | ProfileRefusal> {
	const user = await policyUserOf(db, input.user)
	if (!can(user, 'edit-profile', { kind: 'directory', organizationId: input.organizationId }).allowed) return { ok: false, message: 'Seuls les référents de l’association modifient son profil.' }
	const [organization] = await db.select().from(organizations).where(eq(organizations.id, input.organizationId))
	if (!organization || organization.kind !== 'association') return { ok: false, message: 'Association introuvable.' }
	const communes = checkCommunes(input.values.communes, organization.departement)
	if (!communes.ok) return communes
	const seat = organization.commune ? communeCoordinates(organization.commune, organization.departement) : null
	const coordinates = seat?.ok ? { latitude: seat.commune.latitude, longitude: seat.commune.longitude } : { latitude: null, longitude: null }
	const { communes: _typed, ...values } = input.values
	const row = { ...values, communes: communes.names, ...coordinates, updatedById: user.id, updatedAt: new Date() }
	await db.transaction(async (tx) => {
		await tx
			.insert(associationProfiles)
			.values({ organizationId: organization.id, ...row })
			.onConflictDoUpdate({ target: associationProfiles.organizationId, set: row })
		await recordAudit(tx, { actorUserId: user.id, action: 'directory.profile_saved', subjectType: 'organization', subjectId: organization.id })
	})
	return { ok: true, located: coordinates.latitude !== null }
}

/** Publishes or hides the profile (a référent). Publishing needs a saved profile with a presentation. */
export async function setProfilePublished(input: { user: Actor; organizationId: string; published: boolean; now?: Date }): Promise<{ ok: true } | ProfileRefusal> {
	const user = await policyUserOf(db, input.user)
	if (!can(user, 'edit-profile', { kind: 'directory', organizationId: input.organizationId }).allowed) return { ok: false, message: 'Seuls les référents de l’association publient son profil.' }
	return db.transaction(async (tx) => {
		const [profile] = await tx.select().from(associationProfiles).where(eq(associationProfiles.organizationId, input.organizationId)).for('update')
		if (input.published && (!profile || !profile.presentation.trim())) {
			return { ok: false as const, message: 'Écrivez et enregistrez d’abord la présentation de votre association : c’est elle que les autres associations liront.' }
		}
		if (!profile) return { ok: true as const }
		await tx
			.update(associationProfiles)
			.set({ publishedAt: input.published ? (profile.publishedAt ?? input.now ?? new Date()) : null, updatedById: user.id, updatedAt: new Date() })
			.where(eq(associationProfiles.organizationId, input.organizationId))
		await recordAudit(tx, {
			actorUserId: user.id,
			action: input.published ? 'directory.profile_published' : 'directory.profile_unpublished',
			subjectType: 'organization',
			subjectId: input.organizationId,
		})
		return { ok: true as const }
	})
}
