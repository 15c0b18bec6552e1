import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { FormErrors, TextareaField } from '#app/components/forms.tsx'
import { MESSAGE_MAX_LENGTH, MessageSchema } from '#app/domain/dossier-messages/requests.ts'
import { formatDateTime } from '#app/utils/format.ts'

export type ThreadMessage = { id: string; side: 'funder' | 'consortium'; body: string; requestId: string | null; createdAt: string; authorName: string | null }
export type ThreadRequest = {
	id: string
	message: string
	dueAt: string
	status: 'open' | 'answered' | 'closed'
	active: boolean
	answeredAt: string | null
	closedAt: string | null
	createdAt: string
	items: { value: string; label: string; href: string | null }[]
}

const SIDE_LABELS = { funder: 'Financeur', consortium: 'Consortium' } as const

/** What happened to a request, in one sentence. */
export function requestState(request: ThreadRequest) {
	if (request.status === 'answered') return `Compléments envoyés le ${formatDateTime(request.answeredAt)}.`
	if (request.status === 'closed') return `Close le ${formatDateTime(request.closedAt)}.`
	if (!request.active) return `Échue le ${formatDateTime(request.dueAt)} : les parties rouvertes sont de nouveau en lecture seule.`
	return `En cours jusqu’au ${formatDateTime(request.dueAt)} (heure de Paris).`
}

/** The messages, oldest first; a message that opened a request says so. */
export function MessageList({ messages }: { messages: ThreadMessage[] }) {
	if (messages.length === 0) return <p className="muted">Aucun message pour le moment.</p>
	return (
		<ol className="stack" style={{ listStyle: 'none', padding: 0 }}>
			{messages.map((message) => (
				<li key={message.id} className="card">
					<p className="muted" style={{ margin: '0 0 8px' }}>
						<strong>{SIDE_LABELS[message.side]}</strong>
						{message.authorName ? ` — ${message.authorName}` : ''} — {formatDateTime(message.createdAt)}
						{message.requestId ? ' — demande de complément' : ''}
					</p>
					<p style={{ margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{message.body}</p>
				</li>
			))}
		</ol>
	)
}

/** The reopened items, each linked to its page when the viewer may edit it. */
export function RequestItems({ request, linked }: { request: ThreadRequest; linked: boolean }) {
	return (
		<ul>
			{request.items.map((item) => (
				<li key={item.value}>{linked && item.href ? <Link to={item.href}>{item.label}</Link> : item.label}</li>
			))}
		</ul>
	)
}

/** The form to write a message; what was typed stays after a refusal. */
export function MessageForm({ lastResult, hint }: { lastResult: SubmissionResult<string[]> | null | undefined; hint: string }) {
	const [form, fields] = useForm({
		id: 'message',
		lastResult,
		shouldValidate: 'onSubmit',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: MessageSchema }),
	})
	return (
		<Form method="post" className="stack" {...getFormProps(form)}>
			<FormErrors id={form.errorId} errors={form.errors} />
			<input type="hidden" name="intent" value="message" />
			<TextareaField
				label="Votre message"
				hint={`${hint} ${MESSAGE_MAX_LENGTH.toLocaleString('fr-FR')} caractères au plus.`}
				errors={fields.body.errors}
				textareaProps={{ ...getTextareaProps(fields.body), rows: 5, maxLength: MESSAGE_MAX_LENGTH }}
			/>
			<div>
				<button type="submit">Envoyer le message</button>
			</div>
		</Form>
	)
}
