import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { getOptionalUser, requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { MEMBER_ROLE_LABELS } from '#app/domain/organizations/association-form.ts'
import {
	acceptInvitation,
	declineInvitation,
	getInvitationForDisplay,
	INVITATION_STATE_MESSAGES,
} from '#app/domain/organizations/associations.server.ts'
import { INVITATION_STATE_TITLES, type InvitationState } from '#app/domain/invitations/invitations.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readFormData, requireAcceptedForm } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [
	{ title: 'Invitation — Ensemble' },
	// The token is in the address: never pass it on to another site.
	{ name: 'referrer', content: 'no-referrer' },
]

const KIND_LABELS = {
	association: 'l’association',
	funder: 'l’équipe du financeur',
	supporter: 'l’équipe de la structure d’accompagnement',
} as const

function statusOf(state: InvitationState | 'wrong-email' | 'unverified') {
	if (state === 'unknown') return 404
	if (state === 'expired' || state === 'used' || state === 'declined' || state === 'cancelled') return 410
	return 403
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const token = params.token!
	const [user, { state, invitation }] = await Promise.all([getOptionalUser(request), getInvitationForDisplay(token)])
	if (state !== 'valid' || !invitation) {
		const refused = state as Exclude<InvitationState, 'valid'>
		return json({ state: refused, title: INVITATION_STATE_TITLES[refused], message: INVITATION_STATE_MESSAGES[refused] }, { status: statusOf(refused) })
	}
	const here = `/invitations/${token}`
	return json({
		state: 'valid' as const,
		invitation: {
			email: invitation.email,
			roleLabel: MEMBER_ROLE_LABELS[invitation.role],
			organizationName: invitation.organizationName,
			kindLabel: KIND_LABELS[invitation.organizationKind],
			inviterName: invitation.inviterName,
			expiresAt: invitation.expiresAt,
		},
		viewer: user
			? {
					email: user.email,
					isInvited: user.email.toLowerCase() === invitation.email.toLowerCase(),
				}
			: null,
		loginUrl: `/connexion?${new URLSearchParams({ redirectTo: here })}`,
		signUpUrl: `/inscription?${new URLSearchParams({ email: invitation.email, redirectTo: here })}`,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const formData = requireAcceptedForm(await readFormData(request))
	if (formData.get('intent') === 'decline') {
		// The link itself is the proof: declining works without an account.
		const viewer = await getOptionalUser(request)
		const outcome = await declineInvitation({ token: params.token!, userId: viewer?.id })
		if (!outcome.ok) return json({ error: outcome.message, declined: null }, { status: statusOf(outcome.reason) })
		return json({ error: null, declined: outcome.organizationName })
	}
	const user = await requireUser(request)
	if (formData.get('intent') !== 'accept') throw new Response('Action inconnue sur cette page.', { status: 400 })
	const outcome = await acceptInvitation({ user, token: params.token! })
	if (!outcome.ok) return json({ error: outcome.message, declined: null }, { status: statusOf(outcome.reason) })
	const target = outcome.organizationKind === 'association' ? `/associations/${outcome.organizationId}` : '/espace'
	return redirectWithToast(target, {
		title: 'Invitation acceptée',
		description: `Vous avez rejoint « ${outcome.organizationName} ».`,
	})
}

export default function InvitationPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	// After declining, the reloaded invitation is no longer valid: say what just happened.
	if (actionData?.declined) {
		return (
			<>
				<h1>Invitation déclinée</h1>
				<p role="status">Vous avez décliné l’invitation à rejoindre « {actionData.declined} ». Le lien ne fonctionne plus.</p>
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
			<h1>{`Invitation à rejoindre ${invitation.organizationName}`}</h1>
			<p>
				{invitation.inviterName ? `${invitation.inviterName} vous invite` : 'Vous êtes invité·e'} à rejoindre {invitation.kindLabel}{' '}
				« {invitation.organizationName} » sur Ensemble, en tant que {invitation.roleLabel}.
			</p>
			<p className="muted">
				Invitation envoyée à {invitation.email}, valable jusqu’au {formatDate(invitation.expiresAt)}.
			</p>
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
						Cette invitation a été envoyée à {invitation.email}, mais vous êtes connecté·e avec {viewer.email}. Déconnectez-vous,
						puis rouvrez ce lien et connectez-vous avec l’adresse invitée.
					</p>
					<Form method="post" action="/deconnexion">
						<button type="submit">Se déconnecter</button>
					</Form>
				</>
			)}
			<h2>Vous ne souhaitez pas rejoindre {invitation.organizationName} ?</h2>
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
