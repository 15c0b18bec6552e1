/**
 * Several app servers (issue 13): two instances of the built server on one PostgreSQL (and one
 * S3-compatible object store), as behind a load balancer. Shared by the two-instance test
 * (tests/scale-out/two-instances.test.ts, short form) and `npm run bench -- scale-out` (long
 * form): start everything, check a file and a session cross from one server to the other,
 * spread a submission burst over both, kill one with SIGKILL mid-burst, and count what the
 * database holds and what mail went out.
 *
 * The test process prepares data directly in the database with the domain's functions (as
 * the deadline-rush bench does); the submissions themselves are HTTP POSTs, as browsers send them.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { and, count, eq, inArray, isNull, lte, or } from 'drizzle-orm'
import postgres from 'postgres'
import { closeConnection, db } from '#db/client.server.ts'
import { runMigrations } from '#db/migrate.ts'
import { applications, attachments, calls, outboxMessages } from '#db/schema/index.ts'
import { addMember, createApplication, createUser, PDF, TEST_PASSWORD } from '../factories.ts'
import { startAppInstances, sentMessageIds, type AppInstance } from '../support/app-instances.ts'
import { startThrowawayPostgres } from '../support/pg-cluster.ts'
import { startS3Server } from '../support/s3-server.ts'
import { prepareConsortia, rush, verify, type Consortium } from './deadline-rush.ts'

export type ScaleOut = {
	instances: AppInstance[]
	databaseUrl: string
	/** True when the servers share an S3-compatible store (false: each its own UPLOAD_DIR). */
	objectStore: boolean
	close: () => Promise<void>
}

/**
 * Starts the database (a throwaway cluster, or a database of its own on TEST_DATABASE_URL's
 * server), the object store and `count` servers; points this process at the same database.
 * The servers migrate the database while they start, this process too (one at a time: the
 * migrations' advisory lock).
 */
export async function startScaleOut(options: { count?: number; intervalMs?: number } = {}): Promise<ScaleOut> {
	const scratch = mkdtempSync(path.join(os.tmpdir(), 'ensemble-scale-out-'))
	const saved = { ...process.env }
	const cleanups: (() => Promise<void> | void)[] = [() => rmSync(scratch, { recursive: true, force: true })]
	const close = async () => {
		for (const cleanup of cleanups.reverse()) {
			try {
				await cleanup()
			} catch (error) {
				console.error('scale-out : échec du nettoyage', error)
			}
		}
		for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
		Object.assign(process.env, saved)
	}
	try {
		let databaseUrl: string
		const server = process.env.TEST_DATABASE_URL
		if (server) {
			const name = `ensemble_scale_out_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
			const admin = postgres(server, { max: 1, onnotice: () => {} })
			await admin.unsafe(`create database ${name}`)
			await admin.end()
			const url = new URL(server)
			url.pathname = `/${name}`
			databaseUrl = url.toString()
			cleanups.push(async () => {
				const dropper = postgres(server, { max: 1, onnotice: () => {} })
				await dropper.unsafe(`drop database if exists ${name} with (force)`)
				await dropper.end()
			})
		} else {
			const cluster = await startThrowawayPostgres()
			databaseUrl = cluster.url
			cleanups.push(() => cluster.stop())
		}
		const store = await startS3Server()
		cleanups.push(() => store.stop())
		const storeEnv: Record<string, string> = store.env
		const sharedEnv = { ...storeEnv, CALL_JOBS_INTERVAL_MS: String(options.intervalMs ?? 500) }

		// This process: the same database (and store), its own folders, before its first query.
		await closeConnection()
		Object.assign(process.env, sharedEnv, {
			DATABASE_URL: databaseUrl,
			DATABASE_POOL_SIZE: '10',
			SESSION_SECRET: 'scale-out-secret-scale-out-secret',
			SEED_DEMO: 'never',
			UPLOAD_DIR: path.join(scratch, 'test-process', 'uploads'),
			MAIL_DIR: path.join(scratch, 'test-process', 'mail'),
		})
		cleanups.push(() => closeConnection())

		const [instances] = await Promise.all([startAppInstances({ count: options.count ?? 2, databaseUrl, scratch, env: sharedEnv }), runMigrations()])
		cleanups.push(() => Promise.all(instances.map((instance) => instance.stop())).then(() => undefined))
		return { instances, databaseUrl, objectStore: Object.keys(storeEnv).length > 0, close }
	} catch (error) {
		await close()
		throw error
	}
}

/** A POST as a browser on the server's own origin sends it. */
function postForm(instance: AppInstance, pathname: string, fields: Record<string, string>, cookie?: string) {
	return fetch(instance.baseUrl + pathname, {
		method: 'POST',
		body: new URLSearchParams(fields),
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: instance.baseUrl, ...(cookie ? { Cookie: cookie } : {}) },
	})
}

/** Signs in through /connexion on one server; returns the session cookie ("name=value"). */
export async function loginOn(instance: AppInstance, email: string, password: string): Promise<string> {
	const response = await postForm(instance, '/connexion', { email, password })
	await response.arrayBuffer()
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0]!)
		.find((c) => c.startsWith('ensemble_session='))
	if (response.status !== 302 || !cookie) throw new Error(`connexion refusée sur ${instance.name} (${response.status})`)
	return cookie
}

/**
 * A référent signs in on `a`, opens the dossier on `b` with that session, uploads a PDF through
 * `a` and downloads it through `b`. Returns what crossed.
 */
export async function crossServers(a: AppInstance, b: AppInstance, password: string) {
	const { id, lead } = await createApplication({ status: 'draft' })
	const cookie = await loginOn(a, lead.user.email, password)
	const page = await fetch(`${b.baseUrl}/candidatures/${id}`, { redirect: 'manual', headers: { Cookie: cookie } })
	const sessionCrossed = page.status === 200 && (await page.text()).includes(lead.user.displayName)

	const slot = `rib:${lead.organization.id}`
	const form = new FormData()
	form.append('slot', slot)
	form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'rib.pdf')
	const uploaded = await fetch(`${a.baseUrl}/candidatures/${id}/pieces?slot=${encodeURIComponent(slot)}`, {
		method: 'POST',
		body: form,
		redirect: 'manual',
		headers: { Cookie: cookie, Origin: a.baseUrl },
	})
	await uploaded.arrayBuffer()
	const [stored] = await db.select({ id: attachments.id }).from(attachments).where(eq(attachments.applicationId, id))
	let fileCrossed = false
	if (uploaded.status === 302 && stored) {
		const download = await fetch(`${b.baseUrl}/candidatures/${id}/pieces/${stored.id}`, { redirect: 'manual', headers: { Cookie: cookie } })
		fileCrossed = download.status === 200 && Buffer.from(await download.arrayBuffer()).equals(PDF)
	}
	return { sessionCrossed, uploadStatus: uploaded.status, fileCrossed }
}

/**
 * A published call whose deadline comes in `inMs`, with one draft whose lead association has
 * two référents: the servers' scheduler sends the deadline reminder (one mail to each), then
 * closes the call at its deadline. The deadline is set last, so no tick sees the call half made.
 */
export async function callClosingSoon(inMs: number) {
	const { call, lead } = await createApplication({ status: 'draft', deadlineAt: new Date(Date.now() + 30 * 24 * 3600_000) })
	const second = await createUser()
	await addMember(lead.organization.id, second.id, 'referent')
	await db
		.update(calls)
		.set({ deadlineAt: new Date(Date.now() + inMs) })
		.where(eq(calls.id, call.id))
	return { callId: call.id, referents: [lead.user.email, second.email] }
}

/** The server a consortium's requests go to: alternately one and the other, as a round-robin balancer. */
export function roundRobin(instances: AppInstance[], consortia: Consortium[]) {
	const index = new Map(consortia.map((c, i) => [c.applicationId, i]))
	return (consortium: Consortium) => instances[index.get(consortium.applicationId)! % instances.length]!.baseUrl
}

/**
 * The burst: the consortia submit, spread over the servers; once `killAfter` submissions are
 * acknowledged, `victim` is killed (SIGKILL) and the clients whose request failed try again
 * on the servers still up, as a balancer sends them there.
 */
export async function burst(instances: AppInstance[], consortia: Consortium[], options: { concurrency: number; killAfter?: number; victim?: AppInstance }) {
	let killed: Promise<void> | undefined
	const first = await rush(roundRobin(instances, consortia), consortia, options.concurrency, {
		onAcknowledged: (_id, acknowledged) => {
			if (options.victim && options.killAfter !== undefined && acknowledged >= options.killAfter) killed ??= options.victim.kill()
		},
	})
	await killed
	const survivors = instances.filter((i) => i !== options.victim || !killed)
	// A client left without an answer reloads its page, as a person would: a dossier already
	// submitted shows as such (stored, though never acknowledged); the others save and submit
	// again, with the section's version the page now shows.
	const done = new Set(first.acknowledged)
	const unanswered = consortia.filter((c) => !done.has(c.applicationId))
	const current = unanswered.length
		? await db
				.select({ id: applications.id, status: applications.status, cooperationVersion: applications.cooperationVersion })
				.from(applications)
				.where(inArray(applications.id, unanswered.map((c) => c.applicationId)))
		: []
	const byId = new Map(current.map((row) => [row.id, row]))
	const retried = unanswered.filter((c) => byId.get(c.applicationId)?.status === 'draft').map((c) => ({ ...c, cooperationVersion: byId.get(c.applicationId)!.cooperationVersion }))
	const second = retried.length ? await rush(roundRobin(survivors, retried), retried, options.concurrency) : { acknowledged: [] as string[] }
	const acknowledged = [...first.acknowledged, ...second.acknowledged]
	return { acknowledged, killed: killed !== undefined, retried: retried.length, submittedUnanswered: unanswered.length - retried.length, load: first.load }
}

/** Each acknowledged submission's receipt, downloaded through a server other than the one that (probably) took it. */
export async function receiptsReadable(instances: AppInstance[], consortia: Consortium[], acknowledged: string[], concurrency = 20) {
	const cookieOf = new Map(consortia.map((c) => [c.applicationId, c.cookie]))
	const alive = instances.filter((i) => i.process.exitCode === null && i.process.signalCode === null)
	const queue = acknowledged.map((id, n) => ({ id, instance: alive[(n + 1) % alive.length]! }))
	let readable = 0
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			for (let item = queue.shift(); item; item = queue.shift()) {
				const response = await fetch(`${item.instance.baseUrl}/candidatures/${item.id}/recepisse.pdf`, { redirect: 'manual', headers: { Cookie: cookieOf.get(item.id)! } })
				const body = Buffer.from(await response.arrayBuffer())
				if (response.status === 200 && body.subarray(0, 5).toString() === '%PDF-') readable++
			}
		}),
	)
	return readable
}

/**
 * Waits until the outbox has nothing left that a live server would send (a message a killed
 * server had claimed waits for its lease to pass), then counts the mails each Message-ID went out.
 */
export async function mailsSent(instances: AppInstance[], timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs
	for (;;) {
		const now = new Date()
		const [{ value }] = await db
			.select({ value: count() })
			.from(outboxMessages)
			.where(and(eq(outboxMessages.status, 'pending'), or(isNull(outboxMessages.lockedUntil), lte(outboxMessages.lockedUntil, now))))
		if (value === 0) break
		if (Date.now() > deadline) throw new Error(`${value} e-mails encore en file après ${timeoutMs / 1000} s`)
		await new Promise((resolve) => setTimeout(resolve, 250))
	}
	// A claimed message being sent right now: let the live servers finish writing it.
	const claimedByLive = async () => {
		const [{ value }] = await db.select({ value: count() }).from(outboxMessages).where(eq(outboxMessages.status, 'pending'))
		return value
	}
	let pending = await claimedByLive()
	for (let stable = 0; stable < 4 && Date.now() < deadline; ) {
		await new Promise((resolve) => setTimeout(resolve, 250))
		const again = await claimedByLive()
		stable = again === pending ? stable + 1 : 0
		pending = again
	}
	const counts = await sentMessageIds(instances)
	const sentRows = await db.select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.status, 'sent'))
	return {
		/** Message-IDs written more than once, over all the servers' mail folders. */
		sentTwice: [...counts.values()].filter((n) => n > 1).length,
		/** Messages marked sent whose mail no server wrote. */
		missing: sentRows.filter((row) => !counts.has(`<${row.id}@ensemble.local>`)).length,
		counts,
		pending,
	}
}

/** How many mails of a template went to these addresses, and how many times each Message-ID was written. */
export async function mailsOf(template: string, to: string[], counts: Map<string, number>) {
	const rows = await db
		.select({ id: outboxMessages.id, to: outboxMessages.toAddress, status: outboxMessages.status })
		.from(outboxMessages)
		.where(and(eq(outboxMessages.template, template), inArray(outboxMessages.toAddress, to)))
	return rows.map((row) => ({ to: row.to, status: row.status, written: counts.get(`<${row.id}@ensemble.local>`) ?? 0 }))
}

export { verify }

/**
 * The long form (`npm run bench -- scale-out`): build, two servers, a file and a session across,
 * SCALE_OUT_SUBMISSIONS consortia (1,000) submitting SCALE_OUT_CONCURRENCY (100) at a time over
 * both servers, the second killed with SIGKILL halfway, the clients it left retrying on the
 * first; then what the database holds, the receipts, and the mail each message became.
 */
export async function runScaleOutBench(): Promise<Record<string, string | number>> {
	const total = Number(process.env.SCALE_OUT_SUBMISSIONS ?? 1000)
	const concurrency = Number(process.env.SCALE_OUT_CONCURRENCY ?? 100)
	const built = spawnSync('npm', ['run', 'build'], { env: { ...process.env, NODE_ENV: 'production' }, stdio: 'ignore' })
	if (built.status !== 0) throw new Error('npm run build a échoué')
	const t0 = performance.now()
	const cluster = await startScaleOut({ count: 2, intervalMs: 1_000 })
	try {
		const [a, b] = cluster.instances as [AppInstance, AppInstance]
		console.log(`  2 serveurs démarrés (PostgreSQL, stockage S3) en ${Math.round((performance.now() - t0) / 1000)} s`)
		const crossed = await crossServers(a, b, TEST_PASSWORD)
		console.log(`  pièce déposée sur A, lue sur B : ${crossed.fileCrossed ? 'oui' : 'non'} ; session de A valable sur B : ${crossed.sessionCrossed ? 'oui' : 'non'}`)
		const t1 = performance.now()
		const consortia = await prepareConsortia(total)
		console.log(`  ${total} consortiums préparés en ${Math.round((performance.now() - t1) / 1000)} s`)
		const t2 = performance.now()
		const outcome = await burst(cluster.instances, consortia, { concurrency, killAfter: Math.floor(total / 2), victim: b })
		const { load } = outcome
		console.log(
			`  dépôts sur A et B (${concurrency} clients) : ${load.rps} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms ; B tué (SIGKILL) après ${Math.floor(total / 2)} accusés ; ${outcome.submittedUnanswered} déposés sans réponse, ${outcome.retried} consortiums repris sur A ; ${Math.round((performance.now() - t2) / 1000)} s en tout`,
		)
		const { stored, lost, duplicated } = await verify(outcome.acknowledged)
		const receipts = await receiptsReadable(cluster.instances, consortia, outcome.acknowledged)
		console.log(`  accusés ${outcome.acknowledged.length}/${total}, en base ${stored}, perdus ${lost}, en double ${duplicated}, récépissés lisibles ${receipts}`)
		const mails = await mailsSent(cluster.instances, 300_000)
		console.log(`  e-mails : ${[...mails.counts.values()].reduce((sum, n) => sum + n, 0)} écrits, ${mails.sentTwice} en double, ${mails.missing} marqués envoyés sans fichier, ${mails.pending} réservés par B (repris après le bail)`)
		return {
			instances: cluster.instances.length,
			submissions: outcome.acknowledged.length,
			stored,
			lost,
			duplicated,
			mails_sent_twice: mails.sentTwice,
			files_cross_read: crossed.fileCrossed && crossed.sessionCrossed && receipts === outcome.acknowledged.length ? 'ok' : 'failed',
		}
	} finally {
		await cluster.close()
	}
}
