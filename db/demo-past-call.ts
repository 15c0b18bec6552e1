/**
 * The demo's past call (issue 11): « Vivre ensemble 2012 », kept by the funder in a
 * spreadsheet, imported as staff import it from the page (importPastCall, the template's
 * workbook). The demo's associations that took part are linked by their SIRET, not
 * duplicated; the 2026 call's bilan can then be compared with it.
 */
import { eq } from 'drizzle-orm'
import { importPastCall } from '#app/domain/bilan/import/import-past-call.server.ts'
import { db } from './client.server'
import { pastCallWorkbook } from './demo-past-call-file'
import { organizations, users } from './schema'

export const PAST_CALL_TITLE = 'Vivre ensemble 2012'

export async function seedDemoPastCall(): Promise<void> {
	const [staff] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'gestion@demo.ensemble.test'))
	if (!staff) throw new Error('Données de démonstration : gestionnaire introuvable.')
	const known = await db.select({ name: organizations.name, siret: organizations.siret, rna: organizations.rna }).from(organizations).where(eq(organizations.kind, 'association'))
	const data = await pastCallWorkbook({ known })
	const outcome = await importPastCall({
		user: staff,
		call: { title: PAST_CALL_TITLE, deadlineAt: new Date('2012-06-30T12:00:00Z'), envelopeCents: 18_000_000, funderId: null },
		files: { xlsx: { filename: 'vivre-ensemble-2012.xlsx', data }, csv: {} },
	})
	if (!outcome.ok) throw new Error(`Données de démonstration : l’appel 2012 n’a pas pu être importé (${outcome.message} ${JSON.stringify(outcome.errors.slice(0, 3))})`)
}
