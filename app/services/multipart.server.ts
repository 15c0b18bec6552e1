/**
 * Reads a multipart upload with Remix's unstable_parseMultipartFormData: the file part goes
 * to a memory handler capped at MAX_UPLOAD_BYTES, which keeps reading (and dropping) what is
 * beyond the cap so that the browser still gets our answer, not a reset connection; text
 * fields go to Remix's memory upload handler. A body far beyond the cap is refused before
 * it is read.
 */
import {
	unstable_composeUploadHandlers,
	unstable_createMemoryUploadHandler,
	unstable_parseMultipartFormData,
	type UploadHandler,
} from '@remix-run/node'
import { MAX_UPLOAD_BYTES } from './uploads.server.ts'

export type ParsedUpload =
	| { ok: true; formData: FormData; file: { filename: string; data: Buffer } | null }
	| { ok: false; status: 400 | 413; message: string }

const tooBigMessage = (max: number) => `Le fichier dépasse la taille maximale de ${Math.round(max / 1024 / 1024)} Mo.`

export async function parseUpload(request: Request, { fileField = 'file', maxBytes = MAX_UPLOAD_BYTES } = {}): Promise<ParsedUpload> {
	if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
		return { ok: false, status: 400, message: 'Choisissez un fichier à envoyer.' }
	}
	const declared = Number(request.headers.get('content-length') ?? '0')
	// Room for the other fields and the multipart boundaries; anything larger is not read at all.
	if (declared > maxBytes + 1024 * 1024) return { ok: false, status: 413, message: tooBigMessage(maxBytes) }

	let tooBig = false
	let file: { filename: string; data: Buffer } | null = null
	const fileHandler: UploadHandler = async ({ name, filename, data }) => {
		if (name !== fileField || filename === undefined) return undefined
		const chunks: Uint8Array[] = []
		let size = 0
		for await (const chunk of data) {
			size += chunk.byteLength
			if (size > maxBytes) {
				tooBig = true
				// A sender that lies about its length is cut off after twice the cap.
				if (size > 2 * maxBytes + 1024 * 1024) throw new Error('upload too large')
				continue
			}
			chunks.push(chunk)
		}
		if (!tooBig && filename) file = { filename, data: Buffer.concat(chunks) }
		return filename || undefined
	}
	let formData: FormData
	try {
		formData = await unstable_parseMultipartFormData(
			request,
			unstable_composeUploadHandlers(fileHandler, unstable_createMemoryUploadHandler({ maxPartSize: 64 * 1024 })),
		)
	} catch {
		if (tooBig) return { ok: false, status: 413, message: tooBigMessage(maxBytes) }
		return { ok: false, status: 400, message: 'Le fichier n’a pas pu être reçu en entier : réessayez.' }
	}
	if (tooBig) return { ok: false, status: 413, message: tooBigMessage(maxBytes) }
	return { ok: true, formData, file }
}
