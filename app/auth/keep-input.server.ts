/**
 * Nobody loses what they typed because their session expired. A form posted without a
 * session is kept (for a day) before the login redirect; once logged in, the page gets it
 * back through `?brouillon=<token>` and shows it in the form, ready to be saved again.
 */
import { and, eq, gt, isNull, lt, or } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { formDrafts } from '#db/schema/index.ts'
import { generateToken, hashToken } from '#app/utils/tokens.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { getOptionalUser, requireUser, type CurrentUser } from './permissions.server.ts'

const DRAFT_TTL_MS = 24 * 3600_000
export const DRAFT_PARAM = 'brouillon'

/** Like requireUser, but a POST without a session keeps its text fields before the login redirect. */
export async function requireUserKeepingInput(request: Request): Promise<CurrentUser> {
	const user = await getOptionalUser(request)
	if (user) return user
	// Only for someone who had a session (its cookie is still sent): anonymous posts are not kept.
	const hadSession = /(?:^|;\s*)ensemble_session=/.test(request.headers.get('Cookie') ?? '')
	if (request.method !== 'POST' || !hadSession) return requireUser(request)
	const url = new URL(request.url)
	const formData = await request.formData()
	const fields = [...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string')
	const { token, tokenHash } = generateToken()
	await db.delete(formDrafts).where(lt(formDrafts.expiresAt, new Date()))
	await db.insert(formDrafts).values({ tokenHash, path: url.pathname, fields, expiresAt: new Date(Date.now() + DRAFT_TTL_MS) })
	const back = `${url.pathname}?${DRAFT_PARAM}=${token}`
	throw await redirectWithToast(`/connexion?redirectTo=${encodeURIComponent(back)}`, {
		title: 'Votre session a expiré',
		description: 'Reconnectez-vous : ce que vous venez de saisir est conservé et vous sera proposé à nouveau.',
		type: 'error',
	})
}

/**
 * The form data kept for this page, if the URL carries a draft token of this path that no
 * other user has opened. The first signed-in user to open it becomes its owner.
 */
export async function restoreKeptInput(request: Request, user: CurrentUser): Promise<FormData | null> {
	const url = new URL(request.url)
	const token = url.searchParams.get(DRAFT_PARAM)
	if (!token) return null
	const [draft] = await db
		.update(formDrafts)
		.set({ userId: user.id })
		.where(
			and(
				eq(formDrafts.tokenHash, hashToken(token)),
				eq(formDrafts.path, url.pathname),
				gt(formDrafts.expiresAt, new Date()),
				or(isNull(formDrafts.userId), eq(formDrafts.userId, user.id)),
			),
		)
		.returning({ fields: formDrafts.fields })
	if (!draft) return null
	const formData = new FormData()
	for (const [name, value] of draft.fields) formData.append(name, value)
	return formData
}
