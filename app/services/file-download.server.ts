/**
 * The response of a file download: a stored file streams from the storage (disk or object
 * store) to the client, never read whole into memory; a file drawn on the fly (a PDF
 * rendered now) is sent from its bytes.
 */
import { Readable } from 'node:stream'
import type { StoredStream } from '#app/services/storage.server.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'

export type DownloadFile = { filename: string; contentType: string } & ({ data: Buffer } | StoredStream)

export function fileResponse(file: DownloadFile, disposition: 'attachment' | 'inline' = 'attachment'): Response {
	if ('data' in file) return new Response(new Uint8Array(file.data), { headers: downloadHeaders(file, disposition) })
	const { filename, contentType, size } = file
	return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, { headers: downloadHeaders({ filename, contentType, size }, disposition) })
}

