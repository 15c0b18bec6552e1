/**
 * The attachments the call requires (statuts, RIB…): given by the lead once, or by each
 * association ('each'). The lead's members may give every piece; a partner's members give
 * their own association's 'each' pieces, from the invitation on. Files are checked by content (uploads.server.ts) and stored
 * content-addressed under `applications/<id>/<sha256>` (storage.server.ts); a row in
 * `attachments` points to them. The file is written before the transaction commits: if it
 * rolls back, the stored file is recorded as unreferenced, as is the file of a deleted or
 * replaced attachment (app/domain/files/storage-orphans.server.ts removes it after a grace
 * period, unless another row shares it by then).
 */
import { and, eq } from 'drizzle-orm'
import { forbidden, notFound } from '#app/auth/permissions.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { claimStorageKey, markUnreferenced } from '#app/domain/files/storage-orphans.server.ts'
import { isReopenedNow } from '#app/domain/dossier-messages/reopened.server.ts'
import { attachmentItemOfSlot } from '#app/domain/dossier-messages/requests.ts'
import { getStorage, sha256 } from '#app/services/storage.server.ts'
import { checkUpload } from '#app/services/uploads.server.ts'
import { db } from '#db/client.server.ts'
import { attachments } from '#db/schema/index.ts'
import { consortiumOf } from './consortium-of.ts'
import { type ApplicationAccess, decide, getApplicationForUser, getDossierForUser, requireApplicationMember } from './access.server.ts'
import { listMembersOf, loadCallRequirements } from './read-model.server.ts'
import { openReceipt } from './receipt.server.ts'
import { attachmentSlots, isEditable, type RequiredAttachmentRule } from './rules.ts'

type Actor = { id: string }

const READ_ONLY_MESSAGE = 'Ce dossier a été déposé : ses pièces jointes ne sont plus modifiables.'

/** A slot is "<key>:<organizationId>": which required attachment, for which association. */
export const slotId = (key: string, organizationId: string) => `${key}:${organizationId}`

type Slot = ReturnType<typeof attachmentSlots>[number]
type Writer = Pick<ApplicationAccess, 'user' | 'resource'>

/**
 * The slots to fill: the lead's pieces, and the 'each' pieces of every association of the
 * consortium, invited partners included (they give theirs before confirming; the submission
 * only asks for the confirmed ones', rules.ts checkSubmission).
 */
function uploadSlots(required: RequiredAttachmentRule[], members: Awaited<ReturnType<typeof listMembersOf>>) {
	return attachmentSlots(
		required,
		consortiumOf(members).active.map((m) => ({ organizationId: m.organizationId, name: m.name ?? m.invitedEmail ?? '', role: m.role, status: m.status === 'invited' && m.role === 'co_carrier' ? 'confirmed' : m.status })),
	)
}

/** The lead's members give every piece; a partner's members only their own association's 'each' pieces. */
export function maySetSlot(slot: Pick<Slot, 'givenBy' | 'organizationId'>, writer: Writer): boolean {
	return decide(writer, 'give-piece', { slot: { givenBy: slot.givenBy, organizationId: slot.organizationId } }).allowed
}

/**
 * The pieces page, from the dossier (read with the access, getAttachmentReader): every slot to
 * fill, with the file given for it, if any, and whether this viewer may set it; and the items reopened now.
 */
export function attachmentsPageOf({ details, reopened }: Pick<Awaited<ReturnType<typeof getDossierForUser>>['dossier'], 'details' | 'reopened'>, writer: Writer) {
	const { requiredAttachments } = details.call
	// The files as stored: the page makes its own links.
	const files = details.files.map(({ href: _href, ...file }) => file)
	const slots = uploadSlots(requiredAttachments, details.members).map((slot) => ({
		...slot,
		id: slotId(slot.key, slot.organizationId),
		mine: maySetSlot(slot, writer),
		file: files.find((f) => f.kind === slot.key && f.organizationId === slot.organizationId) ?? null,
	}))
	return { slots, requiredCount: requiredAttachments.length, reopened }
}

/**
 * The pieces page's reader: any association of the consortium (404 for outsiders). The
 * associations it may give pieces for are its own in this consortium: the only ones a slot names.
 */
export async function getAttachmentReader({ id, user }: { id: string; user: Actor }) {
	const { access, dossier } = await getDossierForUser({ id, user }, { history: false })
	return { access: { ...access, organizationIds: access.members.flatMap(({ member }) => (member.organizationId ? [member.organizationId] : [])) }, dossier }
}

/**
 * Who may write on the pieces page, decided before the body is read: 404 outside the
 * consortium, 403 for a partner the call asks nothing of.
 */
export async function getAttachmentWriter({ id, user }: { id: string; user: Actor }) {
	const access = await requireApplicationMember(db, id, user, false)
	if (!access.isLead) {
		const [requirements, members] = await Promise.all([loadCallRequirements(access.application.callId), listMembersOf(id)])
		if (!uploadSlots(requirements.requiredAttachments, members).some((slot) => maySetSlot(slot, access))) {
			forbidden('Seule l’association chef de file modifie le dossier. Votre association n’a pas de pièce à déposer pour cet appel.')
		}
	}
	return access
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
	let written = false
	return db.transaction(async (tx) => {
		const writer = await requireApplicationMember(tx, id, user)
		const { application } = writer
		// After submission, only an attachment kind the funder reopened (a request for a missing piece) is replaced.
		if (!isEditable(application.status) && !(await isReopenedNow(tx, application, attachmentItemOfSlot(slot)))) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const [requirements, members] = await Promise.all([loadCallRequirements(application.callId, tx), listMembersOf(id, tx)])
		const target = uploadSlots(requirements.requiredAttachments, members).find((s) => slotId(s.key, s.organizationId) === slot)
		if (!target) return { ok: false as const, message: 'Cette pièce n’est pas demandée par l’appel, ou l’association ne fait plus partie du projet.' }
		if (!maySetSlot(target, writer)) forbidden('Vous déposez les pièces de votre association ; celle-ci revient à une autre association du projet.')
		// Content-addressed: writing the same bytes again is harmless, even if this transaction rolls back.
		// Taken off the sweep's candidates first, so that a sweep cannot remove the file just written.
		await claimStorageKey(tx, storageKey)
		written = true
		await getStorage().put(storageKey, data)
		const replaced = await tx
			.delete(attachments)
			.where(and(eq(attachments.applicationId, id), eq(attachments.kind, target.key), eq(attachments.organizationId, target.organizationId)))
			.returning({ storageKey: attachments.storageKey })
		await markUnreferenced(
			tx,
			replaced.map((r) => r.storageKey).filter((key) => key !== storageKey),
		)
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
	}).catch(async (error: unknown) => {
		// The transaction rolled back after the file was written: nothing points to it.
		if (written) await markUnreferenced(db, [storageKey]).catch((markError) => console.error('Pièces : fichier orphelin non noté', markError))
		throw error
	})
}

/** Removes the row; its file is recorded as unreferenced (the sweep keeps it while another row shares it). */
export async function deleteAttachment({ id, user, attachmentId }: { id: string; user: Actor; attachmentId: string }): Promise<{ ok: true } | { ok: false; message: string }> {
	return db.transaction(async (tx) => {
		const writer = await requireApplicationMember(tx, id, user)
		if (!isEditable(writer.application.status)) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const [found] = await tx
			.select({ kind: attachments.kind, organizationId: attachments.organizationId })
			.from(attachments)
			.where(and(eq(attachments.id, attachmentId), eq(attachments.applicationId, id)))
		if (!found) notFound('Cette pièce jointe n’existe pas.')
		const { requiredAttachments } = await loadCallRequirements(writer.application.callId, tx)
		const givenBy = requiredAttachments.find((a) => a.key === found.kind)?.givenBy ?? 'lead'
		if (!maySetSlot({ givenBy, organizationId: found.organizationId ?? '' }, writer)) {
			forbidden('Vous ne pouvez supprimer que les pièces de votre association.')
		}
		const [row] = await tx
			.delete(attachments)
			.where(and(eq(attachments.id, attachmentId), eq(attachments.applicationId, id)))
			.returning({ kind: attachments.kind, filename: attachments.filename, organizationId: attachments.organizationId, storageKey: attachments.storageKey })
		if (!row) notFound('Cette pièce jointe n’existe pas.')
		await markUnreferenced(tx, [row.storageKey])
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
	const stored = await getStorage().getStream(row.storageKey)
	if (!stored) notFound('Ce fichier n’est plus disponible : déposez-le de nouveau.')
	return { filename: row.filename, contentType: row.contentType, ...stored }
}

/** The receipt of a submitted application, for a member of the consortium. */
export async function getReceiptFile({ id, user }: { id: string; user: Actor }) {
	const { application } = await getApplicationForUser({ id, user })
	if (!application.submittedAt) notFound('Ce dossier n’a pas encore été déposé : il n’a pas de récépissé.')
	const stored = await openReceipt(application.id)
	if (!stored) notFound('Le récépissé de ce dossier n’est pas disponible.')
	return { filename: `recepisse-${application.id.slice(0, 8)}.pdf`, contentType: 'application/pdf', ...stored }
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
