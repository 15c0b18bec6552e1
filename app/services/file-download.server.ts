/**
 * The response of a file download: a stored file streams from the storage (disk or object
 * store) to the client, never read whole into memory; a file drawn on the fly (a PDF
 * rendered now) is sent from its bytes.
 */
import { Readable } from 'node:stream'
import type { StoredStream } from '#app/services/storage.server.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'

export type DownloadFile = { filename: string; contentType: string } & ({ data: Buffer } | StoredStream)

export function fileResponse(request: Request, file: DownloadFile, disposition: 'attachment' | 'inline' = 'attachment'): Response {
	if ('data' in file) return new Response(new Uint8Array(file.data), { headers: downloadHeaders(file, disposition) })
	const { filename, contentType, size } = file
	const headers = downloadHeaders({ filename, contentType, size }, disposition)
	if (request.method === 'HEAD') {
		// Remix drops the body of a HEAD response without reading it: close the file (or the object
		// store's connection, which would otherwise stay taken) here.
		file.stream.destroy()
		return new Response(null, { headers })
	}
	return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, { headers })
}
