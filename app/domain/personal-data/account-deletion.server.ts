/**
 * A person deletes their account (issue 13, docs/decisions/030), in one transaction:
 * - erased: sessions, emailed tokens, memberships, pending invitations to their address,
 *   kept form input, login and email counters, the emails queued or sent to them, the
 *   directory conversations they started;
 * - anonymised: the account row itself (« Compte supprimé », an unusable address and
 *   password), kept as a pseudonymous id so the funder's records (decisions, agreements,
 *   payments, evaluations, dossiers, messages) keep their links and name the organisation,
 *   not the person; audit events lose what named them (audit-scrub.ts);
 * - refused, in French, while they are the only référent of an association (a successor
 *   first), or the portal's last administrator.
 */
import { leavingBlockers, lockReferentsAround } from '#app/auth/policy/leaving.server.ts'
import { ownJurorRowsWhere, ownMembershipsWhere } from '#app/auth/policy/visibility.server.ts'
import { markUnreferenced } from '#app/domain/files/storage-orphans.server.ts'
import { and, eq, inArray, isNull, like, or, sql } from 'drizzle-orm'
import { verifyPassword } from '#app/auth/password.server.ts'
import { accountKeys, checkThrottle, recordFailure } from '#app/domain/accounts/login-throttle.server.ts'
import { retryMessage } from '#app/domain/accounts/login-throttle.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { releaseUnsentAssignments } from '#app/domain/jury/assignment.server.ts'
import { isComposable } from '#app/domain/jury/composition.ts'
import { db, type Executor } from '#db/client.server.ts'
import {
	auditEvents,
	calls,
	emailTokens,
	formDrafts,
	invitations,
	jurors,
	loginThrottles,
	memberships,
	outboxMessages,
	partnerContacts,
	rateLimits,
	sessions,
	users,
} from '#db/schema/index.ts'
import { scrubAuditData } from './audit-scrub.ts'

export const DELETED_NAME = 'Compte supprimé'
/** The confirmation the person types: an explicit act, not a stray click. */
export const DELETION_CONFIRMATION = 'SUPPRIMER'
/** Audit events rewritten per statement. */
const AUDIT_BATCH = 500

/** The French refusal naming the associations that need a successor (null when nothing blocks). */
export function blockerMessage(blockers: Awaited<ReturnType<typeof leavingBlockers>>): string | null {
	if (blockers.associations.length > 0) {
		const names = blockers.associations.map((a) => `« ${a.organizationName} »`).join(', ')
		const plural = blockers.associations.length > 1
		return `Vous êtes le seul ou la seule référent·e de ${plural ? 'ces associations' : 'l’association'} ${names}. Nommez d’abord un·e autre référent·e (invitez un membre comme référent·e depuis la page de l’association) : une association ne peut pas rester sans référent·e.`
	}
	if (blockers.lastAdmin) return 'Vous êtes le dernier administrateur ou la dernière administratrice de la plateforme : nommez-en un·e autre avant de supprimer votre compte.'
	return null
}

/** Shown before the form: why the account cannot be deleted yet, or null. */
export async function deletionRefusal(userId: string): Promise<string | null> {
	return blockerMessage(await leavingBlockers(db, userId))
}

type DeletionRefusal = { ok: false; field?: 'password' | 'confirmation'; message: string }

export async function deleteAccount(input: { userId: string; password: string; confirmation: string; now?: Date }): Promise<{ ok: true } | DeletionRefusal> {
	const now = input.now ?? new Date()
	if (input.confirmation.trim().toUpperCase() !== DELETION_CONFIRMATION) {
		return { ok: false, field: 'confirmation', message: `Tapez ${DELETION_CONFIRMATION} pour confirmer la suppression.` }
	}
	const [account] = await db.select().from(users).where(and(eq(users.id, input.userId), isNull(users.deletedAt)))
	if (!account) return { ok: false, message: 'Ce compte n’existe plus.' }
	// Wrong passwords here count with the failed logins of the account (accountKeys).
	const keys = accountKeys(account.email)
	const throttle = await checkThrottle(keys, now)
	if (!throttle.allowed) return { ok: false, field: 'password', message: retryMessage(throttle.retryAfterSeconds) }
	if (!(await verifyPassword(account.passwordHash, input.password))) {
		await recordFailure(keys, now)
		return { ok: false, field: 'password', message: 'Mot de passe incorrect.' }
	}
	return db.transaction(async (tx) => {
		// Locked: two deletions at once (or a référent named meanwhile) see one state.
		const [user] = await tx.select().from(users).where(and(eq(users.id, account.id), isNull(users.deletedAt))).for('update')
		if (!user) return { ok: false as const, message: 'Ce compte n’existe plus.' }
		// Two référents of one association leaving at once: the second waits for the first, then sees it gone.
		await lockReferentsAround(tx, user.id)
		const refusal = blockerMessage(await leavingBlockers(tx, user.id))
		if (refusal) return { ok: false as const, message: refusal }

		await tx.delete(sessions).where(eq(sessions.userId, user.id))
		await tx.delete(emailTokens).where(eq(emailTokens.userId, user.id))
		await tx.delete(memberships).where(ownMembershipsWhere(user))
		await tx.delete(formDrafts).where(eq(formDrafts.userId, user.id))
		// Invitations to their address not yet answered: nobody should be able to take them now.
		await tx.delete(invitations).where(and(eq(invitations.email, user.email), isNull(invitations.acceptedAt)))
		await tx
			.delete(loginThrottles)
			.where(or(eq(loginThrottles.key, `account:${user.email}`), like(loginThrottles.key, `account-ip:${escapeLike(user.email)}|%`), like(loginThrottles.key, `device:${user.id}|%`)))
		await tx.delete(rateLimits).where(like(rateLimits.key, `%:email:${escapeLike(user.email)}`))
		// The mails to their address go; the files they carried become candidates for the storage sweep (kept while referenced elsewhere).
		const mails = await tx.delete(outboxMessages).where(eq(outboxMessages.toAddress, user.email)).returning({ attachments: outboxMessages.attachments })
		await markUnreferenced(tx, mails.flatMap((mail) => (mail.attachments ?? []).map((attachment) => attachment.storageKey)))
		// The directory conversations they started (their messages and the association's replies, no funder record).
		await tx.delete(partnerContacts).where(eq(partnerContacts.senderUserId, user.id))

		await leaveJuries(tx, user.id)
		await scrubAuditEvents(tx, user)
		await tx
			.update(users)
			.set({
				email: `compte-supprime-${user.id}@ensemble.invalid`,
				displayName: DELETED_NAME,
				// Not an argon2 hash: no password ever verifies against it.
				passwordHash: '!supprime',
				emailVerifiedAt: null,
				platformRole: null,
				deletedAt: now,
			})
			.where(eq(users.id, user.id))
		await recordAudit(tx, { actorUserId: user.id, action: 'account.deleted', subjectType: 'user', subjectId: user.id })
		return { ok: true as const }
	})
}

/**
 * A jury still being composed or at work loses the person as a juror would leave it
 * (declineJury): the seat declined, the evaluations not sent released for another juror.
 * Sent evaluations, and seats of juries already deliberating or decided, stay as they are.
 */
async function leaveJuries(tx: Executor, userId: string) {
	const seats = await tx
		.select({ id: jurors.id, callId: jurors.callId, status: jurors.status, callStatus: calls.status })
		.from(jurors)
		.innerJoin(calls, eq(calls.id, jurors.callId))
		.where(and(ownJurorRowsWhere({ id: userId }), inArray(jurors.status, ['invited', 'active'])))
		.for('update', { of: jurors })
	for (const seat of seats.filter((s) => isComposable(s.callStatus))) {
		await tx.update(jurors).set({ status: 'declined', isChair: false }).where(eq(jurors.id, seat.id))
		const released = await releaseUnsentAssignments(tx, seat.id)
		await recordAudit(tx, {
			actorUserId: userId,
			action: 'jury.juror_declined',
			subjectType: 'call',
			subjectId: seat.callId,
			data: { jurorId: seat.id, from: seat.status, released: released.map((r) => r.applicationId), reason: 'account_deleted' },
		})
	}
}

function escapeLike(value: string): string {
	return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * Every audit event that names the person: theirs (actor), about their account (subject),
 * or whose data carries their address. Rewritten in batches, ordered by id, in the
 * deletion's transaction.
 */
async function scrubAuditEvents(tx: Executor, user: { id: string; email: string; displayName: string }) {
	const person = { email: user.email, displayName: user.displayName }
	const naming = or(
		eq(auditEvents.actorUserId, user.id),
		and(eq(auditEvents.subjectType, 'user'), eq(auditEvents.subjectId, user.id)),
		sql`${auditEvents.data}::text ilike ${`%${escapeLike(user.email)}%`}`,
	)
	let after = ''
	for (;;) {
		const batch = await tx
			.select({ id: auditEvents.id, subjectType: auditEvents.subjectType, subjectId: auditEvents.subjectId, data: auditEvents.data })
			.from(auditEvents)
			.where(and(naming, sql`${auditEvents.id} > ${after}`))
			.orderBy(auditEvents.id)
			.limit(AUDIT_BATCH)
		for (const event of batch) {
			const data = scrubAuditData(event, user.id, person)
			if (JSON.stringify(data) !== JSON.stringify(event.data)) await tx.update(auditEvents).set({ data }).where(eq(auditEvents.id, event.id))
		}
		if (batch.length < AUDIT_BATCH) break
		after = batch.at(-1)!.id
	}
}
