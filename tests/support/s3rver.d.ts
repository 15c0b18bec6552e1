/** The part of s3rver (no types of its own) that tests/support/s3-server.ts uses. */
declare module 's3rver' {
	import type { AddressInfo } from 'node:net'

	type S3rverOptions = {
		address?: string
		port?: number
		silent?: boolean
		directory: string
		resetOnClose?: boolean
		allowMismatchedSignatures?: boolean
		vhostBuckets?: boolean
		configureBuckets?: { name: string; configs?: (string | Buffer)[] }[]
	}

	export default class S3rver {
		constructor(options: S3rverOptions)
		run(): Promise<AddressInfo>
		close(): Promise<void>
	}
}
