import { and, asc, eq } from 'drizzle-orm'
import { afterEach, describe, expect, test } from 'vitest'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { CALL_JOBS, startCallJobs } from '#app/domain/calls/call-jobs.server.ts'
import { startDecisionLetters } from '#app/domain/letters/decision-letters.server.ts'
import { runJobsOnce } from '#app/services/jobs.server.ts'
import { deliverDueMessages, setMailTransport, type OutgoingMail } from '#app/services/outbox.server.ts'
import { dueTimeOf, pruneScheduledRuns, runScheduledJobs, SCHEDULED_RUNS_KEPT_MS, scheduledJobsOverview, startScheduler, type ScheduledJob } from '#app/services/scheduler.server.ts'
import { db } from '#db/client.server.ts'
import { auditEvents, backgroundJobs, calls, decisionLetters, outboxMessages, scheduledRuns } from '#db/schema/index.ts'
import { createCall, createPlatformAdmin, createStaff } from '#tests/factories.ts'
import { get, login, startTestServer } from '#tests/support/server.ts'
import { seedDecidedCall } from '#tests/support/decided-call.ts'

const label = 'Test'

/** A job that counts its runs (and waits a little, so that concurrent servers overlap). */
function countingJob(name: string, result: unknown = ['a', 'b']) {
	const runs: Date[] = []
	const job: ScheduledJob = {
		name,
		label: `Tâche de test ${name}`,
		failure: 'échec du test',
		run: async (now) => {
			runs.push(now)
			await new Promise((resolve) => setTimeout(resolve, 20))
			return result
		},
	}
	return { job, runs }
}

describe('tâches planifiées sur plusieurs serveurs', () => {
	test('deux serveurs au même moment : chaque tâche tourne une fois, le passage dit qui, quand et comment', async () => {
		const first = countingJob('test.first')
		const second = countingJob('test.second', { closed: 3 })
		const dueAt = new Date('2030-01-01T12:00:00Z')
		const [a, b] = await Promise.all([
			runScheduledJobs([first.job, second.job], dueAt, { label, instance: 'serveur-a' }),
			runScheduledJobs([first.job, second.job], dueAt, { label, instance: 'serveur-b' }),
		])
		expect(first.runs).toHaveLength(1)
		expect(second.runs).toHaveLength(1)
		expect([...a, ...b].sort()).toEqual(['test.first', 'test.second'])
		const rows = await db.select().from(scheduledRuns).orderBy(asc(scheduledRuns.job))
		expect(rows.map((r) => [r.job, r.dueAt.toISOString(), r.outcome, r.summary])).toEqual([
			['test.first', dueAt.toISOString(), 'done', { count: 2 }],
			['test.second', dueAt.toISOString(), 'done', { closed: 3 }],
		])
		for (const row of rows) {
			expect(['serveur-a', 'serveur-b']).toContain(row.instanceId)
			expect(row.finishedAt!.getTime()).toBeGreaterThanOrEqual(row.startedAt.getTime())
		}

		// The same due time again (a late server): nothing runs; the next due time runs again.
		expect(await runScheduledJobs([first.job], dueAt, { label, instance: 'serveur-c' })).toEqual([])
		expect(await runScheduledJobs([first.job], new Date(dueAt.getTime() + 60_000), { label, instance: 'serveur-c' })).toEqual(['test.first'])
		expect(first.runs).toHaveLength(2)
	})

	test('une tâche en échec est notée avec son erreur, et la suivante tourne quand même', async () => {
		const after = countingJob('test.after')
		const failing: ScheduledJob = {
			name: 'test.failing',
			label: 'Tâche de test en échec',
			failure: 'échec voulu',
			run: () => Promise.reject(new Error('panne simulée')),
		}
		const dueAt = new Date('2030-01-01T12:00:00Z')
		const errors: unknown[] = []
		const original = console.error
		console.error = (...args: unknown[]) => void errors.push(args)
		try {
			expect(await runScheduledJobs([failing, after.job], dueAt, { label, instance: 'serveur-a' })).toEqual(['test.failing', 'test.after'])
		} finally {
			console.error = original
		}
		expect(errors).toHaveLength(1)
		const [row] = await db.select().from(scheduledRuns).where(eq(scheduledRuns.job, 'test.failing'))
		expect(row).toMatchObject({ outcome: 'failed', error: 'panne simulée', instanceId: 'serveur-a' })
		expect(row!.finishedAt).not.toBeNull()
		expect(after.runs).toHaveLength(1)
	})

	test('trois serveurs qui tournent ensemble : une exécution par échéance, pas plus', async () => {
		const { job, runs } = countingJob('test.ticking')
		const intervalMs = 200
		const stops = ['serveur-a', 'serveur-b', 'serveur-c'].map((instance) => startScheduler(label, [job], { intervalMs, instance }))
		await new Promise((resolve) => setTimeout(resolve, 1_100))
		await Promise.all(stops.map((stop) => stop()))
		const rows = await db.select().from(scheduledRuns).where(eq(scheduledRuns.job, 'test.ticking'))
		expect(rows.length).toBeGreaterThanOrEqual(4)
		// One run per row, and each row a distinct due time on the interval's grid.
		expect(runs).toHaveLength(rows.length)
		expect(new Set(rows.map((r) => r.dueAt.getTime())).size).toBe(rows.length)
		for (const row of rows) expect(row.dueAt.getTime() % intervalMs).toBe(0)
		expect(rows.every((r) => r.outcome === 'done')).toBe(true)
	})

	test('deux serveurs lancent les tâches des appels : l’appel échu est clos une fois', async () => {
		const overdue = await createCall({ deadlineAt: new Date(Date.now() - 60_000) })
		const stops = ['serveur-a', 'serveur-b'].map(() => startCallJobs({ intervalMs: 60_000 }))
		try {
			// Until every job of the first due time has run to its end.
			await expect
				.poll(async () => (await db.select().from(scheduledRuns)).filter((r) => r.outcome === 'done').length, { timeout: 10_000 })
				.toBe(CALL_JOBS.length)
		} finally {
			await Promise.all(stops.map((stop) => stop()))
		}
		expect((await db.select({ status: calls.status }).from(calls).where(eq(calls.id, overdue.id)))[0]!.status).toBe('closed')
		const closings = await db
			.select()
			.from(auditEvents)
			.where(and(eq(auditEvents.subjectId, overdue.id), eq(auditEvents.action, 'call.closed')))
		expect(closings).toHaveLength(1)
		const rows = await db.select().from(scheduledRuns)
		// Every job of the list ran once for the due time, by one of the two.
		expect(rows.map((r) => r.job).sort()).toEqual(CALL_JOBS.map((j) => j.name).sort())
		expect(new Set(rows.map((r) => r.dueAt.getTime()))).toEqual(new Set([dueTimeOf(rows[0]!.dueAt.getTime(), 60_000).getTime()]))
	})

	test('l’historique des passages est gardé 30 jours', async () => {
		const now = new Date('2030-03-01T00:00:00Z')
		const old = new Date(now.getTime() - SCHEDULED_RUNS_KEPT_MS - 60_000)
		const recent = new Date(now.getTime() - SCHEDULED_RUNS_KEPT_MS + 60_000)
		await db.insert(scheduledRuns).values([
			{ job: 'test.old', dueAt: old, instanceId: 'serveur-a' },
			{ job: 'test.recent', dueAt: recent, instanceId: 'serveur-a' },
		])
		expect(await pruneScheduledRuns(now)).toBe(1)
		expect((await db.select().from(scheduledRuns)).map((r) => r.job)).toEqual(['test.recent'])
	})
})

describe('travailleurs de fond sur plusieurs serveurs (baux et SKIP LOCKED)', () => {
	afterEach(() => setMailTransport(undefined))

	test('deux serveurs prennent les tâches de fond et la file d’e-mails en même temps : chaque courrier une fois, chaque e-mail envoyé une fois', async () => {
		const staff = await createStaff('funder')
		const seeded = await seedDecidedCall({
			funderId: staff.organization.id,
			dossiers: [
				{ status: 'selected', amountGrantedCents: 500_000, associations: 3, title: 'Contes et crêpes' },
				{ status: 'rejected', motivation: 'Hors du thème.', associations: 2, title: 'Fresques' },
			],
		})
		const user = await policyUserOf(db, { id: staff.user.id })
		expect(await startDecisionLetters({ user, callId: seeded.call.id })).toMatchObject({ ok: true, total: 5 })

		// Two job workers at once: one claims the job, the other finds nothing to take.
		const runs = await Promise.all([runJobsOnce(), runJobsOnce()])
		expect(runs.reduce((total, r) => total + r.ran, 0)).toBe(1)
		const [job] = await db.select().from(backgroundJobs)
		expect(job).toMatchObject({ status: 'done', attempts: 1 })
		expect((await db.select().from(decisionLetters)).map((l) => l.status)).toEqual(Array(5).fill('queued'))

		// Two outbox workers at once, twice over (each pass claims a few): every message goes out once.
		const delivered: OutgoingMail[] = []
		setMailTransport({
			send: async (message) => {
				await new Promise((resolve) => setTimeout(resolve, 5))
				delivered.push(message)
			},
		})
		for (let pass = 0; pass < 3; pass++) await Promise.all([deliverDueMessages({ limit: 2 }), deliverDueMessages({ limit: 2 })])
		const rows = await db.select().from(outboxMessages)
		expect(rows.length).toBeGreaterThanOrEqual(5)
		expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true)
		expect(delivered.map((m) => m.messageId).sort()).toEqual(rows.map((row) => `<${row.id}@ensemble.local>`).sort())
	})
})

describe('la page des tâches planifiées (administration)', () => {
	test('chaque tâche avec son dernier passage, le serveur qui l’a fait et ses échecs ; les derniers passages, le plus récent d’abord', async () => {
		const now = new Date()
		const minutesAgo = (n: number) => new Date(dueTimeOf(now.getTime(), 60_000).getTime() - n * 60_000)
		await db.insert(scheduledRuns).values([
			{ job: 'calls.auto-close', dueAt: minutesAgo(2), instanceId: 'app1', startedAt: minutesAgo(2), finishedAt: new Date(minutesAgo(2).getTime() + 1500), outcome: 'done', summary: { count: 1 } },
			{ job: 'calls.auto-close', dueAt: minutesAgo(1), instanceId: 'app2', startedAt: minutesAgo(1), finishedAt: minutesAgo(1), outcome: 'done', summary: { count: 0 } },
			{ job: 'storage.sweep', dueAt: minutesAgo(1), instanceId: 'app1', startedAt: minutesAgo(1), finishedAt: minutesAgo(1), outcome: 'failed', error: 'stockage injoignable <b>' },
			{ job: 'storage.sweep', dueAt: new Date(now.getTime() - 3 * 24 * 3600_000), instanceId: 'app1', startedAt: now, outcome: 'failed', error: 'ancienne panne' },
		])
		const overview = await scheduledJobsOverview(CALL_JOBS, now)
		const autoClose = overview.jobs.find((job) => job.name === 'calls.auto-close')!
		expect(autoClose).toMatchObject({ label: 'Clôture des appels à leur date limite', failedLast24h: 0, last: { instanceId: 'app2', outcome: 'done' } })
		// Failures of the last 24 hours only.
		expect(overview.jobs.find((job) => job.name === 'storage.sweep')).toMatchObject({ failedLast24h: 1, last: { error: 'stockage injoignable <b>' } })
		expect(overview.jobs.find((job) => job.name === 'jury.reminders')).toMatchObject({ last: null, failedLast24h: 0 })
		expect(overview.recent.map((run) => `${run.job} ${run.instanceId}`)).toEqual(['calls.auto-close app2', 'storage.sweep app1', 'calls.auto-close app1', 'storage.sweep app1'])

		const server = await startTestServer()
		try {
			const admin = await createPlatformAdmin()
			const page = await get(server, '/admin/taches', await login(server, admin.email))
			expect(page.status).toBe(200)
			const html = (await page.text()).replaceAll('<!-- -->', '')
			expect(html).toContain('Retrait des fichiers qui ne sont plus référencés')
			expect(html).toContain('par app2 : <span>réussi</span>')
			expect(html).toContain('échec</span> en 0\u00a0s<span class="field-error"> : stockage injoignable &lt;b&gt;</span>')
			expect(await (await get(server, '/admin', await login(server, admin.email))).text()).toContain('href="/admin/taches"')
		} finally {
			await server.close()
		}
	})
})
