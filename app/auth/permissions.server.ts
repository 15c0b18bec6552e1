/**
 * Every loader and action checks access through this module. The helpers throw a Response
 * (redirect to login, 403 or 404) so a route cannot carry on by mistake.
 */
import { redirect } from '@remix-run/node'
import { and, eq } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { organizations } from '#db/schema/index.ts'
import { requestScope } from '#app/utils/request-scope.server.ts'
import { can, type OrganizationAction, PLATFORM } from './policy/index.ts'
import { readSession, type SessionAccount } from './session.server'

export type OrganizationKind = 'funder' | 'association' | 'supporter'
export type MembershipRole = 'referent' | 'member' | 'staff'

export type CurrentUser = SessionAccount

const byRequest = new WeakMap<Request, Promise<CurrentUser | null>>()
// The root loader and the route's loader of one page get different Request copies: they
// share the page's scope instead (app/utils/request-scope.server.ts), so the user is loaded once per page.
const USER = Symbol('user')

export function getOptionalUser(request: Request): Promise<CurrentUser | null> {
	const scope = requestScope(request)
	if (scope) {
		let pending = scope.get(USER) as Promise<CurrentUser | null> | undefined
		if (!pending) {
			pending = loadUser(request)
			scope.set(USER, pending)
		}
		return pending
	}
	let pending = byRequest.get(request)
	if (!pending) {
		pending = loadUser(request)
		byRequest.set(request, pending)
	}
	return pending
}

async function loadUser(request: Request): Promise<CurrentUser | null> {
	// The session lookup brings the account, its memberships and juries (one statement).
	const { account } = await readSession(request)
	return account
}

export function forbidden(message = 'Vous n’avez pas accès à cette page.'): never {
	throw new Response(message, { status: 403, statusText: 'Forbidden' })
}

export function notFound(message = 'Page introuvable.'): never {
	throw new Response(message, { status: 404, statusText: 'Not Found' })
}

/** Throws a 404 (or the given status) unless the condition holds. */
export function invariantResponse(condition: unknown, message = 'Page introuvable.', status = 404): asserts condition {
	if (!condition) throw new Response(message, { status })
}

/** Redirects to the login page, coming back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
	const user = await getOptionalUser(request)
	if (!user) {
		const url = new URL(request.url)
		const redirectTo = `${url.pathname}${url.search}`
		throw redirect(`/connexion?redirectTo=${encodeURIComponent(redirectTo)}`)
	}
	return user
}

/** Pages such as the login form send a signed-in user to their space instead. */
export async function requireAnonymous(request: Request): Promise<void> {
	if (await getOptionalUser(request)) throw redirect('/espace')
}

export async function requirePlatformAdmin(request: Request): Promise<CurrentUser> {
	const user = await requireUser(request)
	if (!can(user, 'administer', PLATFORM).allowed) forbidden()
	return user
}

export function organizationsOfKind(user: CurrentUser, kind: OrganizationKind) {
	return user.memberships.filter((m) => m.kind === kind)
}

/** Funder staff (gestionnaires): the funders this user works for; 403 when none. */
export async function requireFunderStaff(request: Request) {
	const user = await requireUser(request)
	const funders = organizationsOfKind(user, 'funder')
	if (funders.length === 0) forbidden()
	return { user, funders }
}

export async function requireSupporterStaff(request: Request) {
	const user = await requireUser(request)
	const supporters = organizationsOfKind(user, 'supporter')
	if (supporters.length === 0) forbidden()
	return { user, supporters }
}

/**
 * Loads an organisation the user may act on. Outsiders get a 404 (the organisation's
 * existence is not theirs to know); members lacking the right get a 403.
 */
export async function requireOrganizationAccess(request: Request, organizationId: string, action: OrganizationAction) {
	const user = await requireUser(request)
	const decision = can(user, action, { kind: 'organization', id: organizationId })
	if (!decision.allowed && decision.reason === 'not-member') notFound()
	if (!decision.allowed) forbidden()
	const [organization] = await db.select().from(organizations).where(and(eq(organizations.id, organizationId)))
	if (!organization) notFound()
	return { user, organization }
}
