/**
 * Retention of drafts never submitted (issue 13, docs/decisions/030): warned once a month
 * before, deleted RETENTION_DRAFT_MONTHS (12 by default) after their call closed, a
 * submitted dossier never touched; each run recorded and shown to the platform admin.
 */
import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runRetention, runRetentionIfDue } from '#app/domain/personal-data/retention.server.ts'
import { parseEnv } from '#app/env.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, attachments, auditEvents, calls, outboxMessages, retentionRuns, storageOrphans } from '#db/schema/index.ts'
import { addMember, createApplication, createCall, createPlatformAdmin, createUser } from '#tests/factories.ts'
import { get, login, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

const DAY = 24 * 3600_000
const CLOSED = new Date('2026-03-15T11:00:00Z')
/** A date `months` calendar months (and `days` days) after the call closed. */
const after = (months: number, days = 0) => {
	const date = new Date(CLOSED)
	date.setUTCMonth(date.getUTCMonth() + months)
	return new Date(date.getTime() + days * DAY)
}

/** A closed call with a complete draft (two référents, files, a partner), a bare draft and a submitted dossier. */
async function closedCallWithDrafts() {
	const call = await createCall({ requiredAttachments: [{ key: 'rib', label: 'RIB', givenBy: 'lead' }] })
	const draft = await createApplication({ call, status: 'draft', complete: true, coCarriers: 1, title: 'Brouillon complet' })
	const secondReferent = await createUser()
	await addMember(draft.lead.organization.id, secondReferent.id, 'referent')
	const bare = await createApplication({ call, status: 'draft', complete: false, coCarriers: 0, title: 'Brouillon vide' })
	const submitted = await createApplication({ call, status: 'submitted', title: 'Dossier déposé' })
	await db.update(calls).set({ status: 'closed', closedAt: CLOSED }).where(eq(calls.id, call.id))
	return { call, draft, secondReferent, bare, submitted }
}

const warningsTo = (address: string) =>
	db.select().from(outboxMessages).where(and(eq(outboxMessages.toAddress, address), eq(outboxMessages.template, 'draft-retention-warning')))

describe('retention of drafts never submitted', () => {
	test('warned once at N−1 months, deleted at N, a submitted dossier never touched', async () => {
		const { draft, secondReferent, bare, submitted } = await closedCallWithDrafts()
		const ids = [draft.id, bare.id, submitted.id]
		const draftFiles = await db.select({ key: attachments.storageKey }).from(attachments).where(eq(attachments.applicationId, draft.id))
		expect(draftFiles).not.toEqual([])

		// Ten months after the close: nothing yet.
		expect(await runRetention(after(10))).toMatchObject({ draftsWarned: 0, draftsDeleted: 0 })
		expect(await warningsTo(draft.lead.user.email)).toEqual([])

		// Eleven months: both drafts warned, each référent of the lead once; the submitted dossier is not.
		expect(await runRetention(after(11, 1))).toMatchObject({ draftsWarned: 2, draftsDeleted: 0 })
		const [warning] = await warningsTo(draft.lead.user.email)
		expect(warning!.subject).toContain('« Brouillon complet » sera supprimé')
		expect(warning!.text).toContain('12 mois après la clôture')
		expect(await warningsTo(secondReferent.email)).toHaveLength(1)
		expect(await warningsTo(submitted.lead.user.email)).toEqual([])
		const [submittedRow] = await db.select().from(applications).where(eq(applications.id, submitted.id))
		expect(submittedRow!.retentionWarnedAt).toBeNull()

		// Again the next day and the month after: no second warning, nothing deleted before N.
		expect(await runRetention(after(11, 2))).toMatchObject({ draftsWarned: 0, draftsDeleted: 0 })
		expect(await runRetention(after(11, 20))).toMatchObject({ draftsWarned: 0, draftsDeleted: 0 })
		expect(await warningsTo(draft.lead.user.email)).toHaveLength(1)

		// Twelve months: the drafts are deleted with their consortium and file rows; the submitted dossier stays.
		expect(await runRetention(after(12, 2))).toMatchObject({ draftsWarned: 0, draftsDeleted: 2 })
		const left = await db.select({ id: applications.id }).from(applications).where(inArray(applications.id, ids))
		expect(left).toEqual([{ id: submitted.id }])
		expect(await db.select().from(attachments).where(eq(attachments.applicationId, draft.id))).toEqual([])
		expect(await db.select().from(applicationMembers).where(eq(applicationMembers.applicationId, draft.id))).toEqual([])
		expect(await db.select().from(attachments).where(eq(attachments.applicationId, submitted.id))).not.toEqual([])
		// Their files are left to the storage sweep, recorded in the deleting transaction.
		const candidates = (await db.select({ key: storageOrphans.key }).from(storageOrphans)).map((row) => row.key)
		for (const { key } of draftFiles) expect(candidates).toContain(key)
		const deletedEvents = await db.select().from(auditEvents).where(eq(auditEvents.action, 'retention.draft_deleted'))
		expect(deletedEvents.map((e) => e.subjectId).sort()).toEqual([draft.id, bare.id].sort())

		// Years later, the submitted dossier is still there.
		expect(await runRetention(after(60))).toMatchObject({ draftsWarned: 0, draftsDeleted: 0 })
		expect(await db.select({ id: applications.id }).from(applications).where(eq(applications.id, submitted.id))).toHaveLength(1)
	})

	test('a draft never warned (the job was off) is warned first, and deleted only a month later', async () => {
		const { draft } = await closedCallWithDrafts()
		expect(await runRetention(after(14))).toMatchObject({ draftsWarned: 2, draftsDeleted: 0 })
		expect(await runRetention(after(14, 20))).toMatchObject({ draftsDeleted: 0 })
		expect(await runRetention(after(15, 1))).toMatchObject({ draftsDeleted: 2 })
		expect(await db.select().from(applications).where(eq(applications.id, draft.id))).toEqual([])
	})

	test('a call still open keeps its drafts, however old', async () => {
		const app = await createApplication({ status: 'draft', title: 'Brouillon d’un appel ouvert' })
		await db.update(calls).set({ deadlineAt: CLOSED }).where(eq(calls.id, app.call.id))
		expect(await runRetention(after(30))).toMatchObject({ draftsWarned: 0, draftsDeleted: 0 })
		expect(await db.select().from(applications).where(eq(applications.id, app.id))).toHaveLength(1)
	})

	test('the scheduled job runs once a day, every run is recorded and shown to the platform admin only', async () => {
		await closedCallWithDrafts()
		const first = await runRetentionIfDue(after(11, 1))
		expect(first).toMatchObject({ draftsWarned: 2 })
		expect(await runRetentionIfDue(new Date(after(11, 1).getTime() + 3600_000))).toBeNull()
		expect(await runRetentionIfDue(new Date(after(11, 2).getTime() + 60_000))).toMatchObject({ draftsWarned: 0 })
		const runs = await db.select().from(retentionRuns)
		expect(runs).toHaveLength(2)
		expect(runs.find((r) => r.id === first!.runId)).toMatchObject({ draftMonths: 12, draftsWarned: 2, draftsDeleted: 0, error: null })

		const admin = await createPlatformAdmin()
		const page = (await (await get(server, '/admin/conservation', await login(server, admin.email))).text()).replaceAll('<!-- -->', '')
		expect(page).toContain('Brouillon complet')
		expect(page).toContain('12 mois après la clôture')
		const someoneElse = await createUser()
		expect((await get(server, '/admin/conservation', await login(server, someoneElse.email))).status).toBe(403)
	})

	test('the retention is a setting: RETENTION_DRAFT_MONTHS, 12 by default, a whole number of months', () => {
		const env = (values: Record<string, string>) => parseEnv(values as NodeJS.ProcessEnv)
		expect(env({}).RETENTION_DRAFT_MONTHS).toBe(12)
		expect(env({ RETENTION_DRAFT_MONTHS: '24' }).RETENTION_DRAFT_MONTHS).toBe(24)
		expect(() => env({ RETENTION_DRAFT_MONTHS: 'douze' })).toThrow(/RETENTION_DRAFT_MONTHS/)
		expect(() => env({ RETENTION_DRAFT_MONTHS: '1' })).toThrow(/RETENTION_DRAFT_MONTHS/)
	})
})
