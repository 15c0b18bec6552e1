import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { getOptionalUser } from '#app/auth/permissions.server.ts'
import { destroySession } from '#app/auth/session.server.ts'
import { recordLogout } from '#app/domain/accounts/accounts.server.ts'

export async function loader() {
	return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await getOptionalUser(request)
	const cookie = await destroySession(request)
	if (user) await recordLogout(user.id)
	return redirect('/', { headers: { 'Set-Cookie': cookie } })
}
