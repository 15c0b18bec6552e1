import { getFormProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { getOptionalUser, requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { AssociationChoice, FormErrors, TextareaField } from '#app/components/forms.tsx'
import { closeAnnouncement, getAnnouncement } from '#app/domain/partners/announcements.server.ts'
import { acceptAnswer, answerAnnouncement, declineAnswer, withdrawAnswer } from '#app/domain/partners/answers.server.ts'
import { ANSWER_STATUS_LABELS, AnswerSchema, DeclineAnswerSchema, LIMITS } from '#app/domain/partners/forms.ts'
import { AnswerIdSchema, CloseSchema } from '#app/domain/partners/page-forms.ts'
import { formatDate } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.announcement.title} — Je cherche des partenaires — Ensemble` : 'Annonce — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await getOptionalUser(request)
	const page = await getAnnouncement({ callId: params.callId!, announcementId: params.announcementId!, user })
	return json({
		...page,
		signedIn: Boolean(user),
		loginUrl: `/connexion?${new URLSearchParams({ redirectTo: `/appels/${page.call.id}/partenaires/${page.announcement.id}` })}`,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const callId = params.callId!
	const announcementId = params.announcementId!
	const here = `/appels/${callId}/partenaires/${announcementId}`
	const formData = await readFormData(request)
	const intent = formData.get('intent')
	if (intent === 'answer') {
		const submission = parseSubmission(formData, { schema: AnswerSchema })
		if (submission.status !== 'success') return json({ intent, result: submission.reply() }, { status: 400 })
		const outcome = await answerAnnouncement({ user, callId, announcementId, organizationId: submission.value.organizationId, message: submission.value.message })
		if (!outcome.ok) {
			const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return json({ intent, result: reply }, { status: 409 })
		}
		return redirectWithToast(here, { title: 'Réponse envoyée', description: 'L’association qui a publié l’annonce est prévenue par e-mail.' })
	}
	if (intent === 'decline') {
		const submission = parseSubmission(formData, { schema: DeclineAnswerSchema })
		if (submission.status !== 'success') return json({ intent, answerId: String(formData.get('answerId') ?? ''), result: submission.reply() }, { status: 400 })
		const outcome = await declineAnswer({ user, callId, answerId: submission.value.answerId, reason: submission.value.reason })
		if (!outcome.ok) return json({ intent, answerId: submission.value.answerId, result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 })
		return redirectWithToast(here, { title: 'Réponse déclinée', description: 'L’association est prévenue par e-mail.' })
	}
	if (intent === 'accept' || intent === 'withdraw-answer') {
		const submission = parseSubmission(formData, { schema: AnswerIdSchema })
		if (submission.status !== 'success') return json({ intent, answerId: '', result: submission.reply() }, { status: 400 })
		const input = { user, callId, answerId: submission.value.answerId }
		if (submission.value.intent === 'withdraw-answer') {
			const outcome = await withdrawAnswer(input)
			if (!outcome.ok) return json({ intent, answerId: input.answerId, result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 })
			return redirectWithToast(here, { title: 'Réponse retirée' })
		}
		const outcome = await acceptAnswer(input)
		if (!outcome.ok) return json({ intent, answerId: input.answerId, result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 })
		return redirectWithToast(here, {
			title: 'Réponse acceptée',
			description: outcome.notEmailed ?? 'L’association est invitée comme partenaire de votre dossier : elle a 14 jours pour confirmer.',
		})
	}
	if (intent === 'close') {
		const submission = parseSubmission(formData, { schema: CloseSchema })
		if (submission.status !== 'success') return json({ intent, result: submission.reply() }, { status: 400 })
		const outcome = await closeAnnouncement({ user, callId, announcementId })
		if (!outcome.ok) return json({ intent, result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 })
		return redirectWithToast(here, { title: 'Annonce fermée', description: 'Elle ne reçoit plus de réponse ; les réponses en attente ont été déclinées.' })
	}
	return json({ intent: 'none', result: { status: 'error' as const, error: { '': ['Action inconnue : rechargez la page.'] } } }, { status: 400 })
}

function errorsOf(result: { status?: string; error?: Record<string, (string | null)[] | null> | null } | undefined): string[] | undefined {
	if (!result || result.status !== 'error') return undefined
	return Object.values(result.error ?? {})
		.flat()
		.filter((e): e is string => Boolean(e))
}

export default function AnnouncementPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { announcement } = data
	return (
		<>
			<p>
				<Link to={`/appels/${data.call.id}/partenaires`}>← Les annonces de « {data.call.title} »</Link>
			</p>
			<h1 style={{ overflowWrap: 'anywhere' }}>{announcement.title}</h1>
			<p className="muted">
				{announcement.profilePath ? <Link to={announcement.profilePath}>{announcement.organizationName}</Link> : announcement.organizationName}
				{announcement.departement ? ` · département ${announcement.departement}` : ''} · publiée le {formatDate(announcement.createdAt)}
				{announcement.status === 'closed' ? ' · annonce fermée' : ''}
			</p>
			{announcement.themes.length > 0 ? <p>Thèmes : {announcement.themes.join(', ')}</p> : null}
			<h2>Le projet</h2>
			<p style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{announcement.project}</p>
			<h2>Les partenaires recherchés</h2>
			<p style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{announcement.lookingFor}</p>

			{data.isAnnouncer ? (
				<AnnouncerPart />
			) : (
				<section aria-labelledby="repondre">
					<h2 id="repondre">Répondre</h2>
					{data.answers.map((answer) => (
						<div key={answer.id} className="card">
							<p>
								Réponse de {answer.organizationName} : <strong>{ANSWER_STATUS_LABELS[answer.status]}</strong>
							</p>
							<p style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{answer.message}</p>
							{answer.status === 'declined' && answer.statusReason ? <p>Motif : {answer.statusReason}</p> : null}
							{answer.status === 'accepted' ? (
								<p>
									Votre association est invitée comme partenaire du dossier : confirmez ou déclinez depuis <Link to="/candidatures">Mes dossiers</Link>.
								</p>
							) : null}
							{answer.status === 'pending' ? (
								<Form method="post">
									<FormErrors id={`retirer-${answer.id}`} errors={actionData && 'answerId' in actionData && actionData.answerId === answer.id ? errorsOf(actionData.result) : undefined} />
									<input type="hidden" name="answerId" value={answer.id} />
									<button type="submit" name="intent" value="withdraw-answer" className="secondary">
										Retirer notre réponse
									</button>
								</Form>
							) : null}
						</div>
					))}
					{announcement.status !== 'open' ? (
						<p>Cette annonce est fermée : elle ne reçoit plus de réponse.</p>
					) : !data.callOpen ? (
						<p>La date limite de l’appel est passée : l’annonce ne reçoit plus de réponse.</p>
					) : !data.signedIn ? (
						<p>
							<Link to={data.loginUrl}>Connectez-vous</Link> pour répondre au nom de votre association.
						</p>
					) : data.canAnswerFor.length > 0 ? (
						<AnswerForm associations={data.canAnswerFor} />
					) : data.answers.length === 0 ? (
						<p>
							Pour répondre, il faut être membre d’une association inscrite sur Ensemble, autre que celle qui a publié l’annonce.{' '}
							<Link to="/associations/nouvelle">Inscrire une association</Link>
						</p>
					) : null}
				</section>
			)}
		</>
	)
}

function AnswerForm({ associations }: { associations: { value: string; label: string }[] }) {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'reponse',
		lastResult: actionData?.intent === 'answer' ? actionData.result : undefined,
		defaultValue: { organizationId: associations.length === 1 ? associations[0]!.value : '' },
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: AnswerSchema }),
	})
	return (
		<Form method="post" className="stack" {...getFormProps(form)}>
			<FormErrors id={form.errorId} errors={form.errors} />
			<input type="hidden" name="intent" value="answer" />
			<AssociationChoice associations={associations} errors={fields.organizationId.errors} selectProps={getSelectProps(fields.organizationId)} />
			<TextareaField
				label="Votre message"
				hint={`Présentez votre association et ce que vous apporteriez au projet. Au plus ${LIMITS.message.max.toLocaleString('fr-FR')} caractères. Votre adresse n’est pas communiquée.`}
				errors={fields.message.errors}
				textareaProps={{ ...getTextareaProps(fields.message), rows: 5, maxLength: LIMITS.message.max }}
			/>
			<div>
				<button type="submit">Envoyer notre réponse</button>
			</div>
		</Form>
	)
}

function AnnouncerPart() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const pending = data.answers.filter((a) => a.status === 'pending')
	return (
		<section aria-labelledby="reponses">
			<h2 id="reponses">Les réponses ({data.answers.length})</h2>
			{data.draft ? (
				<p>
					Les réponses acceptées sont invitées comme partenaires de votre dossier{' '}
					<Link to={`/candidatures/${data.draft.id}/partenaires`}>« {data.draft.title} »</Link>.
				</p>
			) : (
				<p>Accepter une réponse invite l’association comme partenaire de votre brouillon sur cet appel ; s’il n’existe pas encore, il est créé avec le titre de l’annonce.</p>
			)}
			{data.answers.length === 0 ? <p>Aucune réponse pour le moment. Vous êtes prévenu·e par e-mail à chaque réponse.</p> : null}
			{data.answers.map((answer) => {
				const errors = actionData && 'answerId' in actionData && actionData.answerId === answer.id ? errorsOf(actionData.result) : undefined
				return (
					<article key={answer.id} className="card" aria-labelledby={`reponse-${answer.id}`}>
						<h3 id={`reponse-${answer.id}`}>{answer.profilePath ? <Link to={answer.profilePath}>{answer.organizationName}</Link> : answer.organizationName}</h3>
						<p className="muted">
							{answer.departement ? `Département ${answer.departement} · ` : ''}
							{formatDate(answer.createdAt)} · {ANSWER_STATUS_LABELS[answer.status]}
						</p>
						<p style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{answer.message}</p>
						{answer.status === 'declined' && answer.statusReason ? <p>Motif : {answer.statusReason}</p> : null}
						{answer.status === 'pending' && data.announcement.status === 'open' ? (
							<div className="stack">
								<FormErrors id={`erreurs-${answer.id}`} errors={errors} />
								<Form method="post">
									<input type="hidden" name="answerId" value={answer.id} />
									<button type="submit" name="intent" value="accept">
										Accepter et inviter {answer.organizationName}
									</button>
								</Form>
								<DeclineForm answerId={answer.id} />
							</div>
						) : null}
					</article>
				)
			})}
			{data.announcement.status === 'open' ? (
				<Form method="post">
					<input type="hidden" name="intent" value="close" />
					<p>
						Vous avez trouvé vos partenaires ? Fermez l’annonce{pending.length > 0 ? ` (les ${pending.length} réponse${pending.length > 1 ? 's' : ''} en attente seront déclinées)` : ''}.
					</p>
					<button type="submit" className="secondary">
						Fermer l’annonce
					</button>
				</Form>
			) : null}
		</section>
	)
}

/** Declining, with an optional reason: its own Conform form (the reason kept and its error shown when refused). */
function DeclineForm({ answerId }: { answerId: string }) {
	const actionData = useActionData<typeof action>()
	const mine = actionData?.intent === 'decline' && 'answerId' in actionData && actionData.answerId === answerId
	const [form, fields] = useForm({
		id: `decliner-${answerId}`,
		lastResult: mine ? actionData.result : undefined,
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: DeclineAnswerSchema }),
	})
	return (
		<Form method="post" className="stack" {...getFormProps(form)}>
			<input type="hidden" name="intent" value="decline" />
			<input type="hidden" name="answerId" value={answerId} />
			<TextareaField
				label="Motif (facultatif, transmis à l’association)"
				errors={fields.reason.errors}
				textareaProps={{ ...getTextareaProps(fields.reason), rows: 2, maxLength: LIMITS.reason.max }}
			/>
			<div>
				<button type="submit" className="secondary">
					Décliner cette réponse
				</button>
			</div>
		</Form>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
