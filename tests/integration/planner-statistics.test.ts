import { sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { db, getConnection } from '#db/client.server.ts'
import { refreshPlannerStatistics } from '#db/planner-statistics.server.ts'
import { createOrganization } from '#tests/factories.ts'

const rowsOf = (result: unknown) => (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { reltuples: number }[]
const plannerEstimate = async () => Number(rowsOf(await db.execute(sql`select reltuples from pg_class where relname = 'organizations'`))[0]!.reltuples)

test('PGlite (sans autovacuum) : les statistiques du planificateur sont mises à jour ; PostgreSQL les laisse à son autovacuum', async () => {
	for (let i = 0; i < 25; i++) await createOrganization({ kind: 'association' })
	if (getConnection().kind === 'pglite') {
		// Never analysed: the planner does not know the table's size (-1 or 0).
		expect(await plannerEstimate()).toBeLessThan(25)
		expect(await refreshPlannerStatistics()).toBe(true)
		expect(await plannerEstimate()).toBeGreaterThanOrEqual(25)
	} else {
		expect(await refreshPlannerStatistics()).toBe(false)
	}
})
