/**
 * Scheduled jobs on any number of app servers. Every server ticks at the same due times (the
 * multiples of the interval since the epoch, on each one's own clock); at each due time, for
 * each job, every server tries to insert the row (job, due_at) of scheduled_runs, and only the
 * one whose insert succeeds (the primary key decides; ON CONFLICT DO NOTHING … RETURNING)
 * runs the job for that due time. So a job runs once per due time whether one server or ten
 * are up, and the row records who ran it, when, and how it ended. The same SQL runs on
 * PostgreSQL and PGlite. Each job still guards its own writes (a run cut short by a crash is
 * caught up by the next due time).
 */
import os from 'node:os'
import { and, count, desc, eq, gte, inArray, lt } from 'drizzle-orm'
import { getEnv } from '#app/env.server.ts'
import { db } from '#db/client.server.ts'
import { scheduledRuns } from '#db/schema/index.ts'

export type ScheduledJob = {
	/** Stable key of the job in scheduled_runs, e.g. `calls.auto-close`. */
	name: string
	/** What the platform admin reads (/admin/taches). */
	label: string
	/** French words for the log when the job fails: « échec de … ». */
	failure: string
	/** Does the work for this due time; what it returns is kept as the run's summary. */
	run: (now: Date) => Promise<unknown>
}

/** How long the runs stay in scheduled_runs. */
export const SCHEDULED_RUNS_KEPT_MS = 30 * 24 * 3600_000
const MAX_ERROR_LENGTH = 1_000

let instanceId: string | undefined

/** This server's name in scheduled_runs: INSTANCE_ID, or the host name and the process id. */
export function currentInstanceId(): string {
	instanceId ??= getEnv().INSTANCE_ID ?? `${os.hostname()}:${process.pid}`
	return instanceId
}

/** The due time a moment belongs to: the last multiple of the interval (since the epoch) at or before it. */
export function dueTimeOf(at: number, intervalMs: number): Date {
	return new Date(Math.floor(at / intervalMs) * intervalMs)
}

/** A short account of what a job returned: a list is counted, an object kept, anything else dropped. */
function summarize(result: unknown): Record<string, unknown> | null {
	if (Array.isArray(result)) return { count: result.length }
	if (result && typeof result === 'object') return JSON.parse(JSON.stringify(result)) as Record<string, unknown>
	if (typeof result === 'number') return { count: result }
	return null
}

/** Claims (job, dueAt) for this server: true when this server is the one to run it. */
export async function claimScheduledRun(job: string, dueAt: Date, instance: string = currentInstanceId()): Promise<boolean> {
	const claimed = await db
		.insert(scheduledRuns)
		.values({ job, dueAt, instanceId: instance, startedAt: new Date() })
		.onConflictDoNothing()
		.returning({ job: scheduledRuns.job })
	return claimed.length === 1
}

/**
 * Runs the jobs for one due time: each job this server claims runs now (one after the other,
 * a failure logged and recorded, the next job still run). Returns the names of the jobs it ran.
 */
export async function runScheduledJobs(
	jobs: readonly ScheduledJob[],
	dueAt: Date,
	options: { label: string; isStopped?: () => boolean; /** For tests: several servers in one process. */ instance?: string },
): Promise<string[]> {
	const ran: string[] = []
	for (const job of jobs) {
		if (options.isStopped?.()) break
		let claimed: boolean
		try {
			claimed = await claimScheduledRun(job.name, dueAt, options.instance)
		} catch (error) {
			console.error(`${options.label} : ${job.failure} (réservation impossible)`, error)
			continue
		}
		if (!claimed) continue
		ran.push(job.name)
		const key = and(eq(scheduledRuns.job, job.name), eq(scheduledRuns.dueAt, dueAt))
		try {
			const result = await job.run(new Date())
			await db.update(scheduledRuns).set({ outcome: 'done', finishedAt: new Date(), summary: summarize(result) }).where(key)
		} catch (error) {
			console.error(`${options.label} : ${job.failure}`, error)
			const reason = error instanceof Error ? error.message : String(error)
			await db
				.update(scheduledRuns)
				.set({ outcome: 'failed', finishedAt: new Date(), error: reason.slice(0, MAX_ERROR_LENGTH) })
				.where(key)
				.catch((recordError: unknown) => console.error(`${options.label} : échec de l’enregistrement du passage`, recordError))
		}
	}
	return ran
}

/** Deletes the runs older than SCHEDULED_RUNS_KEPT_MS; returns how many. */
export async function pruneScheduledRuns(now: Date = new Date()): Promise<number> {
	const deleted = await db
		.delete(scheduledRuns)
		.where(lt(scheduledRuns.dueAt, new Date(now.getTime() - SCHEDULED_RUNS_KEPT_MS)))
		.returning({ job: scheduledRuns.job })
	return deleted.length
}

/** The scheduler's own housekeeping, a job like the others. */
export const pruneScheduledRunsJob: ScheduledJob = {
	name: 'scheduler.prune',
	label: 'Nettoyage de l’historique des tâches planifiées',
	failure: 'échec du nettoyage de l’historique des tâches planifiées',
	run: (now) => pruneScheduledRuns(now),
}

/**
 * Runs the jobs at once for the current due time, then at every following due time, until
 * stopped; returns the stop function, which waits for the run in progress. A run longer than
 * the interval skips the due times it overlapped (the next run catches up).
 */
export function startScheduler(label: string, jobs: readonly ScheduledJob[], { intervalMs, instance }: { intervalMs: number; instance?: string }): () => Promise<void> {
	let stopped = false
	let running: Promise<unknown> = Promise.resolve()
	let timer: ReturnType<typeof setTimeout> | undefined
	const isStopped = () => stopped
	const tick = (dueAt: Date) => {
		if (stopped) return
		running = runScheduledJobs(jobs, dueAt, { label, isStopped, instance })
			.catch((error: unknown) => console.error(`${label} : échec`, error))
			.finally(() => {
				if (stopped) return
				// The next due time after now (never the one just run, even if the clock went back).
				const next = Math.max(dueTimeOf(Date.now(), intervalMs).getTime() + intervalMs, dueAt.getTime() + intervalMs)
				timer = setTimeout(() => tick(new Date(next)), Math.max(0, next - Date.now()))
			})
	}
	timer = setTimeout(() => tick(dueTimeOf(Date.now(), intervalMs)), 0)
	return async () => {
		stopped = true
		clearTimeout(timer)
		await running
	}
}

/** Runs shown to the platform admin. */
export const RECENT_RUNS_SHOWN = 50

/**
 * What the platform admin reads of the scheduled jobs (/admin/taches): for each job its last
 * run and its failures of the last 24 hours, and the latest runs of all jobs, newest first.
 */
export async function scheduledJobsOverview(jobs: readonly ScheduledJob[], now: Date = new Date()) {
	const since = new Date(now.getTime() - 24 * 3600_000)
	const [recent, failures, lastRuns] = await Promise.all([
		db.select().from(scheduledRuns).orderBy(desc(scheduledRuns.dueAt), scheduledRuns.job).limit(RECENT_RUNS_SHOWN),
		db
			.select({ job: scheduledRuns.job, failed: count() })
			.from(scheduledRuns)
			.where(and(eq(scheduledRuns.outcome, 'failed'), gte(scheduledRuns.dueAt, since)))
			.groupBy(scheduledRuns.job),
		// One row per job, its latest due time (the primary key (job, due_at) orders it).
		db
			.selectDistinctOn([scheduledRuns.job])
			.from(scheduledRuns)
			.where(inArray(scheduledRuns.job, jobs.map((job) => job.name)))
			.orderBy(scheduledRuns.job, desc(scheduledRuns.dueAt)),
	])
	const lastByJob = new Map(lastRuns.map((run) => [run.job, run]))
	const failedByJob = new Map(failures.map((row) => [row.job, row.failed]))
	const labelOf = new Map(jobs.map((job) => [job.name, job.label]))
	return {
		jobs: jobs.map((job) => ({ name: job.name, label: job.label, last: lastByJob.get(job.name) ?? null, failedLast24h: failedByJob.get(job.name) ?? 0 })),
		recent: recent.map((run) => ({ ...run, label: labelOf.get(run.job) ?? run.job })),
	}
}
