/** What every file store offers (storage.server.ts chooses one), and the form of its keys. */
import type { Readable } from 'node:stream'

/** A stored file being read: its bytes as a stream, and its length in bytes. */
export type StoredStream = { stream: Readable; size: number | undefined }

export interface FileStorage {
	put(key: string, data: Buffer): Promise<void>
	/** The whole file in memory: for small files the app transforms (mail attachments, PDF merges). */
	get(key: string): Promise<Buffer | null>
	/** The file as a stream, for downloads: null when there is no such file. */
	getStream(key: string): Promise<StoredStream | null>
	/** Removes the file; no error when it is already gone. */
	delete(key: string): Promise<void>
}

/** Keys are content hashes under a prefix ("applications/<id>/<sha256>"): letters, digits, - and _ between slashes. */
export function assertStorageKey(key: string): string {
	if (!/^[a-z0-9/_-]+$/i.test(key) || key.split('/').some((part) => part === '' || part === '..')) {
		throw new Error(`invalid storage key: ${key}`)
	}
	return key
}
