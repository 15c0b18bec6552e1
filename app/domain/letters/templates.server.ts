/**
 * The staff's texts of a call's emails and letters: list, save (version-checked: two staff
 * editing the same message, the second is told and keeps their text), reset to the default
 * (the row is deleted), and a preview filled from a real dossier of the call.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { notFound, type CurrentUser } from '#app/auth/permissions.server.ts'
import { can, type PolicyUser } from '#app/auth/policy/index.ts'
import { requireCallForDeliberation } from '#app/auth/policy/load.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applications, messageTemplates } from '#db/schema/index.ts'
import { renderLetterPdf } from './decision-letters.server.ts'
import { loadCallFacts, loadDossiers, loadTemplates, valuesFor } from './letter-data.server.ts'
import { decisionOf, isTemplateKey, kindOf, renderTemplate, type TemplateKey, type TemplateText } from './templates.ts'

export const TEMPLATE_MESSAGES = {
	conflict: 'Ce message a été modifié par quelqu’un d’autre pendant que vous l’éditiez. Votre texte est conservé ci-dessous : relisez la version enregistrée (rechargez la page dans un autre onglet), puis enregistrez à nouveau.',
	unknown: 'Ce message n’existe pas.',
}

/** The staff's call, 404 for anyone else (a chair who is not staff included: 'edit-templates' is staff's). */
async function requireTemplatesCall(executor: Executor, user: PolicyUser, callId: string, lock?: 'update') {
	const found = await requireCallForDeliberation(executor, user, callId, lock)
	if (!can(user, 'edit-templates', found.resource).allowed) notFound('Cet appel à projets n’existe pas ou ne relève pas de votre financeur.')
	return found
}

export function requireTemplateKey(value: string | undefined): TemplateKey {
	if (!isTemplateKey(value)) notFound(TEMPLATE_MESSAGES.unknown)
	return value
}

export async function listTemplates({ user, callId }: { user: CurrentUser; callId: string }) {
	const found = await requireTemplatesCall(db, user, callId)
	return { call: { id: found.call.id, title: found.call.title, status: found.call.status }, templates: await loadTemplates(db, callId) }
}

export async function getTemplate({ user, callId, key }: { user: CurrentUser; callId: string; key: TemplateKey }) {
	const found = await requireTemplatesCall(db, user, callId)
	const templates = await loadTemplates(db, callId)
	return { call: { id: found.call.id, title: found.call.title, status: found.call.status }, template: templates[key] }
}

type SaveOutcome = { ok: true } | { ok: false; conflict: true; message: string; currentVersion: number; currentRow: string }

export async function saveTemplate(input: { user: PolicyUser; callId: string; key: TemplateKey; subject: string; body: string; version: number; row: string }): Promise<SaveOutcome> {
	const { user, callId, key } = input
	return db.transaction(async (tx) => {
		// The call locked: two first saves of a message (no row yet) are one after the other, the second told of the first.
		await requireTemplatesCall(tx, user, callId, 'update')
		const [existing] = await tx.select().from(messageTemplates).where(and(eq(messageTemplates.callId, callId), eq(messageTemplates.key, key))).for('update')
		const read = { version: existing?.version ?? 0, row: existing?.id ?? '' }
		if (read.version !== input.version || read.row !== input.row) {
			return { ok: false as const, conflict: true as const, message: TEMPLATE_MESSAGES.conflict, currentVersion: read.version, currentRow: read.row }
		}
		if (existing) {
			await tx
				.update(messageTemplates)
				.set({ subject: input.subject, body: input.body, version: existing.version + 1, updatedById: user.id })
				.where(eq(messageTemplates.id, existing.id))
		} else {
			await tx.insert(messageTemplates).values({ callId, key, subject: input.subject, body: input.body, version: 1, updatedById: user.id })
		}
		await recordAudit(tx, { actorUserId: user.id, action: 'call.template_saved', subjectType: 'call', subjectId: callId, data: { key, version: read.version + 1 } })
		return { ok: true as const }
	})
}

export async function resetTemplate({ user, callId, key }: { user: PolicyUser; callId: string; key: TemplateKey }) {
	return db.transaction(async (tx) => {
		await requireTemplatesCall(tx, user, callId, 'update')
		const deleted = await tx.delete(messageTemplates).where(and(eq(messageTemplates.callId, callId), eq(messageTemplates.key, key))).returning({ id: messageTemplates.id })
		if (deleted.length > 0) await recordAudit(tx, { actorUserId: user.id, action: 'call.template_reset', subjectType: 'call', subjectId: callId, data: { key } })
		return { ok: true as const, changed: deleted.length > 0 }
	})
}

/**
 * The dossiers a preview may be filled from: the decided ones of the call (those of the
 * message's decision first), or its recevable ones while none is decided.
 */
async function previewDossiers(callId: string, key: TemplateKey) {
	const decision = decisionOf(key)
	const decided = await db
		.select({ id: applications.id, title: applications.title, status: applications.status })
		.from(applications)
		.where(and(eq(applications.callId, callId), inArray(applications.status, ['selected', 'waitlisted', 'rejected'])))
		.orderBy(sql`${applications.status} <> ${decision}`, asc(applications.title))
		.limit(100)
	if (decided.length > 0) return decided
	return db
		.select({ id: applications.id, title: applications.title, status: applications.status })
		.from(applications)
		.where(and(eq(applications.callId, callId), inArray(applications.status, ['admissible', 'under_review'])))
		.orderBy(asc(applications.title))
		.limit(100)
}

/** The text filled from one dossier of the call, addressed to its lead association; null when the call has no dossier to show. */
export async function previewTemplate({ user, callId, key, text, applicationId }: { user: PolicyUser; callId: string; key: TemplateKey; text: TemplateText; applicationId?: string }) {
	await requireTemplatesCall(db, user, callId)
	const choices = await previewDossiers(callId, key)
	const chosen = choices.find((c) => c.id === applicationId) ?? choices[0]
	if (!chosen) return { choices, preview: null }
	const [call, dossiers] = await Promise.all([loadCallFacts(db, callId), loadDossiers(db, [chosen.id])])
	const dossier = dossiers.get(chosen.id)!
	const lead = dossier.members.find((m) => m.isLead) ?? dossier.members[0]
	const filled = renderTemplate(text, valuesFor(call!, dossier, lead?.name ?? ''))
	return { choices, preview: { applicationId: chosen.id, title: chosen.title, recipient: lead?.name ?? '', kind: kindOf(key), ...filled } }
}

/** The letter as the association would receive it, from the saved text and a dossier of the call; 404 for an email's key or a call without dossiers. */
export async function previewLetterPdf({ user, callId, key, applicationId }: { user: PolicyUser; callId: string; key: TemplateKey; applicationId?: string }) {
	if (kindOf(key) !== 'letter') notFound(TEMPLATE_MESSAGES.unknown)
	await requireTemplatesCall(db, user, callId)
	const choices = await previewDossiers(callId, key)
	const chosen = choices.find((c) => c.id === applicationId) ?? choices[0]
	if (!chosen) notFound('Aucun dossier de cet appel pour l’aperçu.')
	const [call, dossiers, templates] = await Promise.all([loadCallFacts(db, callId), loadDossiers(db, [chosen.id]), loadTemplates(db, callId)])
	const dossier = dossiers.get(chosen.id)!
	const lead = dossier.members.find((m) => m.isLead) ?? dossier.members[0]
	if (!lead) notFound('Ce dossier n’a pas d’association confirmée.')
	return renderLetterPdf(call!, dossier, { organizationId: lead.organizationId, decision: decisionOf(key) }, templates[key], new Date())
}
