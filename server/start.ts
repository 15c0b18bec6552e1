/**
 * The server: migrations, the demo data when asked, the HTTP application on the Remix build,
 * and the background workers. Started by server/index.ts (`npm run dev`, on the sources
 * through tsx) and by build/server/index.js (`npm start`, `npm run serve`: the same code
 * bundled by scripts/build-server.mjs, decision 042), each after server/environment.ts.
 */
import type { ServerBuild } from '@remix-run/node'
import { startCallJobs } from '#app/domain/calls/call-jobs.server.ts'
import { appUrl, getEnv } from '#app/env.server.ts'
import { startJobWorker } from '#app/services/jobs.server.ts'
import { startOutboxWorker } from '#app/services/outbox.server.ts'
// Registers the letters' job handler with the job worker below.
import '#app/domain/letters/decision-letters.server.ts'
import { closeConnection, getConnection } from '#db/client.server.ts'
import { runMigrations } from '#db/migrate.ts'
import { startPlannerStatistics } from '#db/planner-statistics.server.ts'
import { seedDemoIfNeeded } from '#db/seed.ts'
import { createApp, keepAliveLikeProxies } from './app'

export async function startServer(build: ServerBuild) {
	const env = getEnv()
	console.log(`Base de données : ${getConnection().kind === 'pglite' ? `PGlite embarquée (${env.PGLITE_DIR})` : 'PostgreSQL (DATABASE_URL)'}`)
	await runMigrations()
	await seedDemoIfNeeded()

	const app = createApp({
		build,
		mode: env.NODE_ENV,
		allowedOrigins: env.APP_URL ? [new URL(env.APP_URL).origin] : [],
		trustProxy: env.TRUST_PROXY,
		https: appUrl().startsWith('https:'),
	})
	const stopWorker = startOutboxWorker()
	const stopCallJobs = startCallJobs({ intervalMs: env.CALL_JOBS_INTERVAL_MS })
	const stopJobWorker = startJobWorker()
	const stopPlannerStatistics = startPlannerStatistics()
	const server = app.listen(env.PORT, env.HOST, () => {
		console.log(`Ensemble est prêt (NODE_ENV=${env.NODE_ENV}, écoute sur ${env.HOST}:${env.PORT}) : ${appUrl()}`)
	})
	keepAliveLikeProxies(server)

	let stopping = false
	async function shutdown(signal: string) {
		if (stopping) return
		stopping = true
		console.log(`${signal} reçu : arrêt en cours…`)
		server.close()
		server.closeAllConnections()
		stopPlannerStatistics()
		await Promise.all([stopWorker(), stopCallJobs(), stopJobWorker()])
		// postgres.js keeps the process alive until its pool is closed.
		await closeConnection()
		process.exit(0)
	}
	process.on('SIGTERM', () => void shutdown('SIGTERM'))
	process.on('SIGINT', () => void shutdown('SIGINT'))
}
