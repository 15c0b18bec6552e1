/**
 * Runs a command with TEST_DATABASE_URL pointing at a throwaway PostgreSQL cluster:
 *   tsx tests/support/with-postgres.ts -- npx vitest run --project integration
 * When PostgreSQL is not installed it says so and exits 3 (the caller decides).
 */
import { spawn } from 'node:child_process'
import { findPostgresBin, startThrowawayPostgres } from './pg-cluster.ts'

const separator = process.argv.indexOf('--')
const [command, ...args] = process.argv.slice(separator + 1)
if (!command) {
	console.error('usage: tsx tests/support/with-postgres.ts -- <command> [args…]')
	process.exit(2)
}
if (!findPostgresBin()) {
	console.error('PostgreSQL (initdb/pg_ctl) est introuvable : les tests sur PostgreSQL ne peuvent pas tourner ici.')
	process.exit(3)
}
const cluster = await startThrowawayPostgres()
console.log(`PostgreSQL jetable démarré : ${cluster.url}`)
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: cluster.url } })
const stop = () => cluster.stop()
process.on('SIGINT', () => child.kill('SIGINT'))
process.on('SIGTERM', () => child.kill('SIGTERM'))
child.on('exit', (code, signal) => {
	stop()
	process.exit(code ?? (signal ? 1 : 0))
})
