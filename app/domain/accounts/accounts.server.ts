import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { emailTokens, users } from '#db/schema/index.ts'
import { dummyPasswordHash, hashPassword, verifyPassword } from '#app/auth/password.server.ts'
import { destroyAllSessions } from '#app/auth/session.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { generateToken, hashToken, normalizeEmail } from '#app/utils/tokens.server.ts'
import type { Executor } from '#db/client.server.ts'
import { consumeRateLimit } from '#app/domain/rate-limit.server.ts'
import { EMAIL_LIMITS, waitMessage } from '#app/domain/rate-limit.ts'
import type { DeviceEntry } from './device-cookie.server.ts'
import { checkThrottle, clearAccountThrottle, clearThrottle, deviceKeys, recordFailure, throttleKeys } from './login-throttle.server.ts'
import { retryMessage } from './login-throttle.ts'
import { emailFingerprint } from '#app/domain/audit-log/fingerprint.server.ts'

const VERIFY_TTL_MS = 48 * 3600_000
const RESET_TTL_MS = 3600_000

type Refusal = { ok: false; message: string; field?: string }
/** Too many requests from one source: the page answers 429 with this message. */
export type TooManyRequests = { ok: false; reason: 'rate-limited'; message: string; retryAfterSeconds: number }

/**
 * The per-source limit of one kind of emailing request, counted in its own transaction so a
 * refused request still counts. Null when within the limit.
 */
async function sourceLimit(kind: string, ip: string): Promise<TooManyRequests | null> {
	const outcome = await consumeRateLimit(db, `${kind}:ip:${ip}`, EMAIL_LIMITS.perSource)
	if (outcome.ok) return null
	return { ok: false, reason: 'rate-limited', message: waitMessage(outcome.retryAfterSeconds), retryAfterSeconds: outcome.retryAfterSeconds }
}

/** Whether one more email may go to this address (the caller sends nothing otherwise, and says nothing). */
async function mayEmail(tx: Executor, kind: string, email: string): Promise<boolean> {
	return (await consumeRateLimit(tx, `${kind}:email:${email}`, EMAIL_LIMITS.perAddress)).ok
}

async function issueToken(tx: Executor, userId: string, purpose: 'verify_email' | 'reset_password', ttlMs: number) {
	const { token, tokenHash } = generateToken()
	await tx.insert(emailTokens).values({ userId, purpose, tokenHash, expiresAt: new Date(Date.now() + ttlMs) })
	return token
}

/** The emailed link carries where the person was going (e.g. an invitation), so confirming leads back there. */
async function queueVerification(tx: Executor, user: { id: string; email: string; displayName: string }, redirectTo?: string) {
	const token = await issueToken(tx, user.id, 'verify_email', VERIFY_TTL_MS)
	const query = new URLSearchParams({ token })
	if (redirectTo) query.set('redirectTo', redirectTo)
	await enqueueEmail(tx, {
		to: user.email,
		template: 'verify-email',
		data: { displayName: user.displayName, url: `${appUrl()}/verification?${query}` },
	})
}

/**
 * Creates an account and emails its confirmation link. The answer is the same whether the
 * address already has an account or not: the existing owner gets an email saying so, with a
 * way to log in or reset the password, instead of a confirmation link.
 */
export async function signUp(input: {
	email: string
	password: string
	displayName: string
	redirectTo?: string
	ip: string
}): Promise<{ ok: true } | TooManyRequests> {
	const email = normalizeEmail(input.email)
	const tooMany = await sourceLimit('signup', input.ip)
	if (tooMany) return tooMany
	// Hashed either way, so the time taken does not tell whether the account exists.
	const passwordHash = await hashPassword(input.password)
	await db.transaction(async (tx) => {
		const [existing] = await tx.select().from(users).where(eq(users.email, email))
		if (existing) {
			if (!(await mayEmail(tx, 'verify', email))) return
			// Not confirmed yet: most likely the owner, who lost the first link.
			if (!existing.emailVerifiedAt) return queueVerification(tx, existing, input.redirectTo)
			await enqueueEmail(tx, {
				to: existing.email,
				template: 'account-exists',
				data: { displayName: existing.displayName, loginUrl: `${appUrl()}/connexion`, resetUrl: `${appUrl()}/mot-de-passe-oublie` },
			})
			await recordAudit(tx, { actorUserId: null, action: 'user.sign_up_attempted', subjectType: 'user', subjectId: existing.id })
			return
		}
		const [user] = await tx.insert(users).values({ email, passwordHash, displayName: input.displayName }).onConflictDoNothing().returning()
		if (!user) return // signed up at the same instant by another request
		if (await mayEmail(tx, 'verify', email)) await queueVerification(tx, user, input.redirectTo)
		await recordAudit(tx, { actorUserId: user.id, action: 'user.signed_up', subjectType: 'user', subjectId: user.id })
	})
	return { ok: true }
}

/** Marks a single-use token used and returns its user, or null if unknown, used or expired. */
async function consumeToken(tx: Executor, token: string, purpose: 'verify_email' | 'reset_password') {
	const [row] = await tx
		.update(emailTokens)
		.set({ usedAt: new Date() })
		.where(
			and(
				eq(emailTokens.tokenHash, hashToken(token)),
				eq(emailTokens.purpose, purpose),
				isNull(emailTokens.usedAt),
				gt(emailTokens.expiresAt, new Date()),
			),
		)
		.returning({ userId: emailTokens.userId })
	return row ?? null
}

export async function verifyEmailToken(token: string): Promise<{ ok: true; email: string } | Refusal> {
	return db.transaction(async (tx) => {
		const row = await consumeToken(tx, token, 'verify_email')
		if (!row) {
			return { ok: false as const, message: 'Ce lien de confirmation n’est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau ci-dessous.' }
		}
		const [user] = await tx
			.update(users)
			.set({ emailVerifiedAt: new Date() })
			.where(eq(users.id, row.userId))
			.returning({ email: users.email })
		await recordAudit(tx, { actorUserId: row.userId, action: 'user.email_verified', subjectType: 'user', subjectId: row.userId })
		return { ok: true as const, email: user!.email }
	})
}

/** Sends a new confirmation link; says nothing about whether the account exists. */
export async function resendVerification(emailInput: string, ip: string): Promise<{ ok: true } | TooManyRequests> {
	const email = normalizeEmail(emailInput)
	const tooMany = await sourceLimit('verify', ip)
	if (tooMany) return tooMany
	await db.transaction(async (tx) => {
		// Counted for unknown addresses too, so the limit tells nothing either.
		if (!(await mayEmail(tx, 'verify', email))) return
		const [user] = await tx.select().from(users).where(eq(users.email, email))
		if (!user || user.emailVerifiedAt) return
		await queueVerification(tx, user)
	})
	return { ok: true }
}

export type LoginOutcome =
	| { ok: true; userId: string }
	| { ok: false; reason: 'invalid' | 'unverified'; message: string }
	| { ok: false; reason: 'throttled'; message: string; retryAfterSeconds: number }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Checks a password, throttled: a browser that already logged in to this account (its
 * device cookie) is counted on its own, any other on this account from this source, on this
 * source, and on the account from everywhere (see login-throttle.ts).
 */
export async function logIn(input: { email: string; password: string; ip: string; devices?: DeviceEntry[] }): Promise<LoginOutcome> {
	const email = normalizeEmail(input.email)
	const [user] = await db.select().from(users).where(eq(users.email, email))
	const device = user ? input.devices?.find((d) => d.userId === user.id) : undefined
	let keys = device ? deviceKeys(user!.id, device.deviceId) : throttleKeys(email, input.ip)
	let decision = await checkThrottle(keys)
	if (!decision.allowed && device) {
		// Too many failures from this device: it is trusted no more than any other browser.
		keys = throttleKeys(email, input.ip)
		decision = await checkThrottle(keys)
	}
	if (!decision.allowed) {
		return { ok: false, reason: 'throttled', message: retryMessage(decision.retryAfterSeconds), retryAfterSeconds: decision.retryAfterSeconds }
	}
	if (decision.delayMs > 0) await sleep(decision.delayMs)

	// Verify against a dummy hash when the account is unknown, so timing does not tell.
	const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password)
	if (!user || !valid) {
		// A refused attempt is in the journal with its count; the address as typed never is (see emailFingerprint).
		await recordFailure(keys, new Date(), (tx) =>
			recordAudit(tx, {
				actorUserId: null,
				action: 'user.login_failed',
				subjectType: user ? 'user' : 'email',
				subjectId: user ? user.id : emailFingerprint(email),
				data: { reason: user ? 'password' : 'unknown-email', ip: input.ip },
			}),
		)
		return { ok: false, reason: 'invalid', message: 'Adresse e-mail ou mot de passe incorrect.' }
	}
	return db.transaction(async (tx): Promise<LoginOutcome> => {
		await clearThrottle(keys, tx)
		if (!user.emailVerifiedAt) {
			await recordAudit(tx, { actorUserId: null, action: 'user.login_failed', subjectType: 'user', subjectId: user.id, data: { reason: 'unverified', ip: input.ip } })
			return {
				ok: false,
				reason: 'unverified',
				message: 'Confirmez d’abord votre adresse e-mail avec le lien reçu à l’inscription. Vous pouvez en demander un nouveau.',
			}
		}
		await recordAudit(tx, { actorUserId: user.id, action: 'user.logged_in', subjectType: 'user', subjectId: user.id, data: { ip: input.ip } })
		return { ok: true, userId: user.id }
	})
}

/** The end of a session, in the journal (the session itself is lucia's, app/auth/session.server.ts). */
export async function recordLogout(userId: string): Promise<void> {
	await recordAudit(db, { actorUserId: userId, action: 'user.logged_out', subjectType: 'user', subjectId: userId })
}

/** Emails a reset link when the account exists; the answer is the same either way. */
export async function requestPasswordReset(emailInput: string, ip: string): Promise<{ ok: true } | TooManyRequests> {
	const email = normalizeEmail(emailInput)
	const tooMany = await sourceLimit('reset', ip)
	if (tooMany) return tooMany
	await db.transaction(async (tx) => {
		if (!(await mayEmail(tx, 'reset', email))) return
		const [user] = await tx.select().from(users).where(eq(users.email, email))
		// A deleted account (docs/decisions/030) has no address to reset.
		if (!user || user.deletedAt) return
		const token = await issueToken(tx, user.id, 'reset_password', RESET_TTL_MS)
		await enqueueEmail(tx, {
			to: user.email,
			template: 'reset-password',
			data: { displayName: user.displayName, url: `${appUrl()}/reinitialiser-mot-de-passe?token=${token}` },
		})
		await recordAudit(tx, { actorUserId: user.id, action: 'user.password_reset_requested', subjectType: 'user', subjectId: user.id })
	})
	return { ok: true }
}

export async function isResetTokenUsable(token: string): Promise<boolean> {
	const [row] = await db
		.select({ id: emailTokens.id })
		.from(emailTokens)
		.where(
			and(
				eq(emailTokens.tokenHash, hashToken(token)),
				eq(emailTokens.purpose, 'reset_password'),
				isNull(emailTokens.usedAt),
				gt(emailTokens.expiresAt, new Date()),
			),
		)
	return Boolean(row)
}

/** Sets the new password and ends every session of the account. */
export async function resetPassword(token: string, password: string): Promise<{ ok: true } | Refusal> {
	const passwordHash = await hashPassword(password)
	const result = await db.transaction(async (tx) => {
		const row = await consumeToken(tx, token, 'reset_password')
		if (!row) return { ok: false as const, message: 'Ce lien de réinitialisation n’est plus valable (déjà utilisé ou expiré). Faites une nouvelle demande.' }
		// Every other reset link of the account stops working too: one of them may be in the wrong hands.
		await tx
			.update(emailTokens)
			.set({ usedAt: new Date() })
			.where(and(eq(emailTokens.userId, row.userId), eq(emailTokens.purpose, 'reset_password'), isNull(emailTokens.usedAt)))
		// Following the emailed link proves the address too.
		const [user] = await tx
			.update(users)
			.set({ passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
			.where(eq(users.id, row.userId))
			.returning({ email: users.email })
		await recordAudit(tx, { actorUserId: row.userId, action: 'user.password_reset', subjectType: 'user', subjectId: row.userId })
		return { ok: true as const, userId: row.userId, email: user!.email }
	})
	if (!result.ok) return result
	await destroyAllSessions(result.userId)
	await clearAccountThrottle(result.email)
	return { ok: true }
}
