/**
 * Files (attachments) live outside the database behind this interface: a folder on disk
 * by default, an S3-compatible store (app/services/s3-storage.server.ts) when S3_BUCKET is
 * set, so that several app servers see the same files. Keys are the same in both.
 */
import { createHash } from 'node:crypto'
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { forgetOnEnvironmentChange, parseEnv } from '#app/env.server.ts'
import { assertStorageKey, type FileStorage, type StoredStream } from '#app/services/file-storage.ts'
import { S3Storage } from '#app/services/s3-storage.server.ts'

export { assertStorageKey, type FileStorage, isStorageKey, type StoredStream } from '#app/services/file-storage.ts'

export class LocalDiskStorage implements FileStorage {
	constructor(private readonly root: string) {}

	private pathOf(key: string): string {
		return path.join(this.root, assertStorageKey(key))
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

	async getStream(key: string): Promise<StoredStream | null> {
		let handle
		try {
			handle = await open(this.pathOf(key), 'r')
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
			throw error
		}
		try {
			const { size } = await handle.stat()
			// The stream closes the handle when it ends or is destroyed (a client gone mid-download).
			return { stream: handle.createReadStream(), size }
		} catch (error) {
			await handle.close()
			throw error
		}
	}

	async delete(key: string): Promise<void> {
		await rm(this.pathOf(key), { force: true })
	}
}

let storage: FileStorage | undefined
forgetOnEnvironmentChange(() => (storage = undefined))

/** The configured store, opened on first use: S3 when S3_BUCKET is set, UPLOAD_DIR otherwise. */
export function getStorage(): FileStorage {
	storage ??= storageFromEnv(parseEnv())
	return storage
}

export function storageFromEnv(env: ReturnType<typeof parseEnv>): FileStorage {
	if (env.S3_BUCKET) {
		return new S3Storage({
			bucket: env.S3_BUCKET,
			region: env.S3_REGION,
			endpoint: env.S3_ENDPOINT,
			forcePathStyle: env.S3_FORCE_PATH_STYLE,
			credentials: env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
		})
	}
	return new LocalDiskStorage(path.resolve(env.UPLOAD_DIR))
}

/** For tests: another store (or back to the configured one). */
export function setStorage(next: FileStorage | undefined) {
	storage = next
}

export function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex')
}
