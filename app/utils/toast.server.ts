import { createCookieSessionStorage, redirect } from '@remix-run/node'
import { getEnv, secureCookies } from '#app/env.server.ts'

export type Toast = { title: string; description?: string; type?: 'success' | 'error' | 'info' }

type ToastData = { toast: Toast }
let storage: ReturnType<typeof createCookieSessionStorage<ToastData, ToastData>> | undefined
function toastStorage() {
	storage ??= createCookieSessionStorage<ToastData, ToastData>({
		cookie: {
			name: 'ensemble_toast',
			httpOnly: true,
			sameSite: 'lax',
			path: '/',
			// Secure exactly when the public address is https (APP_URL).
			secure: secureCookies(),
			secrets: [getEnv().SESSION_SECRET ?? 'ensemble-development-secret'],
		},
	})
	return storage
}

/** Redirects and shows a one-time message on the next page. */
export async function redirectWithToast(url: string, toast: Toast, init: ResponseInit = {}) {
	const session = await toastStorage().getSession()
	session.flash('toast', toast)
	const headers = new Headers(init.headers)
	headers.append('Set-Cookie', await toastStorage().commitSession(session))
	return redirect(url, { ...init, headers })
}

export async function getToast(request: Request): Promise<{ toast: Toast | null; setCookie: string | null }> {
	const session = await toastStorage().getSession(request.headers.get('Cookie'))
	const toast = (session.get('toast') as Toast | undefined) ?? null
	return { toast, setCookie: toast ? await toastStorage().commitSession(session) : null }
}
