/**
 * The files in an S3-compatible store (a local s3rver, tests/support/s3-server.ts) behave
 * as on disk: same keys, whole reads, streamed reads, idempotent deletes.
 */
import { text } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseEnv } from '#app/env.server.ts'
import { S3Storage } from '#app/services/s3-storage.server.ts'
import { type FileStorage, storageFromEnv } from '#app/services/storage.server.ts'
import { startS3Server, type LocalS3 } from '#tests/support/s3-server.ts'

let s3: LocalS3
let storage: FileStorage

beforeAll(async () => {
	s3 = await startS3Server()
	storage = s3.storage()
})

afterAll(async () => {
	await s3?.stop()
})

describe('S3Storage sur un serveur S3 local', () => {
	test('put, get, getStream, delete sous la même clé que sur disque', async () => {
		const key = 'applications/00000000-0000-0000-0000-000000000001/abc123'
		const data = Buffer.from('%PDF-1.4 contenu de test é')
		await storage.put(key, data)
		expect(await storage.get(key)).toEqual(data)
		const streamed = await storage.getStream(key)
		expect(streamed?.size).toBe(data.length)
		expect(await text(streamed!.stream)).toBe(data.toString())
		await storage.delete(key)
		expect(await storage.get(key)).toBeNull()
		expect(await storage.getStream(key)).toBeNull()
		// Deleting again is no error.
		await storage.delete(key)
	})

	test('une clé invalide est refusée avant toute requête', async () => {
		await expect(storage.put('../etc/passwd', Buffer.from('x'))).rejects.toThrow('invalid storage key')
		await expect(storage.getStream('a//b')).rejects.toThrow('invalid storage key')
	})

	test('S3_BUCKET choisit le stockage objet ; sans lui, le dossier UPLOAD_DIR', () => {
		expect(storageFromEnv(parseEnv({ NODE_ENV: 'test', ...s3.env }))).toBeInstanceOf(S3Storage)
		expect(storageFromEnv(parseEnv({ NODE_ENV: 'test', UPLOAD_DIR: '/tmp/x' }))).not.toBeInstanceOf(S3Storage)
	})
})
