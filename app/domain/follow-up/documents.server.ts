/**
 * The follow-up's PDFs as the routes serve them (issue 10): the read model loaded for the
 * reader (404 for anyone who may not know of the dossier's follow-up), the staff's URL checked
 * against the call it names, and a response with a safe file name.
 */
import { forbidden, notFound } from '#app/auth/permissions.server.ts'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { downloadHeaders } from '#app/utils/download-headers.ts'
import { db } from '#db/client.server.ts'
import { decideFollowUp, requireFollowUp } from './access.server.ts'
import { loadFollowUpView } from './follow-up-view.server.ts'

/**
 * The follow-up for a document: on a consortium's URL, any reader of the follow-up; on the
 * staff's URL (`staffCallId`), the dossier must be of that call (404) and the reader the
 * funder's staff (403 for a co-porter, who knows of it).
 */
export async function followUpForDocument(input: { user: { id: string } | PolicyUser; applicationId: string; staffCallId?: string }) {
	const access = await requireFollowUp(db, input.user, input.applicationId)
	if (input.staffCallId !== undefined) {
		if (access.application.callId !== input.staffCallId) notFound('Ce dossier n’est pas de cet appel.')
		if (!decideFollowUp(access, 'manage-follow-up').allowed) forbidden('Cette page est réservée à l’équipe du financeur.')
	}
	return loadFollowUpView(db, access)
}

/** "Veillées de contes croisés (2026)" → "veillees-de-contes-croises-2026": ASCII, bounded. */
export function fileSlug(text: string): string {
	const slug = text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60)
		.replace(/-+$/, '')
	return slug || 'dossier'
}

export function pdfResponse(data: Buffer, filename: string): Response {
	return new Response(new Uint8Array(data), { headers: downloadHeaders({ filename, contentType: 'application/pdf', data }, 'inline') })
}
