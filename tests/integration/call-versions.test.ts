/**
 * The call's data version (migration 0020, app/domain/calls/data-version.server.ts): the
 * database's triggers count every change the bilan and the deliberation are computed from,
 * in the changing transaction, and nothing else (0022 adds the questions and the SIRET, which the exports read).
 */
import { eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { bilanDataVersion, callDataVersion } from '#app/domain/calls/data-version.server.ts'
import { db } from '#db/client.server.ts'
import { rowsOf } from '#db/raw-rows.ts'
import { applicationMembers, applications, callQuestions, calls, criteria, evaluationReports, evaluations, juryAssignments, juryConflicts, jurors, organizations, themes } from '#db/schema/index.ts'
import { createCall, createOrganization, createUser } from '#tests/factories.ts'
import { dossier } from '#tests/support/bilan-dossier.ts'

async function scene() {
	const funder = await createOrganization({ kind: 'funder' })
	const call = await createCall({ funderId: funder.id, status: 'jury', deadlineAt: new Date('2026-03-15T12:00:00Z') })
	const other = await createCall({ funderId: funder.id, status: 'jury', deadlineAt: new Date('2026-09-15T12:00:00Z') })
	const [a, b, c] = [await createOrganization(), await createOrganization(), await createOrganization()]
	const application = await dossier({ callId: call.id, status: 'admissible', members: [a, b], report: { status: 'open', consortium: {} } })
	const juror = (await db.insert(jurors).values({ callId: call.id, userId: (await createUser()).id, status: 'active' }).returning())[0]!
	return { funder, call, other, a, b, c, application, juror }
}

describe('la version des données d’un appel', () => {
	test('avance à chaque changement de ce qui compte, et seulement de l’appel concerné', async () => {
		const { funder, call, other, a, b, c, application, juror } = await scene()
		const changes: [string, () => Promise<unknown>][] = [
			['l’appel', () => db.update(calls).set({ envelopeCents: 1_000 }).where(eq(calls.id, call.id))],
			['un thème', () => db.insert(themes).values({ callId: call.id, label: 'Nouveau thème', position: 9 })],
			['un critère', () => db.insert(criteria).values({ callId: call.id, label: 'Critère', description: '', position: 9 })],
			['un juré', () => db.update(jurors).set({ status: 'removed' }).where(eq(jurors.id, juror.id))],
			['un dossier', () => db.update(applications).set({ amountRequestedCents: 5_000 }).where(eq(applications.id, application.id))],
			['un membre du consortium', () => db.update(applicationMembers).set({ status: 'withdrawn' }).where(eq(applicationMembers.organizationId, b.id))],
			['une évaluation', () => db.update(evaluations).set({ answers: { notoriety: 'oui' } }).where(eq(evaluations.applicationId, application.id))],
			['un rapport', () => db.update(evaluationReports).set({ status: 'submitted' }).where(eq(evaluationReports.applicationId, application.id))],
			['une affectation', () => db.insert(juryAssignments).values({ jurorId: juror.id, applicationId: application.id })],
			['un conflit', () => db.insert(juryConflicts).values({ jurorId: juror.id, applicationId: application.id, source: 'declared', cause: 'declared_personal', detail: 'Lien personnel' })],
			['une question', () => db.insert(callQuestions).values({ callId: call.id, label: 'Question', type: 'short_text', required: false, position: 9 })],
			['le SIRET d’une association du consortium', () => db.update(organizations).set({ siret: '84230651600019' }).where(eq(organizations.id, b.id))],
			['le budget d’une association du consortium', () => db.update(organizations).set({ annualBudgetCents: 12_345 }).where(eq(organizations.id, a.id))],
			['le nom du financeur', () => db.update(organizations).set({ name: 'Fondation renommée' }).where(eq(organizations.id, funder.id))],
			['un dossier supprimé', () => db.delete(applications).where(eq(applications.id, application.id))],
		]
		for (const [what, change] of changes) {
			const before = await callDataVersion(db, call.id)
			const otherBefore = await callDataVersion(db, other.id)
			await change()
			expect(await callDataVersion(db, call.id), what).not.toBe(before)
			// The funder's name is read by each of its calls; nothing else here touches the other call.
			if (what !== 'le nom du financeur') expect(await callDataVersion(db, other.id), what).toBe(otherBefore)
		}

		// What no cache reads: an association outside every consortium, or a column not counted.
		const before = await callDataVersion(db, call.id)
		await db.update(organizations).set({ annualBudgetCents: 1 }).where(eq(organizations.id, c.id))
		await db.update(organizations).set({ contactEmail: 'contact@exemple.fr' }).where(eq(organizations.id, a.id))
		await db.insert(applications).values({ callId: other.id, leadOrganizationId: c.id, title: 'Ailleurs', status: 'draft' })
		expect(await callDataVersion(db, call.id)).toBe(before)
	})

	test('dans une transaction, la version compte déjà ses propres changements', async () => {
		const { call, application } = await scene()
		const before = await callDataVersion(db, call.id)
		await db.transaction(async (tx) => {
			await tx.update(applications).set({ proposedAmountCents: 7_000 }).where(eq(applications.id, application.id))
			expect(await callDataVersion(tx, call.id)).not.toBe(before)
		})
	})

	test('la version du bilan suit aussi les appels clos avant, pas ceux d’après', async () => {
		const { funder, call, a, b } = await scene()
		const earlier = await createCall({ funderId: funder.id, status: 'archived', deadlineAt: new Date('2024-03-15T12:00:00Z') })
		const later = await createCall({ funderId: funder.id, status: 'published', deadlineAt: new Date('2027-03-15T12:00:00Z') })
		const v1 = await bilanDataVersion(db, call.id)
		await dossier({ callId: later.id, status: 'submitted', members: [a, b] })
		expect(await bilanDataVersion(db, call.id)).toBe(v1)
		// A partnership of an earlier call: which partnerships already existed changes.
		await dossier({ callId: earlier.id, status: 'closed', members: [a, b] })
		const v2 = await bilanDataVersion(db, call.id)
		expect(v2).not.toBe(v1)
		// The later call moved before this one: it counts now.
		await db.update(calls).set({ deadlineAt: new Date('2025-01-15T12:00:00Z') }).where(eq(calls.id, later.id))
		expect(await bilanDataVersion(db, call.id)).not.toBe(v2)
	})

	test('des écritures simultanées sur un même appel ne s’attendent pas toutes sur une seule ligne', async () => {
		const { call, a, b } = await scene()
		await Promise.all(Array.from({ length: 8 }, () => dossier({ callId: call.id, status: 'submitted', members: [a, b] })))
		const [row] = rowsOf<{ slots: number; total: number }>(await db.execute(sql`select count(*)::int as slots, sum(version)::int as total from call_versions where call_id = ${call.id}`))
		// Each dossier counts its own row and its two members: every change is counted, whatever slot it went to.
		expect(row!.total).toBeGreaterThanOrEqual(8 * 3)
		expect(row!.slots).toBeGreaterThan(1)
	})
})
