/**
 * Several app servers as production runs them (the built server: `node
 * build/server/index.js`, NODE_ENV=production), each a process of its own on its own port, all on
 * one database (and one object store when its S3_* variables are given). Each has its own
 * MAIL_DIR (so a mail sent twice by two servers shows), UPLOAD_DIR and INSTANCE_ID. Run
 * `npm run build` first. For the two-instance test and the scale-out bench.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { freePort } from './ports.ts'
import { SERVER_ENV, serverNodeArgs } from '../../server/node-args.ts'

export type AppInstance = {
	name: string
	baseUrl: string
	mailDir: string
	uploadDir: string
	process: ChildProcess
	/** What the server wrote on stderr and stdout (for a failure's message). */
	output: () => string
	/** SIGKILL: the process dies at once, mid-request, as a crashed machine. */
	kill: () => Promise<void>
	/** SIGTERM: the server's own shutdown (requests in progress end, workers stop). */
	stop: () => Promise<void>
}

export type InstancesOptions = {
	count: number
	databaseUrl: string
	/** A folder of the caller's: each server gets `<name>/mail`, `<name>/uploads` and its secrets file inside. */
	scratch: string
	/** More variables for every server: the object store's S3_*, CALL_JOBS_INTERVAL_MS… */
	env?: Record<string, string>
}

async function waitHealthy(instance: AppInstance, deadline: number) {
	for (;;) {
		if (instance.process.exitCode !== null || instance.process.signalCode !== null) {
			throw new Error(`le serveur ${instance.name} s’est arrêté (code ${instance.process.exitCode ?? instance.process.signalCode}) :\n${instance.output()}`)
		}
		try {
			const response = await fetch(`${instance.baseUrl}/healthz`, { signal: AbortSignal.timeout(5_000) })
			await response.arrayBuffer()
			if (response.status === 200) return
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`le serveur ${instance.name} n’a pas démarré à temps :\n${instance.output()}`)
		await new Promise((resolve) => setTimeout(resolve, 200))
	}
}

function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
	return new Promise((resolve) => child.once('exit', () => resolve()))
}

/** Starts the servers all at once (they migrate the database one after the other) and waits until each answers /healthz. */
export async function startAppInstances(options: InstancesOptions): Promise<AppInstance[]> {
	const names = Array.from({ length: options.count }, (_, i) => `instance-${String.fromCharCode(97 + i)}`)
	const instances: AppInstance[] = []
	for (const name of names) {
		const folder = path.join(options.scratch, name)
		const mailDir = path.join(folder, 'mail')
		const uploadDir = path.join(folder, 'uploads')
		mkdirSync(mailDir, { recursive: true })
		mkdirSync(uploadDir, { recursive: true })
		const port = await freePort()
		const env: NodeJS.ProcessEnv = {
			...process.env,
			...SERVER_ENV,
			// The servers share the database and the secret that signs the toast cookie, nothing else.
			SESSION_SECRET: 'scale-out-secret-scale-out-secret',
			SEED_DEMO: 'never',
			...options.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			DATABASE_URL: options.databaseUrl,
			DATABASE_POOL_SIZE: '10',
			INSTANCE_ID: name,
			MAIL_DIR: mailDir,
			UPLOAD_DIR: uploadDir,
			SECRETS_FILE: path.join(folder, 'secrets.json'),
			APP_URL: '',
			SMTP_URL: '',
			PGLITE_DIR: '',
		}
		// Node's flags follow the environment the server gets (its database: server/node-flags.mjs).
		const child = spawn(process.execPath, serverNodeArgs(env), {
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		})
		let output = ''
		const keep = (chunk: Buffer) => {
			output = (output + chunk.toString()).slice(-20_000)
		}
		child.stdout!.on('data', keep)
		child.stderr!.on('data', keep)
		instances.push({
			name,
			baseUrl: `http://127.0.0.1:${port}`,
			mailDir,
			uploadDir,
			process: child,
			output: () => output,
			kill: async () => {
				const done = exited(child)
				child.kill('SIGKILL')
				await done
			},
			stop: async () => {
				const done = exited(child)
				child.kill('SIGTERM')
				await done
			},
		})
	}
	const deadline = Date.now() + 180_000
	try {
		await Promise.all(instances.map((instance) => waitHealthy(instance, deadline)))
	} catch (error) {
		await Promise.all(instances.map((instance) => instance.kill()))
		throw error
	}
	return instances
}

/** The Message-ID of every .eml file the servers wrote, with how many times each was sent. */
export async function sentMessageIds(instances: AppInstance[]): Promise<Map<string, number>> {
	const counts = new Map<string, number>()
	for (const instance of instances) {
		for (const file of await readdir(instance.mailDir)) {
			if (!file.endsWith('.eml')) continue
			const head = (await readFile(path.join(instance.mailDir, file), 'utf8')).split(/\r?\n\r?\n/)[0]!
			const id = head.match(/^Message-ID:\s*(\S+)/im)?.[1]
			if (!id) throw new Error(`${file} : pas de Message-ID`)
			counts.set(id, (counts.get(id) ?? 0) + 1)
		}
	}
	return counts
}
