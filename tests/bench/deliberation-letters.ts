/**
 * The `deliberation` bench scenario's letters part (issue 9): a decided call of 250 dossiers,
 * 500 associations in all, on an embedded PGlite of its own (a temporary folder, as the
 * other scenarios' PGlite): the bulk sending's letters per second (PDF rendered and stored,
 * emails queued in the outbox), then the sending run again (nothing new), then 25 dossiers
 * amended and their sending killed half-way and resumed once its lease passed. `sent_twice`
 * counts the outbox emails beyond one per (letter = dossier × association × decision
 * version, recipient): it must stay 0.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inArray, sql } from 'drizzle-orm'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { startDecisionLetters } from '#app/domain/letters/decision-letters.server.ts'
import { runJobsOnce } from '#app/services/jobs.server.ts'
import { LocalDiskStorage, setStorage } from '#app/services/storage.server.ts'
import { closeConnection, db } from '#db/client.server.ts'
import { runMigrations } from '#db/migrate.ts'
import { applications, memberships, organizations, users } from '#db/schema/index.ts'
import { seedDecidedCall, type DecidedDossier } from '../support/decided-call.ts'

const DOSSIERS = 250

export async function runLettersBench(): Promise<{ letters: number; letters_per_s: number; sent_twice: number }> {
	const scratch = mkdtempSync(path.join(os.tmpdir(), 'ensemble-bench-letters-'))
	const saved = { DATABASE_URL: process.env.DATABASE_URL, PGLITE_DIR: process.env.PGLITE_DIR }
	delete process.env.DATABASE_URL
	process.env.PGLITE_DIR = path.join(scratch, 'pglite')
	await closeConnection()
	setStorage(new LocalDiskStorage(path.join(scratch, 'uploads')))
	try {
		await runMigrations()
		const [funder] = await db.insert(organizations).values({ kind: 'funder', name: 'Fondation du banc', contactEmail: 'contact@fondation.test' }).returning()
		const [staff] = await db.insert(users).values({ email: 'gestion@banc.test', displayName: 'Gestion', passwordHash: 'x', emailVerifiedAt: new Date() }).returning()
		await db.insert(memberships).values({ organizationId: funder!.id, userId: staff!.id, role: 'staff' })
		const dossiers: DecidedDossier[] = Array.from({ length: DOSSIERS }, (_, i) =>
			i < 60
				? { status: 'selected', amountGrantedCents: 500_000 + 1_000 * i, associations: 2, title: `Projet retenu ${i + 1}` }
				: i < 100
					? { status: 'waitlisted', waitlistPosition: i - 59, associations: 2, title: `Projet en attente ${i - 59}` }
					: { status: 'rejected', associations: 2, title: `Projet non retenu ${i - 99}`, motivation: 'L’ancrage local est trop peu décrit.' },
		)
		const seeded = await seedDecidedCall({ dossiers, funderId: funder!.id })
		const user = await policyUserOf(db, { id: staff!.id })

		const started = await startDecisionLetters({ user, callId: seeded.call.id })
		if (!started.ok) throw new Error(started.message)
		const t0 = performance.now()
		await runJobsOnce()
		const seconds = (performance.now() - t0) / 1000
		console.log(`  ${started.total} courriers préparés et mis en file en ${seconds.toFixed(2)} s`)

		// The whole sending again: nothing new to send.
		const again = await startDecisionLetters({ user, callId: seeded.call.id })
		if (again.ok) await runJobsOnce()
		// 25 dossiers amended (a new decision version each), their sending killed once the second batch is prepared, then resumed after the lease.
		const amended = seeded.dossiers.slice(100, 125).map((d) => d.id)
		await db
			.update(applications)
			.set({ status: 'selected', amountGrantedCents: 300_000, waitlistPosition: null, decisionVersion: sql`${applications.decisionVersion} + 1` })
			.where(inArray(applications.id, amended))
		const resumed = await startDecisionLetters({ user, callId: seeded.call.id })
		if (!resumed.ok) throw new Error(resumed.message)
		const killed = await runJobsOnce({ stopAfterSteps: 2 })
		const finished = await runJobsOnce({ now: new Date(Date.now() + 10 * 60_000) })
		console.log(`  second envoi : ${again.ok ? again.total : 0} nouveau courrier ; 25 dossiers modifiés : ${resumed.total} courriers, travail tué (${killed.abandoned}) puis repris (${finished.ran})`)

		const result = await db.execute(sql`
			select coalesce(sum(n - 1), 0)::int as twice, count(*)::int as letters from (
				select l.id, o.to_address, count(*) as n
				from outbox_messages o
				join decision_letters l on 'decision-letters/' || l.id = o.attachments -> 0 ->> 'storageKey'
				where o.template = 'decision-letter'
				group by l.id, o.to_address
			) per_letter`)
		const [row] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { twice: number; letters: number }[]
		const [{ queued }] = (await db.execute(sql`select count(*)::int as queued from decision_letters where status = 'queued'`).then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows))) as { queued: number }[]
		if (queued !== started.total + resumed.total || row!.letters !== queued) {
			throw new Error(`Banc courriers : ${queued} courriers en file, ${row!.letters} e-mails distincts, ${started.total + resumed.total} attendus`)
		}
		return { letters: started.total, letters_per_s: Math.round(started.total / seconds), sent_twice: Number(row!.twice) }
	} finally {
		await closeConnection()
		setStorage(undefined)
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key]
			else process.env[key] = value
		}
		rmSync(scratch, { recursive: true, force: true })
	}
}
