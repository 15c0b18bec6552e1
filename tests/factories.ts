/** Test data builders: each test creates exactly what it needs. */
import { hashPassword } from '#app/auth/password.server.ts'
import { sirenWithKey, withLuhnKey } from '#app/domain/organizations/identifiers.ts'
import { db } from '#db/client.server.ts'
import { calls, jurors, memberships, organizations, themes, users } from '#db/schema/index.ts'

let sequence = 0
const next = () => ++sequence

export const TEST_PASSWORD = 'mot-de-passe-de-test'
let cachedHash: Promise<string> | undefined

export async function createUser(overrides: Partial<typeof users.$inferInsert> & { password?: string } = {}) {
	const n = next()
	const { password, ...rest } = overrides
	cachedHash ??= hashPassword(TEST_PASSWORD)
	const passwordHash = password ? await hashPassword(password) : await cachedHash
	const [user] = await db
		.insert(users)
		.values({
			email: `personne${n}@exemple.test`,
			displayName: `Personne ${n}`,
			passwordHash,
			emailVerifiedAt: new Date(),
			...rest,
		})
		.returning()
	return user!
}

/** A Luhn-valid SIRET, different at each call. */
export function makeSiret(): string {
	const siren = sirenWithKey(String(40000000 + next()).slice(0, 8))
	return withLuhnKey(`${siren}0001`)
}

export function makeRna(): string {
	return `W75${String(1000000 + next()).slice(0, 7)}`
}

export async function createOrganization(overrides: Partial<typeof organizations.$inferInsert> = {}) {
	const n = next()
	const kind = overrides.kind ?? 'association'
	const siret = kind === 'association' ? makeSiret() : null
	const [organization] = await db
		.insert(organizations)
		.values({
			kind,
			name: `${kind === 'association' ? 'Association' : kind === 'funder' ? 'Fondation' : 'Maison des associations'} ${n}`,
			siret,
			siren: siret?.slice(0, 9) ?? null,
			rna: kind === 'association' ? makeRna() : null,
			sector: kind === 'association' ? 'culture' : null,
			postalCode: '69003',
			commune: 'Lyon',
			departement: '69',
			...overrides,
		})
		.returning()
	return organization!
}

export async function addMember(organizationId: string, userId: string, role: 'referent' | 'member' | 'staff') {
	await db.insert(memberships).values({ organizationId, userId, role })
}

/** A user who is the référent (or member) of a new association. */
export async function createAssociationMember(role: 'referent' | 'member' = 'referent') {
	const organization = await createOrganization({ kind: 'association' })
	const user = await createUser()
	await addMember(organization.id, user.id, role)
	return { user, organization }
}

export async function createStaff(kind: 'funder' | 'supporter') {
	const organization = await createOrganization({ kind })
	const user = await createUser()
	await addMember(organization.id, user.id, 'staff')
	return { user, organization }
}

export async function createPlatformAdmin() {
	return createUser({ platformRole: 'admin' })
}

export async function createCall(overrides: Partial<typeof calls.$inferInsert> & { funderId?: string } = {}) {
	const funderId = overrides.funderId ?? (await createOrganization({ kind: 'funder' })).id
	const [call] = await db
		.insert(calls)
		.values({
			title: `Appel ${next()}`,
			status: 'published',
			deadlineAt: new Date(Date.now() + 30 * 24 * 3600 * 1000),
			...overrides,
			funderId,
		})
		.returning()
	await db.insert(themes).values([
		{ callId: call!.id, label: 'Intergénérationnel', position: 0 },
		{ callId: call!.id, label: 'Interculturel', position: 1 },
	])
	return call!
}

export async function createJuror(callId: string) {
	const user = await createUser()
	await db.insert(jurors).values({ callId, userId: user.id })
	return user
}
