import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { notFound, requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors, TextareaField } from '#app/components/forms.tsx'
import { getThread, replyToContact, reportContact, threadUrl } from '#app/domain/directory/contacts.server.ts'
import { LIMITS, ReplySchema, ReportSchema } from '#app/domain/directory/options.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.thread.subject} — Messages de l’annuaire — Ensemble` : 'Conversation — Ensemble' }]

const NOT_FOUND = 'Cette conversation n’existe pas ou ne vous concerne pas.'

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const thread = await getThread({ user, contactId: params.contactId! })
	if (!thread) notFound(NOT_FOUND)
	return json({ thread })
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const contactId = params.contactId!
	// Not theirs: 404 before anything of the form is read or answered.
	if (!(await getThread({ user, contactId }))) notFound(NOT_FOUND)
	const formData = await readFormData(request)
	const intent = formData.get('intent')
	if (intent === 'report') {
		const submission = parseSubmission(formData, { schema: ReportSchema })
		if (submission.status !== 'success') return json({ form: 'report' as const, result: submission.reply() }, { status: 400 })
		const outcome = await reportContact({ user, contactId, reason: submission.value.reason })
		if (!outcome.ok) notFound(NOT_FOUND)
		return redirectWithToast(`/associations/${outcome.organizationId}/messages`, {
			title: 'Conversation signalée',
			description: 'Son expéditeur ne peut plus écrire à votre association, et ses messages n’apparaissent plus dans votre boîte. L’administrateur de la plateforme en est informé.',
		})
	}
	if (intent !== 'reply') throw new Response('Action inconnue sur cette page.', { status: 400 })
	const submission = parseSubmission(formData, { schema: ReplySchema })
	if (submission.status !== 'success') return json({ form: 'reply' as const, result: submission.reply() }, { status: 400 })
	const outcome = await replyToContact({ user, contactId, message: submission.value.message })
	if (!outcome.ok) {
		if (outcome.notFound) notFound(NOT_FOUND)
		const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
		return json({ form: 'reply' as const, result: reply }, { status: 409 })
	}
	return redirectWithToast(threadUrl(contactId), { title: 'Réponse envoyée' })
}

export default function ThreadPage() {
	const { thread } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({ id: 'repondre', lastResult: actionData?.form === 'reply' ? actionData.result : undefined })
	const [reportForm, reportFields] = useForm({ id: 'signaler', lastResult: actionData?.form === 'report' ? actionData.result : undefined })
	const mine = (fromSender: boolean) => (thread.side === 'sender' ? fromSender : !fromSender)
	return (
		<>
			<p>
				{thread.side === 'sender' ? (
					<Link to="/partenaires/messages">← Mes messages envoyés</Link>
				) : (
					<Link to={`/associations/${thread.associationId}/messages`}>← Messages de {thread.associationName}</Link>
				)}
			</p>
			<h1>{thread.subject}</h1>
			<p className="muted">
				{thread.side === 'sender' ? `Votre conversation avec ${thread.associationName}` : `${thread.senderName} écrit à ${thread.associationName}`}, commencée le{' '}
				{formatDateTime(thread.createdAt)}.
			</p>
			{thread.revealed.length > 0 ? (
				<div className="card">
					<h2 style={{ fontSize: '1.1rem' }}>Pour vous écrire directement</h2>
					<ul>
						{thread.revealed.map((person) => (
							<li key={person.email}>
								{person.name} : <a href={`mailto:${person.email}`}>{person.email}</a>
							</li>
						))}
					</ul>
				</div>
			) : (
				<p className="muted">
					{thread.side === 'sender'
						? 'Les adresses restent cachées tant que l’association n’a pas répondu.'
						: 'Les adresses restent cachées tant que vous n’avez pas répondu ; votre réponse montre la vôtre à cette personne, et la sienne à vous.'}
				</p>
			)}
			<ol style={{ listStyle: 'none', padding: 0 }} aria-label="Messages">
				{thread.messages.map((message) => (
					<li key={message.id} className={`thread-message${mine(message.fromSender) ? ' mine' : ''}`}>
						<p className="muted" style={{ margin: 0 }}>
							{message.fromSender ? message.authorName : `${message.authorName} (${thread.associationName})`}, le {formatDateTime(message.createdAt)}
						</p>
						<p className="pre-line">{message.body}</p>
					</li>
				))}
			</ol>
			{thread.side === 'sender' && thread.senderBlocked ? (
				<p className="notice">Cette association ne reçoit plus vos messages.</p>
			) : (
				<>
					<h2 id="repondre-titre">Répondre</h2>
					<Form method="post" className="stack" aria-labelledby="repondre-titre" {...getFormProps(form)}>
						<FormErrors id={form.errorId} errors={form.errors} />
						<input type="hidden" name="intent" value="reply" />
						<TextareaField label="Votre message" errors={fields.message.errors} textareaProps={{ ...getTextareaProps(fields.message), rows: 5, maxLength: LIMITS.message }} />
						<div>
							<button type="submit">Envoyer</button>
						</div>
					</Form>
				</>
			)}
			{thread.side === 'association' && !thread.reported ? (
				<details style={{ marginTop: 32 }}>
					<summary>Signaler un message abusif</summary>
					<Form method="post" className="stack" {...getFormProps(reportForm)}>
						<FormErrors id={reportForm.errorId} errors={reportForm.errors} />
						<input type="hidden" name="intent" value="report" />
						<p>Son expéditeur ne pourra plus écrire à votre association et ses conversations disparaîtront de votre boîte. L’administrateur de la plateforme peut lever le signalement.</p>
						<TextareaField label="Motif (facultatif)" errors={reportFields.reason.errors} textareaProps={{ ...getTextareaProps(reportFields.reason), rows: 3, maxLength: LIMITS.reason }} />
						<div>
							<button type="submit">Signaler cette conversation</button>
						</div>
					</Form>
				</details>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
