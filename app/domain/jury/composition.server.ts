/**
 * The jury's composition, by the staff of the call's funder (DESIGN.md, "Jury"): invite a
 * juror by email through the shared invitation flow (an existing account gets its seat at
 * once, as invited; a new address gets it on accepting after sign-up), set their kind,
 * themes, territories, maximum load and the chair, remove them; a juror accepts, declines
 * the invitation, or leaves the jury. Each change is one transaction with its audit event.
 * Conflicts are re-detected when a seat is taken (conflicts.server.ts).
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { ownJurorRowsWhere, staffCallsWhere } from '#app/auth/policy/visibility.server.ts'
import { notFound } from '#app/auth/permissions.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { byToken, invitationExpiry, invitationLimit, invitationState, newInvitationToken, unanswered } from '#app/domain/invitations/invitations.server.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { normalizeEmail } from '#app/utils/tokens.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { calls, invitations, jurors, themes, users } from '#db/schema/index.ts'
import { releaseUnsentAssignments } from './assignment.server.ts'
import { isComposable, JURY_INVITATION_MESSAGES, JUROR_KIND_LABELS, JurorSettingsSchema, type JurorSettings } from './composition.ts'
import { detectConflicts } from './conflicts.server.ts'

type Actor = { id: string } | PolicyUser
export type CompositionRefusal = { ok: false; message: string; field?: string }

const NOT_COMPOSABLE = 'La délibération a commencé : le jury ne peut plus être modifié.'
export const JUROR_NOT_VISIBLE = 'Ce juré n’existe pas ou ne relève pas de votre financeur.'

/** Settings checked against the schema and the call's themes; the first problem, on its field. */
async function checkSettings(tx: Executor, callId: string, input: unknown): Promise<{ ok: true; settings: JurorSettings } | CompositionRefusal> {
	const parsed = JurorSettingsSchema.safeParse(input)
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!
		return { ok: false, message: issue.message, field: String(issue.path[0] ?? '') }
	}
	const settings = { ...parsed.data, themeIds: [...new Set(parsed.data.themeIds)], territories: [...new Set(parsed.data.territories)] }
	if (settings.themeIds.length > 0) {
		const known = await tx.select({ id: themes.id }).from(themes).where(and(eq(themes.callId, callId), inArray(themes.id, settings.themeIds)))
		if (known.length !== settings.themeIds.length) return { ok: false, field: 'themeIds', message: 'Choisissez des thèmes de cet appel.' }
	}
	return { ok: true, settings }
}

/**
 * One chair per call: naming one unseats the previous (the database's partial unique index
 * says the same), including the chair promised by a pending invitation to an address with
 * no account yet: the last one named wins.
 */
async function clearChair(tx: Executor, callId: string, exceptJurorId: string | null) {
	await tx
		.update(jurors)
		.set({ isChair: false })
		.where(and(eq(jurors.callId, callId), eq(jurors.isChair, true), exceptJurorId ? ne(jurors.id, exceptJurorId) : undefined))
	await tx
		.update(invitations)
		.set({ jurySettings: sql`${invitations.jurySettings} || '{"isChair": false}'::jsonb` })
		.where(and(eq(invitations.kind, 'juror'), eq(invitations.callId, callId), unanswered(), sql`(${invitations.jurySettings} ->> 'isChair') = 'true'`))
}

export async function inviteJuror(input: {
	user: Actor & { displayName?: string }
	callId: string
	email: string
	settings: unknown
}): Promise<{ ok: true; token: string; jurorId: string | null } | CompositionRefusal> {
	const email = normalizeEmail(input.email)
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
		return { ok: false, field: 'email', message: 'Indiquez une adresse e-mail valide, par exemple camille@exemple.fr.' }
	}
	return db.transaction(async (tx) => {
		const { call, funderName } = await requireCallForStaff(tx, await policyUserOf(tx, input.user), input.callId, 'update')
		if (!isComposable(call.status)) return { ok: false as const, message: NOT_COMPOSABLE }
		const checked = await checkSettings(tx, call.id, input.settings)
		if (!checked.ok) return checked
		const { settings } = checked
		const [invitee] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email))
		let jurorId: string | null = null
		if (invitee) {
			const [existing] = await tx.select().from(jurors).where(and(eq(jurors.callId, call.id), ownJurorRowsWhere(invitee)))
			if (existing && (existing.status === 'active' || existing.status === 'invited')) {
				return {
					ok: false as const,
					field: 'email',
					message: existing.status === 'active' ? 'Cette personne siège déjà à ce jury.' : 'Cette personne est déjà invitée à ce jury.',
				}
			}
		}
		const limited = await invitationLimit(tx, { email, inviterId: input.user.id })
		if (limited) return { ok: false as const, field: 'email', message: limited }
		if (settings.isChair) await clearChair(tx, call.id, null)
		if (invitee) {
			const [row] = await tx
				.insert(jurors)
				.values({ callId: call.id, userId: invitee.id, ...settings, status: 'invited' })
				.onConflictDoUpdate({ target: [jurors.callId, jurors.userId], set: { ...settings, status: 'invited' } })
				.returning({ id: jurors.id })
			jurorId = row!.id
		}
		const { token, tokenHash } = newInvitationToken()
		const [invitation] = await tx
			.insert(invitations)
			// The seat settings travel with the invitation: an address with no account yet gets them on accepting.
			.values({ kind: 'juror', email, callId: call.id, jurySettings: settings, tokenHash, invitedById: input.user.id, expiresAt: invitationExpiry() })
			.returning({ id: invitations.id })
		const [inviter] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, input.user.id))
		await enqueueEmail(tx, {
			to: email,
			template: 'jury-invitation',
			data: {
				callTitle: call.title,
				funderName,
				inviterName: inviter?.displayName ?? funderName,
				kindLabel: JUROR_KIND_LABELS[settings.kind],
				isChair: settings.isChair,
				url: `${appUrl()}/jury/invitations/${token}`,
			},
		})
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'jury.juror_invited',
			subjectType: 'call',
			subjectId: call.id,
			data: { invitationId: invitation!.id, email, jurorId, ...settings },
		})
		return { ok: true as const, token, jurorId }
	})
}

/** What the emailed link shows before an answer: the call, the address invited, until when; or why it no longer works. */
export async function getJuryInvitationForDisplay(token: string) {
	const [row] = await db
		.select({ invitation: invitations, callTitle: calls.title, callStatus: calls.status, inviterName: users.displayName })
		.from(invitations)
		.innerJoin(calls, eq(calls.id, invitations.callId))
		.leftJoin(users, eq(users.id, invitations.invitedById))
		.where(byToken(token, 'juror'))
	const state = invitationState(row?.invitation)
	if (!row || state !== 'valid') return { state: state === 'valid' ? ('unknown' as const) : state, invitation: null }
	return {
		state,
		invitation: { email: row.invitation.email, expiresAt: row.invitation.expiresAt, callTitle: row.callTitle, inviterName: row.inviterName, composable: isComposable(row.callStatus) },
	}
}

/**
 * The invited person answers from the emailed link. Accepting needs the invited address,
 * verified; it seats them (with the settings staff gave, kept on the seat for an existing
 * account, in the invitation for an address that had none) and re-detects the call's conflicts. Declining needs only the link.
 */
export async function answerJuryInvitation(input: {
	/** Null to decline without an account: the link itself is the proof. */
	user: { id: string; email: string; emailVerified?: boolean } | null
	token: string
	answer: 'accept' | 'decline'
}): Promise<{ ok: true; callId: string } | CompositionRefusal> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select({ invitation: invitations, callStatus: calls.status })
			.from(invitations)
			.innerJoin(calls, eq(calls.id, invitations.callId))
			.where(byToken(input.token, 'juror'))
			.for('update', { of: invitations })
		const state = invitationState(row?.invitation)
		if (!row || state !== 'valid') return { ok: false as const, message: JURY_INVITATION_MESSAGES[state as Exclude<typeof state, 'valid'>] }
		const { invitation } = row
		const callId = invitation.callId!
		const { user } = input
		if (input.answer === 'accept') {
			if (!user) return { ok: false as const, message: 'Connectez-vous avec l’adresse invitée pour accepter.' }
			if (normalizeEmail(user.email) !== normalizeEmail(invitation.email)) {
				return {
					ok: false as const,
					message: `Cette invitation a été envoyée à ${invitation.email}, mais vous êtes connecté·e avec ${user.email}. Déconnectez-vous puis connectez-vous (ou créez un compte) avec l’adresse invitée.`,
				}
			}
			if (user.emailVerified === false) return { ok: false as const, message: 'Confirmez d’abord votre adresse e-mail avec le lien reçu à l’inscription.' }
			if (!isComposable(row.callStatus)) return { ok: false as const, message: NOT_COMPOSABLE }
		}
		const [answered] = await tx
			.update(invitations)
			.set(input.answer === 'accept' ? { acceptedAt: new Date() } : { declinedAt: new Date() })
			.where(and(eq(invitations.id, invitation.id), unanswered()))
			.returning({ id: invitations.id })
		if (!answered) return { ok: false as const, message: JURY_INVITATION_MESSAGES.used }
		const [invitee] = await tx.select({ id: users.id }).from(users).where(eq(users.email, normalizeEmail(invitation.email)))
		if (input.answer === 'accept' && user) {
			// A seat made at the invitation (an existing account) keeps the settings staff may
			// have changed since; a new seat takes those the invitation carries (a chair still
			// promised there unseats the current one, clearChair having removed it otherwise).
			const carried = JurorSettingsSchema.safeParse(invitation.jurySettings ?? {})
			const settings = carried.success ? carried.data : {}
			const [existing] = await tx.select({ id: jurors.id }).from(jurors).where(and(eq(jurors.callId, callId), ownJurorRowsWhere(user)))
			if (!existing && 'isChair' in settings && settings.isChair) await clearChair(tx, callId, null)
			await tx
				.insert(jurors)
				.values({ callId, userId: user.id, ...settings, status: 'active' })
				.onConflictDoUpdate({ target: [jurors.callId, jurors.userId], set: { status: 'active' } })
			await detectConflicts(tx, callId, { actorUserId: user.id })
		} else if (invitee) {
			await tx.update(jurors).set({ status: 'declined', isChair: false }).where(and(eq(jurors.callId, callId), ownJurorRowsWhere(invitee), eq(jurors.status, 'invited')))
		}
		await recordAudit(tx, {
			actorUserId: input.answer === 'accept' && user ? user.id : (invitee?.id ?? null),
			action: input.answer === 'accept' ? 'jury.invitation_accepted' : 'jury.invitation_declined',
			subjectType: 'call',
			subjectId: callId,
			data: { invitationId: invitation.id, email: invitation.email },
		})
		return { ok: true as const, callId }
	})
}

/** A juror of a call of the staff member's funder, locked; 404 otherwise. */
async function jurorForStaff(tx: Executor, user: PolicyUser, jurorId: string) {
	const [row] = await tx
		.select({ juror: jurors, callStatus: calls.status })
		.from(jurors)
		.innerJoin(calls, eq(calls.id, jurors.callId))
		.where(and(eq(jurors.id, jurorId), staffCallsWhere(user)))
		.for('update', { of: jurors })
	if (!row) notFound(JUROR_NOT_VISIBLE)
	return row
}

/** Kind, themes, territories, maximum load, chair. */
export async function updateJuror(input: { user: Actor; jurorId: string; settings: unknown }): Promise<{ ok: true } | CompositionRefusal> {
	return db.transaction(async (tx) => {
		const { juror, callStatus } = await jurorForStaff(tx, await policyUserOf(tx, input.user), input.jurorId)
		if (!isComposable(callStatus)) return { ok: false as const, message: NOT_COMPOSABLE }
		if (juror.status === 'removed' || juror.status === 'declined') return { ok: false as const, message: 'Ce juré ne fait plus partie du jury : invitez-le à nouveau.' }
		const checked = await checkSettings(tx, juror.callId, input.settings)
		if (!checked.ok) return checked
		if (checked.settings.isChair) await clearChair(tx, juror.callId, juror.id)
		await tx.update(jurors).set(checked.settings).where(eq(jurors.id, juror.id))
		await recordAudit(tx, { actorUserId: input.user.id, action: 'jury.juror_updated', subjectType: 'call', subjectId: juror.callId, data: { jurorId: juror.id, ...checked.settings } })
		return { ok: true as const }
	})
}

/** Staff take a juror off the jury (their pending invitations are cancelled). */
export async function removeJuror(input: { user: Actor; jurorId: string; reason?: string }): Promise<{ ok: true } | CompositionRefusal> {
	return db.transaction(async (tx) => {
		const { juror, callStatus } = await jurorForStaff(tx, await policyUserOf(tx, input.user), input.jurorId)
		if (!isComposable(callStatus)) return { ok: false as const, message: NOT_COMPOSABLE }
		if (juror.status === 'removed') return { ok: false as const, message: 'Ce juré a déjà été retiré du jury.' }
		await tx.update(jurors).set({ status: 'removed', isChair: false }).where(eq(jurors.id, juror.id))
		// Their unsent dossiers go back to the pool (a re-run fills the gaps); sent evaluations stay.
		const released = await releaseUnsentAssignments(tx, juror.id)
		await tx
			.update(invitations)
			.set({ cancelledAt: new Date() })
			.where(and(eq(invitations.kind, 'juror'), eq(invitations.callId, juror.callId), unanswered(), sql`${invitations.email} = (select ${users.email} from ${users} where ${users.id} = ${juror.userId})`))
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'jury.juror_removed',
			subjectType: 'call',
			subjectId: juror.callId,
			data: { jurorId: juror.id, from: juror.status, reason: input.reason?.trim() || null, released: released.map((r) => r.applicationId) },
		})
		return { ok: true as const }
	})
}

/** The juror leaves the jury of a call (invited or seated). */
export async function declineJury(input: { user: { id: string }; callId: string }): Promise<{ ok: true } | CompositionRefusal> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select({ juror: jurors, callStatus: calls.status })
			.from(jurors)
			.innerJoin(calls, eq(calls.id, jurors.callId))
			.where(and(eq(jurors.callId, input.callId), ownJurorRowsWhere(input.user), inArray(jurors.status, ['invited', 'active'])))
			.for('update', { of: jurors })
		if (!row) notFound('Vous ne faites pas partie de ce jury.')
		if (!isComposable(row.callStatus)) return { ok: false as const, message: 'La délibération a commencé : adressez-vous au financeur.' }
		await tx.update(jurors).set({ status: 'declined', isChair: false }).where(eq(jurors.id, row.juror.id))
		const released = await releaseUnsentAssignments(tx, row.juror.id)
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'jury.juror_declined',
			subjectType: 'call',
			subjectId: input.callId,
			data: { jurorId: row.juror.id, from: row.juror.status, released: released.map((r) => r.applicationId) },
		})
		return { ok: true as const }
	})
}
