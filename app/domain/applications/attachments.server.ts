/**
 * The attachments the call requires (statuts, RIB…): given by the lead once, or by each
 * confirmed association ('each'). Files are checked by content (uploads.server.ts) and stored
 * content-addressed under `applications/<id>/<sha256>` (storage.server.ts); a row in
 * `attachments` points to them. The file is written before the transaction: if it rolls
 * back, the stored file is an orphan that the same upload would overwrite with the same bytes.
 */
import { and, eq } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { isReopenedNow } from '#app/domain/dossier-messages/reopened.server.ts'
import { attachmentItemOfSlot } from '#app/domain/dossier-messages/requests.ts'
import { getStorage, sha256 } from '#app/services/storage.server.ts'
import { checkUpload } from '#app/services/uploads.server.ts'
import { db } from '#db/client.server.ts'
import { attachments } from '#db/schema/index.ts'
import {
	getApplicationForUser,
	listAttachmentsOf,
	listMembersOf,
	loadCallRequirements,
	requireApplicationEditor,
} from './applications.server.ts'
import { readReceipt } from './receipt.server.ts'
import { attachmentSlots, isEditable } from './rules.ts'

type Actor = { id: string }

const READ_ONLY_MESSAGE = 'Ce dossier a été déposé : ses pièces jointes ne sont plus modifiables.'

/** A slot is "<key>:<organizationId>": which required attachment, for which association. */
export const slotId = (key: string, organizationId: string) => `${key}:${organizationId}`

/** The pieces page: every slot to fill, with the file given for it, if any. */
export async function loadAttachmentsPage(applicationId: string, callId: string) {
	const [requirements, members, files] = await Promise.all([
		loadCallRequirements(callId),
		listMembersOf(applicationId),
		listAttachmentsOf(applicationId),
	])
	const slots = attachmentSlots(
		requirements.requiredAttachments,
		members.map((m) => ({ organizationId: m.organizationId, name: m.name ?? m.invitedEmail ?? '', role: m.role, status: m.status })),
	).map((slot) => ({
		...slot,
		id: slotId(slot.key, slot.organizationId),
		file: files.find((f) => f.kind === slot.key && f.organizationId === slot.organizationId) ?? null,
	}))
	return { slots, requiredCount: requirements.requiredAttachments.length }
}

export async function addAttachment({
	id,
	user,
	slot,
	filename,
	data,
}: {
	id: string
	user: Actor
	slot: string
	filename: string
	data: Buffer
}): Promise<{ ok: true; attachmentId: string } | { ok: false; message: string }> {
	const checked = await checkUpload({ filename, data })
	if (!checked.ok) return checked
	const digest = sha256(data)
	const storageKey = `applications/${id}/${digest}`
	return db.transaction(async (tx) => {
		const { application } = await requireApplicationEditor(tx, id, user)
		// After submission, only an attachment kind the funder reopened (a request for a missing piece) is replaced.
		if (!isEditable(application.status) && !(await isReopenedNow(tx, application, attachmentItemOfSlot(slot)))) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const [requirements, members] = await Promise.all([loadCallRequirements(application.callId, tx), listMembersOf(id, tx)])
		const target = attachmentSlots(
			requirements.requiredAttachments,
			members.map((m) => ({ organizationId: m.organizationId, name: m.name ?? '', role: m.role, status: m.status })),
		).find((s) => slotId(s.key, s.organizationId) === slot)
		if (!target) return { ok: false as const, message: 'Cette pièce n’est pas demandée par l’appel, ou l’association n’a pas encore confirmé son engagement.' }
		// Content-addressed: writing the same bytes again is harmless, even if this transaction rolls back.
		await getStorage().put(storageKey, data)
		await tx
			.delete(attachments)
			.where(and(eq(attachments.applicationId, id), eq(attachments.kind, target.key), eq(attachments.organizationId, target.organizationId)))
		const [row] = await tx
			.insert(attachments)
			.values({
				applicationId: id,
				organizationId: target.organizationId,
				kind: target.key,
				filename: safeFilename(filename, checked.extension),
				contentType: checked.contentType,
				sizeBytes: data.length,
				storageKey,
				sha256: digest,
				uploadedById: user.id,
			})
			.returning({ id: attachments.id })
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.attachment_added',
			subjectType: 'application',
			subjectId: id,
			data: { kind: target.key, label: target.label, organizationId: target.organizationId, organizationName: target.organizationName, filename, sha256: digest },
		})
		return { ok: true as const, attachmentId: row!.id }
	})
}

/** Removes the row; the stored file stays (content-addressed, possibly shared by another row). */
export async function deleteAttachment({ id, user, attachmentId }: { id: string; user: Actor; attachmentId: string }): Promise<{ ok: true } | { ok: false; message: string }> {
	return db.transaction(async (tx) => {
		const { application } = await requireApplicationEditor(tx, id, user)
		if (!isEditable(application.status)) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const [row] = await tx
			.delete(attachments)
			.where(and(eq(attachments.id, attachmentId), eq(attachments.applicationId, id)))
			.returning({ kind: attachments.kind, filename: attachments.filename, organizationId: attachments.organizationId })
		if (!row) notFound('Cette pièce jointe n’existe pas.')
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.attachment_deleted',
			subjectType: 'application',
			subjectId: id,
			data: { kind: row.kind, filename: row.filename, organizationId: row.organizationId },
		})
		return { ok: true as const }
	})
}

/** A file of the application, for a member of the consortium (404 for anyone else). */
export async function getAttachmentFile({ id, user, attachmentId }: { id: string; user: Actor; attachmentId: string }) {
	const { application } = await getApplicationForUser({ id, user })
	const [row] = await db
		.select()
		.from(attachments)
		.where(and(eq(attachments.id, attachmentId), eq(attachments.applicationId, application.id)))
	if (!row) notFound('Cette pièce jointe n’existe pas.')
	const data = await getStorage().get(row.storageKey)
	if (!data) notFound('Ce fichier n’est plus disponible : déposez-le de nouveau.')
	return { filename: row.filename, contentType: row.contentType, data }
}

/** The receipt of a submitted application, for a member of the consortium. */
export async function getReceiptFile({ id, user }: { id: string; user: Actor }) {
	const { application } = await getApplicationForUser({ id, user })
	if (!application.submittedAt) notFound('Ce dossier n’a pas encore été déposé : il n’a pas de récépissé.')
	const data = await readReceipt(application.id)
	if (!data) notFound('Le récépissé de ce dossier n’est pas disponible.')
	return { filename: `recepisse-${application.id.slice(0, 8)}.pdf`, contentType: 'application/pdf', data }
}

/** The name kept for download: no path, no control characters, the extension that matches the content. */
function safeFilename(filename: string, extension: string) {
	const base = (filename.split(/[\\/]/).pop() ?? '')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f"]/g, '')
		.trim()
		.slice(0, 200)
	return base || `piece.${extension}`
}

/** Headers of a file download: the stored type, and a name every browser reads (RFC 6266). */
export function downloadHeaders(file: { filename: string; contentType: string; data: Buffer }, disposition: 'attachment' | 'inline' = 'attachment') {
	const ascii = file.filename.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || 'fichier'
	return {
		'Content-Type': file.contentType,
		'Content-Length': String(file.data.length),
		'Content-Disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
		'X-Content-Type-Options': 'nosniff',
		'Cache-Control': 'private, no-store',
	}
}
