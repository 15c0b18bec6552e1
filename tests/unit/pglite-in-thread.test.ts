/**
 * The embedded database in a thread of its own (db/pglite-in-thread.ts): what drizzle's PGlite
 * driver asks of it behaves as PGlite in the server's thread did.
 */
import { PGlite, types } from '@electric-sql/pglite'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openPgliteInThread, type PgliteInThread } from '#db/pglite-in-thread.ts'

/** The parsers drizzle's PGlite driver passes with every statement: dates and intervals kept as text. */
const DRIZZLE_PARSERS = { [types.TIMESTAMPTZ]: (value: string) => value, [types.DATE]: (value: string) => value, [types.INTERVAL]: (value: string) => value }

let db: PgliteInThread

beforeAll(async () => {
	db = openPgliteInThread({ dataDir: 'memory://', startParams: PGlite.defaultStartParams })
	await db.waitReady
	await db.query('create table notes (id int primary key, body text not null, at timestamptz not null default now())')
}, 60_000)

// Each test starts from an empty table: none depends on what an earlier one wrote.
beforeEach(async () => {
	await db.query('delete from notes')
})

afterAll(() => db.close())

describe('PGlite in a thread', () => {
	it('returns rows as PGlite does, with the types drizzle keeps as text left as text', async () => {
		const result = await db.query<unknown[]>(
			"select 42::int as n, 12345678901::int8 as big, '{\"a\":[1,2]}'::jsonb as j, '2027-01-31 12:00:00+00'::timestamptz as at, '2027-01-31'::date as d, true as ok",
			[],
			{ rowMode: 'array', parsers: DRIZZLE_PARSERS },
		)
		expect(result.rows).toEqual([[42, 12345678901, { a: [1, 2] }, '2027-01-31 12:00:00+00', '2027-01-31', true]])
		expect(result.fields.map((field) => field.name)).toEqual(['n', 'big', 'j', 'at', 'd', 'ok'])
	})

	it('binds parameters to a named statement, again and again', async () => {
		for (const id of [1, 2, 3]) await db.query('insert into notes (id, body) values ($1, $2)', [id, `note ${id}`])
		const found = await db.query<{ body: string }>('select body from notes where id = $1', [2])
		expect(found.rows).toEqual([{ body: 'note 2' }])
		const again = await db.query<{ body: string }>('select body from notes where id = $1', [3])
		expect(again.rows).toEqual([{ body: 'note 3' }])
	})

	it("brings PostgreSQL's error back with its code and fields, and goes on serving", async () => {
		await db.query('insert into notes (id, body) values ($1, $2)', [1, 'once'])
		const error = await db.query('insert into notes (id, body) values ($1, $2)', [1, 'twice']).catch((e: unknown) => e)
		expect(error).toBeInstanceOf(Error)
		expect(error).toMatchObject({ code: '23505', constraint: 'notes_pkey' })
		expect((error as Error).message).toMatch(/duplicate key/)
		const count = await db.query<{ n: number }>('select count(*)::int as n from notes')
		expect(count.rows[0]!.n).toBe(1)
	})

	it('commits a transaction, and rolls it back when its body throws', async () => {
		await db.transaction(async (tx) => {
			await tx.query('insert into notes (id, body) values ($1, $2)', [10, 'kept'])
		})
		const thrown = await db
			.transaction(async (tx) => {
				await tx.query('insert into notes (id, body) values ($1, $2)', [11, 'dropped'])
				throw new Error('abandon')
			})
			.catch((e: unknown) => e)
		expect((thrown as Error).message).toBe('abandon')
		const rows = await db.query<{ id: number }>('select id from notes where id >= 10 order by id')
		expect(rows.rows).toEqual([{ id: 10 }])
	})

	it('makes a statement outside a transaction wait until the transaction ends', async () => {
		const order: string[] = []
		let outside: Promise<unknown> = Promise.resolve()
		await db.transaction(async (tx) => {
			await tx.query('insert into notes (id, body) values ($1, $2)', [20, 'in transaction'])
			outside = db.query<{ n: number }>('select count(*)::int as n from notes where id = 20', []).then((result) => order.push(`outside saw ${result.rows[0]!.n}`))
			// The thread is free; the outside statement still waits for the transaction.
			await new Promise((resolve) => setTimeout(resolve, 50))
			await tx.query('select 1')
			order.push('transaction ends')
		})
		await outside
		expect(order).toEqual(['transaction ends', 'outside saw 1'])
	})

	it('refuses, before sending, a parser that does not keep the text (it could not cross the thread)', async () => {
		await expect(db.query('select 1::int as n', [], { parsers: { [types.INT4]: (value: string) => Number(value) * 2 } })).rejects.toThrow(/ne garde pas le texte/)
	})

	it('refuses a parameter that cannot cross the thread, and goes on serving', async () => {
		await expect(db.query('select $1::text as t', [() => 'a function'])).rejects.toThrow(/could not be cloned/)
		const result = await db.query<{ t: string }>('select $1::text as t', ['texte'])
		expect(result.rows).toEqual([{ t: 'texte' }])
	})

	it('dumps its data folder, which another thread starts from', async () => {
		await db.query('insert into notes (id, body) values ($1, $2)', [10, 'kept'])
		const dump = await db.dumpDataDir('none')
		expect(dump).toBeInstanceOf(Blob)
		const copy = openPgliteInThread({ dataDir: 'memory://', startParams: PGlite.defaultStartParams, loadDataDir: dump })
		try {
			const rows = await copy.query<{ body: string }>('select body from notes where id = $1', [10])
			expect(rows.rows).toEqual([{ body: 'kept' }])
		} finally {
			await copy.close()
		}
	}, 60_000)

	it('refuses statements once closed', async () => {
		const other = openPgliteInThread({ dataDir: 'memory://', startParams: PGlite.defaultStartParams })
		await other.waitReady
		await other.close()
		await expect(other.query('select 1')).rejects.toThrow()
	}, 60_000)
})
