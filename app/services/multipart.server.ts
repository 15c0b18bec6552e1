/**
 * Reads a multipart upload. The body is read through a counter that stops past the cap
 * (a sender that lies about its length is cut off), then parsed by the platform's
 * FormData parser, which reads quoted file names as RFC 7578 writes them: a name with
 * `;` or `=` ("budget;v2=final.pdf") is an ordinary name. A body that is not a well-formed
 * multipart form (bad boundary, truncated) is answered 400, in French; so are a NUL
 * character in a field or a file name, and over-long lists (app/utils/form-data.server.ts).
 */
import { boundFormData, formRefusals } from '#app/utils/form-data.server.ts'
import { MAX_UPLOAD_BYTES } from './uploads.server.ts'

export type ParsedUpload =
	| { ok: true; formData: FormData; file: { filename: string; data: Buffer } | null }
	| { ok: false; status: 400 | 413; message: string }

const tooBigMessage = (max: number) => `Le fichier dépasse la taille maximale de ${Math.round(max / 1024 / 1024)} Mo.`
const UNREADABLE = 'Le fichier n’a pas pu être reçu en entier : réessayez.'
/** Room for the other fields and the multipart boundaries. */
const OVERHEAD_BYTES = 1024 * 1024

class TooLarge extends Error {}

export async function parseUpload(request: Request, { fileField = 'file', maxBytes = MAX_UPLOAD_BYTES } = {}): Promise<ParsedUpload> {
	const contentType = request.headers.get('content-type') ?? ''
	if (!contentType.startsWith('multipart/form-data')) {
		return { ok: false, status: 400, message: 'Choisissez un fichier à envoyer.' }
	}
	if (!/;\s*boundary=/i.test(contentType)) return { ok: false, status: 400, message: UNREADABLE }
	const declared = Number(request.headers.get('content-length') ?? '0')
	// Anything declared larger is not read at all.
	if (declared > maxBytes + OVERHEAD_BYTES) return { ok: false, status: 413, message: tooBigMessage(maxBytes) }
	if (!request.body) return { ok: false, status: 400, message: UNREADABLE }

	let received = 0
	const limit = maxBytes + OVERHEAD_BYTES
	const counted = request.body.pipeThrough(
		new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, controller) {
				received += chunk.byteLength
				if (received > limit) controller.error(new TooLarge())
				else controller.enqueue(chunk)
			},
		}),
	)
	let parsed: FormData
	try {
		parsed = await new Request('http://upload.invalid/', {
			method: 'POST',
			headers: { 'content-type': contentType },
			body: counted,
			duplex: 'half',
		} as RequestInit & { duplex: 'half' }).formData()
	} catch {
		if (received > limit) return { ok: false, status: 413, message: tooBigMessage(maxBytes) }
		return { ok: false, status: 400, message: UNREADABLE }
	}
	const formData = boundFormData(parsed)
	const refused = formRefusals(formData)
	if (refused.length > 0) return { ok: false, status: 400, message: refused[0]! }

	const part = formData.get(fileField)
	if (part === null || typeof part === 'string' || !part.name) return { ok: true, formData, file: null }
	if (part.size > maxBytes) return { ok: false, status: 413, message: tooBigMessage(maxBytes) }
	if (part.size === 0) return { ok: false, status: 400, message: 'Le fichier est vide.' }
	return { ok: true, formData, file: { filename: part.name, data: Buffer.from(await part.arrayBuffer()) } }
}
