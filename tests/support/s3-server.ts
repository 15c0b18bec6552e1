/**
 * A local S3-compatible server for tests (s3rver, in this process, files in a temporary
 * folder), with one bucket already created. See docs/decisions/028-object-storage.md.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import S3rver from 's3rver'
import { S3Storage } from '#app/services/s3-storage.server.ts'

export type LocalS3 = {
	endpoint: string
	bucket: string
	accessKeyId: string
	secretAccessKey: string
	/** The variables that point the app at this server (getStorage() reads them on first use). */
	env: {
		S3_BUCKET: string
		S3_REGION: string
		S3_ENDPOINT: string
		S3_ACCESS_KEY_ID: string
		S3_SECRET_ACCESS_KEY: string
		S3_FORCE_PATH_STYLE: 'true'
	}
	/** The folder where the server keeps the objects (to look at them from a test). */
	directory: string
	/** An S3Storage on this server, for tests that talk to it directly. */
	storage: () => S3Storage
	stop: () => Promise<void>
}

export async function startS3Server(options: { bucket?: string } = {}): Promise<LocalS3> {
	const bucket = options.bucket ?? 'ensemble-test'
	const directory = await mkdtemp(path.join(os.tmpdir(), 'ensemble-s3-'))
	// s3rver checks signatures against these fixed credentials.
	const accessKeyId = 'S3RVER'
	const secretAccessKey = 'S3RVER'
	const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] })
	const { port } = await server.run()
	const endpoint = `http://127.0.0.1:${port}`
	const env = {
		S3_BUCKET: bucket,
		S3_REGION: 'us-east-1',
		S3_ENDPOINT: endpoint,
		S3_ACCESS_KEY_ID: accessKeyId,
		S3_SECRET_ACCESS_KEY: secretAccessKey,
		S3_FORCE_PATH_STYLE: 'true' as const,
	}
	const clients: S3Storage[] = []
	return {
		endpoint,
		bucket,
		accessKeyId,
		secretAccessKey,
		env,
		directory,
		storage() {
			const storage = new S3Storage({ bucket, region: env.S3_REGION, endpoint, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } })
			clients.push(storage)
			return storage
		},
		async stop() {
			for (const client of clients) client.destroy()
			await server.close()
			await rm(directory, { recursive: true, force: true })
		},
	}
}
