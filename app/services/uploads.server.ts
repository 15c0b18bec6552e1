/**
 * What an uploaded attachment really is, read from its content (magic numbers), never
 * from its name or the browser's Content-Type: a ".pdf" that is not a PDF is refused.
 */
import { fileTypeFromBuffer } from 'file-type'

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

/** Accepted types: PDF, images, office documents (OOXML, OpenDocument, legacy Office). */
const ACCEPTED: Record<string, { label: string; extensions: string[] }> = {
	'application/pdf': { label: 'PDF', extensions: ['pdf'] },
	'image/png': { label: 'image PNG', extensions: ['png'] },
	'image/jpeg': { label: 'image JPEG', extensions: ['jpg', 'jpeg'] },
	'image/webp': { label: 'image WebP', extensions: ['webp'] },
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'document Word', extensions: ['docx'] },
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { label: 'classeur Excel', extensions: ['xlsx'] },
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': { label: 'présentation PowerPoint', extensions: ['pptx'] },
	'application/vnd.oasis.opendocument.text': { label: 'document OpenDocument', extensions: ['odt'] },
	'application/vnd.oasis.opendocument.spreadsheet': { label: 'classeur OpenDocument', extensions: ['ods'] },
	'application/x-cfb': { label: 'document Office (ancien format)', extensions: ['doc', 'xls', 'ppt'] },
}

export const ACCEPTED_EXTENSIONS = Object.values(ACCEPTED).flatMap((t) => t.extensions)

export type UploadCheck = { ok: true; contentType: string; extension: string } | { ok: false; message: string }

export async function checkUpload(file: { filename: string; data: Buffer }, maxBytes = MAX_UPLOAD_BYTES): Promise<UploadCheck> {
	if (file.data.length === 0) return { ok: false, message: 'Le fichier est vide.' }
	if (file.data.length > maxBytes) {
		return { ok: false, message: `Le fichier dépasse la taille maximale de ${Math.round(maxBytes / 1024 / 1024)} Mo.` }
	}
	const extension = extensionOf(file.filename)
	const detected = await fileTypeFromBuffer(file.data)
	const accepted = detected ? ACCEPTED[detected.mime] : undefined
	if (!detected || !accepted) {
		return {
			ok: false,
			message: `Ce fichier n’est pas d’un type accepté (PDF, image, document bureautique)${extension ? ` : son contenu ne correspond pas à un fichier .${extension}` : ''}.`,
		}
	}
	if (!accepted.extensions.includes(extension)) {
		return {
			ok: false,
			message: `Le nom du fichier se termine par .${extension || '(rien)'} mais son contenu est un ${accepted.label} : renommez-le ou choisissez le bon fichier.`,
		}
	}
	return { ok: true, contentType: detected.mime, extension }
}

function extensionOf(filename: string): string {
	const match = /\.([a-z0-9]+)$/i.exec(filename.trim())
	return match ? match[1]!.toLowerCase() : ''
}
