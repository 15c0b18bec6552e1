import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getOptionalUser, requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { CreateApplicationSchema } from '#app/domain/applications/application-forms.ts'
import { createApplication } from '#app/domain/applications/applications.server.ts'
import { callOpenState, getPublishedCall, isOpen, notOpenMessage } from '#app/domain/applications/published-calls.server.ts'
import { formatCents, formatDate, formatDateTime } from '#app/utils/format.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.call.title} — Ensemble` : 'Appel à projets — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const [user, call] = await Promise.all([getOptionalUser(request), getPublishedCall(params.callId!)])
	const associations = user ? user.memberships.filter((m) => m.kind === 'association').map((m) => ({ value: m.organizationId, label: m.organizationName })) : []
	return json({
		call,
		open: isOpen(call, new Date()),
		notOpenMessage: notOpenMessage(call, new Date()),
		notYetOpen: callOpenState(call, new Date()) === 'not_yet_open',
		viewer: user ? { associations } : null,
		loginUrl: `/connexion?${new URLSearchParams({ redirectTo: `/appels/${call.id}` })}`,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const call = await getPublishedCall(params.callId!)
	const submission = parseWithZod(await request.formData(), { schema: CreateApplicationSchema })
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

function Facts({ items }: { items: [string, string | null][] }) {
	const shown = items.filter(([, value]) => value)
	return (
		<dl className="facts">
			{shown.map(([term, value]) => (
				<div key={term} style={{ display: 'contents' }}>
					<dt>{term}</dt>
					<dd>{value}</dd>
				</div>
			))}
		</dl>
	)
}

export default function CallPage() {
	const { call, open, notOpenMessage, notYetOpen, viewer, loginUrl } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>{call.title}</h1>
			<p className="muted">
				Proposé par {call.funderName}
				{open ? '' : notYetOpen ? ' — pas encore ouvert' : ' — appel clos'}
			</p>
			<section aria-labelledby="presentation">
				<h2 id="presentation">Présentation</h2>
				{call.presentation ? call.presentation.split(/\n{2,}/).map((paragraph, index) => <p key={index} style={{ whiteSpace: 'pre-line' }}>{paragraph}</p>) : <p>—</p>}
				{call.themes.length > 0 ? (
					<>
						<h3>Thèmes</h3>
						<ul className="tags">
							{call.themes.map((theme) => (
								<li key={theme.id}>{theme.label}</li>
							))}
						</ul>
					</>
				) : null}
			</section>
			<section aria-labelledby="conditions">
				<h2 id="conditions">Conditions</h2>
				<Facts
					items={[
						['Associations par projet', `au moins ${call.minAssociations} associations distinctes, chef de file compris`],
						['Montant maximum', call.maxAmountPerProjectCents ? `${formatCents(call.maxAmountPerProjectCents)} par projet` : null],
						['Territoire', call.territory || null],
					]}
				/>
				{call.eligibility ? (
					<>
						<h3>Éligibilité</h3>
						<p style={{ whiteSpace: 'pre-line' }}>{call.eligibility}</p>
					</>
				) : null}
			</section>
			<section aria-labelledby="calendrier">
				<h2 id="calendrier">Calendrier (heure de Paris)</h2>
				<Facts
					items={[
						['Ouverture', call.opensAt ? formatDateTime(call.opensAt) : null],
						['Date limite de dépôt', call.deadlineAt ? formatDateTime(call.deadlineAt) : 'Non fixée'],
						['Jury', call.juryStartsOn ? `du ${formatDate(call.juryStartsOn)} au ${formatDate(call.juryEndsOn)}` : null],
						['Décision', call.decisionOn ? formatDate(call.decisionOn) : null],
						['Réalisation du projet', call.projectStartsOn ? `du ${formatDate(call.projectStartsOn)} au ${formatDate(call.projectEndsOn)}` : null],
						['Évaluation attendue', call.evaluationDueOn ? formatDate(call.evaluationDueOn) : null],
					]}
				/>
			</section>
			<section aria-labelledby="deposer">
				<h2 id="deposer">Déposer un projet</h2>
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
	const [form, fields] = useForm({
		id: 'nouveau-projet',
		lastResult: actionData?.result,
		defaultValue: { leadOrganizationId: associations.length === 1 ? associations[0]!.value : '' },
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateApplicationSchema }),
	})
	return (
		<Form method="post" className="stack" {...getFormProps(form)}>
			<FormErrors id={form.errorId} errors={form.errors} />
			<input type="hidden" name="intent" value="create" />
			<Field label="Titre du projet" hint="Vous pourrez le modifier ensuite." errors={fields.title.errors} inputProps={getInputProps(fields.title, { type: 'text' })} />
			{associations.length === 1 ? (
				<>
					<input type="hidden" name="leadOrganizationId" value={associations[0]!.value} />
					<p>Association chef de file : {associations[0]!.label}</p>
				</>
			) : (
				<SelectField
					label="Association chef de file"
					hint="Celle qui crée et dépose le dossier ; les autres seront invitées comme partenaires."
					errors={fields.leadOrganizationId.errors}
					selectProps={getSelectProps(fields.leadOrganizationId)}
					options={associations}
					placeholder="Choisissez une association"
				/>
			)}
			<div>
				<button type="submit">Commencer un dossier</button>
			</div>
		</Form>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
