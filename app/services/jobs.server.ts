/**
 * Background jobs (issue 9: the bulk decision letters): work that outlives a request. A job
 * is a row of background_jobs; a worker claims one with a lease (`lease_until`), renews the
 * lease while it works, and marks it done or failed. A worker that dies leaves its job
 * `running` with a lease that passes: the next worker takes it again (attempts + 1), and the
 * handler resumes from its items' own state, so a handler must be safe to run twice.
 */
import { startPolling } from './polling.server.ts'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { db, type Executor } from '#db/client.server.ts'
import { backgroundJobs } from '#db/schema/index.ts'

export type Job = typeof backgroundJobs.$inferSelect

/** How long a claimed job stays its worker's without a sign of life. */
export const JOB_LEASE_MS = 2 * 60_000
export const JOB_FAILED = 'la tâche s’est arrêtée sur une erreur technique'

/** Thrown by JobContext.step when a run's step budget is spent: the run stops as if the process had died. */
export class JobAbandoned extends Error {
	constructor() {
		super('job abandoned')
	}
}

/** Thrown by JobContext.step when the worker is stopping (server shutdown): the job is handed back, queued. */
class JobStopping extends Error {}

/** Thrown when another worker took the job (our lease passed): this run must stop writing. */
export class JobLeaseLost extends Error {
	constructor(jobId: string) {
		super(`lease lost on job ${jobId}`)
	}
}

/** The runner's own signals, which a handler catching its items' errors must let through. */
export function isJobSignal(error: unknown): boolean {
	return error instanceof JobAbandoned || error instanceof JobLeaseLost || error instanceof JobStopping
}

export type JobContext = {
	job: Job
	/** Renews the lease (call it between batches); throws JobLeaseLost if the job is no longer ours. */
	heartbeat: () => Promise<void>
	/** Marks a step (an item prepared, an item queued); see runJobsOnce's stopAfterSteps. */
	step: () => void
}

export type JobHandler = (context: JobContext) => Promise<void>

const handlers = new Map<string, JobHandler>()

/** The module that defines a kind of job registers its handler when loaded. */
export function registerJobHandler(kind: string, handler: JobHandler) {
	handlers.set(kind, handler)
}

/** Queues a job inside the caller's transaction: it exists only if the change that asked for it commits. */
export async function enqueueJob(tx: Executor, job: { kind: string; callId?: string | null; params?: Record<string, unknown>; total?: number; createdById?: string | null }) {
	const [row] = await tx
		.insert(backgroundJobs)
		.values({ kind: job.kind, callId: job.callId ?? null, params: job.params ?? {}, total: job.total ?? 0, createdById: job.createdById ?? null, status: 'queued' })
		.returning()
	return row!
}

/**
 * Claims one job of a registered kind: queued, or running with its lease passed (its worker
 * died). SKIP LOCKED: two workers never claim the same row; attempts identifies this claim.
 */
export async function claimJob(now: Date = new Date()): Promise<Job | null> {
	const kinds = [...handlers.keys()]
	if (kinds.length === 0) return null
	const leaseUntil = new Date(now.getTime() + JOB_LEASE_MS)
	const [job] = await db
		.update(backgroundJobs)
		.set({
			status: 'running',
			leaseUntil,
			attempts: sql`${backgroundJobs.attempts} + 1`,
			startedAt: sql`coalesce(${backgroundJobs.startedAt}, ${now.toISOString()}::timestamptz)`,
			updatedAt: now,
		})
		.where(
			eq(
				backgroundJobs.id,
				sql`(select id from ${backgroundJobs} where ${inArray(backgroundJobs.kind, kinds)} and (${backgroundJobs.status} = 'queued' or (${backgroundJobs.status} = 'running' and ${backgroundJobs.leaseUntil} < ${now.toISOString()}::timestamptz)) order by ${backgroundJobs.createdAt} limit 1 for update skip locked)`,
			),
		)
		.returning()
	return job ?? null
}

/** Only the claim that holds the job (same attempt) may renew or finish it. */
const ours = (job: Job) => and(eq(backgroundJobs.id, job.id), eq(backgroundJobs.attempts, job.attempts), eq(backgroundJobs.status, 'running'))

async function runJob(job: Job, options: { now: Date; stopAfterSteps?: number; shouldStop?: () => boolean }): Promise<'done' | 'failed' | 'abandoned'> {
	const handler = handlers.get(job.kind)!
	let steps = 0
	// Leases are measured from the simulated `now` a test passes, moved on by the real time spent.
	const started = Date.now()
	const clock = () => new Date(options.now.getTime() + (Date.now() - started))
	const context: JobContext = {
		job,
		heartbeat: async () => {
			const renewed = await db.update(backgroundJobs).set({ leaseUntil: new Date(clock().getTime() + JOB_LEASE_MS), updatedAt: clock() }).where(ours(job)).returning({ id: backgroundJobs.id })
			if (renewed.length === 0) throw new JobLeaseLost(job.id)
		},
		step: () => {
			if (options.shouldStop?.()) throw new JobStopping()
			if (options.stopAfterSteps !== undefined && ++steps > options.stopAfterSteps) throw new JobAbandoned()
		},
	}
	try {
		await handler(context)
	} catch (error) {
		if (error instanceof JobAbandoned || error instanceof JobLeaseLost) return 'abandoned'
		if (error instanceof JobStopping) {
			// Handed back at once: the next worker (after the restart) resumes it without waiting for the lease.
			await db.update(backgroundJobs).set({ status: 'queued', leaseUntil: null, updatedAt: clock() }).where(ours(job))
			return 'abandoned'
		}
		// The detail goes to the log; staff read a French message (the page offers to start again).
		console.error(`Tâche ${job.kind} ${job.id} : échec`, error)
		await db.update(backgroundJobs).set({ status: 'failed', lastError: JOB_FAILED, leaseUntil: null, finishedAt: clock(), updatedAt: clock() }).where(ours(job))
		return 'failed'
	}
	await db.update(backgroundJobs).set({ status: 'done', lastError: null, leaseUntil: null, finishedAt: clock(), updatedAt: clock() }).where(ours(job))
	return 'done'
}

/**
 * Claims and runs jobs until none is left; returns how many ran. For the worker and for tests:
 * `now` simulates the clock (a lease passed), `stopAfterSteps` abandons a run after that
 * many steps, leaving the job running with its lease as a killed process would.
 */
export async function runJobsOnce(options: { now?: Date; stopAfterSteps?: number; shouldStop?: () => boolean } = {}): Promise<{ ran: number; abandoned: number }> {
	const now = options.now ?? new Date()
	let ran = 0
	let abandoned = 0
	for (;;) {
		if (options.shouldStop?.()) return { ran, abandoned }
		const job = await claimJob(now)
		if (!job) return { ran, abandoned }
		ran++
		if ((await runJob(job, { now, stopAfterSteps: options.stopAfterSteps, shouldStop: options.shouldStop })) === 'abandoned') {
			abandoned++
			// An abandoned job keeps its lease: taking it again now would not simulate anything.
			return { ran, abandoned }
		}
	}
}

/** Polls for jobs every interval until stopped; returns the stop function (which waits for the run in progress). */
export function startJobWorker({ intervalMs = 2_000 }: { intervalMs?: number } = {}): () => Promise<void> {
	return startPolling('Tâches de fond', intervalMs, (isStopped) => runJobsOnce({ shouldStop: isStopped }))
}
