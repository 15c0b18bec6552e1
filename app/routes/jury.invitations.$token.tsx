/**
 * The emailed link of a jury invitation: accept (signed in with the invited address) or
 * decline (no account needed: the link is the proof). The answer is the jury module's.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { getOptionalUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { INVITATION_STATE_TITLES } from '#app/domain/invitations/invitations.server.ts'
import { JURY_INVITATION_MESSAGES } from '#app/domain/jury/composition.ts'
import { answerJuryInvitation, getJuryInvitationForDisplay } from '#app/domain/jury/composition.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { readFormData, requireAcceptedForm } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction = () => [
	{ title: 'Invitation au jury — Ensemble' },
	// The token is in the address: never pass it on to another site.
	{ name: 'referrer', content: 'no-referrer' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const token = params.token!
	const [user, { state, invitation }] = await Promise.all([getOptionalUser(request), getJuryInvitationForDisplay(token)])
	if (state !== 'valid' || !invitation) {
		return json({ state, title: INVITATION_STATE_TITLES[state], message: JURY_INVITATION_MESSAGES[state] }, { status: state === 'unknown' ? 404 : 410 })
	}
	const here = `/jury/invitations/${token}`
	return json({
		state: 'valid' as const,
		invitation,
		viewer: user ? { email: user.email, isInvited: user.email.toLowerCase() === invitation.email.toLowerCase() } : null,
		loginUrl: `/connexion?${new URLSearchParams({ redirectTo: here })}`,
		signUpUrl: `/inscription?${new URLSearchParams({ email: invitation.email, redirectTo: here })}`,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const formData = requireAcceptedForm(await readFormData(request))
	const intent = formData.get('intent')
	if (intent !== 'accept' && intent !== 'decline') throw new Response('Action inconnue sur cette page.', { status: 400 })
	const { state } = await getJuryInvitationForDisplay(params.token!)
	if (state !== 'valid') return json({ error: JURY_INVITATION_MESSAGES[state], declined: false }, { status: state === 'unknown' ? 404 : 410 })
	const user = await getOptionalUser(request)
	if (intent === 'accept' && !user) return json({ error: 'Connectez-vous avec l’adresse invitée pour accepter.', declined: false }, { status: 403 })
	const outcome = await answerJuryInvitation({ user, token: params.token!, answer: intent })
	// Refused: another address, an unconfirmed one, or the deliberation has begun.
	if (!outcome.ok) return json({ error: outcome.message, declined: false }, { status: 403 })
	if (intent === 'decline') return json({ error: null, declined: true })
	return redirectWithToast('/espace', { title: 'Invitation acceptée', description: 'Vous faites partie du jury de cet appel à projets.' })
}

export default function JuryInvitationPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	if (actionData?.declined) {
		return (
			<>
				<h1>Invitation déclinée</h1>
				<p role="status">Vous avez décliné l’invitation au jury. Le lien ne fonctionne plus.</p>
			</>
		)
	}
	if (data.state !== 'valid') {
		return (
			<>
				<h1>{data.title}</h1>
				<p>{data.message}</p>
				<p>
					<Link to="/espace">Aller à mon espace</Link>
				</p>
			</>
		)
	}
	const { invitation, viewer } = data
	return (
		<>
			<h1>Invitation au jury</h1>
			<p>
				{invitation.inviterName ? `${invitation.inviterName} vous invite` : 'Vous êtes invité·e'} à faire partie du jury de l’appel à projets
				« {invitation.callTitle} ».
			</p>
			<p className="muted">
				Invitation envoyée à {invitation.email}, valable jusqu’au {formatDate(invitation.expiresAt)}.
			</p>
			{!invitation.composable ? <p role="alert">La délibération a commencé : le jury ne peut plus être modifié.</p> : null}
			<FormErrors id="invitation-error" errors={actionData?.error ? [actionData.error] : undefined} />
			{!viewer ? (
				<>
					<p>Pour accepter, connectez-vous avec l’adresse {invitation.email}, ou créez votre compte avec cette adresse.</p>
					<p>
						<Link to={data.loginUrl} className="button">
							Se connecter
						</Link>{' '}
						<Link to={data.signUpUrl}>Créer un compte</Link>
					</p>
				</>
			) : viewer.isInvited ? (
				<Form method="post">
					<input type="hidden" name="intent" value="accept" />
					<button type="submit">Accepter l’invitation</button>
				</Form>
			) : (
				<>
					<p role="alert">
						Cette invitation a été envoyée à {invitation.email}, mais vous êtes connecté·e avec {viewer.email}. Déconnectez-vous, puis
						rouvrez ce lien et connectez-vous avec l’adresse invitée.
					</p>
					<Form method="post" action="/deconnexion">
						<button type="submit">Se déconnecter</button>
					</Form>
				</>
			)}
			<h2>Vous ne souhaitez pas faire partie de ce jury ?</h2>
			<Form method="post">
				<input type="hidden" name="intent" value="decline" />
				<p>Déclinez l’invitation : le lien ne fonctionnera plus. Pas besoin de compte pour cela.</p>
				<button type="submit" className="secondary">
					Décliner l’invitation
				</button>
			</Form>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
