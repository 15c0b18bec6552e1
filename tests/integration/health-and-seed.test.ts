import { and, eq, isNotNull } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { verifyPassword } from '#app/auth/password.server.ts'
import { checkRna, checkSiret } from '#app/domain/organizations/identifiers.ts'
import { listOpenCalls } from '#app/domain/calls/calls.server.ts'
import { loader as healthz } from '#app/routes/healthz.ts'
import { connect } from '#db/client.server.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo, seedDemoIfNeeded } from '#db/seed.ts'
import { db } from '#db/client.server.ts'
import { calls, jurors, memberships, organizations, themes, users } from '#db/schema/index.ts'

describe('/healthz', () => {
	test('200 quand la base répond, 503 sinon', async () => {
		expect((await healthz()).status).toBe(200)

		const holder = globalThis as unknown as { __ensembleConnection?: unknown }
		const real = holder.__ensembleConnection
		const broken = connect({ databaseUrl: 'postgres://ensemble@127.0.0.1:1/absente' })
		holder.__ensembleConnection = broken
		try {
			const response = await healthz()
			expect(response.status).toBe(503)
			expect(await response.text()).toContain('indisponible')
		} finally {
			holder.__ensembleConnection = real
			await broken.close()
		}
	})
})

describe('données de démonstration', () => {
	test('un compte par rôle, huit associations valides dans trois départements, l’appel et ses thèmes', async () => {
		await seedDemo()

		const accounts = await db.select().from(users)
		expect(accounts.map((u) => u.email).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.email).sort())
		expect(await verifyPassword(accounts[0]!.passwordHash, DEMO_PASSWORD)).toBe(true)
		expect(accounts.find((u) => u.email === 'admin@demo.ensemble.test')?.platformRole).toBe('admin')

		const associations = await db.select().from(organizations).where(eq(organizations.kind, 'association'))
		expect(associations).toHaveLength(8)
		for (const association of associations) {
			expect(checkSiret(association.siret!).ok, association.siret!).toBe(true)
			expect(checkRna(association.rna!).ok, association.rna!).toBe(true)
			expect(association.siren).toBe(association.siret!.slice(0, 9))
		}
		expect(new Set(associations.map((a) => a.departement)).size).toBe(3)
		expect(new Set(associations.map((a) => a.siren)).size).toBe(8)

		const referents = await db
			.select({ email: users.email })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(and(eq(memberships.role, 'referent'), isNotNull(memberships.organizationId)))
		expect(referents).toHaveLength(8)

		const [call] = await db.select().from(calls)
		expect(call?.title).toBe('Vivre ensemble 2027')
		expect(call?.minAssociations).toBe(2)
		expect(call?.deadlineAt!.getTime()).toBeGreaterThan(Date.now())
		expect((await db.select().from(themes)).map((t) => t.label).sort()).toEqual(
			['Interculturel', 'Intergénérationnel', 'Mixité entre filles et garçons', 'Rencontre handicap/valide'].sort(),
		)
		expect(await db.select().from(jurors)).toHaveLength(3)

		const open = await listOpenCalls()
		expect(open.map((c) => c.title)).toEqual(['Vivre ensemble 2027'])
		expect(open[0]!.themes).toHaveLength(4)
	})

	test('ne se charge pas en production sans demande explicite, ni sur une base déjà remplie', async () => {
		expect(await seedDemoIfNeeded({ NODE_ENV: 'production', SEED_DEMO: 'auto' })).toBe(false)
		expect(await seedDemoIfNeeded({ NODE_ENV: 'development', SEED_DEMO: 'never' })).toBe(false)
		expect(await db.select().from(users)).toHaveLength(0)

		expect(await seedDemoIfNeeded({ NODE_ENV: 'production', SEED_DEMO: 'always' })).toBe(true)
		expect(await seedDemoIfNeeded({ NODE_ENV: 'development', SEED_DEMO: 'auto' })).toBe(false)
		expect(await db.select().from(calls)).toHaveLength(1)
	})
})
