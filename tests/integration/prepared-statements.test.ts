/**
 * Statements prepared once per connection (decision 034), on PostgreSQL as on PGlite
 * (db/pglite-statements.ts): a statement with parameters is kept by name and executed again
 * without being parsed, inside a transaction or not; one without parameters
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

test('une requête à paramètres est préparée une fois par connexion, puis exécutée par son nom', async () => {
	const organization = await createOrganization({ kind: 'association', name: 'Les Amis du Marché' })
	const byId = (tx: typeof db | Transaction) => tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organization.id))
	const text = byId(db).toSQL().sql
	await db.transaction(async (tx) => {
		expect(await byId(tx)).toEqual([{ name: 'Les Amis du Marché' }])
		expect(await byId(tx)).toEqual([{ name: 'Les Amis du Marché' }])
		expect(await prepared(tx, text)).toBe(1)
	})
	// Outside a transaction, the same statement.
	expect(await byId(db)).toEqual([{ name: 'Les Amis du Marché' }])
	await db.transaction(async (tx) => expect(await prepared(tx, text)).toBe(1))
})

test('sur PGlite, une requête gardée garde son plan générique ; PostgreSQL choisit (décision 041)', async () => {
	const organization = await createOrganization({ kind: 'association', name: 'Les Amis du Marché' })
	// As a visibility clause: a branch that the person's facts (a parameter) rule out. Planned for each execution,
	// PostgreSQL would drop it; kept generic, the plan serves every person.
	const visible = (tx: typeof db | Transaction, isAdmin: boolean) =>
		tx
			.select({ name: organizations.name })
			.from(organizations)
			.where(sql`${organizations.id} = ${organization.id} and (${isAdmin}::boolean or ${organizations.kind} = ${'association'})`)
	const text = visible(db, false).toSQL().sql
	const embedded = getConnection().kind === 'pglite'
	await db.transaction(async (tx) => {
		for (let i = 0; i < 8; i++) expect(await visible(tx, i % 2 === 0)).toEqual([{ name: 'Les Amis du Marché' }])
		const [setting] = rowsOf(await tx.execute(sql`select current_setting('plan_cache_mode') as mode`))
		expect(setting).toEqual({ mode: embedded ? 'force_generic_plan' : 'auto' })
		const [plans] = rowsOf(await tx.execute(sql`select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements where statement = ${text}`))
		// On PGlite, planned once for any parameters; PostgreSQL plans the first five executions for their parameters.
		if (embedded) expect(plans).toEqual({ generic: 8, custom: 0 })
		else expect(Number(plans!.custom)).toBeGreaterThanOrEqual(5)
	})
})

test('une erreur dans une requête nommée laisse la connexion utilisable, dans une transaction ou non', async () => {
	const organization = await createOrganization({ kind: 'association', name: 'Les Amis du Marché' })
	const insertSame = (tx: typeof db | Transaction) => tx.insert(organizations).values({ id: organization.id, kind: 'association', name: 'Doublon' })
	await expect(insertSame(db)).rejects.toMatchObject({ cause: { code: '23505' } })
	await expect(insertSame(db)).rejects.toMatchObject({ cause: { code: '23505' } })
	await expect(db.transaction(async (tx) => insertSame(tx))).rejects.toMatchObject({ cause: { code: '23505' } })
	// Nothing was written, and the next statements run.
	expect(await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organization.id))).toEqual([{ name: 'Les Amis du Marché' }])
	expect(await db.transaction(async (tx) => tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organization.id)))).toEqual([{ name: 'Les Amis du Marché' }])
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

test('une requête nommée rend ses 300 000 lignes, dans une transaction ou non', async () => {
	// One protocol message per row: the rows of a large read (a journal, an export) are not spread as arguments.
	const count = 300_000
	const series = (tx: typeof db | Transaction) => tx.execute(sql`select g from generate_series(1, ${count}::int) as g`)
	const rows = rowsOf(await series(db)) as { g: number }[]
	expect(rows.length).toBe(count)
	expect(rows.at(-1)).toEqual({ g: count })
	expect(rowsOf(await db.transaction(async (tx) => series(tx))).length).toBe(count)
}, 60_000)
