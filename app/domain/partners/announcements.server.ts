/**
 * « Je cherche des partenaires » (issue 12): on a published call, an association announces
 * the project it wants to build and the partners it looks for; anyone reads the open
 * announcements (name, département and directory link of the announcer, never a contact);
 * the announcer closes it. Answers are in answers.server.ts.
 */
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm'
import { forbidden, notFound } from '#app/auth/permissions.server.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { can } from '#app/auth/policy/index.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { isNotMoved } from '#app/domain/lifecycle/transitions.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applications, partnerAnnouncements, partnerAnswers, themes } from '#db/schema/index.ts'
import { ANNOUNCEMENTS_PER_PAGE, MAX_OPEN_ANNOUNCEMENTS_PER_ASSOCIATION } from './forms.ts'
import { declinePendingAnswersOf } from './answers.server.ts'
import {
	type Actor,
	actorAs,
	associationsById,
	CALL_CLOSED_MESSAGE,
	decide,
	loadPartnerCall,
	publishedProfiles,
	type Refusal,
	takesAnnouncements,
} from './context.server.ts'
import { announcementTransitions } from './lifecycles.ts'

export const ANNOUNCEMENT_NOT_FOUND = 'Cette annonce n’existe pas ou n’est plus en ligne.'

export async function createAnnouncement(input: {
	user: Actor
	callId: string
	organizationId: string
	title: string
	project: string
	lookingFor: string
	themeIds: string[]
	now?: Date
}): Promise<{ ok: true; announcementId: string } | Refusal<'organizationId' | 'themeIds'>> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const call = await loadPartnerCall(tx, input.callId, true)
		const decision = await decide(tx, input.user, 'announce', { organizationId: input.organizationId, callOpen: takesAnnouncements(call, now) })
		if (!decision.allowed && decision.reason === 'not-member') {
			return { ok: false as const, field: 'organizationId' as const, message: 'Choisissez une de vos associations.' }
		}
		if (!decision.allowed) return { ok: false as const, message: CALL_CLOSED_MESSAGE }
		const callThemes = await tx.select({ id: themes.id }).from(themes).where(eq(themes.callId, call.id))
		const known = new Set(callThemes.map((t) => t.id))
		const themeIds = [...new Set(input.themeIds)]
		if (themeIds.some((id) => !known.has(id))) return { ok: false as const, field: 'themeIds' as const, message: 'Choisissez parmi les thèmes de l’appel.' }
		const [{ value: open }] = (await tx
			.select({ value: count() })
			.from(partnerAnnouncements)
			.where(and(eq(partnerAnnouncements.callId, call.id), eq(partnerAnnouncements.organizationId, input.organizationId), eq(partnerAnnouncements.status, 'open')))) as [{ value: number }]
		if (open >= MAX_OPEN_ANNOUNCEMENTS_PER_ASSOCIATION) {
			return { ok: false as const, message: `Votre association a déjà ${MAX_OPEN_ANNOUNCEMENTS_PER_ASSOCIATION} annonces ouvertes sur cet appel : fermez-en une avant d’en publier une autre.` }
		}
		const [row] = await tx
			.insert(partnerAnnouncements)
			.values({
				callId: call.id,
				organizationId: input.organizationId,
				authorUserId: input.user.id,
				title: input.title,
				project: input.project,
				lookingFor: input.lookingFor,
				themeIds,
			})
			.returning({ id: partnerAnnouncements.id })
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'partner_announcement.published',
			subjectType: 'partner-announcement',
			subjectId: row!.id,
			data: { callId: call.id, organizationId: input.organizationId, title: input.title },
		})
		return { ok: true as const, announcementId: row!.id }
	})
}

/** The announcement of this call, locked for a change, or a 404. */
export async function lockAnnouncement(tx: Executor, callId: string, announcementId: string) {
	const [announcement] = await tx
		.select()
		.from(partnerAnnouncements)
		.where(and(eq(partnerAnnouncements.id, announcementId), eq(partnerAnnouncements.callId, callId)))
		.for('update')
	if (!announcement) notFound(ANNOUNCEMENT_NOT_FOUND)
	return announcement
}

/** The announcer closes its announcement: no more answers; the pending ones are declined (their associations are told). */
export async function closeAnnouncement(input: { user: Actor; callId: string; announcementId: string; now?: Date }): Promise<{ ok: true } | Refusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const announcement = await lockAnnouncement(tx, input.callId, input.announcementId)
		const decision = await decide(tx, input.user, 'manage-announcement', { organizationId: announcement.organizationId })
		if (!decision.allowed) forbidden('Seule l’association qui a publié l’annonce peut la fermer.')
		try {
			await fire(tx, announcementTransitions.close, { id: announcement.id, actor: actorAs(input.user, 'association:announcer'), set: { closedAt: now } })
		} catch (error) {
			if (isNotMoved(error)) return { ok: false as const, message: 'Cette annonce est déjà fermée.' }
			throw error
		}
		await declinePendingAnswersOf(tx, { user: input.user, announcement, reason: 'L’annonce a été fermée.', now })
		return { ok: true as const }
	})
}

const announcementColumns = {
	id: partnerAnnouncements.id,
	callId: partnerAnnouncements.callId,
	organizationId: partnerAnnouncements.organizationId,
	title: partnerAnnouncements.title,
	project: partnerAnnouncements.project,
	lookingFor: partnerAnnouncements.lookingFor,
	themeIds: partnerAnnouncements.themeIds,
	status: partnerAnnouncements.status,
	applicationId: partnerAnnouncements.applicationId,
	createdAt: partnerAnnouncements.createdAt,
}

/** Public facts of the announcers: name, département, link to the directory profile when published. */
async function withAnnouncers<T extends { organizationId: string; themeIds: string[] }>(executor: Executor, rows: T[], callThemes: Map<string, string>) {
	const ids = rows.map((r) => r.organizationId)
	const [names, profiles] = await Promise.all([associationsById(executor, ids), publishedProfiles(executor, ids)])
	return rows.map((row) => ({
		...row,
		organizationName: names.get(row.organizationId)?.name ?? '',
		departement: names.get(row.organizationId)?.departement ?? null,
		profilePath: profiles.has(row.organizationId) ? `/partenaires/${row.organizationId}` : null,
		themes: row.themeIds.map((id) => callThemes.get(id)).filter((label): label is string => Boolean(label)),
	}))
}

async function themesOf(executor: Executor, callId: string) {
	const rows = await executor.select({ id: themes.id, label: themes.label }).from(themes).where(eq(themes.callId, callId)).orderBy(asc(themes.position))
	return rows
}

/** The call's open announcements, newest first, one page of ANNOUNCEMENTS_PER_PAGE. Readable by anyone. */
export async function listOpenAnnouncements({ callId, page = 1 }: { callId: string; page?: number }) {
	const call = await loadPartnerCall(db, callId)
	const where = and(eq(partnerAnnouncements.callId, call.id), eq(partnerAnnouncements.status, 'open'))
	const pageNumber = Math.max(1, Math.min(Math.floor(page) || 1, 10_000))
	const [rows, [total], callThemes] = await Promise.all([
		db
			.select(announcementColumns)
			.from(partnerAnnouncements)
			.where(where)
			.orderBy(desc(partnerAnnouncements.createdAt), desc(partnerAnnouncements.id))
			.limit(ANNOUNCEMENTS_PER_PAGE)
			.offset((pageNumber - 1) * ANNOUNCEMENTS_PER_PAGE),
		db.select({ value: count() }).from(partnerAnnouncements).where(where),
		themesOf(db, call.id),
	])
	const labels = new Map(callThemes.map((t) => [t.id, t.label]))
	return {
		call,
		themes: callThemes,
		announcements: await withAnnouncers(db, rows, labels),
		page: pageNumber,
		pageCount: Math.max(1, Math.ceil((total?.value ?? 0) / ANNOUNCEMENTS_PER_PAGE)),
		total: total?.value ?? 0,
	}
}

/**
 * One announcement as this viewer sees it: anyone reads it; the announcer's members also read
 * its answers (name, département, message, profile link) and decide them; the members of
 * another association see their own answer, or may answer.
 */
export async function getAnnouncement({ callId, announcementId, user, now = new Date() }: { callId: string; announcementId: string; user: Actor | null; now?: Date }) {
	const call = await loadPartnerCall(db, callId)
	const [row] = await db
		.select(announcementColumns)
		.from(partnerAnnouncements)
		.where(and(eq(partnerAnnouncements.id, announcementId), eq(partnerAnnouncements.callId, call.id)))
	if (!row) notFound(ANNOUNCEMENT_NOT_FOUND)
	const callThemes = await themesOf(db, call.id)
	const [announcement] = await withAnnouncers(db, [row], new Map(callThemes.map((t) => [t.id, t.label])))
	const viewer = user ? await policyUserOf(db, user) : null
	const callOpen = takesAnnouncements(call, now)
	const isAnnouncer = viewer ? can(viewer, 'manage-announcement', { kind: 'partners', organizationId: row.organizationId }).allowed : false
	const viewerAssociations = viewer ? viewer.memberships.filter((m) => m.kind === 'association').map((m) => m.organizationId) : []

	const answerColumns = {
		id: partnerAnswers.id,
		organizationId: partnerAnswers.organizationId,
		message: partnerAnswers.message,
		status: partnerAnswers.status,
		statusReason: partnerAnswers.statusReason,
		invitationId: partnerAnswers.invitationId,
		createdAt: partnerAnswers.createdAt,
	}
	// The announcer reads every answer (at most one per association); others only their associations' own.
	const answerRows = isAnnouncer
		? await db.select(answerColumns).from(partnerAnswers).where(eq(partnerAnswers.announcementId, row.id)).orderBy(asc(partnerAnswers.createdAt)).limit(500)
		: viewerAssociations.length > 0
			? await db
					.select(answerColumns)
					.from(partnerAnswers)
					.where(and(eq(partnerAnswers.announcementId, row.id), inArray(partnerAnswers.organizationId, viewerAssociations)))
			: []
	const answered = new Set(answerRows.map((a) => a.organizationId))
	// The viewer's associations that may still answer: members, not the announcer, not answered yet.
	const candidates =
		viewer && row.status === 'open'
			? viewer.memberships
					.filter((m) => !answered.has(m.organizationId) && can(viewer, 'answer', { kind: 'partners', organizationId: m.organizationId, announcerOrganizationId: row.organizationId, callOpen }).allowed)
					.map((m) => m.organizationId)
			: []
	const ids = answerRows.map((a) => a.organizationId)
	const [names, profiles] = await Promise.all([associationsById(db, [...ids, ...candidates]), publishedProfiles(db, ids)])
	const answers = answerRows.map((a) => ({
		...a,
		organizationName: names.get(a.organizationId)?.name ?? '',
		departement: names.get(a.organizationId)?.departement ?? null,
		profilePath: profiles.has(a.organizationId) ? `/partenaires/${a.organizationId}` : null,
	}))
	const canAnswerFor = candidates.map((id) => ({ value: id, label: names.get(id)?.name ?? '' }))
	let draft: { id: string; title: string; status: string } | null = null
	if (isAnnouncer && row.applicationId) {
		const [application] = await db.select({ id: applications.id, title: applications.title, status: applications.status }).from(applications).where(eq(applications.id, row.applicationId))
		draft = application ?? null
	}
	return { call, callOpen, announcement: announcement!, isAnnouncer, answers, canAnswerFor, draft }
}
