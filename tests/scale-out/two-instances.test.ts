/**
 * Two app servers on one PostgreSQL and one S3-compatible store (issue 13), each the built
 * server in a process of its own (tests/support/app-instances.ts; run `npm run build` first).
 * Its own vitest project (`npx vitest run --project scale-out`): it needs PostgreSQL (a
 * throwaway cluster, or a database of its own on TEST_DATABASE_URL's server), so it runs once,
 * not in both integration runs. The long form is `npm run bench -- scale-out`.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, count, eq, inArray } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { applications, auditEvents, calls, scheduledRuns } from '#db/schema/index.ts'
import { TEST_PASSWORD } from '#tests/factories.ts'
import { prepareConsortia } from '../bench/deadline-rush.ts'
import { postgresTool } from '../support/pg-cluster.ts'
import { burst, callClosingSoon, crossServers, mailsOf, mailsSent, receiptsReadable, startScaleOut, verify, type ScaleOut } from '../bench/scale-out.ts'

let cluster: ScaleOut

beforeAll(async () => {
	cluster = await startScaleOut({ count: 2, intervalMs: 500 })
}, 240_000)

afterAll(async () => {
	await cluster?.close()
}, 60_000)

describe('deux serveurs d’application sur une base et un stockage objet', () => {
	test('une pièce déposée sur A se télécharge sur B ; une session ouverte sur A vaut sur B', async () => {
		const [a, b] = cluster.instances
		const crossed = await crossServers(a!, b!, TEST_PASSWORD)
		expect(crossed).toEqual({ sessionCrossed: true, uploadStatus: 302, fileCrossed: true })
	})

	test('la clôture à la date limite et le rappel passent une fois, bien que les deux serveurs tournent', async () => {
		const { callId, referents } = await callClosingSoon(3_000)
		await expect.poll(async () => (await db.select({ status: calls.status }).from(calls).where(eq(calls.id, callId)))[0]!.status, { timeout: 30_000, interval: 250 }).toBe('closed')
		const events = await db
			.select({ action: auditEvents.action })
			.from(auditEvents)
			.where(and(eq(auditEvents.subjectId, callId), inArray(auditEvents.action, ['call.closed', 'call.deadline_reminder_sent'])))
		expect(events.map((e) => e.action).sort()).toEqual(['call.closed', 'call.deadline_reminder_sent'])
		const { counts } = await mailsSent(cluster.instances)
		const reminders = await mailsOf('deadline-reminder', referents, counts)
		expect(reminders.map((r) => [r.to, r.status, r.written]).sort()).toEqual(referents.map((to) => [to, 'sent', 1]).sort())
		// Both servers tick and each ran some of the jobs' due times: the claim, not luck, kept it once.
		const runs = await db.select({ instanceId: scheduledRuns.instanceId }).from(scheduledRuns)
		expect(new Set(runs.map((r) => r.instanceId))).toEqual(new Set(cluster.instances.map((i) => i.name)))
	})

	test('200 dépôts répartis sur les deux serveurs : tous enregistrés une fois, avec leur récépissé ; chaque e-mail part une fois', async () => {
		const consortia = await prepareConsortia(200)
		const { acknowledged } = await burst(cluster.instances, consortia, { concurrency: 40 })
		expect(acknowledged).toHaveLength(200)
		expect(await verify(acknowledged)).toEqual({ stored: 200, lost: 0, duplicated: 0 })
		expect(await receiptsReadable(cluster.instances, consortia, acknowledged)).toBe(200)
		const mails = await mailsSent(cluster.instances)
		expect({ sentTwice: mails.sentTwice, missing: mails.missing, pending: mails.pending }).toEqual({ sentTwice: 0, missing: 0, pending: 0 })
	})

	test('la sauvegarde du README (pg_dump, serveurs en marche) se restaure avec sa commande (createdb, pg_restore)', async () => {
		const folder = mkdtempSync(path.join(os.tmpdir(), 'ensemble-backup-'))
		const dump = path.join(folder, 'ensemble.dump')
		const restoredName = `ensemble_restauree_${process.pid}`
		const restoredUrl = new URL(cluster.databaseUrl)
		restoredUrl.pathname = `/${restoredName}`
		const run = (command: string, args: string[]) => execFileSync(postgresTool(command), args, { stdio: ['ignore', 'pipe', 'pipe'] })
		// The README's commands, word for word but for the names.
		run('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, cluster.databaseUrl])
		run('createdb', [`--maintenance-db=${cluster.databaseUrl}`, restoredName])
		const restored = postgres(restoredUrl.toString(), { max: 1, onnotice: () => {} })
		try {
			run('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${restoredUrl.toString()}`, dump])
			const counts = async (sql: postgres.Sql) =>
				sql`select
					(select count(*) from users)::int as users,
					(select count(*) from organizations)::int as organizations,
					(select count(*) from calls)::int as calls,
					(select count(*) from applications where status = 'submitted')::int as submitted,
					(select count(*) from attachments)::int as attachments,
					(select count(*) from drizzle.__drizzle_migrations)::int as migrations`
			const source = postgres(cluster.databaseUrl, { max: 1, onnotice: () => {} })
			try {
				const [before] = await counts(source)
				const [after] = await counts(restored)
				expect(before!.submitted).toBeGreaterThanOrEqual(200)
				expect(after).toEqual(before)
			} finally {
				await source.end()
			}
		} finally {
			await restored.end()
			const admin = postgres(cluster.databaseUrl, { max: 1, onnotice: () => {} })
			await admin.unsafe(`drop database if exists ${restoredName} with (force)`)
			await admin.end()
			rmSync(folder, { recursive: true, force: true })
		}
	})

	test('un serveur tué (SIGKILL) en plein dépôt : aucun dépôt accusé n’est perdu ni compté deux fois', async () => {
		const consortia = await prepareConsortia(60)
		const [, b] = cluster.instances
		const outcome = await burst(cluster.instances, consortia, { concurrency: 20, killAfter: 15, victim: b })
		expect(outcome.killed).toBe(true)
		expect(b!.process.signalCode).toBe('SIGKILL')
		// Enough went through before and after the kill for the check to mean something.
		expect(outcome.acknowledged.length).toBeGreaterThan(30)
		expect(new Set(outcome.acknowledged).size).toBe(outcome.acknowledged.length)
		expect(await verify(outcome.acknowledged)).toEqual({ stored: outcome.acknowledged.length, lost: 0, duplicated: 0 })
		// Nothing submitted twice, acknowledged or not.
		const ids = consortia.map((c) => c.applicationId)
		const submittedEvents = await db
			.select({ subjectId: auditEvents.subjectId, value: count() })
			.from(auditEvents)
			.where(and(inArray(auditEvents.subjectId, ids), eq(auditEvents.action, 'application.submitted')))
			.groupBy(auditEvents.subjectId)
		expect(submittedEvents.filter((e) => e.value > 1)).toEqual([])
		const [{ value: submitted }] = await db
			.select({ value: count() })
			.from(applications)
			.where(and(inArray(applications.id, ids), eq(applications.status, 'submitted')))
		expect(submitted).toBe(submittedEvents.length)
		const mails = await mailsSent(cluster.instances)
		expect(mails.sentTwice).toBe(0)
	})
})
