import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { forbidden, requireUser } from '#app/auth/permissions.server.ts'
import { ApplicationNav } from '#app/components/application-view.tsx'
import { MessageForm, MessageList, RequestItems, requestState, type ThreadRequest } from '#app/components/dossier-thread.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { answerRequest } from '#app/domain/dossier-messages/requests.server.ts'
import { AnswerRequestSchema, MessageSchema, checkThreadForm, viewRequests } from '#app/domain/dossier-messages/requests.ts'
import { getDossierForConsortium, loadThread, postConsortiumMessage, requestOptionsOf } from '#app/domain/dossier-messages/thread.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { formRefusals, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Messages — ${data.title} — Ensemble` : 'Messages — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const { dossier, isLead } = await getDossierForConsortium({ user, applicationId: params.applicationId! })
	const [thread, options] = await Promise.all([loadThread(dossier.id), requestOptionsOf(dossier.callId)])
	return json({
		id: dossier.id,
		title: dossier.title,
		funderName: dossier.funderName,
		isLead,
		submitted: dossier.status !== 'draft',
		messages: thread.messages,
		requests: viewRequests(thread.requests, options, dossier.id, new Date()),
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	// 404 before reading the form for anyone outside the consortium.
	const { dossier, maySendSupplements } = await getDossierForConsortium({ user, applicationId: params.applicationId! })
	const formData = await readFormData(request)
	// What the bounded reader refused (NUL, over-long lists) or a field this form never sends.
	const forged = formRefusals(formData)[0] ?? checkThreadForm(formData)
	if (forged) return json({ intent: null, result: null, error: forged }, { status: 400 })
	const back = `/candidatures/${dossier.id}/messages`
	if (formData.get('intent') === 'answer-request') {
		if (!maySendSupplements) forbidden('Seule l’association chef de file envoie les compléments.')
		const submission = parseWithZod(formData, { schema: AnswerRequestSchema })
		if (submission.status !== 'success') return json({ intent: 'answer-request', result: null, error: 'Demande inconnue : rechargez la page.' }, { status: 400 })
		const outcome = await answerRequest({ user, applicationId: dossier.id, requestId: submission.value.requestId })
		if (!outcome.ok) return json({ intent: 'answer-request', result: null, error: outcome.message }, { status: 409 })
		return redirectWithToast(back, { title: 'Compléments envoyés', description: 'Le financeur en est informé par e-mail ; les parties rouvertes sont de nouveau en lecture seule.' })
	}
	const submission = parseWithZod(formData, { schema: MessageSchema })
	if (submission.status !== 'success') return json({ intent: 'message', result: submission.reply(), error: null }, { status: 400 })
	const outcome = await postConsortiumMessage({ user, applicationId: dossier.id, body: submission.value.body })
	if (!outcome.ok) {
		const result = outcome.field ? submission.reply({ fieldErrors: { body: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
		return json({ intent: 'message', result, error: null }, { status: outcome.field ? 400 : 409 })
	}
	return redirectWithToast(back, { title: 'Message envoyé', description: 'Le financeur le reçoit aussi par e-mail.' })
}

export default function ConsortiumMessagesPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const requests = data.requests as ThreadRequest[]
	const active = requests.filter((r) => r.active)
	return (
		<>
			<h1>Messages avec le financeur</h1>
			<ApplicationNav id={data.id} isLead={data.isLead} />
			{actionData?.error && actionData.intent !== 'answer-request' ? <FormErrors id="messages-erreur" errors={[actionData.error]} /> : null}

			{active.map((request) => (
				<section key={request.id} className="card" aria-labelledby={`demande-${request.id}`}>
					<h2 id={`demande-${request.id}`}>Demande de complément</h2>
					<p>
						« {data.funderName} » vous demande : <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{request.message}</span>
					</p>
					<p>
						Jusqu’au <strong>{formatDateTime(request.dueAt)}</strong> (heure de Paris), {data.isLead ? 'vous pouvez modifier' : 'l’association chef de file peut modifier'} seulement :
					</p>
					<RequestItems request={request} linked={data.isLead} />
					<p className="muted">Le reste du dossier reste en lecture seule. À la date indiquée, ces parties se referment d’elles-mêmes.</p>
					{data.isLead ? (
						<Form method="post" className="stack">
							{actionData?.intent === 'answer-request' && actionData.error ? <FormErrors id="complements-erreur" errors={[actionData.error]} /> : null}
							<input type="hidden" name="intent" value="answer-request" />
							<input type="hidden" name="requestId" value={request.id} />
							<p>Quand vos modifications sont enregistrées, envoyez-les : le financeur est prévenu et ces parties se referment.</p>
							<div>
								<button type="submit">Envoyer les compléments</button>
							</div>
						</Form>
					) : null}
				</section>
			))}

			<section aria-labelledby="fil">
				<h2 id="fil">Fil des messages</h2>
				<MessageList messages={data.messages} />
				{data.submitted ? (
					<MessageForm
						lastResult={actionData?.intent === 'message' ? actionData.result : null}
						hint="Votre message est envoyé par e-mail à l’équipe du financeur qui instruit l’appel."
					/>
				) : (
					<p className="muted">Les messages avec le financeur s’ouvrent au dépôt du dossier : il ne voit pas encore votre brouillon.</p>
				)}
			</section>

			{requests.some((r) => !r.active) ? (
				<section aria-labelledby="demandes-passees">
					<h2 id="demandes-passees">Demandes de complément passées</h2>
					<ul>
						{requests
							.filter((r) => !r.active)
							.map((request) => (
								<li key={request.id}>
									Demandée le {formatDateTime(request.createdAt)} : {request.items.map((i) => i.label).join(' ; ')}. {requestState(request)}
								</li>
							))}
					</ul>
				</section>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
