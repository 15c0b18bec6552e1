/**
 * Nobody loses what they typed because their session expired. A form posted with an
 * expired session is kept (for a day) before the login redirect; once logged in, the page
 * gets it back through `?brouillon=<token>` and shows it in the form, ready to be saved again.
 *
 * Only for a real session: the cookie must name a session of the sessions table (expired
 * or not), read before lucia deletes an expired one. A cookie merely named like ours keeps
 * nothing. What is kept is bounded: DRAFT_MAX_BYTES of text per draft, DRAFT_MAX_PER_USER
 * drafts per person (the oldest give way), lists bounded as every form's are.
 */
import { and, asc, eq, gt, lt, notInArray } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { formDrafts, sessions } from '#db/schema/index.ts'
import { boundFormData } from '#app/utils/form-data.server.ts'
import { generateToken, hashToken } from '#app/utils/tokens.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { getOptionalUser, requireUser, type CurrentUser } from './permissions.server.ts'

const DRAFT_TTL_MS = 24 * 3600_000
export const DRAFT_PARAM = 'brouillon'
/** Text kept per draft, names and values together (the longest section form is ~30 KB). */
export const DRAFT_MAX_BYTES = 64 * 1024
/** Live drafts kept per person. */
export const DRAFT_MAX_PER_USER = 5
const SESSION_COOKIE = /(?:^|;\s*)ensemble_session=([^;]*)/

/** The user whose session (expired or not) the request's cookie names, read before lucia ends it. */
async function sessionOwner(request: Request): Promise<string | null> {
	const id = SESSION_COOKIE.exec(request.headers.get('Cookie') ?? '')?.[1]
	if (!id || !/^[a-z0-9]{1,100}$/i.test(id)) return null
	const [session] = await db.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.id, id)).limit(1)
	return session?.userId ?? null
}

/** Like requireUser, but a POST with an expired session keeps its text fields before the login redirect. */
export async function requireUserKeepingInput(request: Request): Promise<CurrentUser> {
	const owner = request.method === 'POST' ? await sessionOwner(request) : null
	const user = await getOptionalUser(request)
	if (user) return user
	if (!owner) return requireUser(request)
	const url = new URL(request.url)
	const fields = await keptFields(request)
	const { token, tokenHash } = generateToken()
	await db.transaction(async (tx) => {
		await tx.delete(formDrafts).where(lt(formDrafts.expiresAt, new Date()))
		await tx.insert(formDrafts).values({ tokenHash, path: url.pathname, fields, userId: owner, expiresAt: new Date(Date.now() + DRAFT_TTL_MS) })
		// The newest DRAFT_MAX_PER_USER drafts of this person stay; older ones give way.
		const drafts = await tx
			.select({ tokenHash: formDrafts.tokenHash })
			.from(formDrafts)
			.where(eq(formDrafts.userId, owner))
			.orderBy(asc(formDrafts.expiresAt))
		const keep = drafts.slice(-DRAFT_MAX_PER_USER).map((d) => d.tokenHash)
		await tx.delete(formDrafts).where(and(eq(formDrafts.userId, owner), notInArray(formDrafts.tokenHash, keep)))
	})
	const back = `${url.pathname}?${DRAFT_PARAM}=${token}`
	throw await redirectWithToast(`/connexion?redirectTo=${encodeURIComponent(back)}`, {
		title: 'Votre session a expiré',
		description: 'Reconnectez-vous : ce que vous venez de saisir est conservé et vous sera proposé à nouveau.',
		type: 'error',
	})
}

/** The text fields of the form, bounded: lists as every form's, then DRAFT_MAX_BYTES in all. */
async function keptFields(request: Request): Promise<[string, string][]> {
	let formData: FormData
	try {
		formData = boundFormData(await request.formData())
	} catch {
		return []
	}
	const fields: [string, string][] = []
	let bytes = 0
	for (const [name, value] of formData.entries()) {
		if (typeof value !== 'string') continue
		const size = Buffer.byteLength(name) + Buffer.byteLength(value)
		// A field that does not fit is left out; what was typed in the others is kept.
		if (bytes + size > DRAFT_MAX_BYTES) continue
		bytes += size
		fields.push([name, value])
	}
	return fields
}

/**
 * The form data kept for this page, if the URL carries a draft token of this path kept
 * for this user.
 */
export async function restoreKeptInput(request: Request, user: CurrentUser): Promise<FormData | null> {
	const url = new URL(request.url)
	const token = url.searchParams.get(DRAFT_PARAM)
	if (!token) return null
	const [draft] = await db
		.select({ fields: formDrafts.fields })
		.from(formDrafts)
		.where(
			and(
				eq(formDrafts.tokenHash, hashToken(token)),
				eq(formDrafts.path, url.pathname),
				gt(formDrafts.expiresAt, new Date()),
				eq(formDrafts.userId, user.id),
			),
		)
	if (!draft) return null
	const formData = new FormData()
	for (const [name, value] of draft.fields) formData.append(name, value)
	// Bounded again, as every form is (a draft kept before the bounds existed).
	return boundFormData(formData)
}
