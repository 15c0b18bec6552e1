/** The dossier as read: the consortium, the call's requirements, attachments, history. */
import { and, asc, eq, sql } from 'drizzle-orm'
import { db, type Executor } from '#db/client.server.ts'
import { applicationMembers, applications, attachments, auditEvents, callQuestions, calls, organizations, users } from '#db/schema/index.ts'
import { auditLabel } from '#app/domain/audit-labels.ts'
import { SECTION_LABELS } from './options.ts'
import { getPublishedCall } from './published-calls.server.ts'
import { receiptReference } from './receipt.server.ts'
import { budgetTotals, checkSubmission, isEditable, readAnswers, readBudget, readCooperation, readProject, type CallQuestion, type RequiredAttachmentRule, type RuleApplication, type RuleMember } from './rules.ts'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { consortiumRowsWhere } from '#app/auth/policy/visibility.server.ts'
import { type ApplicationAccess } from './access.server.ts'

/** The consortium with each association's identity, lead first. */
export async function listMembersOf(applicationId: string, executor: Executor = db) {
	return executor
		.select({
			id: applicationMembers.id,
			organizationId: applicationMembers.organizationId,
			invitedEmail: applicationMembers.invitedEmail,
			role: applicationMembers.role,
			status: applicationMembers.status,
			roleDescription: applicationMembers.roleDescription,
			contribution: applicationMembers.contribution,
			budgetShareCents: applicationMembers.budgetShareCents,
			confirmedVersion: applicationMembers.confirmedVersion,
			confirmedAt: applicationMembers.confirmedAt,
			invitationExpiresAt: applicationMembers.invitationExpiresAt,
			message: applicationMembers.message,
			name: organizations.name,
			siret: organizations.siret,
			siren: organizations.siren,
			rna: organizations.rna,
		})
		.from(applicationMembers)
		.leftJoin(organizations, eq(organizations.id, applicationMembers.organizationId))
		.where(eq(applicationMembers.applicationId, applicationId))
		.orderBy(sql`case ${applicationMembers.role} when 'lead' then 0 else 1 end`, asc(applicationMembers.createdAt))
}

export type MemberRow = Awaited<ReturnType<typeof listMembersOf>>[number]

export function toRuleMember(member: MemberRow): RuleMember {
	return {
		organizationId: member.organizationId,
		name: member.name ?? member.invitedEmail ?? '',
		siren: member.siren,
		rna: member.rna,
		role: member.role,
		status: member.status,
		roleDescription: member.roleDescription,
		contribution: member.contribution,
		budgetShareCents: member.budgetShareCents,
	}
}

/** What the call asks beyond the form: its custom questions and its required attachments. */
export async function loadCallRequirements(callId: string, executor: Executor = db) {
	const [questions, [call]] = await Promise.all([
		executor
			.select({
				id: callQuestions.id,
				label: callQuestions.label,
				type: callQuestions.type,
				required: callQuestions.required,
				maxLength: callQuestions.maxLength,
				choices: callQuestions.choices,
			})
			.from(callQuestions)
			.where(eq(callQuestions.callId, callId))
			.orderBy(asc(callQuestions.position), asc(callQuestions.id)),
		executor.select({ requiredAttachments: calls.requiredAttachments }).from(calls).where(eq(calls.id, callId)),
	])
	return { questions: questions as CallQuestion[], requiredAttachments: (call?.requiredAttachments ?? []) as RequiredAttachmentRule[] }
}

/** The files given for an application (without their content). */
export async function listAttachmentsOf(applicationId: string, executor: Executor = db) {
	return executor
		.select({
			id: attachments.id,
			kind: attachments.kind,
			organizationId: attachments.organizationId,
			filename: attachments.filename,
			contentType: attachments.contentType,
			sizeBytes: attachments.sizeBytes,
			createdAt: attachments.createdAt,
		})
		.from(attachments)
		.where(eq(attachments.applicationId, applicationId))
		.orderBy(asc(attachments.createdAt))
}

/** Everything the submission rule reads, loaded with one executor (the transaction when submitting). */
export async function loadRuleInputs(executor: Executor, application: typeof applications.$inferSelect) {
	const [call, members, requirements, given] = await Promise.all([
		getPublishedCall(application.callId, executor),
		listMembersOf(application.id, executor),
		loadCallRequirements(application.callId, executor),
		listAttachmentsOf(application.id, executor),
	])
	const ruleApplication: RuleApplication & { answers: ReturnType<typeof readAnswers> } = {
		status: application.status,
		title: application.title,
		summary: application.summary,
		themeIds: application.themeIds,
		project: readProject(application.project),
		cooperation: readCooperation(application.cooperation),
		budget: readBudget(application.budget),
		answers: readAnswers(application.answers),
		attachments: given.map((a) => ({ kind: a.kind, organizationId: a.organizationId })),
	}
	return { call: { ...call, ...requirements }, members, attachments: given, ruleApplication }
}

/**
 * Who reads the dossier. Access is checked before (the consortium through access.server.ts,
 * the funder's staff through instruction.server.ts); the viewer only decides what is included:
 * the submission problems (the consortium's), the links to files and the receipt (each side
 * has its own routes), the wording of the history.
 */
export type DossierViewer = { side: 'consortium' } | { side: 'funder'; callId: string }

/** The one dossier read model: the consortium's pages, the funder's, and next jurors and PDFs. */
export async function loadDossier(
	executor: Executor,
	application: typeof applications.$inferSelect,
	viewer: DossierViewer,
	options: { now?: Date; history?: boolean } = {},
) {
	const now = options.now ?? new Date()
	const [{ call, members, attachments: files, ruleApplication }, history] = await Promise.all([
		loadRuleInputs(executor, application),
		options.history === false ? Promise.resolve([]) : getHistory(application.id, executor),
	])
	const base = viewer.side === 'funder' ? `/gestion/appels/${viewer.callId}/candidatures/${application.id}` : `/candidatures/${application.id}`
	// Only the consortium is told what is missing, and only while it can still fix it.
	const problems = viewer.side === 'consortium' && isEditable(application.status) ? checkSubmission(ruleApplication, members.map(toRuleMember), call, now) : []
	return {
		details: {
			call,
			members,
			...ruleApplication,
			files: files.map((file) => ({ ...file, href: `${base}/pieces/${file.id}` })),
			problems,
			totals: budgetTotals(ruleApplication.budget),
		},
		receipt: application.submittedAt ? { href: `${base}/recepisse.pdf`, reference: receiptReference(application.id) } : null,
		history: history.map((event) => ({
			id: event.id,
			label: auditLabel(event.action),
			detail: viewer.side === 'funder' ? describeForFunder(event.data) : describeForConsortium(event.data),
			actorName: event.actorName,
			createdAt: event.createdAt,
		})),
	}
}

export type Dossier = Awaited<ReturnType<typeof loadDossier>>

/** The dossier's content alone, for the consortium's pages that show no history. */
export async function loadApplicationDetails(access: ApplicationAccess, now = new Date()) {
	return (await loadDossier(db, access.application, { side: 'consortium' }, { now, history: false })).details
}

function describeForConsortium(data: Record<string, unknown>): string {
	const parts: string[] = []
	if (typeof data.organizationName === 'string' && data.organizationName) parts.push(data.organizationName)
	else if (typeof data.email === 'string') parts.push(data.email)
	if (typeof data.section === 'string') {
		const key = ({ project: 'projet', cooperation: 'cooperation', budget: 'budget', answers: 'questions' } as const)[data.section as 'project']
		if (key) parts.push(SECTION_LABELS[key])
	}
	if (typeof data.label === 'string' && data.label) parts.push(data.label)
	if (typeof data.filename === 'string' && data.filename) parts.push(data.filename)
	if (typeof data.reason === 'string' && data.reason && !['role', 'budget', 'budget_share'].includes(data.reason)) parts.push(`raison : ${data.reason}`)
	if (data.reason === 'role') parts.push('rôle modifié')
	if (data.reason === 'budget_share') parts.push('part du budget modifiée')
	if (data.reason === 'budget') parts.push('budget modifié')
	if (typeof data.message === 'string' && data.message) parts.push(`« ${data.message} »`)
	return parts.join(' — ')
}

function describeForFunder(data: Record<string, unknown>): string {
	const parts: string[] = []
	if (typeof data.organizationName === 'string' && data.organizationName) parts.push(data.organizationName)
	else if (typeof data.email === 'string') parts.push(data.email)
	if (typeof data.reason === 'string' && data.reason && !['role', 'budget', 'budget_share'].includes(data.reason)) parts.push(`motif : ${data.reason}`)
	if (typeof data.message === 'string' && data.message) parts.push(`« ${data.message} »`)
	return parts.join(' — ')
}

/** The applications of the user's associations (the policy's consortium clause in the WHERE). */
export async function listApplicationsForUser(user: PolicyUser) {
	return db
		.selectDistinctOn([applications.id], {
			id: applications.id,
			title: applications.title,
			status: applications.status,
			updatedAt: applications.updatedAt,
			callTitle: calls.title,
			deadlineAt: calls.deadlineAt,
			role: applicationMembers.role,
			memberStatus: applicationMembers.status,
		})
		.from(applications)
		.innerJoin(calls, eq(calls.id, applications.callId))
		.innerJoin(applicationMembers, eq(applicationMembers.applicationId, applications.id))
		.where(consortiumRowsWhere(user))
		.orderBy(applications.id, sql`case ${applicationMembers.role} when 'lead' then 0 else 1 end`)
}

/** The application's history: every audit event, oldest first, with who did it. */
export async function getHistory(applicationId: string, executor: Executor = db) {
	return executor
		.select({ id: auditEvents.id, action: auditEvents.action, data: auditEvents.data, createdAt: auditEvents.createdAt, actorName: users.displayName })
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorUserId))
		.where(and(eq(auditEvents.subjectType, 'application'), eq(auditEvents.subjectId, applicationId)))
		.orderBy(asc(auditEvents.createdAt), asc(auditEvents.id))
}
