/**
 * What a decision letter is written from: the call (its funder's name and contact) and each
 * dossier with its decision and its consortium (the confirmed associations, the lead first).
 * Loaded for a batch of dossiers at once: a few statements whatever the batch's size.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { appUrl } from '#app/env.server.ts'
import { formatCents, formatDate } from '#app/utils/format.ts'
import { type Executor } from '#db/client.server.ts'
import { applicationMembers, applications, calls, messageTemplates, organizations } from '#db/schema/index.ts'
import { type CallFacts, DEFAULT_TEMPLATES, type DossierFacts, placeholderValues, TEMPLATE_KEYS, type TemplateKey, type TemplateText } from './templates.ts'

export async function loadCallFacts(executor: Executor, callId: string): Promise<CallFacts | null> {
	const [row] = await executor
		.select({ id: calls.id, title: calls.title, funderName: organizations.name, contactEmail: organizations.contactEmail })
		.from(calls)
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(eq(calls.id, callId))
	return row ?? null
}

export async function loadDossiers(executor: Executor, applicationIds: string[]): Promise<Map<string, DossierFacts>> {
	if (applicationIds.length === 0) return new Map()
	const [rows, members] = await Promise.all([
		executor
			.select({
				applicationId: applications.id,
				title: applications.title,
				status: applications.status,
				decisionVersion: applications.decisionVersion,
				amountGrantedCents: applications.amountGrantedCents,
				motivation: applications.decisionMotivation,
				waitlistPosition: applications.waitlistPosition,
				decidedAt: applications.decidedAt,
			})
			.from(applications)
			.where(inArray(applications.id, applicationIds)),
		executor
			.select({ applicationId: applicationMembers.applicationId, organizationId: applicationMembers.organizationId, name: organizations.name, role: applicationMembers.role })
			.from(applicationMembers)
			.innerJoin(organizations, eq(organizations.id, applicationMembers.organizationId))
			.where(and(inArray(applicationMembers.applicationId, applicationIds), eq(applicationMembers.status, 'confirmed')))
			.orderBy(asc(applicationMembers.role), asc(organizations.name)),
	])
	const facts = new Map<string, DossierFacts>(rows.map((row) => [row.applicationId, { ...row, members: [] }]))
	for (const member of members) {
		facts.get(member.applicationId)?.members.push({ organizationId: member.organizationId!, name: member.name, isLead: member.role === 'lead' })
	}
	for (const dossier of facts.values()) dossier.members.sort((a, b) => Number(b.isLead) - Number(a.isLead))
	return facts
}

export type CallTemplate = TemplateText & { id: string | null; version: number; custom: boolean; updatedAt: Date | null }

/** The six texts of the call: the staff's version where there is one, the default otherwise (version 0). */
export async function loadTemplates(executor: Executor, callId: string): Promise<Record<TemplateKey, CallTemplate>> {
	const rows = await executor.select().from(messageTemplates).where(eq(messageTemplates.callId, callId))
	return Object.fromEntries(
		TEMPLATE_KEYS.map((key) => {
			const row = rows.find((r) => r.key === key)
			return [
				key,
				row
					? { subject: row.subject, body: row.body, id: row.id, version: row.version, custom: true, updatedAt: row.updatedAt }
					: { ...DEFAULT_TEMPLATES[key], id: null, version: 0, custom: false, updatedAt: null },
			]
		}),
	) as Record<TemplateKey, CallTemplate>
}

/** The link to the dossier, for its associations. */
export const dossierUrl = (applicationId: string) => `${appUrl()}/candidatures/${applicationId}`

export function valuesFor(call: CallFacts, dossier: DossierFacts, recipient: string, now = new Date()) {
	return placeholderValues({ call, dossier, recipient, url: dossierUrl(dossier.applicationId), formatCents, formatDate, now })
}
