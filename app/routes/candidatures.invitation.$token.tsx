import { getFormProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { getOptionalUser, requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors, SelectField } from '#app/components/forms.tsx'
import { ClaimInvitationSchema } from '#app/domain/applications/application-forms.ts'
import { claimPartnerInvitation, declinePartnerInvitationByLink, getPartnerInvitation, PARTNER_INVITATION_MESSAGES, type PartnerInvitationState } from '#app/domain/applications/partner-invitations.server.ts'
import { referentAssociationsOf } from '#app/domain/applications/access.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [
	{ title: 'Invitation à co-porter un projet — Ensemble' },
	// The token is in the address: never pass it on to another site.
	{ name: 'referrer', content: 'no-referrer' },
]

const STATE_TITLES: Record<Exclude<PartnerInvitationState, 'valid'>, string> = {
	unknown: 'Invitation introuvable',
	expired: 'Invitation expirée',
	used: 'Invitation déjà utilisée',
}

function statusOf(state: string) {
	if (state === 'unknown') return 404
	if (state === 'expired' || state === 'used') return 410
	if (state === 'duplicate' || state === 'not-referent') return 409
	return 403
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const token = params.token!
	const [user, { state, invitation }] = await Promise.all([getOptionalUser(request), getPartnerInvitation(token)])
	if (state !== 'valid' || !invitation) {
		const refused = state as Exclude<PartnerInvitationState, 'valid'>
		return json({ state: refused, title: STATE_TITLES[refused], message: PARTNER_INVITATION_MESSAGES[refused] }, { status: statusOf(refused) })
	}
	const here = `/candidatures/invitation/${token}`
	return json({
		state: 'valid' as const,
		invitation: {
			email: invitation.email,
			applicationTitle: invitation.applicationTitle,
			callTitle: invitation.callTitle,
			leadName: invitation.leadName,
			expiresAt: invitation.expiresAt,
		},
		viewer: user
			? {
					email: user.email,
					isInvited: user.email.toLowerCase() === invitation.email.toLowerCase(),
					associations: referentAssociationsOf(user).map((a) => ({ value: a.id, label: a.name })),
				}
			: null,
		loginUrl: `/connexion?${new URLSearchParams({ redirectTo: here })}`,
		signUpUrl: `/inscription?${new URLSearchParams({ email: invitation.email, redirectTo: here })}`,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const formData = await readFormData(request)
	if (formData.get('intent') === 'decline') {
		// The link itself is the proof: declining works without an account.
		const viewer = await getOptionalUser(request)
		const outcome = await declinePartnerInvitationByLink({ token: params.token!, userId: viewer?.id })
		if (!outcome.ok) return json({ result: null, declineError: outcome.message, declined: null }, { status: statusOf(outcome.reason) })
		return json({ result: null, declineError: null, declined: outcome.applicationTitle })
	}
	const user = await requireUser(request)
	const submission = parseSubmission(formData, { schema: ClaimInvitationSchema })
	if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
	const outcome = await claimPartnerInvitation({ user, token: params.token!, organizationId: submission.value.organizationId })
	if (!outcome.ok) {
		const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
		return json({ result: reply }, { status: statusOf(outcome.reason) })
	}
	return redirectWithToast(`/candidatures/${outcome.applicationId}/engagement`, {
		title: 'Invitation reçue',
		description: 'Lisez le dossier, puis confirmez l’engagement de votre association ou déclinez.',
	})
}

export default function PartnerInvitationPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	if (actionData && 'declined' in actionData && actionData.declined) {
		return (
			<>
				<h1>Invitation déclinée</h1>
				<p role="status">Vous avez décliné l’invitation à co-porter « {actionData.declined} ». Le chef de file en est informé.</p>
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
			<h1>{`Invitation à co-porter « ${invitation.applicationTitle} »`}</h1>
			<p>
				L’association « {invitation.leadName} » invite votre association à co-porter ce projet, présenté à l’appel à projets « {invitation.callTitle} ».
			</p>
			<p className="muted">
				Invitation envoyée à {invitation.email}, valable jusqu’au {formatDate(invitation.expiresAt)}.
			</p>
			{!viewer ? (
				<>
					<p>Pour répondre, connectez-vous avec l’adresse {invitation.email}, ou créez votre compte avec cette adresse.</p>
					<p>
						<Link to={data.loginUrl} className="button">
							Se connecter
						</Link>{' '}
						<Link to={data.signUpUrl}>Créer un compte</Link>
					</p>
				</>
			) : !viewer.isInvited ? (
				<p role="alert">
					Cette invitation a été envoyée à {invitation.email}, mais vous êtes connecté·e avec {viewer.email}. Déconnectez-vous, puis rouvrez ce lien et
					connectez-vous avec l’adresse invitée.
				</p>
			) : viewer.associations.length === 0 ? (
				<p>
					Vous n’êtes référent d’aucune association sur Ensemble. <Link to="/associations/nouvelle">Inscrivez d’abord votre association</Link>, puis rouvrez
					le lien reçu par e-mail pour répondre.
				</p>
			) : (
				<ClaimForm associations={viewer.associations} />
			)}
			<h2>Votre association ne souhaite pas co-porter ce projet ?</h2>
			<FormErrors id="refus-erreur" errors={actionData && 'declineError' in actionData && actionData.declineError ? [actionData.declineError] : undefined} />
			<Form method="post">
				<input type="hidden" name="intent" value="decline" />
				<p>Déclinez l’invitation : le chef de file en sera informé. Pas besoin de compte pour cela.</p>
				<button type="submit" className="secondary">
					Décliner l’invitation
				</button>
			</Form>
		</>
	)
}

function ClaimForm({ associations }: { associations: { value: string; label: string }[] }) {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'rattacher',
		lastResult: actionData?.result ?? undefined,
		defaultValue: { organizationId: associations.length === 1 ? associations[0]!.value : '' },
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: ClaimInvitationSchema }),
	})
	return (
		<Form method="post" className="stack" {...getFormProps(form)}>
			<FormErrors id={form.errorId} errors={form.errors} />
			<input type="hidden" name="intent" value="claim" />
			<SelectField
				label="Association qui répond à l’invitation"
				errors={fields.organizationId.errors}
				selectProps={getSelectProps(fields.organizationId)}
				options={associations}
				placeholder="Choisissez une association"
			/>
			<div>
				<button type="submit">Lire le dossier et répondre</button>
			</div>
		</Form>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
