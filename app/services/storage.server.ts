/**
 * Files (attachments) live outside the database behind this interface: a folder on disk
 * by default, an S3-compatible store when the app runs on several machines.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseEnv } from '#app/env.server.ts'

export interface FileStorage {
	put(key: string, data: Buffer): Promise<void>
	get(key: string): Promise<Buffer | null>
	delete(key: string): Promise<void>
}

/** Keys are content hashes under a prefix: "applications/<id>/<sha256>". */
export class LocalDiskStorage implements FileStorage {
	constructor(private readonly root: string) {}

	private pathOf(key: string): string {
		if (!/^[a-z0-9/_-]+$/i.test(key) || key.split('/').some((part) => part === '' || part === '..')) {
			throw new Error(`invalid storage key: ${key}`)
		}
		return path.join(this.root, key)
	}

	async put(key: string, data: Buffer): Promise<void> {
		const target = this.pathOf(key)
		await mkdir(path.dirname(target), { recursive: true })
		// Write then rename, so a reader never sees half a file.
		const temporary = `${target}.${process.pid}.tmp`
		await writeFile(temporary, data)
		await rename(temporary, target)
	}

	async get(key: string): Promise<Buffer | null> {
		try {
			return await readFile(this.pathOf(key))
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
			throw error
		}
	}

	async delete(key: string): Promise<void> {
		await rm(this.pathOf(key), { force: true })
	}
}

let storage: FileStorage | undefined

export function getStorage(): FileStorage {
	storage ??= new LocalDiskStorage(path.resolve(parseEnv().UPLOAD_DIR))
	return storage
}

/** For tests: another store (or back to the configured one). */
export function setStorage(next: FileStorage | undefined) {
	storage = next
}

export function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex')
}
