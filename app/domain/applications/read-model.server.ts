/** The dossier as read: the consortium, the call's requirements, attachments, history, in one statement. */
import { and, asc, eq, getTableColumns, ne, sql, type AnyColumn, type Placeholder, type SQL } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { preparedOnce } from '#db/prepared.server.ts'
import { jsonRows, noRows } from '#db/json-rows.ts'
import { applicationMembers, applications, attachments, auditEvents, callQuestions, callDefinitionVersions, calls, dossierVersions, organizations, supporterOpinions, users } from '#db/schema/index.ts'
import { auditLabel } from '#app/domain/audit-labels.ts'
import { decisionsDisclosed, PROVISIONAL_DECISION_ACTIONS, statusShownToApplicants } from './decision-disclosure.ts'
import { SECTION_LABELS } from './options.ts'
import { reopenedItemsOf, openRequestsJson } from '#app/domain/dossier-messages/reopened.server.ts'
import { CALL_NOT_PUBLISHED, publishedCallColumns } from './published-calls.server.ts'
import { receiptReference } from './receipt.server.ts'
import { budgetTotals, checkSubmission, isEditable, readAnswers, readBudget, readCooperation, readProject, type CallQuestion, type RequiredAttachmentRule, type RuleApplication, type RuleMember } from './rules.ts'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { consortiumDossierVisibility, consortiumRowsWhere, consortiumRowsWhereByParameters, type PreparedVisibility } from '#app/auth/policy/visibility.server.ts'
import type { ApplicationAccess } from './access.server.ts'
import { keepRead, keptRead } from './kept-reads.server.ts'

// The dossier's lists, each defined once: read alone (inside a transaction that writes) or
// nested in the one statement that reads a whole dossier (selectDossier, db/json-rows.ts).

const memberColumns = {
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
}
/** The association's identity (LEFT JOIN: a partner invited by email has none yet). */
const memberOrganizationColumns = { name: organizations.name, siret: organizations.siret, siren: organizations.siren, rna: organizations.rna }
const membersOrder = sql`case ${applicationMembers.role} when 'lead' then 0 else 1 end, ${applicationMembers.createdAt}`

const questionColumns = {
	id: callQuestions.id,
	label: callQuestions.label,
	type: callQuestions.type,
	required: callQuestions.required,
	maxLength: callQuestions.maxLength,
	choices: callQuestions.choices,
}
const questionsOrder = sql`${callQuestions.position}, ${callQuestions.id}`

const attachmentColumns = {
	id: attachments.id,
	kind: attachments.kind,
	organizationId: attachments.organizationId,
	filename: attachments.filename,
	contentType: attachments.contentType,
	sizeBytes: attachments.sizeBytes,
	createdAt: attachments.createdAt,
}

const historyColumns = { id: auditEvents.id, action: auditEvents.action, data: auditEvents.data, createdAt: auditEvents.createdAt }
const historyOrder = sql`${auditEvents.createdAt}, ${auditEvents.id}`
const historyOf = (applicationId: string | AnyColumn) => and(eq(auditEvents.subjectType, 'application'), eq(auditEvents.subjectId, applicationId))

// The lists nested in a statement that reads `calls` (the questions) or `applications` (the rest).
const callQuestionsJson = jsonRows({ columns: questionColumns, from: sql`from ${callQuestions} where ${eq(callQuestions.callId, calls.id)}`, orderBy: questionsOrder })
const membersJson = jsonRows({
	columns: memberColumns,
	leftJoined: memberOrganizationColumns,
	// This `organizations` is the members'; the outer statement's (the funder's) is out of scope here.
	from: sql`from ${applicationMembers} left join ${organizations} on ${eq(organizations.id, applicationMembers.organizationId)} where ${eq(applicationMembers.applicationId, applications.id)}`,
	orderBy: membersOrder,
})
const attachmentsJson = jsonRows({ columns: attachmentColumns, from: sql`from ${attachments} where ${eq(attachments.applicationId, applications.id)}`, orderBy: sql`${attachments.createdAt}` })
const historyJson = jsonRows({
	columns: historyColumns,
	leftJoined: { actorName: users.displayName },
	from: sql`from ${auditEvents} left join ${users} on ${eq(users.id, auditEvents.actorUserId)} where ${historyOf(applications.id)}`,
	orderBy: historyOrder,
})

// The viewer's own rows of the consortium (the policy's clause, the person's associations as
// parameters): what findAccess reads, for the pages that read access and dossier together.
const viewerMembersJson = jsonRows({
	columns: getTableColumns(applicationMembers),
	from: sql`from ${applicationMembers} where ${and(eq(applicationMembers.applicationId, applications.id), consortiumRowsWhereByParameters())}`,
	orderBy: membersOrder,
})

// The accompanying structure the consortium named, and its opinion (issue 8): at most one
// row each. These `organizations` are the structure's, not the outer statement's funder.
const supporterJson = jsonRows({
	columns: { id: organizations.id, name: organizations.name },
	from: sql`from ${organizations} where ${eq(organizations.id, applications.supporterOrganizationId)}`,
	orderBy: sql`${organizations.id}`,
})
const opinionJson = jsonRows({
	columns: { verdict: supporterOpinions.verdict, text: supporterOpinions.text, createdAt: supporterOpinions.createdAt, updatedAt: supporterOpinions.updatedAt },
	leftJoined: { organizationName: organizations.name },
	from: sql`from ${supporterOpinions} left join ${organizations} on ${eq(organizations.id, supporterOpinions.organizationId)} where ${eq(supporterOpinions.applicationId, applications.id)}`,
	orderBy: sql`${supporterOpinions.createdAt}`,
})

/** The consortium with each association's identity, lead first. */
export async function listMembersOf(applicationId: string, executor: Executor = db) {
	return executor
		.select({ ...memberColumns, ...memberOrganizationColumns })
		.from(applicationMembers)
		.leftJoin(organizations, eq(organizations.id, applicationMembers.organizationId))
		.where(eq(applicationMembers.applicationId, applicationId))
		.orderBy(membersOrder)
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

/** What the call asks beyond the form: its custom questions and its required attachments (one statement). */
export async function loadCallRequirements(callId: string, executor: Executor = db) {
	const [call] = await executor
		.select({ questions: callQuestionsJson, requiredAttachments: calls.requiredAttachments })
		.from(calls)
		.where(eq(calls.id, callId))
	return { questions: (call?.questions ?? []) as CallQuestion[], requiredAttachments: (call?.requiredAttachments ?? []) as RequiredAttachmentRule[] }
}

/**
 * A published call with its questions and required attachments, as /appels/:id shows it; 404
 * otherwise. Kept while the call's version has not moved (kept-reads.server.ts, decision 044):
 * one small statement reads the version, the whole call is read again only when it moved.
 */
export async function loadPublishedCallWithRequirements(callId: string) {
	const keptKey = `call:${callId}`
	const kept = keptRead<PublishedCallRow>(keptKey)
	if (kept) {
		const [current] = await preparedOnce('call_definition_version', (connection) =>
			connection.select({ version: callDefinitionVersionOf(sql.placeholder('callId')) }).from(sql`(select 1) as one`).prepare('call_definition_version'),
		).execute({ callId })
		if (current?.version === kept.version) return publishedCallOf(kept.row)
	}
	const [row] = await preparedOnce('published_call_with_requirements', (connection) => publishedCallQuery(connection).prepare('published_call_with_requirements')).execute({ callId })
	if (!row) notFound(CALL_NOT_PUBLISHED)
	return publishedCallOf(keepRead(keptKey, row.version, row))
}

function publishedCallQuery(executor: Executor) {
	return executor
		.select({ call: publishedCallColumns, questions: callQuestionsJson, requiredAttachments: calls.requiredAttachments, version: callDefinitionVersionOf(calls.id) })
		.from(calls)
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(and(eq(calls.id, sql.placeholder('callId')), ne(calls.status, 'draft')))
}

type PublishedCallRow = Awaited<ReturnType<ReturnType<typeof publishedCallQuery>['execute']>>[number]

function publishedCallOf(row: Readonly<PublishedCallRow>) {
	return { call: row.call, questions: row.questions as CallQuestion[], requiredAttachments: (row.requiredAttachments ?? []) as RequiredAttachmentRule[] }
}

/** The files given for an application (without their content). */
export async function listAttachmentsOf(applicationId: string, executor: Executor = db) {
	return executor.select(attachmentColumns).from(attachments).where(eq(attachments.applicationId, applicationId)).orderBy(asc(attachments.createdAt))
}

/** `viewerMembers`: with the viewer's own consortium rows (the consortium's pages, which read their access in the same statement). */
type DossierReadOptions = { history: boolean; viewerMembers?: boolean }

/**
 * The whole dossier in ONE statement: the application, its published call (themes,
 * questions, required attachments), the consortium, the files, the open requests for a
 * missing piece, and the history when asked. Undefined when the application does not meet
 * `where` or its call is a draft.
 *
 * Outside a transaction the dossier read last is kept (kept-reads.server.ts, decision 044):
 * a smaller statement then checks `where` and reads the dossier's version, and the kept
 * dossier serves while its version has not moved. Inside one, the dossier is always read, as
 * the transaction sees it.
 */
async function selectDossier(executor: Executor, applicationId: string, where: SQL | PreparedVisibility | undefined, options: DossierReadOptions): Promise<DossierRow | undefined> {
	// Outside a transaction, with no visibility clause or one given by parameters, the statements' text is built once.
	if (executor === db && (!where || isPreparedVisibility(where))) {
		const parameters = { applicationId, ...where?.parameters }
		const variant = `${where ? `_${where.name}` : ''}${options.viewerMembers ? '_with_viewer' : ''}`
		const keptKey = keptDossierKey(applicationId, options.history)
		const kept = keptRead<Omit<DossierRow, 'viewerMembers'>>(keptKey)
		if (kept) {
			const name = `dossier_version${variant}`
			const [current] = await preparedOnce(name, (connection) => dossierVersionQuery(connection, sql.placeholder('applicationId'), where?.clause(), options).prepare(name)).execute(parameters)
			if (!current) return undefined
			if (current.version === kept.version) return { ...kept.row, viewerMembers: current.viewerMembers }
		}
		const name = `dossier${variant}${options.history ? '_with_history' : ''}`
		const [row] = await preparedOnce(name, (connection) => dossierQuery(connection, sql.placeholder('applicationId'), where?.clause(), options).prepare(name)).execute(parameters)
		if (!row) return undefined
		const { viewerMembers, ...shared } = row
		return { ...keepRead(keptKey, row.version, shared), viewerMembers }
	}
	if (where && isPreparedVisibility(where)) throw new Error('A visibility given by parameters is read outside a transaction only.')
	const [row] = await dossierQuery(executor, applicationId, where, options)
	return row
}

const isPreparedVisibility = (where: SQL | PreparedVisibility): where is PreparedVisibility => 'clause' in where && 'parameters' in where

/**
 * The version of what the dossier shows (db/schema/dossier-versions.ts): its own and its call's,
 * as text; null before both are counted.
 */
export const dossierVersionColumn = sql<string | null>`((select ${dossierVersions.version} from ${dossierVersions} where ${eq(dossierVersions.applicationId, applications.id)})::text || ':' || (${callDefinitionVersionOf(applications.callId)}))`

/** The version of a call as associations read it, as text; null before it is counted. */
function callDefinitionVersionOf(callId: AnyColumn | Placeholder) {
	return sql<string | null>`(select ${callDefinitionVersions.version}::text from ${callDefinitionVersions} where ${callDefinitionVersions.callId} = ${callId})`
}

function dossierQuery(executor: Executor, applicationId: string | Placeholder, where: SQL | undefined, options: DossierReadOptions) {
	return executor
		.select({
			application: applications,
			call: publishedCallColumns,
			funderId: calls.funderId,
			questions: callQuestionsJson,
			requiredAttachments: calls.requiredAttachments,
			members: membersJson,
			attachments: attachmentsJson,
			openRequests: openRequestsJson(applications.id),
			supporter: supporterJson,
			opinion: opinionJson,
			history: options.history ? historyJson : noRows<HistoryEvent>(),
			viewerMembers: options.viewerMembers ? viewerMembersJson : noRows<typeof applicationMembers.$inferSelect>(),
			version: dossierVersionColumn,
		})
		.from(applications)
		.innerJoin(calls, eq(calls.id, applications.callId))
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(and(eq(applications.id, applicationId), where, ne(calls.status, 'draft')))
}

/** What a kept dossier needs read again: the same access check (`where`, the call not a draft), the version, the viewer's own rows. */
function dossierVersionQuery(executor: Executor, applicationId: Placeholder, where: SQL | undefined, options: Pick<DossierReadOptions, 'viewerMembers'>) {
	return executor
		.select({
			version: dossierVersionColumn,
			viewerMembers: options.viewerMembers ? viewerMembersJson : noRows<typeof applicationMembers.$inferSelect>(),
		})
		.from(applications)
		.innerJoin(calls, eq(calls.id, applications.callId))
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(and(eq(applications.id, applicationId), where, ne(calls.status, 'draft')))
}

type DossierRow = NonNullable<Awaited<ReturnType<ReturnType<typeof dossierQuery>['execute']>>[number]>

/** The submission rule's inputs from a dossier row, for `application` (the caller's row). */
function ruleInputsOf(row: DossierRow, application: typeof applications.$inferSelect) {
	const { call, questions, requiredAttachments, members, attachments: given } = row
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
	const requirements = { questions: questions as CallQuestion[], requiredAttachments: requiredAttachments as RequiredAttachmentRule[] }
	return { call: { ...call, ...requirements }, members: members satisfies MemberRow[], attachments: given, ruleApplication }
}

/** Everything the submission rule reads, in one statement with one executor (the transaction when submitting). */
export async function loadRuleInputs(executor: Executor, application: typeof applications.$inferSelect) {
	const row = await selectDossier(executor, application.id, undefined, { history: false })
	if (!row) notFound(CALL_NOT_PUBLISHED)
	return ruleInputsOf(row, application)
}

/**
 * Who reads the dossier. Access is checked before (the consortium through access.server.ts,
 * the funder's staff through instruction.server.ts); the viewer only decides what is included:
 * the submission problems (the consortium's), the links to files and the receipt (each side
 * has its own routes), the wording of the history, and how much of the supporter's opinion
 * (the consortium: only that it was given, by whom and when; every other side: all of it).
 */
export type DossierViewer = { side: 'consortium' } | { side: 'funder'; callId: string } | { side: 'jury'; callId: string }

/** Where each side downloads the dossier's files (each has its own route and access check). */
function filesBaseOf(viewer: DossierViewer, applicationId: string): string {
	if (viewer.side === 'funder') return `/gestion/appels/${viewer.callId}/candidatures/${applicationId}`
	if (viewer.side === 'jury') return `/jury/appels/${viewer.callId}/dossiers/${applicationId}`
	return `/candidatures/${applicationId}`
}

type DossierOptions = { now?: Date; history?: boolean }

/** The one dossier read model: the consortium's pages, the funder's, and next jurors and PDFs. One statement. */
export async function loadDossier(executor: Executor, application: typeof applications.$inferSelect, viewer: DossierViewer, options: DossierOptions = {}) {
	const row = await selectDossier(executor, application.id, undefined, { history: options.history !== false })
	if (!row) notFound(CALL_NOT_PUBLISHED)
	// The caller's row, not the one read here: no version names what is shown.
	return dossierOf(row, application, viewer, options.now ?? new Date(), null)
}

/**
 * The dossier kept from an earlier read (selectDossier, outside a transaction), if it is still
 * at `version` — read by the caller with `dossierVersionColumn` in a statement that already
 * checked the viewer may see the dossier (the juror's assignment): no statement of its own.
 * Null when nothing is kept at that version (the caller then reads it with findDossier).
 */
export function keptDossierAt(applicationId: string, version: string | null, viewer: DossierViewer, options: DossierOptions = {}) {
	if (version === null) return null
	const history = options.history !== false
	const kept = keptRead<Omit<DossierRow, 'viewerMembers'>>(keptDossierKey(applicationId, history))
	if (kept === undefined || kept.version !== version) return null
	const row = { ...kept.row, viewerMembers: [] }
	return { application: row.application, funderId: row.funderId, viewerMembers: row.viewerMembers, ...dossierOf(row, row.application, viewer, options.now ?? new Date(), kept.version) }
}

const keptDossierKey = (applicationId: string, history: boolean | undefined) => `dossier:${applicationId}${history ? ':history' : ''}`

/**
 * The dossier of an application with its row, in one statement, if it meets `visible` (the
 * viewer's visibility, in the WHERE clause); null otherwise.
 */
export async function findDossier(
	executor: Executor,
	applicationId: string,
	visible: SQL | PreparedVisibility | undefined,
	viewer: DossierViewer,
	options: DossierOptions & Pick<DossierReadOptions, 'viewerMembers'> = {},
) {
	const row = await selectDossier(executor, applicationId, visible, { history: options.history !== false, viewerMembers: options.viewerMembers })
	if (!row) return null
	// Inside a transaction the version does not name one state: the transaction may have changed the dossier more than once.
	const version = executor === db ? row.version : null
	return { application: row.application, funderId: row.funderId, viewerMembers: row.viewerMembers, ...dossierOf(row, row.application, viewer, options.now ?? new Date(), version) }
}

/**
 * A consortium page's read in one statement: the dossier if one of the person's associations
 * is in its consortium (the policy's clause in the WHERE), with the person's own consortium
 * rows, from which access.server.ts decides as findAccess does. Null otherwise.
 */
export function findConsortiumDossier(applicationId: string, user: PolicyUser, options: DossierOptions = {}) {
	return findDossier(db, applicationId, consortiumDossierVisibility(user), { side: 'consortium' }, { ...options, viewerMembers: true })
}

/**
 * `version`: the dossier's version when `row` is what was committed at it and `application` is
 * row.application (read outside a transaction); null otherwise.
 */
function dossierOf(row: DossierRow, application: typeof applications.$inferSelect, viewer: DossierViewer, now: Date, version: string | null) {
	const { call, members, attachments: files, ruleApplication } = ruleInputsOf(row, application)
	const base = filesBaseOf(viewer, application.id)
	// Only the consortium is told what is missing, and only while it can still fix it.
	const problems = viewer.side === 'consortium' && isEditable(application.status) ? checkSubmission(ruleApplication, members.map(toRuleMember), call, now) : []
	// The consortium never learns a provisional decision of an open deliberation (decision-disclosure.ts).
	const status = viewer.side === 'consortium' ? statusShownToApplicants(ruleApplication.status, call.status) : ruleApplication.status
	return {
		details: {
			call,
			members,
			...ruleApplication,
			status,
			files: files.map((file) => ({ ...file, href: `${base}/pieces/${file.id}` })),
			problems,
			totals: budgetTotals(ruleApplication.budget),
			/** The accompanying structure the consortium named, if any. */
			supporter: row.supporter[0] ?? null,
			supporterOpinion: opinionFor(viewer, row.opinion[0]),
		},
		detailsVersion: detailsVersionOf(version, base, problems),
		// Jurors read the dossier, not its receipt (no route of theirs serves it).
		receipt: application.submittedAt && viewer.side !== 'jury' ? { href: `${base}/recepisse.pdf`, reference: receiptReference(application.id) } : null,
		/** The items of a submitted dossier its lead may edit again now (a request for a missing piece is open). */
		reopened: reopenedItemsOf(application, row.openRequests, now),
		// The consortium does not see the provisional decisions of an open deliberation (decision-disclosure.ts).
		history: row.history
			.filter((event) => viewer.side === 'funder' || decisionsDisclosed(call.status) || !PROVISIONAL_DECISION_ACTIONS.includes(event.action))
			.map((event) => ({
			id: event.id,
			label: auditLabel(event.action),
			detail: viewer.side === 'funder' ? describeForFunder(event.data) : describeForConsortium(event.data),
			actorName: event.actorName,
			createdAt: event.createdAt,
		})),
	}
}

/**
 * A string that names `details` exactly, for the key of its kept HTML (staticPart, decision
 * 045): writing a whole dossier as JSON on every request to look its HTML up cost a tenth of
 * the page. Details depend on the dossier's rows (its version counts every one of them, its
 * call's included), on the side and the call the viewer reads from (the files' links, the
 * status shown, the opinion's text: all follow `base`), and on `now` through the consortium's
 * problems alone, which are part of the name. Null when no version names the rows.
 */
function detailsVersionOf(version: string | null, base: string, problems: readonly unknown[]): string | null {
	return version === null ? null : `${version}|${base}|${JSON.stringify(problems)}`
}

/**
 * The supporter's opinion as this viewer reads it. The consortium learns that its structure
 * gave one and when, not what it says: the opinion is written for the funder and the jury,
 * and a structure that knows the consortium reads it would write more guardedly.
 */
function opinionFor(viewer: DossierViewer, opinion: DossierRow['opinion'][number] | undefined) {
	if (!opinion) return null
	const full = viewer.side !== 'consortium'
	return {
		organizationName: opinion.organizationName,
		verdict: full ? opinion.verdict : null,
		text: full ? opinion.text : null,
		givenAt: opinion.createdAt,
		updatedAt: opinion.updatedAt,
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
	const rows = await db
		.selectDistinctOn([applications.id], {
			id: applications.id,
			title: applications.title,
			status: applications.status,
			callStatus: calls.status,
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
	// A provisional decision (the deliberation is not closed) shows as « en cours d'examen ».
	return rows.map(({ callStatus, ...row }) => ({ ...row, status: statusShownToApplicants(row.status, callStatus) }))
}

type HistoryEvent = Awaited<ReturnType<typeof getHistory>>[number]

/** The application's history: every audit event, oldest first, with who did it. */
export async function getHistory(applicationId: string, executor: Executor = db) {
	return executor
		.select({ ...historyColumns, actorName: users.displayName })
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorUserId))
		.where(historyOf(applicationId))
		.orderBy(historyOrder)
}
