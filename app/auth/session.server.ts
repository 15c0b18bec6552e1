/**
 * The only module that imports lucia (deprecated upstream in March 2025, see
 * docs/decisions/001). Everything else goes through these functions, so replacing lucia
 * with its single-file session code touches this file alone.
 */
import { DrizzlePostgreSQLAdapter } from '@lucia-auth/adapter-drizzle'
import { Lucia } from 'lucia'
import { db } from '#db/client.server.ts'
import { sessions, users } from '#db/schema/index.ts'
import { secureCookies } from '#app/env.server.ts'

let lucia: Lucia | undefined

function getLucia(): Lucia {
	lucia ??= new Lucia(new DrizzlePostgreSQLAdapter(db as never, sessions, users), {
		sessionCookie: {
			name: 'ensemble_session',
			expires: false,
			attributes: { secure: secureCookies(), sameSite: 'lax' },
		},
	})
	return lucia
}

export type SessionCookie = { name: string; value: string; serialize: () => string }

/** Creates a session and returns the Set-Cookie header value. */
export async function createSession(userId: string): Promise<string> {
	const session = await getLucia().createSession(userId, {})
	return getLucia().createSessionCookie(session.id).serialize()
}

/** The signed-in user id, refreshing the cookie when lucia extends the session. */
export async function readSession(
	request: Request,
): Promise<{ userId: string | null; sessionId: string | null; setCookie: string | null }> {
	const l = getLucia()
	const sessionId = l.readSessionCookie(request.headers.get('Cookie') ?? '')
	if (!sessionId) return { userId: null, sessionId: null, setCookie: null }
	const { session } = await l.validateSession(sessionId)
	if (!session) return { userId: null, sessionId: null, setCookie: l.createBlankSessionCookie().serialize() }
	return {
		userId: session.userId,
		sessionId: session.id,
		setCookie: session.fresh ? l.createSessionCookie(session.id).serialize() : null,
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
