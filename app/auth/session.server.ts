/**
 * The only module that imports lucia (deprecated upstream in March 2025, see
 * docs/decisions/001). Everything else goes through these functions, so replacing lucia
 * with its single-file session code touches this file alone.
 */
import { DrizzlePostgreSQLAdapter } from '@lucia-auth/adapter-drizzle'
import { eq, sql } from 'drizzle-orm'
import { Lucia, type DatabaseSession, type DatabaseUser } from 'lucia'
import { db } from '#db/client.server.ts'
import { parseJsonValue } from '#db/json-rows.ts'
import { preparedOnce } from '#db/prepared.server.ts'
import { jurors, memberships, organizations, sessions, users } from '#db/schema/index.ts'
import { secureCookies } from '#app/env.server.ts'

/** The signed-in account as every page needs it: loaded with the session, in one statement. */
export type SessionAccount = {
	id: string
	email: string
	displayName: string
	emailVerified: boolean
	isPlatformAdmin: boolean
	memberships: { organizationId: string; organizationName: string; kind: 'funder' | 'association' | 'supporter'; role: 'referent' | 'member' | 'staff' }[]
	jurorCallIds: string[]
}


/** The session and its account in one statement, built once (db/prepared.server.ts). */
const sessionWithAccount = () =>
	preparedOnce('session_with_account', (db) =>
		db
			.select({
				session: sessions,
				user: { id: users.id, email: users.email, displayName: users.displayName, emailVerifiedAt: users.emailVerifiedAt, platformRole: users.platformRole },
				memberships: sql<unknown>`(select coalesce(json_agg(json_build_object('organizationId', ${memberships.organizationId}, 'organizationName', ${organizations.name}, 'kind', ${organizations.kind}, 'role', ${memberships.role}) order by ${organizations.name}, ${organizations.id}), '[]'::json) from ${memberships} join ${organizations} on ${organizations.id} = ${memberships.organizationId} where ${memberships.userId} = ${users.id})`,
				jurorCallIds: sql<unknown>`(select coalesce(json_agg(${jurors.callId} order by ${jurors.callId}), '[]'::json) from ${jurors} where ${jurors.userId} = ${users.id} and ${jurors.status} = 'active')`,
			})
			.from(sessions)
			.innerJoin(users, eq(users.id, sessions.userId))
			.where(eq(sessions.id, sql.placeholder('sessionId')))
			.prepare('session_with_account'),
	)

/**
 * lucia's drizzle adapter, except that the session lookup brings the account, its
 * memberships and its juries: on embedded PGlite each statement costs about a millisecond,
 * and every page needs them (four statements before, one now).
 */
class SessionWithAccountAdapter extends DrizzlePostgreSQLAdapter {
	override async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
		const [row] = await sessionWithAccount().execute({ sessionId })
		if (!row) return [null, null]
		const account: SessionAccount = {
			id: row.user.id,
			email: row.user.email,
			displayName: row.user.displayName,
			emailVerified: row.user.emailVerifiedAt !== null,
			isPlatformAdmin: row.user.platformRole === 'admin',
			memberships: parseJsonValue(row.memberships),
			jurorCallIds: parseJsonValue(row.jurorCallIds),
		}
		return [
			{ id: row.session.id, userId: row.session.userId, expiresAt: row.session.expiresAt, attributes: {} },
			{ id: row.user.id, attributes: { account } },
		]
	}
}

let lucia: Lucia | undefined

function getLucia(): Lucia {
	lucia ??= new Lucia(new SessionWithAccountAdapter(db as never, sessions, users), {
		sessionCookie: {
			name: 'ensemble_session',
			expires: false,
			attributes: { secure: secureCookies(), sameSite: 'lax' },
		},
		getUserAttributes: (attributes) => ({ account: (attributes as { account?: SessionAccount }).account }),
	})
	return lucia
}

export type SessionCookie = { name: string; value: string; serialize: () => string }

/** Creates a session and returns the Set-Cookie header value. */
export async function createSession(userId: string): Promise<string> {
	const session = await getLucia().createSession(userId, {})
	return getLucia().createSessionCookie(session.id).serialize()
}

/** The signed-in user (with their account), refreshing the cookie when lucia extends the session. */
export async function readSession(
	request: Request,
): Promise<{ userId: string | null; sessionId: string | null; setCookie: string | null; account: SessionAccount | null }> {
	const l = getLucia()
	const sessionId = l.readSessionCookie(request.headers.get('Cookie') ?? '')
	if (!sessionId) return { userId: null, sessionId: null, setCookie: null, account: null }
	const { session, user } = await l.validateSession(sessionId)
	if (!session) return { userId: null, sessionId: null, setCookie: l.createBlankSessionCookie().serialize(), account: null }
	return {
		userId: session.userId,
		sessionId: session.id,
		setCookie: session.fresh ? l.createSessionCookie(session.id).serialize() : null,
		account: (user as { account?: SessionAccount }).account ?? null,
	}
}

export async function destroySession(request: Request): Promise<string> {
	const l = getLucia()
	const sessionId = l.readSessionCookie(request.headers.get('Cookie') ?? '')
	if (sessionId) await l.invalidateSession(sessionId)
	return l.createBlankSessionCookie().serialize()
}

/** After a password reset every other session of the account ends. */
export async function destroyAllSessions(userId: string): Promise<void> {
	await getLucia().invalidateUserSessions(userId)
}
