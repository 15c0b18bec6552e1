/**
 * The supporter's opinion (issue 8; the pure part is opinions.ts). The staff of the
 * structure a consortium named as its accompanying structure list, in /accompagnement, the
 * dossiers that named them (submitted onwards) and give an opinion on each, which they may
 * change until the call's deliberation begins. The funder's staff and the jurors read it
 * beside the dossier, the consortium only that it was given (read-model.server.ts).
 *
 * What a supporter reads of the dossier: its title, its call and its associations — not its
 * content (project, budget, answers, pieces). The opinion is about the accompaniment the
 * structure gave and the cooperation it saw, not a second review of the dossier; and the
 * consortium, in naming its structure, did not hand it its budget, RIB and statutes, which
 * stay between the consortium, the funder and the jury.
 */
import { statusShownToApplicants } from '#app/domain/applications/decision-disclosure.ts'
import type { ApplicationStatus } from '#db/schema/application-statuses.ts'
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import { can, type PolicyUser, type SupporterOpinionResource } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { supporterApplicationsWhere } from '#app/auth/policy/visibility.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applications, calls, organizations, supporterOpinions } from '#db/schema/index.ts'
import { OpinionFormSchema, type OpinionVerdict } from './opinions.ts'

type Actor = { id: string } | PolicyUser

export const DOSSIER_NOT_VISIBLE = 'Ce dossier n’existe pas ou n’a pas nommé votre structure comme structure d’accompagnement.'
export const OPINION_CLOSED = 'La délibération du jury a commencé : votre avis ne peut plus être modifié.'

/** The lead and the confirmed partners, lead first: the consortium as submitted. */
const associationNames = sql<string[]>`coalesce((
	select json_agg(o.name order by case am.role when 'lead' then 0 else 1 end, o.name)
	from application_members am join organizations o on o.id = am.organization_id
	where am.application_id = ${applications.id} and (am.role = 'lead' or am.status = 'confirmed')
), '[]')`.mapWith((value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as string[])

/** The structure's name (the outer statement's organizations is the funder's). */
const structureName = sql<string>`(select o.name from organizations o where o.id = ${applications.supporterOrganizationId})`

const summaryColumns = {
	id: applications.id,
	title: applications.title,
	status: applications.status,
	supporterOrganizationId: applications.supporterOrganizationId,
	submittedAt: applications.submittedAt,
	callId: calls.id,
	callTitle: calls.title,
	callStatus: calls.status,
	funderName: organizations.name,
	structureName,
	associations: associationNames,
	verdict: supporterOpinions.verdict,
	text: supporterOpinions.text,
	opinionGivenAt: supporterOpinions.createdAt,
	opinionUpdatedAt: supporterOpinions.updatedAt,
}

function summaries(executor: Executor, user: PolicyUser) {
	return executor
		.select(summaryColumns)
		.from(applications)
		.innerJoin(calls, eq(calls.id, applications.callId))
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.leftJoin(supporterOpinions, eq(supporterOpinions.applicationId, applications.id))
		.where(supporterApplicationsWhere(user))
		.$dynamic()
}

const resourceOf = (row: { supporterOrganizationId: string | null; status: string; callStatus: string }): SupporterOpinionResource => ({
	kind: 'supporter-opinion',
	supporterOrganizationId: row.supporterOrganizationId,
	applicationStatus: row.status,
	callStatus: row.callStatus,
})

/** The dossiers that named one of the person's structures, most recently submitted first, with the opinion given (if any). One statement. */
export async function listDossiersForSupporter(actor: Actor) {
	const user = await policyUserOf(db, actor)
	const rows = await summaries(db, user).orderBy(desc(applications.submittedAt), asc(applications.title))
	return rows.map((row) => shownToSupporter(row, can(user, 'give-opinion', resourceOf(row)).allowed))
}

/** What the structure reads: a provisional decision of an open deliberation shows as « en cours d'examen ». */
function shownToSupporter<R extends { status: ApplicationStatus; callStatus: string }>(row: R, editable: boolean) {
	return { ...row, status: statusShownToApplicants(row.status, row.callStatus), editable }
}

/** One dossier for the opinion page; 404 unless it named one of the person's structures (and is submitted). */
export async function getDossierForOpinion(input: { user: Actor; applicationId: string }) {
	const user = await policyUserOf(db, input.user)
	const [row] = await summaries(db, user).where(and(eq(applications.id, input.applicationId), supporterApplicationsWhere(user)))
	if (!row || !can(user, 'read-for-opinion', resourceOf(row)).allowed) notFound(DOSSIER_NOT_VISIBLE)
	return shownToSupporter(row, can(user, 'give-opinion', resourceOf(row)).allowed)
}

export type OpinionRefusal = { ok: false; message: string; field?: 'verdict' | 'text' }

/**
 * The structure's staff give, or change, the opinion on a dossier: one row per dossier
 * (the structure's, whoever of its staff writes), one transaction with its audit event.
 * Exported for the demo seed too.
 */
export async function giveOpinion(input: { user: Actor; applicationId: string; verdict: OpinionVerdict | string; text: string; now?: Date }): Promise<{ ok: true } | OpinionRefusal> {
	const parsed = OpinionFormSchema.safeParse({ verdict: input.verdict, text: input.text })
	return db.transaction(async (tx) => {
		const user = await policyUserOf(tx, input.user)
		// Locks the dossier: two staff members saving at once write one after the other.
		const [row] = await tx
			.select({ id: applications.id, status: applications.status, supporterOrganizationId: applications.supporterOrganizationId, callStatus: calls.status })
			.from(applications)
			.innerJoin(calls, eq(calls.id, applications.callId))
			.where(and(eq(applications.id, input.applicationId), supporterApplicationsWhere(user)))
			.for('update', { of: applications })
		if (!row) notFound(DOSSIER_NOT_VISIBLE)
		const decision = can(user, 'give-opinion', resourceOf(row))
		if (!decision.allowed) {
			if (decision.reason === 'not-visible') notFound(DOSSIER_NOT_VISIBLE)
			return { ok: false as const, message: OPINION_CLOSED }
		}
		if (!parsed.success) {
			const issue = parsed.error.issues[0]!
			return { ok: false as const, message: issue.message, field: issue.path[0] as 'verdict' | 'text' }
		}
		const { verdict, text } = parsed.data
		const now = input.now ?? new Date()
		const [before] = await tx.select({ verdict: supporterOpinions.verdict }).from(supporterOpinions).where(eq(supporterOpinions.applicationId, row.id))
		const [saved] = await tx
			.insert(supporterOpinions)
			.values({ applicationId: row.id, organizationId: row.supporterOrganizationId!, verdict, text, authorId: user.id, createdAt: now, updatedAt: now })
			.onConflictDoUpdate({ target: supporterOpinions.applicationId, set: { organizationId: row.supporterOrganizationId!, verdict, text, authorId: user.id, updatedAt: now } })
			.returning({ id: supporterOpinions.id })
		const [structure] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, row.supporterOrganizationId!))
		// The verdict is in the event (the funder's record); the history the consortium reads shows only the structure (describeForConsortium).
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.supporter_opinion_given',
			subjectType: 'application',
			subjectId: row.id,
			data: { opinionId: saved!.id, organizationId: row.supporterOrganizationId, organizationName: structure?.name ?? null, verdict, from: before?.verdict ?? null },
		})
		return { ok: true as const }
	})
}
