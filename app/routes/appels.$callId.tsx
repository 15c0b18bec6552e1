import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { getOptionalUser, requireUser } from '#app/auth/permissions.server.ts'
import { CallView } from '#app/components/call-view.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { useCheckedForm } from '#app/components/form-state.tsx'
import { AssociationChoice, Field, FormErrors } from '#app/components/forms.tsx'
import { CreateApplicationSchema } from '#app/domain/applications/application-forms.ts'
import { createApplication } from '#app/domain/applications/creation.server.ts'
import { loadPublishedCallWithRequirements } from '#app/domain/applications/read-model.server.ts'
import { callViewData } from '#app/domain/calls/call-view-data.ts'
import { callOpenState, getPublishedCall, isOpen, notOpenMessage } from '#app/domain/applications/published-calls.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.call.title} — Ensemble` : 'Appel à projets — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const [user, { call, questions, requiredAttachments }] = await Promise.all([getOptionalUser(request), loadPublishedCallWithRequirements(params.callId!)])
	const associations = user ? user.memberships.filter((m) => m.kind === 'association').map((m) => ({ value: m.organizationId, label: m.organizationName })) : []
	const view = callViewData({ call, funderName: call.funderName, themes: call.themes, requiredAttachments, questions })
	return json({
		call: { id: call.id, title: call.title, deadlineAt: call.deadlineAt },
		view,
		notOpenMessage: notOpenMessage(call, new Date()),
		notYetOpen: callOpenState(call, new Date()) === 'not_yet_open',
		open: isOpen(call, new Date()),
		viewer: user ? { associations } : null,
		loginUrl: `/connexion?${new URLSearchParams({ redirectTo: `/appels/${call.id}` })}`,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const call = await getPublishedCall(params.callId!)
	const submission = parseSubmission(await readFormData(request), { schema: CreateApplicationSchema })
	if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
	const outcome = await createApplication({ user, callId: call.id, ...submission.value })
	if (!outcome.ok) {
		const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
		return json({ result: reply }, { status: 409 })
	}
	return redirectWithToast(`/candidatures/${outcome.applicationId}`, {
		title: 'Dossier créé',
		description: 'Complétez les sections du dossier et invitez vos associations partenaires.',
	})
}

export default function CallPage() {
	const { call, view, open, notOpenMessage, notYetOpen, viewer, loginUrl } = useLoaderData<typeof loader>()
	return (
		<>
			<CallView call={view} closed={!open} notYetOpen={notYetOpen} />
			<p>
				<Link to={`/appels/${call.id}/partenaires`}>Je cherche des partenaires : les annonces des associations pour cet appel</Link>
			</p>
			<section aria-labelledby="deposer">
				<h2 id="deposer">Déposer un projet</h2>
				<p>
					Avant de vous lancer avec vos partenaires : <Link to="/cooperer">le pense-pas-bête de la coopération</Link> et les{' '}
					<Link to="/projets">projets réalisés</Link> par d’autres associations.
				</p>
				{!open ? (
					<p>{notOpenMessage} Les dossiers déjà commencés restent consultables depuis votre espace.</p>
				) : !viewer ? (
					<p>
						<Link to={loginUrl}>Connectez-vous</Link> pour déposer un projet au nom de votre association.
					</p>
				) : viewer.associations.length === 0 ? (
					<p>
						Pour déposer un projet, <Link to="/associations/nouvelle">inscrivez d’abord votre association</Link>, ou demandez à son référent de vous inviter.
					</p>
				) : (
					<CreateForm associations={viewer.associations} />
				)}
			</section>
		</>
	)
}

function CreateForm({ associations }: { associations: { value: string; label: string }[] }) {
	const actionData = useActionData<typeof action>()
	// Checked in the browser by the server's schema, without a form library's state (decision 046).
	const { state, formErrors, formErrorsId, formProps } = useCheckedForm('nouveau-projet', CreateApplicationSchema, actionData?.result, {
		leadOrganizationId: associations.length === 1 ? associations[0]!.value : '',
	})
	return (
		<Form method="post" className="stack" {...formProps}>
			<FormErrors id={formErrorsId} errors={formErrors} />
			<input type="hidden" name="intent" value="create" />
			<Field
				label="Titre du projet"
				hint="Vous pourrez le modifier ensuite."
				errors={state.errors('title')}
				inputProps={{ id: state.id('title'), name: 'title', type: 'text', defaultValue: state.value('title') }}
			/>
			<AssociationChoice
				associations={associations}
				label="Association chef de file"
				hint="Celle qui crée et dépose le dossier ; les autres seront invitées comme partenaires."
				errors={state.errors('leadOrganizationId')}
				selectProps={{ id: state.id('leadOrganizationId'), name: 'leadOrganizationId', defaultValue: state.value('leadOrganizationId') }}
			/>
			<div>
				<button type="submit">Commencer un dossier</button>
			</div>
		</Form>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
