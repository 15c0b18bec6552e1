/**
 * Applications, association side: creation, sections saved with a version check, the
 * consortium (invitations, confirmations, lapses), submission and withdrawal.
 *
 * Every function loads the application WITH the user's ownership in the WHERE clause (the
 * user must belong to an association of the consortium), so a forgotten check cannot leak
 * a row; then checks the action, runs the pure rule, and writes in one transaction with
 * its audit event and its emails.
 */
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import { forbidden, notFound } from '#app/auth/permissions.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { isReopenedNow } from '#app/domain/dossier-messages/reopened.server.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { type Actor as LifecycleActor } from '#app/domain/lifecycle/transitions.ts'
import { checkRna, checkSiret, normalizeDigits } from '#app/domain/organizations/identifiers.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { invitationLimit } from '#app/domain/organizations/invitations.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { generateToken, hashToken, normalizeEmail } from '#app/utils/tokens.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import {
	applicationMembers,
	applications,
	attachments,
	auditEvents,
	callQuestions,
	calls,
	invitations,
	memberships,
	organizations,
	users,
} from '#db/schema/index.ts'
import type { AnswersInput, BudgetInput, CooperationInput, ProjectInput } from './application-forms.ts'
import { getPublishedCall, isOpen, notOpenMessage } from './published-calls.server.ts'
import { applicationTransitions, withdrawalFrom, type ApplicationRequirement } from './lifecycle.ts'
import { buildReceiptData, storeReceipt } from './receipt.server.ts'
import {
	budgetTotals,
	checkSubmission,
	deadlinePassed,
	engagementChanged,
	isEditable,
	legalEntityKey,
	readAnswers,
	readBudget,
	readCooperation,
	readProject,
	type CallQuestion,
	type Problem,
	type RequiredAttachmentRule,
	type RuleApplication,
	type RuleMember,
} from './rules.ts'

export const PARTNER_INVITATION_TTL_MS = 14 * 24 * 3600_000

type Actor = { id: string }
type Refusal<F extends string = string> = { ok: false; message: string; field?: F }

/** The lead's référent, as the lifecycle table names them (requireEditor and the référent check come first). */
const leadReferent = (user: Actor): LifecycleActor => ({ userId: user.id, capacities: ['referent:lead'] })

const url = (applicationId: string, page = '') => `${appUrl()}/candidatures/${applicationId}${page ? `/${page}` : ''}`

// ---------------------------------------------------------------------------------------
// Access.

export type ApplicationAccess = {
	application: typeof applications.$inferSelect
	/** The consortium row of the viewer's association (the lead's when they belong to both). */
	member: typeof applicationMembers.$inferSelect
	isLead: boolean
	/** The viewer is the référent of that association. */
	isReferent: boolean
	/** Every row of the consortium the viewer belongs to (a person may be référent of two of its associations), the lead's first. */
	members: { member: typeof applicationMembers.$inferSelect; isReferent: boolean }[]
}

/**
 * The application as this user may see it: only if one of their associations is the lead,
 * or a partner that is invited or has confirmed. Otherwise null (the caller answers 404).
 */
async function findAccess(executor: Executor, id: string, user: Actor, lock = false): Promise<ApplicationAccess | null> {
	let query = executor
		.select({ application: applications, member: applicationMembers, membershipRole: memberships.role })
		.from(applications)
		.innerJoin(applicationMembers, eq(applicationMembers.applicationId, applications.id))
		.innerJoin(memberships, and(eq(memberships.organizationId, applicationMembers.organizationId), eq(memberships.userId, user.id)))
		.where(
			and(
				eq(applications.id, id),
				or(eq(applicationMembers.role, 'lead'), inArray(applicationMembers.status, ['invited', 'confirmed'])),
			),
		)
		.$dynamic()
	if (lock) query = query.for('update', { of: applications })
	const rows = await query
	if (rows.length === 0) return null
	const row = rows.find((r) => r.member.role === 'lead') ?? rows.find((r) => r.membershipRole === 'referent') ?? rows[0]!
	const members = [row, ...rows.filter((r) => r !== row)].map((r) => ({ member: r.member, isReferent: r.membershipRole === 'referent' }))
	return { application: row.application, member: row.member, isLead: row.member.role === 'lead', isReferent: row.membershipRole === 'referent', members }
}

/** 404 unless the user belongs to an association of the consortium. */
export async function getApplicationForUser({ id, user }: { id: string; user: Actor }): Promise<ApplicationAccess> {
	const access = await findAccess(db, id, user)
	if (!access) notFound('Ce dossier n’existe pas ou vous n’y avez pas accès.')
	return access
}

/** For the routes of the lead's pages: 404 for outsiders, 403 for partners, before reading the form. */
export async function getApplicationForEditor({ id, user }: { id: string; user: Actor }): Promise<ApplicationAccess> {
	return requireEditor(db, id, user, false)
}

const READ_ONLY_MESSAGE = 'Ce dossier a été déposé : il n’est plus modifiable.'

/** For the attachments module: the same checks, inside its transaction. */
export async function requireApplicationEditor(executor: Executor, id: string, user: Actor) {
	return requireEditor(executor, id, user)
}

/**
 * For the attachments module: any association of the consortium (each gives its own pieces),
 * 404 for outsiders; locked inside the caller's transaction. Also returns every association
 * of the user in the consortium (a person may belong to the lead and to a partner).
 */
export async function requireApplicationMember(executor: Executor, id: string, user: Actor, lock = true) {
	const access = await findAccess(executor, id, user, lock)
	if (!access) notFound('Ce dossier n’existe pas ou vous n’y avez pas accès.')
	const rows = await executor.select({ organizationId: memberships.organizationId }).from(memberships).where(eq(memberships.userId, user.id))
	return { ...access, organizationIds: rows.map((r) => r.organizationId) }
}

/** The lead association's members edit a draft; partners only read it (403). */
async function requireEditor(executor: Executor, id: string, user: Actor, lock = true) {
	const access = await findAccess(executor, id, user, lock)
	if (!access) notFound('Ce dossier n’existe pas ou vous n’y avez pas accès.')
	if (!access.isLead) forbidden('Seule l’association chef de file modifie le dossier. Vous pouvez le lire et répondre à l’invitation.')
	return access
}

async function referentEmails(executor: Executor, organizationIds: string[]) {
	if (organizationIds.length === 0) return []
	return executor
		.select({ organizationId: memberships.organizationId, email: users.email })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(inArray(memberships.organizationId, organizationIds), eq(memberships.role, 'referent')))
}

async function displayName(executor: Executor, userId: string) {
	const [row] = await executor.select({ displayName: users.displayName }).from(users).where(eq(users.id, userId))
	return row?.displayName ?? 'Une personne'
}

async function organizationName(executor: Executor, organizationId: string) {
	const [row] = await executor.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organizationId))
	return row?.name ?? ''
}

// ---------------------------------------------------------------------------------------
// Reading.

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

type MemberRow = Awaited<ReturnType<typeof listMembersOf>>[number]

function toRuleMember(member: MemberRow): RuleMember {
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
async function loadRuleInputs(executor: Executor, application: typeof applications.$inferSelect) {
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

/** Everything a page of the application shows, once access is granted. */
export async function loadApplicationDetails(access: ApplicationAccess, now = new Date()) {
	const { application } = access
	const { call, members, attachments: files, ruleApplication } = await loadRuleInputs(db, application)
	const problems = isEditable(application.status) ? checkSubmission(ruleApplication, members.map(toRuleMember), call, now) : []
	return {
		call,
		members,
		...ruleApplication,
		files: files.map((file) => ({ ...file, href: `/candidatures/${application.id}/pieces/${file.id}` })),
		problems,
		totals: budgetTotals(ruleApplication.budget),
	}
}

/** The applications of the user's associations. */
export async function listApplicationsForUser(user: Actor) {
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
		.innerJoin(memberships, and(eq(memberships.organizationId, applicationMembers.organizationId), eq(memberships.userId, user.id)))
		.where(or(eq(applicationMembers.role, 'lead'), inArray(applicationMembers.status, ['invited', 'confirmed'])))
		.orderBy(applications.id, sql`case ${applicationMembers.role} when 'lead' then 0 else 1 end`)
}

/** The application's history: every audit event, oldest first, with who did it. */
export async function getHistory(applicationId: string) {
	return db
		.select({ id: auditEvents.id, action: auditEvents.action, data: auditEvents.data, createdAt: auditEvents.createdAt, actorName: users.displayName })
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorUserId))
		.where(and(eq(auditEvents.subjectType, 'application'), eq(auditEvents.subjectId, applicationId)))
		.orderBy(asc(auditEvents.createdAt), asc(auditEvents.id))
}

// ---------------------------------------------------------------------------------------
// Creation.

/**
 * A member of an association creates a draft on an open call, that association leading.
 * The lead's engagement is confirmed at once when its référent creates the draft; when a
 * simple member does, the référent confirms it like a partner (docs/decisions/008).
 */
export async function createApplication({
	user,
	callId,
	title,
	leadOrganizationId,
	now = new Date(),
}: {
	user: Actor
	callId: string
	title: string
	leadOrganizationId: string
	now?: Date
}): Promise<{ ok: true; applicationId: string } | Refusal<'leadOrganizationId' | 'title'>> {
	return db.transaction(async (tx) => {
		const call = await getPublishedCall(callId, tx)
		if (!isOpen(call, now)) {
			return { ok: false as const, message: notOpenMessage(call, now) }
		}
		const [membership] = await tx
			.select({ role: memberships.role })
			.from(memberships)
			.innerJoin(organizations, eq(organizations.id, memberships.organizationId))
			.where(and(eq(memberships.userId, user.id), eq(memberships.organizationId, leadOrganizationId), eq(organizations.kind, 'association')))
		if (!membership) {
			return { ok: false as const, field: 'leadOrganizationId' as const, message: 'Choisissez une de vos associations comme chef de file.' }
		}
		const isReferent = membership.role === 'referent'
		const [application] = await tx
			.insert(applications)
			.values({ callId, leadOrganizationId, title, createdById: user.id })
			.returning({ id: applications.id, version: applications.version })
		await tx.insert(applicationMembers).values({
			applicationId: application!.id,
			organizationId: leadOrganizationId,
			role: 'lead',
			status: isReferent ? 'confirmed' : 'invited',
			confirmedVersion: isReferent ? application!.version : null,
			confirmedAt: isReferent ? now : null,
			confirmedById: isReferent ? user.id : null,
		})
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.created',
			subjectType: 'application',
			subjectId: application!.id,
			data: { callId, leadOrganizationId, title },
		})
		if (isReferent) {
			await recordAudit(tx, {
				actorUserId: user.id,
				action: 'application.partner_confirmed',
				subjectType: 'application',
				subjectId: application!.id,
				data: { organizationId: leadOrganizationId, organizationName: await organizationName(tx, leadOrganizationId), role: 'lead', version: application!.version },
			})
		}
		return { ok: true as const, applicationId: application!.id }
	})
}

// ---------------------------------------------------------------------------------------
// Sections, each with its own version: a stale save is refused, never silently applied.

type SectionName = 'project' | 'cooperation' | 'budget' | 'answers'
const VERSION_COLUMNS = {
	project: applications.projectVersion,
	cooperation: applications.cooperationVersion,
	budget: applications.budgetVersion,
	answers: applications.answersVersion,
} as const

export type SectionConflict<T> = {
	ok: false
	conflict: true
	message: string
	/** What the other person saved, for the page to show next to what this person typed. */
	current: T
	currentVersion: number
}

async function conflictOf(tx: Executor, application: typeof applications.$inferSelect, section: SectionName) {
	const [last] = await tx
		.select({ createdAt: auditEvents.createdAt, actorName: users.displayName })
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorUserId))
		.where(
			and(
				eq(auditEvents.subjectType, 'application'),
				eq(auditEvents.subjectId, application.id),
				eq(auditEvents.action, 'application.section_saved'),
				sql`${auditEvents.data}->>'section' = ${section}`,
			),
		)
		.orderBy(desc(auditEvents.createdAt))
		.limit(1)
	const who = last?.actorName ?? 'Une autre personne'
	const when = last ? ` (${formatDateTime(last.createdAt)})` : ''
	return {
		message: `${who} a enregistré cette section pendant que vous la modifiiez${when}. Rien n’a été écrasé : comparez votre saisie, conservée ci-dessous, avec la version enregistrée, puis enregistrez de nouveau.`,
	}
}

async function saveSection<T>(
	section: SectionName,
	{ id, user, version, values, current, afterSave }: {
		id: string
		user: Actor
		version: number
		values: Partial<typeof applications.$inferInsert>
		current: (application: typeof applications.$inferSelect) => T
		afterSave?: (tx: Executor, before: typeof applications.$inferSelect, after: typeof applications.$inferSelect) => Promise<void>
	},
): Promise<{ ok: true; version: number } | SectionConflict<T> | Refusal> {
	return db.transaction(async (tx) => {
		const access = await requireEditor(tx, id, user)
		const before = access.application
		// After submission, only a section the funder reopened (a request for a missing piece) is saved.
		if (!isEditable(before.status) && !(await isReopenedNow(tx, before, section))) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const column = VERSION_COLUMNS[section]
		const [updated] = await tx
			.update(applications)
			.set({ ...values, [`${section}Version`]: sql`${column} + 1`, version: sql`${applications.version} + 1` })
			.where(and(eq(applications.id, id), eq(column, version), eq(applications.status, before.status)))
			.returning()
		if (!updated) {
			const { message } = await conflictOf(tx, before, section)
			return { ok: false as const, conflict: true as const, message, current: current(before), currentVersion: before[`${section}Version`] }
		}
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.section_saved',
			subjectType: 'application',
			subjectId: id,
			data: { section, version: updated[`${section}Version`] },
		})
		await afterSave?.(tx, before, updated)
		return { ok: true as const, version: updated[`${section}Version`] }
	})
}

export function projectOf(application: typeof applications.$inferSelect) {
	return { title: application.title, summary: application.summary, themeIds: application.themeIds, ...readProject(application.project) }
}

export async function saveProject({ id, user, input }: { id: string; user: Actor; input: ProjectInput }) {
	const access = await getApplicationForUser({ id, user })
	const call = await getPublishedCall(access.application.callId)
	const unknownTheme = input.themeIds.find((themeId) => !call.themes.some((t) => t.id === themeId))
	if (unknownTheme) return { ok: false as const, field: 'themeIds', message: 'Choisissez les thèmes parmi ceux de l’appel.' }
	const { version, title, summary, themeIds, ...project } = input
	return saveSection('project', { id, user, version, values: { title, summary, themeIds, project }, current: projectOf })
}

export async function saveCooperation({ id, user, input }: { id: string; user: Actor; input: CooperationInput }) {
	const { version, ...cooperation } = input
	return saveSection('cooperation', { id, user, version, values: { cooperation }, current: (a) => readCooperation(a.cooperation) })
}

/** Answers to the call's questions: only questions of this call are kept, checked against each question's type and limit. */
export async function saveAnswers({ id, user, input }: { id: string; user: Actor; input: AnswersInput }) {
	const { version, answers } = input
	return saveSection('answers', { id, user, version, values: { answers }, current: (a) => readAnswers(a.answers) })
}

/** Saving a different budget lapses the confirmations the co-porters gave on the former one. */
export async function saveBudget({ id, user, input }: { id: string; user: Actor; input: BudgetInput }) {
	const { version, amountRequested, ...lines } = input
	const budget = { ...lines, amountRequestedCents: amountRequested }
	return saveSection('budget', {
		id,
		user,
		version,
		values: { budget, amountRequestedCents: amountRequested },
		current: (a) => readBudget(a.budget),
		afterSave: async (tx, before) => {
			// A budget completed at the funder's request after submission leaves the engagements as submitted.
			if (!isEditable(before.status)) return
			if (JSON.stringify(readBudget(before.budget)) === JSON.stringify(readBudget(budget))) return
			const confirmed = await tx
				.select({ id: applicationMembers.id })
				.from(applicationMembers)
				.where(and(eq(applicationMembers.applicationId, id), eq(applicationMembers.role, 'co_carrier'), eq(applicationMembers.status, 'confirmed')))
			await lapseConfirmations(tx, { applicationId: id, memberIds: confirmed.map((m) => m.id), actorId: user.id, reason: 'budget' })
		},
	})
}

/** Confirmations given on what changed lapse: back to 'invited', asked again by email. */
async function lapseConfirmations(
	tx: Executor,
	{ applicationId, memberIds, actorId, reason }: { applicationId: string; memberIds: string[]; actorId: string; reason: 'role' | 'budget_share' | 'budget' },
) {
	if (memberIds.length === 0) return
	const lapsed = await tx
		.update(applicationMembers)
		.set({
			status: 'invited',
			confirmedVersion: null,
			confirmedAt: null,
			confirmedById: null,
			invitationExpiresAt: new Date(Date.now() + PARTNER_INVITATION_TTL_MS),
		})
		.where(and(inArray(applicationMembers.id, memberIds), eq(applicationMembers.status, 'confirmed')))
		.returning({ id: applicationMembers.id, organizationId: applicationMembers.organizationId })
	const [application] = await tx
		.select({ title: applications.title, leadName: organizations.name })
		.from(applications)
		.innerJoin(organizations, eq(organizations.id, applications.leadOrganizationId))
		.where(eq(applications.id, applicationId))
	const organizationIds = lapsed.map((m) => m.organizationId).filter((o): o is string => !!o)
	const [names, referents] = await Promise.all([
		organizationIds.length ? tx.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, organizationIds)) : [],
		referentEmails(tx, organizationIds),
	])
	for (const member of lapsed) {
		const name = names.find((n) => n.id === member.organizationId)?.name ?? ''
		await recordAudit(tx, {
			actorUserId: actorId,
			action: 'application.confirmation_lapsed',
			subjectType: 'application',
			subjectId: applicationId,
			data: { memberId: member.id, organizationId: member.organizationId, organizationName: name, reason },
		})
		for (const referent of referents.filter((r) => r.organizationId === member.organizationId)) {
			await enqueueEmail(tx, {
				to: referent.email,
				template: 'application-confirmation-requested',
				data: { applicationTitle: application!.title, leadName: application!.leadName, organizationName: name, url: url(applicationId, 'engagement') },
			})
		}
	}
}

// ---------------------------------------------------------------------------------------
// Partners.

function parseIdentifier(input: string): { ok: true; siret: string } | { ok: true; rna: string } | { ok: false; message: string } {
	const value = input.trim()
	if (/^w/i.test(value)) {
		const rna = checkRna(value)
		return rna.ok ? { ok: true, rna: rna.value } : rna
	}
	const digits = normalizeDigits(value)
	if (/^\d{9}$/.test(digits)) return { ok: false, message: 'Indiquez le SIRET complet (14 chiffres), pas seulement le SIREN (9 chiffres).' }
	const siret = checkSiret(value)
	if (siret.ok) return { ok: true, siret: siret.value }
	return /^\d+$/.test(digits) ? siret : { ok: false, message: 'Indiquez un SIRET (14 chiffres) ou un numéro RNA (W suivi de 9 caractères).' }
}

/** Why this association may not join the consortium (already in it, or the same legal entity), or null. */
function duplicateOf(members: MemberRow[], candidate: { id: string; name: string; siren: string | null; rna: string | null }, exceptMemberId?: string) {
	const active = members.filter((m) => m.id !== exceptMemberId && m.organizationId && (m.role === 'lead' || m.status === 'invited' || m.status === 'confirmed'))
	const same = active.find((m) => m.organizationId === candidate.id)
	if (same) {
		return same.role === 'lead'
			? `« ${candidate.name} » est le chef de file de ce projet : elle en fait déjà partie.`
			: `« ${candidate.name} » fait déjà partie du projet : une association n’y figure qu’une fois.`
	}
	const key = legalEntityKey({ organizationId: candidate.id, siren: candidate.siren, rna: candidate.rna })
	const twin = active.find((m) => legalEntityKey(m) === key)
	if (twin) {
		return `« ${candidate.name} » a le même numéro SIREN que « ${twin.name} », déjà dans le projet : c’est la même personne morale, qui ne compte qu’une fois. Invitez une autre association.`
	}
	return null
}

async function sendPartnerInvitations(
	tx: Executor,
	input: {
		application: typeof applications.$inferSelect
		inviter: Actor
		member: { id: string; organizationId: string | null; email: string | null }
		now: Date
	},
) {
	const { application, inviter, member, now } = input
	const expiresAt = new Date(now.getTime() + PARTNER_INVITATION_TTL_MS)
	// Earlier links of this partner stop working: only the latest invitation counts.
	await tx
		.update(invitations)
		.set({ expiresAt: now })
		.where(
			and(
				eq(invitations.kind, 'application_partner'),
				eq(invitations.applicationId, application.id),
				isNull(invitations.acceptedAt),
				isNull(invitations.declinedAt),
				member.organizationId ? eq(invitations.organizationId, member.organizationId) : and(isNull(invitations.organizationId), eq(invitations.email, member.email ?? '')),
			),
		)
	await tx.update(applicationMembers).set({ invitationExpiresAt: expiresAt }).where(eq(applicationMembers.id, member.id))
	const [call] = await tx.select({ title: calls.title }).from(calls).where(eq(calls.id, application.callId))
	const leadName = await organizationName(tx, application.leadOrganizationId)
	const inviterName = await displayName(tx, inviter.id)
	const recipients = member.organizationId
		? (await referentEmails(tx, [member.organizationId])).map((r) => r.email)
		: [member.email!]
	const partnerName = member.organizationId ? await organizationName(tx, member.organizationId) : null
	const tokens: string[] = []
	for (const email of recipients) {
		const { token, tokenHash } = generateToken()
		tokens.push(token)
		await tx.insert(invitations).values({
			kind: 'application_partner',
			email,
			organizationId: member.organizationId,
			applicationId: application.id,
			callId: application.callId,
			tokenHash,
			invitedById: inviter.id,
			expiresAt,
		})
		// Past the invitation limits (per address, per inviter) the link exists but is not emailed again.
		if ((await invitationLimit(tx, { email, inviterId: inviter.id })) === null) await enqueueEmail(tx, {
			to: email,
			template: 'application-partner-invitation',
			data: {
				applicationTitle: application.title,
				callTitle: call!.title,
				leadName,
				inviterName,
				organizationName: partnerName,
				url: member.organizationId ? url(application.id, 'engagement') : `${appUrl()}/candidatures/invitation/${token}`,
			},
		})
	}
	return tokens
}

/** The lead invites an association already on the portal, found by its SIRET or RNA. */
export async function invitePartnerOrganization({
	id,
	user,
	identifier,
	now = new Date(),
}: {
	id: string
	user: Actor
	identifier: string
	now?: Date
}): Promise<{ ok: true; memberId: string; organizationName: string } | Refusal<'identifier'>> {
	const parsed = parseIdentifier(identifier)
	if (!parsed.ok) return { ok: false, field: 'identifier', message: parsed.message }
	return db.transaction(async (tx) => {
		const { application } = await requireEditor(tx, id, user)
		if (!isEditable(application.status)) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const [organization] = await tx
			.select({ id: organizations.id, name: organizations.name, siren: organizations.siren, rna: organizations.rna })
			.from(organizations)
			.where(and(eq(organizations.kind, 'association'), 'siret' in parsed ? eq(organizations.siret, parsed.siret) : eq(organizations.rna, parsed.rna)))
		if (!organization) {
			return {
				ok: false as const,
				field: 'identifier' as const,
				message: 'Aucune association n’est inscrite sur Ensemble avec ce numéro. Invitez-la par e-mail : la personne qui la représente l’inscrira en répondant.',
			}
		}
		const members = await listMembersOf(id, tx)
		const duplicate = duplicateOf(members, organization)
		if (duplicate) return { ok: false as const, field: 'identifier' as const, message: duplicate }
		const former = members.find((m) => m.organizationId === organization.id)
		let memberId: string
		if (former) {
			await tx
				.update(applicationMembers)
				.set({ status: 'invited', message: null, confirmedVersion: null, confirmedAt: null, confirmedById: null })
				.where(eq(applicationMembers.id, former.id))
			memberId = former.id
		} else {
			const [inserted] = await tx
				.insert(applicationMembers)
				.values({ applicationId: id, organizationId: organization.id, role: 'co_carrier', status: 'invited' })
				.returning({ id: applicationMembers.id })
			memberId = inserted!.id
		}
		await sendPartnerInvitations(tx, { application, inviter: user, member: { id: memberId, organizationId: organization.id, email: null }, now })
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.partner_invited',
			subjectType: 'application',
			subjectId: id,
			data: { memberId, organizationId: organization.id, organizationName: organization.name },
		})
		return { ok: true as const, memberId, organizationName: organization.name }
	})
}

/** The lead invites, by email, a person whose association is not (yet) on the portal. */
export async function invitePartnerByEmail({
	id,
	user,
	email: rawEmail,
	now = new Date(),
}: {
	id: string
	user: Actor
	email: string
	now?: Date
}): Promise<{ ok: true; memberId: string; token: string } | Refusal<'email'>> {
	const email = normalizeEmail(rawEmail)
	return db.transaction(async (tx) => {
		const { application } = await requireEditor(tx, id, user)
		if (!isEditable(application.status)) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const members = await listMembersOf(id, tx)
		const pending = members.find((m) => !m.organizationId && m.invitedEmail === email)
		if (pending) {
			return { ok: false as const, field: 'email' as const, message: `${email} a déjà été invitée à ce projet. Renvoyez l’invitation depuis la liste des partenaires si besoin.` }
		}
		const [member] = await tx
			.insert(applicationMembers)
			.values({ applicationId: id, invitedEmail: email, role: 'co_carrier', status: 'invited' })
			.returning({ id: applicationMembers.id })
		const [token] = await sendPartnerInvitations(tx, { application, inviter: user, member: { id: member!.id, organizationId: null, email }, now })
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.partner_invited',
			subjectType: 'application',
			subjectId: id,
			data: { memberId: member!.id, email },
		})
		return { ok: true as const, memberId: member!.id, token: token! }
	})
}

async function memberOf(tx: Executor, applicationId: string, memberId: string) {
	const [member] = await tx
		.select()
		.from(applicationMembers)
		.where(and(eq(applicationMembers.id, memberId), eq(applicationMembers.applicationId, applicationId)))
	return member
}

/** Sends a new invitation (valid 14 days) to a partner that has not answered. */
export async function resendInvitation({ id, user, memberId, now = new Date() }: { id: string; user: Actor; memberId: string; now?: Date }) {
	return db.transaction(async (tx) => {
		const { application } = await requireEditor(tx, id, user)
		if (!isEditable(application.status)) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const member = await memberOf(tx, id, memberId)
		if (!member || member.role !== 'co_carrier') notFound('Cette association ne fait pas partie du projet.')
		if (member.status !== 'invited') return { ok: false as const, message: 'Seule une invitation en attente de réponse peut être renvoyée.' }
		await sendPartnerInvitations(tx, { application, inviter: user, member: { id: member.id, organizationId: member.organizationId, email: member.invitedEmail }, now })
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.invitation_resent',
			subjectType: 'application',
			subjectId: id,
			data: { memberId, organizationId: member.organizationId, email: member.invitedEmail },
		})
		return { ok: true as const }
	})
}

/** The lead removes a partner that has not confirmed (invited, declined or withdrawn). */
export async function removePartner({ id, user, memberId, now = new Date() }: { id: string; user: Actor; memberId: string; now?: Date }) {
	return db.transaction(async (tx) => {
		const { application } = await requireEditor(tx, id, user)
		if (!isEditable(application.status)) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const member = await memberOf(tx, id, memberId)
		if (!member || member.role !== 'co_carrier') notFound('Cette association ne fait pas partie du projet.')
		if (member.status === 'confirmed') {
			return { ok: false as const, message: 'Cette association a confirmé son engagement : seule elle peut se retirer du projet.' }
		}
		await tx
			.update(invitations)
			.set({ expiresAt: now })
			.where(
				and(
					eq(invitations.kind, 'application_partner'),
					eq(invitations.applicationId, id),
					isNull(invitations.acceptedAt),
					member.organizationId ? eq(invitations.organizationId, member.organizationId) : eq(invitations.email, member.invitedEmail ?? ''),
				),
			)
		await tx.delete(applicationMembers).where(eq(applicationMembers.id, memberId))
		const name = member.organizationId ? await organizationName(tx, member.organizationId) : member.invitedEmail
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.partner_removed',
			subjectType: 'application',
			subjectId: id,
			data: { memberId, organizationId: member.organizationId, organizationName: name },
		})
		return { ok: true as const, name }
	})
}

/**
 * The lead sets an association's role (qui fait quoi), contribution and budget share. When a
 * co-porter had confirmed and its role or budget share changes, its confirmation lapses.
 */
export async function updateMember({
	id,
	user,
	memberId,
	roleDescription,
	contribution,
	budgetShareCents,
}: {
	id: string
	user: Actor
	memberId: string
	roleDescription: string
	contribution: string
	budgetShareCents: number | null
}): Promise<{ ok: true; lapsed: boolean } | Refusal> {
	return db.transaction(async (tx) => {
		const { application } = await requireEditor(tx, id, user)
		if (!isEditable(application.status)) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const member = await memberOf(tx, id, memberId)
		if (!member) notFound('Cette association ne fait pas partie du projet.')
		if (member.status === 'declined' || member.status === 'withdrawn') {
			return { ok: false as const, message: 'Cette association ne participe plus au projet : invitez-la de nouveau pour lui confier un rôle.' }
		}
		const changed = engagementChanged(member, { roleDescription, budgetShareCents })
		if (!changed && member.contribution === contribution) return { ok: true as const, lapsed: false }
		await tx.update(applicationMembers).set({ roleDescription, contribution, budgetShareCents }).where(eq(applicationMembers.id, memberId))
		await tx.update(applications).set({ version: sql`${applications.version} + 1` }).where(eq(applications.id, id))
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.member_updated',
			subjectType: 'application',
			subjectId: id,
			data: { memberId, organizationId: member.organizationId, roleDescription, contribution, budgetShareCents },
		})
		const lapses = member.role === 'co_carrier' && member.status === 'confirmed' && changed
		if (lapses) {
			const reason = member.roleDescription.trim() !== roleDescription.trim() ? 'role' : 'budget_share'
			await lapseConfirmations(tx, { applicationId: id, memberIds: [memberId], actorId: user.id, reason })
		}
		return { ok: true as const, lapsed: lapses }
	})
}

// ---------------------------------------------------------------------------------------
// Engagement: the partner's (or the lead's) référent answers.

/**
 * The association the user answers for: the one named (a person may be référent of two
 * associations of the consortium), else their main one as before.
 */
async function requireReferentAnswer(tx: Executor, id: string, user: Actor, organizationId?: string) {
	const access = await findAccess(tx, id, user, true)
	if (!access) notFound('Ce dossier n’existe pas ou vous n’y avez pas accès.')
	const chosen = organizationId ? access.members.find((m) => m.member.organizationId === organizationId) : access.members[0]
	if (!chosen) notFound('Ce dossier n’existe pas ou vous n’y avez pas accès.')
	if (!chosen.isReferent) forbidden('Seul le référent de votre association peut répondre pour elle.')
	return { ...access, member: chosen.member, isReferent: chosen.isReferent }
}

async function notifyLead(
	tx: Executor,
	application: typeof applications.$inferSelect,
	input: { organizationName: string; answer: 'confirmed' | 'declined' | 'withdrawn'; message: string | null },
) {
	for (const referent of await referentEmails(tx, [application.leadOrganizationId])) {
		await enqueueEmail(tx, {
			to: referent.email,
			template: 'application-partner-answered',
			data: { applicationTitle: application.title, ...input, url: url(application.id, 'partenaires') },
		})
	}
}

export async function acceptEngagement({
	id,
	user,
	organizationId,
	roleDescription,
	contribution,
	now = new Date(),
}: {
	id: string
	user: Actor
	/** Which of the user's associations answers (when they are référent of several in the consortium). */
	organizationId?: string
	roleDescription: string
	contribution: string
	now?: Date
}): Promise<{ ok: true } | Refusal<'roleDescription' | 'contribution'>> {
	return db.transaction(async (tx) => {
		const { application, member } = await requireReferentAnswer(tx, id, user, organizationId)
		if (!isEditable(application.status)) return { ok: false as const, message: 'Ce dossier a été déposé ou retiré : l’engagement ne peut plus être modifié.' }
		if (member.status === 'confirmed') return { ok: false as const, message: 'Votre association a déjà confirmé son engagement.' }
		if (member.status !== 'invited') notFound()
		if (member.role === 'co_carrier' && member.invitationExpiresAt && member.invitationExpiresAt.getTime() <= now.getTime()) {
			return { ok: false as const, message: 'Cette invitation a expiré (elle était valable 14 jours). Demandez au chef de file de vous la renvoyer.' }
		}
		if (!roleDescription.trim()) return { ok: false as const, field: 'roleDescription' as const, message: 'Décrivez le rôle de votre association dans le projet (qui fait quoi).' }
		if (!contribution.trim()) return { ok: false as const, field: 'contribution' as const, message: 'Décrivez la contribution de votre association (moyens humains, matériels, financiers).' }
		await tx
			.update(applicationMembers)
			.set({ status: 'confirmed', roleDescription, contribution, confirmedVersion: application.version, confirmedAt: now, confirmedById: user.id, message: null })
			.where(and(eq(applicationMembers.id, member.id), eq(applicationMembers.status, 'invited')))
		await tx
			.update(invitations)
			.set({ acceptedAt: now })
			.where(and(eq(invitations.kind, 'application_partner'), eq(invitations.applicationId, id), eq(invitations.organizationId, member.organizationId!), isNull(invitations.acceptedAt)))
		const name = await organizationName(tx, member.organizationId!)
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.partner_confirmed',
			subjectType: 'application',
			subjectId: id,
			data: { memberId: member.id, organizationId: member.organizationId, organizationName: name, role: member.role, version: application.version },
		})
		if (member.role === 'co_carrier') await notifyLead(tx, application, { organizationName: name, answer: 'confirmed', message: null })
		return { ok: true as const }
	})
}

/** An invited partner declines (with a message), or a partner withdraws (after submission: flagged for staff). */
export async function answerNo({
	id,
	user,
	organizationId,
	intent,
	message,
	now = new Date(),
}: {
	id: string
	user: Actor
	organizationId?: string
	intent: 'decline' | 'withdraw'
	message: string
	now?: Date
}): Promise<{ ok: true } | Refusal<'message'>> {
	return db.transaction(async (tx) => {
		const { application, member } = await requireReferentAnswer(tx, id, user, organizationId)
		if (member.role !== 'co_carrier') forbidden('Le chef de file ne se retire pas du projet : retirez le dossier.')
		if (intent === 'decline' && member.status !== 'invited') return { ok: false as const, message: 'Votre association a déjà répondu à cette invitation.' }
		if (intent === 'decline' && !isEditable(application.status)) return { ok: false as const, message: 'Ce dossier a été déposé ou retiré.' }
		if (application.status === 'withdrawn') return { ok: false as const, message: 'Ce dossier a été retiré.' }
		if (!message.trim()) return { ok: false as const, field: 'message' as const, message: 'Expliquez en quelques mots votre décision au chef de file.' }
		const status = intent === 'decline' ? 'declined' : 'withdrawn'
		await tx.update(applicationMembers).set({ status, message, confirmedVersion: null, confirmedAt: null }).where(eq(applicationMembers.id, member.id))
		await tx
			.update(invitations)
			.set({ declinedAt: now })
			.where(and(eq(invitations.kind, 'application_partner'), eq(invitations.applicationId, id), eq(invitations.organizationId, member.organizationId!), isNull(invitations.acceptedAt), isNull(invitations.declinedAt)))
		const name = await organizationName(tx, member.organizationId!)
		if (!isEditable(application.status)) {
			await tx
				.update(applications)
				.set({ flaggedAt: now, flagReason: `« ${name} » s’est retirée du projet après le dépôt : ${message}` })
				.where(eq(applications.id, id))
		}
		await recordAudit(tx, {
			actorUserId: user.id,
			action: intent === 'decline' ? 'application.partner_declined' : 'application.partner_withdrew',
			subjectType: 'application',
			subjectId: id,
			data: { memberId: member.id, organizationId: member.organizationId, organizationName: name, message, afterSubmission: !isEditable(application.status) },
		})
		await notifyLead(tx, application, { organizationName: name, answer: status, message })
		return { ok: true as const }
	})
}

// ---------------------------------------------------------------------------------------
// Invitations by email to a person whose association was not on the portal.

async function findPartnerInvitation(executor: Executor, token: string) {
	const [row] = await executor
		.select({
			id: invitations.id,
			email: invitations.email,
			expiresAt: invitations.expiresAt,
			acceptedAt: invitations.acceptedAt,
			declinedAt: invitations.declinedAt,
			applicationId: applications.id,
			applicationTitle: applications.title,
			applicationStatus: applications.status,
			callTitle: calls.title,
			leadName: organizations.name,
		})
		.from(invitations)
		.innerJoin(applications, eq(applications.id, invitations.applicationId))
		.innerJoin(calls, eq(calls.id, applications.callId))
		.innerJoin(organizations, eq(organizations.id, applications.leadOrganizationId))
		.where(and(eq(invitations.tokenHash, hashToken(token)), eq(invitations.kind, 'application_partner')))
	return row
}

export type PartnerInvitationState = 'valid' | 'expired' | 'used' | 'unknown'

function partnerInvitationState(row: Awaited<ReturnType<typeof findPartnerInvitation>>, now: Date): PartnerInvitationState {
	if (!row) return 'unknown'
	if (row.acceptedAt || row.declinedAt || !isEditable(row.applicationStatus)) return 'used'
	if (row.expiresAt.getTime() <= now.getTime()) return 'expired'
	return 'valid'
}

export const PARTNER_INVITATION_MESSAGES: Record<Exclude<PartnerInvitationState, 'valid'>, string> = {
	unknown: 'Cette invitation n’existe pas. Vérifiez que vous avez copié le lien en entier, ou demandez au chef de file de vous inviter de nouveau.',
	expired: 'Cette invitation a expiré (elle était valable 14 jours). Demandez au chef de file de vous la renvoyer.',
	used: 'Cette invitation a déjà reçu une réponse, ou le dossier n’est plus modifiable. Retrouvez le dossier dans votre espace.',
}

export async function getPartnerInvitation(token: string, now = new Date()) {
	const row = await findPartnerInvitation(db, token)
	const state = partnerInvitationState(row, now)
	return { state, invitation: state === 'valid' ? row! : null }
}

/** The invited person answers for one of the associations they are the référent of. */
export async function claimPartnerInvitation({
	user,
	token,
	organizationId,
	now = new Date(),
}: {
	user: Actor & { email: string }
	token: string
	organizationId: string
	now?: Date
}): Promise<{ ok: true; applicationId: string } | (Refusal<'organizationId'> & { reason: PartnerInvitationState | 'wrong-email' | 'not-referent' | 'duplicate' })> {
	return db.transaction(async (tx) => {
		const row = await findPartnerInvitation(tx, token)
		const state = partnerInvitationState(row, now)
		if (!row || state !== 'valid') {
			const refused = state as Exclude<PartnerInvitationState, 'valid'>
			return { ok: false as const, reason: refused, message: PARTNER_INVITATION_MESSAGES[refused] }
		}
		if (normalizeEmail(user.email) !== normalizeEmail(row.email)) {
			return {
				ok: false as const,
				reason: 'wrong-email' as const,
				message: `Cette invitation a été envoyée à ${row.email}, mais vous êtes connecté·e avec ${user.email}. Connectez-vous avec l’adresse invitée.`,
			}
		}
		const [organization] = await tx
			.select({ id: organizations.id, name: organizations.name, siren: organizations.siren, rna: organizations.rna })
			.from(organizations)
			.innerJoin(memberships, and(eq(memberships.organizationId, organizations.id), eq(memberships.userId, user.id), eq(memberships.role, 'referent')))
			.where(and(eq(organizations.id, organizationId), eq(organizations.kind, 'association')))
		if (!organization) {
			return { ok: false as const, reason: 'not-referent' as const, field: 'organizationId' as const, message: 'Choisissez une association dont vous êtes le référent.' }
		}
		// Locks the application while the consortium changes.
		await tx.select({ id: applications.id }).from(applications).where(eq(applications.id, row.applicationId)).for('update')
		const members = await listMembersOf(row.applicationId, tx)
		const member = members.find((m) => !m.organizationId && m.invitedEmail === normalizeEmail(row.email) && m.status === 'invited')
		if (!member) return { ok: false as const, reason: 'used' as const, message: PARTNER_INVITATION_MESSAGES.used }
		const duplicate = duplicateOf(members, organization, member.id)
		if (duplicate) return { ok: false as const, reason: 'duplicate' as const, field: 'organizationId' as const, message: duplicate }
		// A former row of the same association (declined earlier) gives way to this one.
		await tx
			.delete(applicationMembers)
			.where(and(eq(applicationMembers.applicationId, row.applicationId), eq(applicationMembers.organizationId, organization.id)))
		await tx.update(applicationMembers).set({ organizationId: organization.id }).where(eq(applicationMembers.id, member.id))
		// The link is used; the engagement itself is answered on the application's engagement page.
		await tx.update(invitations).set({ organizationId: organization.id, acceptedAt: now }).where(eq(invitations.id, row.id))
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.invitation_claimed',
			subjectType: 'application',
			subjectId: row.applicationId,
			data: { memberId: member.id, organizationId: organization.id, organizationName: organization.name, email: row.email },
		})
		return { ok: true as const, applicationId: row.applicationId }
	})
}

/**
 * The person invited by email declines from the link itself, signed in or not (the link was
 * sent to them): the partner row is marked declined and the lead is told.
 */
export async function declinePartnerInvitationByLink({
	token,
	userId,
	now = new Date(),
}: {
	token: string
	userId?: string
	now?: Date
}): Promise<{ ok: true; applicationTitle: string } | (Refusal & { reason: PartnerInvitationState })> {
	return db.transaction(async (tx) => {
		const row = await findPartnerInvitation(tx, token)
		const state = partnerInvitationState(row, now)
		if (!row || state !== 'valid') {
			const refused = state as Exclude<PartnerInvitationState, 'valid'>
			return { ok: false as const, reason: refused, message: PARTNER_INVITATION_MESSAGES[refused] }
		}
		const [application] = await tx.select().from(applications).where(eq(applications.id, row.applicationId)).for('update')
		const members = await listMembersOf(row.applicationId, tx)
		const member = members.find((m) => !m.organizationId && m.invitedEmail === normalizeEmail(row.email) && m.status === 'invited')
		const [declined] = await tx
			.update(invitations)
			.set({ declinedAt: now })
			.where(and(eq(invitations.id, row.id), isNull(invitations.acceptedAt), isNull(invitations.declinedAt)))
			.returning({ id: invitations.id })
		if (!member || !declined) return { ok: false as const, reason: 'used' as const, message: PARTNER_INVITATION_MESSAGES.used }
		const message = 'Invitation déclinée depuis le lien reçu par e-mail.'
		await tx.update(applicationMembers).set({ status: 'declined', message }).where(eq(applicationMembers.id, member.id))
		await recordAudit(tx, {
			actorUserId: userId ?? null,
			action: 'application.partner_declined',
			subjectType: 'application',
			subjectId: row.applicationId,
			data: { memberId: member.id, email: row.email, organizationName: row.email, message },
		})
		await notifyLead(tx, application!, { organizationName: row.email, answer: 'declined', message })
		return { ok: true as const, applicationTitle: row.applicationTitle }
	})
}

// ---------------------------------------------------------------------------------------
// Submission and withdrawal.

export async function submitApplication({
	id,
	user,
	now = new Date(),
}: {
	id: string
	user: Actor
	now?: Date
}): Promise<{ ok: true; submittedAt: Date } | { ok: false; message: string; problems: Problem[] }> {
	return db.transaction(async (tx) => {
		const access = await requireEditor(tx, id, user)
		if (!access.isReferent) forbidden('Seul le référent de l’association chef de file dépose le dossier.')
		const { application } = access
		const { call, members, ruleApplication } = await loadRuleInputs(tx, application)
		const problems = checkSubmission(ruleApplication, members.map(toRuleMember), call, now)
		if (problems.length > 0) {
			return { ok: false as const, message: 'Le dossier ne peut pas encore être déposé. Voici ce qui manque :', problems }
		}
		const confirmed = members.filter((m) => m.status === 'confirmed' && m.organizationId)
		// Written before the commit; harmless on rollback (overwritten on retry, never served for a draft).
		const receipt = await storeReceipt(
			id,
			buildReceiptData({ application, call, members, budget: ruleApplication.budget, submittedAt: now }),
		)
		await fire(tx, applicationTransitions.submit, {
			id,
			actor: leadReferent(user),
			checked: ['complete-dossier'],
			set: { submittedAt: now, statusReason: null },
			data: {
				version: application.version,
				associations: confirmed.map((m) => ({ organizationId: m.organizationId, name: m.name, siret: m.siret, rna: m.rna, role: m.role })),
				receipt: receipt.storageKey,
			},
		})
		const leadName = members.find((m) => m.role === 'lead')?.name ?? ''
		for (const referent of await referentEmails(tx, confirmed.map((m) => m.organizationId!))) {
			await enqueueEmail(tx, {
				to: referent.email,
				template: 'application-submitted',
				data: { applicationTitle: application.title, callTitle: call.title, leadName, submittedAt: formatDateTime(now), url: url(id) },
				attachments: [receipt],
			})
		}
		await expirePendingInvitations(tx, { application, callTitle: call.title, leadName, members, actorId: user.id, now })
		await notifyFunderStaff(tx, { application, callTitle: call.title, leadName, associationNames: confirmed.map((m) => m.name ?? ''), now })
		return { ok: true as const, submittedAt: now }
	})
}

/**
 * Partners still invited when the dossier is submitted are not in its consortium: their
 * invitation expires now (the member row and every pending link), with an audit event and
 * an email to the invited association's référents, or to the invited address.
 */
async function expirePendingInvitations(
	tx: Executor,
	input: { application: typeof applications.$inferSelect; callTitle: string; leadName: string; members: MemberRow[]; actorId: string; now: Date },
) {
	const { application, now } = input
	for (const member of input.members.filter((m) => m.role === 'co_carrier' && m.status === 'invited')) {
		await tx.update(applicationMembers).set({ invitationExpiresAt: now }).where(and(eq(applicationMembers.id, member.id), eq(applicationMembers.status, 'invited')))
		await tx
			.update(invitations)
			.set({ expiresAt: now })
			.where(
				and(
					eq(invitations.kind, 'application_partner'),
					eq(invitations.applicationId, application.id),
					isNull(invitations.acceptedAt),
					isNull(invitations.declinedAt),
					member.organizationId
						? eq(invitations.organizationId, member.organizationId)
						: and(isNull(invitations.organizationId), eq(invitations.email, member.invitedEmail ?? '')),
				),
			)
		await recordAudit(tx, {
			actorUserId: input.actorId,
			action: 'application.invitation_expired',
			subjectType: 'application',
			subjectId: application.id,
			data: member.organizationId
				? { memberId: member.id, organizationId: member.organizationId, organizationName: member.name }
				: { memberId: member.id, email: member.invitedEmail },
		})
		const recipients = member.organizationId ? (await referentEmails(tx, [member.organizationId])).map((r) => r.email) : member.invitedEmail ? [member.invitedEmail] : []
		for (const to of recipients) {
			await enqueueEmail(tx, {
				to,
				template: 'application-invitation-expired',
				data: {
					applicationTitle: application.title,
					callTitle: input.callTitle,
					leadName: input.leadName,
					organizationName: member.name,
					// The association still reads the dossier; an address without an account reads the call.
					url: member.organizationId ? url(application.id) : `${appUrl()}/appels/${application.callId}`,
				},
			})
		}
	}
}

/** When the call asks for it (calls.notify_staff_on_submission), every staff member of its funder is told, with a link to the dossier. */
async function notifyFunderStaff(
	tx: Executor,
	input: { application: typeof applications.$inferSelect; callTitle: string; leadName: string; associationNames: string[]; now: Date },
) {
	const { application } = input
	const [call] = await tx.select({ funderId: calls.funderId, notify: calls.notifyStaffOnSubmission }).from(calls).where(eq(calls.id, application.callId))
	if (!call?.notify) return
	const staff = await tx
		.selectDistinct({ email: users.email })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.organizationId, call.funderId))
		.orderBy(asc(users.email))
	for (const member of staff) {
		await enqueueEmail(tx, {
			to: member.email,
			template: 'application-submitted-staff',
			data: {
				applicationTitle: application.title,
				callTitle: input.callTitle,
				leadName: input.leadName,
				associationNames: input.associationNames.join(', '),
				submittedAt: formatDateTime(input.now),
				url: `${appUrl()}/gestion/appels/${application.callId}/candidatures/${application.id}`,
			},
		})
	}
}

/** The lead's référent withdraws the application: a draft at any time, a submitted one before the deadline. */
export async function withdrawApplication({
	id,
	user,
	reason,
	now = new Date(),
}: {
	id: string
	user: Actor
	reason: string
	now?: Date
}): Promise<{ ok: true } | Refusal<'reason'>> {
	return db.transaction(async (tx) => {
		const access = await requireEditor(tx, id, user)
		if (!access.isReferent) forbidden('Seul le référent de l’association chef de file peut retirer le dossier.')
		const { application } = access
		const withdrawal = withdrawalFrom(application.status)
		if (!withdrawal) return { ok: false as const, message: 'Ce dossier ne peut plus être retiré.' }
		const call = await getPublishedCall(application.callId, tx)
		const checked: ApplicationRequirement[] = []
		if ((withdrawal.requires as readonly string[]).includes('before-deadline')) {
			if (deadlinePassed(call.deadlineAt, now)) {
				return { ok: false as const, message: 'La date limite est passée : pour retirer ce dossier, adressez-vous au financeur.' }
			}
			checked.push('before-deadline')
		}
		if (!reason.trim()) return { ok: false as const, field: 'reason' as const, message: 'Indiquez la raison du retrait.' }
		await fire(tx, withdrawal, { id, actor: leadReferent(user), reason, checked, set: { statusReason: reason } })
		const members = await listMembersOf(id, tx)
		const active = members.filter((m) => m.organizationId && (m.status === 'confirmed' || m.status === 'invited'))
		const leadName = members.find((m) => m.role === 'lead')?.name ?? ''
		for (const referent of await referentEmails(tx, active.map((m) => m.organizationId!))) {
			await enqueueEmail(tx, {
				to: referent.email,
				template: 'application-withdrawn',
				data: { applicationTitle: application.title, callTitle: call.title, leadName, reason, url: url(id) },
			})
		}
		return { ok: true as const }
	})
}

/** The associations the user is référent of (to answer an invitation received by email). */
export async function referentAssociationsOf(user: Actor) {
	return db
		.select({ id: organizations.id, name: organizations.name })
		.from(memberships)
		.innerJoin(organizations, eq(organizations.id, memberships.organizationId))
		.where(and(eq(memberships.userId, user.id), eq(memberships.role, 'referent'), eq(organizations.kind, 'association')))
		.orderBy(asc(organizations.name))
}
