import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireUser } from '#app/auth/permissions.server.ts'
import { CallNav } from '#app/components/call-nav.tsx'
import { MessageForm, MessageList, RequestItems, requestState, type ThreadRequest } from '#app/components/dossier-thread.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, Field, FormErrors, TextareaField } from '#app/components/forms.tsx'
import { APPLICATION_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { parisLocalToUtc } from '#app/domain/calls/paris-time.ts'
import { closeRequest, openRequest } from '#app/domain/dossier-messages/requests.server.ts'
import {
	CloseRequestSchema,
	MESSAGE_MAX_LENGTH,
	MessageSchema,
	REQUEST_MAX_DAYS,
	RequestSchema,
	canRequestComplement,
	checkThreadForm,
	viewRequests,
} from '#app/domain/dossier-messages/requests.ts'
import { getDossierForStaff, loadThread, postStaffMessage, requestOptionsOf } from '#app/domain/dossier-messages/thread.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { formRefusals, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Messages — ${data.title} — Ensemble` : 'Messages — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	// 404 for anyone but the staff of the call's funder, and for a draft.
	const dossier = await getDossierForStaff({ user, callId: params.callId!, applicationId: params.applicationId! })
	const [thread, options] = await Promise.all([loadThread(dossier.id), requestOptionsOf(dossier.callId)])
	const requests = viewRequests(thread.requests, options, dossier.id, new Date())
	return json({
		id: dossier.id,
		callId: dossier.callId,
		title: dossier.title,
		status: dossier.status,
		messages: thread.messages,
		requests,
		canRequest: canRequestComplement(dossier.status) && !requests.some((r) => r.active),
		options: options.map(({ value, label }) => ({ value, label })),
	})
}

type ActionData = { intent: string | null; result?: SubmissionResult<string[]>; error?: string }

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const input = { user, callId: params.callId!, applicationId: params.applicationId! }
	// 404 before reading the form for anyone but the staff of the call's funder.
	const dossier = await getDossierForStaff(input)
	const formData = await readFormData(request)
	// What the bounded reader refused (NUL, over-long lists) or a field this form never sends.
	const forged = formRefusals(formData)[0] ?? checkThreadForm(formData)
	if (forged) return json<ActionData>({ intent: null, error: forged }, { status: 400 })
	const back = `/gestion/appels/${dossier.callId}/candidatures/${dossier.id}/messages`
	const intent = formData.get('intent')
	if (intent === 'request') {
		const submission = parseWithZod(formData, { schema: RequestSchema })
		if (submission.status !== 'success') return json<ActionData>({ intent, result: submission.reply() }, { status: 400 })
		const { message, items, dueDate, dueTime } = submission.value
		const outcome = await openRequest({ ...input, message, items, dueAt: parisLocalToUtc(dueDate, dueTime) })
		if (!outcome.ok) {
			const result = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return json<ActionData>({ intent, result }, { status: outcome.field ? 400 : 409 })
		}
		return redirectWithToast(back, { title: 'Demande de complément envoyée', description: 'Le consortium la reçoit par e-mail ; seules les parties cochées sont rouvertes.' })
	}
	if (intent === 'close-request') {
		const submission = parseWithZod(formData, { schema: CloseRequestSchema })
		if (submission.status !== 'success') return json<ActionData>({ intent, error: 'Demande inconnue : rechargez la page.' }, { status: 400 })
		const outcome = await closeRequest({ ...input, requestId: submission.value.requestId })
		if (!outcome.ok) return json<ActionData>({ intent, error: outcome.message }, { status: 409 })
		return redirectWithToast(back, { title: 'Demande de complément close', description: 'Les parties rouvertes sont de nouveau en lecture seule.' })
	}
	const submission = parseWithZod(formData, { schema: MessageSchema })
	if (submission.status !== 'success') return json<ActionData>({ intent: 'message', result: submission.reply() }, { status: 400 })
	const outcome = await postStaffMessage({ ...input, body: submission.value.body })
	if (!outcome.ok) return json<ActionData>({ intent: 'message', result: submission.reply({ fieldErrors: { body: [outcome.message] } }) }, { status: 400 })
	return redirectWithToast(back, { title: 'Message envoyé', description: 'Les associations du consortium le reçoivent aussi par e-mail.' })
}

export default function StaffMessagesPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const requests = data.requests as ThreadRequest[]
	const active = requests.filter((r) => r.active)
	return (
		<>
			<p>
				<Link to={`/gestion/appels/${data.callId}/candidatures/${data.id}`}>← Dossier « {data.title} »</Link>
			</p>
			<h1>Messages — {data.title}</h1>
			<CallNav callId={data.callId} />
			{actionData?.error ? <FormErrors id="messages-erreur" errors={[actionData.error]} /> : null}

			{active.map((request) => (
				<section key={request.id} className="card" aria-labelledby={`demande-${request.id}`}>
					<h2 id={`demande-${request.id}`}>Demande de complément en cours</h2>
					<p style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{request.message}</p>
					<p>{requestState(request)} Parties rouvertes :</p>
					<RequestItems request={request} linked={false} />
					<Form method="post">
						<input type="hidden" name="intent" value="close-request" />
						<input type="hidden" name="requestId" value={request.id} />
						<button type="submit" className="secondary">
							Clore la demande maintenant
						</button>
					</Form>
				</section>
			))}

			<section aria-labelledby="fil">
				<h2 id="fil">Fil des messages</h2>
				<MessageList messages={data.messages} />
				<MessageForm
					lastResult={actionData?.intent === 'message' ? actionData.result : null}
					hint="Votre message est envoyé par e-mail au référent de chaque association du consortium et aux membres de l’association chef de file."
				/>
			</section>

			{data.canRequest ? (
				<RequestForm options={data.options} lastResult={actionData?.intent === 'request' ? actionData.result : null} />
			) : canRequestNote(data.status, active.length > 0)}

			{requests.some((r) => !r.active) ? (
				<section aria-labelledby="demandes-passees">
					<h2 id="demandes-passees">Demandes de complément passées</h2>
					<ul>
						{requests
							.filter((r) => !r.active)
							.map((request) => (
								<li key={request.id}>
									{request.items.map((i) => i.label).join(' ; ')}. {requestState(request)}
								</li>
							))}
					</ul>
				</section>
			) : null}
		</>
	)
}

function canRequestNote(status: string, pending: boolean) {
	return (
		<section aria-labelledby="demander">
			<h2 id="demander">Demander un complément</h2>
			<p className="muted">
				{pending
					? 'Une demande est en cours : clôturez-la pour en envoyer une autre.'
					: `Une demande de complément ne porte que sur un dossier déposé ou recevable ; celui-ci est au statut « ${APPLICATION_STATUS_LABELS[status] ?? status} ».`}
			</p>
		</section>
	)
}

function RequestForm({ options, lastResult }: { options: { value: string; label: string }[]; lastResult: ActionData['result'] | null }) {
	const [form, fields] = useForm({
		id: 'demande',
		lastResult,
		shouldValidate: 'onSubmit',
		shouldRevalidate: 'onInput',
		defaultValue: { dueTime: '23:59' },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: RequestSchema }),
	})
	const checked = new Set(Array.isArray(fields.items.value) ? fields.items.value : fields.items.value ? [fields.items.value] : [])
	return (
		<section aria-labelledby="demander">
			<h2 id="demander">Demander un complément</h2>
			<p>
				Rouvrez seulement les parties du dossier qui doivent être complétées, jusqu’à une date (au plus dans {REQUEST_MAX_DAYS} jours). Le dossier garde son statut ;
				le reste demeure en lecture seule. Le consortium reçoit votre message par e-mail.
			</p>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="intent" value="request" />
				<TextareaField
					label="Ce que vous demandez"
					hint={`Par exemple : « Le budget ne mentionne pas le cofinancement de la Ville ; merci de le compléter. » ${MESSAGE_MAX_LENGTH.toLocaleString('fr-FR')} caractères au plus.`}
					errors={fields.message.errors}
					textareaProps={{ ...getTextareaProps(fields.message), rows: 4, maxLength: MESSAGE_MAX_LENGTH }}
				/>
				<fieldset aria-describedby={fields.items.errors?.length ? fields.items.errorId : undefined}>
					<legend>Parties à rouvrir</legend>
					{options.map((option) => (
						<label key={option.value} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
							<input type="checkbox" name={fields.items.name} value={option.value} defaultChecked={checked.has(option.value)} />
							<span>{option.label.charAt(0).toUpperCase() + option.label.slice(1)}</span>
						</label>
					))}
					<ErrorList id={fields.items.errorId} errors={fields.items.errors} />
				</fieldset>
				<Field label="Jusqu’au (date)" hint="Heure de Paris." errors={fields.dueDate.errors} inputProps={{ ...getInputProps(fields.dueDate, { type: 'date' }) }} />
				<Field label="Heure" errors={fields.dueTime.errors} inputProps={{ ...getInputProps(fields.dueTime, { type: 'time' }) }} />
				<div>
					<button type="submit">Envoyer la demande</button>
				</div>
			</Form>
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
