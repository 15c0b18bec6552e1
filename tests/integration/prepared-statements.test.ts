/**
 * Statements prepared once per connection on PostgreSQL (decision 034): a statement with
 * parameters is kept by name and executed again without being parsed; one without parameters
 * (a migration may hold several commands) and one with many parameters (a bulk write) stay unnamed and work.
 */
import { eq, inArray, sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db, getConnection } from '#db/client.server.ts'
import { organizations } from '#db/schema/index.ts'
import { createOrganization } from '#tests/factories.ts'

type Transaction = Parameters<Parameters<typeof db.transaction>[0]>[0]
const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[]
/** How many statements of this text the transaction's connection keeps prepared. */
const prepared = async (tx: Transaction, text: string) => Number(rowsOf(await tx.execute(sql`select count(*)::int as n from pg_prepared_statements where statement = ${text}`))[0]!.n)

test('une requête à paramètres est préparée une fois par connexion, puis exécutée par son nom (PostgreSQL)', async () => {
	const organization = await createOrganization({ kind: 'association', name: 'Les Amis du Marché' })
	const byId = (tx: typeof db | Transaction) => tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organization.id))
	const text = byId(db).toSQL().sql
	await db.transaction(async (tx) => {
		expect(await byId(tx)).toEqual([{ name: 'Les Amis du Marché' }])
		expect(await byId(tx)).toEqual([{ name: 'Les Amis du Marché' }])
		// PGlite runs in the process (no round trip to save): its statements are not kept.
		expect(await prepared(tx, text)).toBe(getConnection().kind === 'postgres' ? 1 : 0)
	})
})

test('sans paramètre ou avec beaucoup de paramètres, une requête reste sans nom et fonctionne', async () => {
	const plain = "select 'sans paramètre' as label"
	const created = await Promise.all(Array.from({ length: 40 }, (_, i) => createOrganization({ kind: 'association', name: `Association ${i}` })))
	const ids = created.map((o) => o.id)
	const query = db.select({ id: organizations.id }).from(organizations).where(inArray(organizations.id, ids))
	expect((await query).length).toBe(40)
	await db.transaction(async (tx) => {
		expect((await tx.select({ id: organizations.id }).from(organizations).where(inArray(organizations.id, ids))).length).toBe(40)
		expect(rowsOf(await tx.execute(sql.raw(plain)))).toEqual([{ label: 'sans paramètre' }])
		expect(await prepared(tx, query.toSQL().sql)).toBe(0)
		expect(await prepared(tx, plain)).toBe(0)
	})
})
