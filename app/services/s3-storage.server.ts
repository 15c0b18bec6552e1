/**
 * The files in an S3-compatible object store (AWS S3, MinIO, Garage, Scaleway, OVH…) through
 * the AWS SDK v3 client, under the same keys as on disk. See docs/decisions/028-object-storage.md.
 */
import type { Readable } from 'node:stream'
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { assertStorageKey, type FileStorage, type StoredStream } from '#app/services/file-storage.ts'

export type S3StorageOptions = {
	bucket: string
	region: string
	/** The store's address when it is not AWS. */
	endpoint?: string
	/** http://host/bucket/key rather than http://bucket.host/key (most self-hosted stores). */
	forcePathStyle?: boolean
	/** Without them, the SDK's default chain (AWS_* variables, shared files, instance role). */
	credentials?: { accessKeyId: string; secretAccessKey: string }
}

export class S3Storage implements FileStorage {
	private readonly client: S3Client
	private readonly bucket: string

	constructor(options: S3StorageOptions) {
		this.bucket = options.bucket
		this.client = new S3Client({
			region: options.region,
			endpoint: options.endpoint,
			forcePathStyle: options.forcePathStyle ?? false,
			credentials: options.credentials,
			// Checksums only where the API requires them: many S3-compatible stores reject the
			// newer default (CRC32 trailers on every upload) that only AWS understands everywhere.
			requestChecksumCalculation: 'WHEN_REQUIRED',
			responseChecksumValidation: 'WHEN_REQUIRED',
			maxAttempts: 3,
		})
	}

	async put(key: string, data: Buffer): Promise<void> {
		await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: assertStorageKey(key), Body: data, ContentLength: data.length }))
	}

	async get(key: string): Promise<Buffer | null> {
		const found = await this.getStream(key)
		if (!found) return null
		const chunks: Buffer[] = []
		for await (const chunk of found.stream) chunks.push(chunk as Buffer)
		return Buffer.concat(chunks)
	}

	async getStream(key: string): Promise<StoredStream | null> {
		try {
			const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: assertStorageKey(key) }))
			// In Node the body is an http.IncomingMessage: a Readable.
			return { stream: object.Body as Readable, size: object.ContentLength }
		} catch (error) {
			if (isNotFound(error)) return null
			throw error
		}
	}

	async delete(key: string): Promise<void> {
		// S3 answers 204 whether the object was there or not.
		await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: assertStorageKey(key) }))
	}

	/** Closes the client's sockets (tests, shutdown). */
	destroy() {
		this.client.destroy()
	}
}

function isNotFound(error: unknown): boolean {
	if (error instanceof S3ServiceException) return error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404
	return false
}
