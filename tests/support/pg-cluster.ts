/**
 * A throwaway PostgreSQL cluster on a free loopback port, for tests and benchmarks.
 * initdb refuses to run as root, so as root every server command runs as the `postgres`
 * user (created by Debian's package) on a folder it owns.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './ports.ts'

export function findPostgresBin(): string | null {
	const fromPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim()
	if (fromPath) return path.dirname(fromPath)
	const root = '/usr/lib/postgresql'
	if (!existsSync(root)) return null
	const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a))
	for (const version of versions) {
		const bin = path.join(root, version, 'bin')
		if (existsSync(path.join(bin, 'initdb'))) return bin
	}
	return null
}

/**
 * A client tool (pg_dump, pg_restore, createdb) of the same version as the server: beside the
 * real initdb (a PATH entry may be a lone symlink to it), else on PATH.
 */
export function postgresTool(name: string): string {
	const bin = findPostgresBin()
	if (bin) {
		const beside = path.join(path.dirname(realpathSync(path.join(bin, 'initdb'))), name)
		if (existsSync(beside)) return beside
	}
	return name
}

export type Cluster = { url: string; stop: () => void }

export async function startThrowawayPostgres(): Promise<Cluster> {
	const bin = findPostgresBin()
	if (!bin) throw new Error('PostgreSQL introuvable : installez le paquet postgresql (initdb, pg_ctl).')
	const asRoot = process.getuid?.() === 0
	const run = (command: string, args: string[]) => {
		const [file, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]] : [path.join(bin, command), args]
		execFileSync(file, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'] })
	}
	const dir = mkdtempSync(path.join(os.tmpdir(), 'ensemble-pg-'))
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
		chownSync(dir, uid, gid)
	}
	const data = path.join(dir, 'data')
	const port = await freePort()
	run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'])
	const options = [
		`-p ${port}`,
		'-c listen_addresses=127.0.0.1',
		`-c unix_socket_directories=${dir}`,
		'-c fsync=off',
		'-c synchronous_commit=off',
		'-c full_page_writes=off',
		'-c max_connections=300',
	].join(' ')
	run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', 'start'])
	let stopped = false
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		stop: () => {
			if (stopped) return
			stopped = true
			try {
				run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
			} finally {
				rmSync(dir, { recursive: true, force: true })
			}
		},
	}
}
