/** Sections saved with their own version: a stale save is refused, never silently applied. */
import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { recordAudit } from '#app/domain/audit.server.ts'
import { isReopenedNow } from '#app/domain/dossier-messages/reopened.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applicationMembers, applications, auditEvents, organizations, users } from '#db/schema/index.ts'
import type { AnswersInput, BudgetInput, CooperationInput, ProjectInput } from './application-forms.ts'
import { getPublishedCall } from './published-calls.server.ts'
import { isEditable, readAnswers, readBudget, readCooperation, readProject } from './rules.ts'
import { invitationExpiry } from '#app/domain/invitations/invitations.server.ts'
import { type Actor, READ_ONLY_MESSAGE, type Refusal, getApplicationForUser, referentEmails, requireEditor, url } from './access.server.ts'

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
export async function lapseConfirmations(
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
			invitationExpiresAt: invitationExpiry(),
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
