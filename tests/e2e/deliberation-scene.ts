/**
 * Run before the portal starts (PGlite is one process at a time), on its data folder: the
 * schema, then a call in deliberation built with the factories — six dossiers in two themes
 * and two départements, three jurors — for tests/e2e/deliberation.test.ts. Prints its handles.
 *   node --import tsx tests/e2e/deliberation-scene.ts
 */
import '../../server/environment.ts'
import { eq } from 'drizzle-orm'
import { closeConnection, db } from '#db/client.server.ts'
import { runMigrations } from '#db/migrate.ts'
import { applications, organizations, themes } from '#db/schema/index.ts'
import { createDeliberation } from '#tests/factories.ts'

await runMigrations()
const scene = await createDeliberation({
	scores: [
		[18, 17, 16],
		[15, 14, 16],
		[13, 12, 14],
		[12, 13, 11],
		[9, 16, 4],
		[7, 6, 8],
	],
	amountsRequestedCents: [1_200_000, 1_000_000, 900_000, 800_000, 1_000_000, 600_000],
	envelopeCents: 3_000_000,
	maxAmountPerProjectCents: 1_500_000,
})
const [jardins, culture] = await db
	.insert(themes)
	.values([
		{ callId: scene.call.id, label: 'Jardins partagés', position: 0 },
		{ callId: scene.call.id, label: 'Culture de proximité', position: 1 },
	])
	.returning()
for (const [index, dossier] of scene.dossiers.entries()) {
	const theme = index % 2 === 0 ? jardins! : culture!
	await db.update(applications).set({ themeIds: [theme.id] }).where(eq(applications.id, dossier.id))
	if (index >= 3) await db.update(organizations).set({ departement: '38', postalCode: '38000' }).where(eq(organizations.id, dossier.application.leadOrganizationId))
}
await closeConnection()
console.log(
	`HANDLES ${JSON.stringify({
		callId: scene.call.id,
		staffEmail: scene.staff.user.email,
		chairEmail: scene.chair!.email,
		titles: scene.dossiers.map((d) => d.application.title),
	})}`,
)
