import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/permissions.server.ts'
import { ApplicationNav, ApplicationReadOnly } from '#app/components/application-view.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors, TextareaField } from '#app/components/forms.tsx'
import { DeclineSchema, EngagementSchema } from '#app/domain/applications/application-forms.ts'
import { acceptEngagement, answerNo } from '#app/domain/applications/engagement.server.ts'
import { decide, getApplicationForUser, getDossierForUser } from '#app/domain/applications/access.server.ts'
import { MEMBER_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { isEditable } from '#app/domain/applications/rules.ts'
import { formatDate, formatDateTime } from '#app/utils/format.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Engagement de mon association — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const { access, dossier } = await getDossierForUser({ id: params.applicationId!, user }, { history: false })
	const { details } = dossier
	const { application } = access
	// A person may be référent of two associations of the consortium: ?association= picks which one answers.
	const wanted = new URL(request.url).searchParams.get('association')
	const chosen = access.members.find((m) => m.member.organizationId === wanted) ?? access.members[0]!
	const member = chosen.member
	const mine = details.members.find((m) => m.id === member.id)!
	const others = access.members
		.filter((m) => m !== chosen && m.member.organizationId)
		.map((m) => ({ organizationId: m.member.organizationId!, name: details.members.find((d) => d.id === m.member.id)?.name ?? '' }))
	const now = new Date()
	const expired = member.role === 'co_carrier' && member.status === 'invited' && !!member.invitationExpiresAt && member.invitationExpiresAt.getTime() <= now.getTime()
	const facts = { organizationId: member.organizationId ?? undefined, now }
	return json({
		id: application.id,
		isLead: access.isLead,
		isReferent: decide(access, 'answer', facts).allowed,
		canConfirm: decide(access, 'confirm-engagement', facts).allowed,
		canSayNo: decide(access, 'decline-engagement', facts).allowed,
		organizationId: member.organizationId,
		others,
		editable: isEditable(application.status),
		status: application.status,
		mine,
		expired,
		details,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const { application } = await getApplicationForUser({ id: params.applicationId!, user })
	const formData = await readFormData(request)
	const intent = formData.get('intent')
	const chosen = formData.get('organizationId')
	const organizationId = typeof chosen === 'string' && chosen ? chosen : undefined
	const here = `/candidatures/${application.id}`
	if (intent === 'accept') {
		const submission = parseSubmission(formData, { schema: EngagementSchema })
		if (submission.status !== 'success') return json({ intent, result: submission.reply() }, { status: 400 })
		const outcome = await acceptEngagement({ id: application.id, user, organizationId, ...submission.value })
		if (!outcome.ok) {
			const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return json({ intent, result: reply }, { status: 409 })
		}
		return redirectWithToast(here, { title: 'Engagement confirmé', description: 'Le chef de file en est informé par e-mail.' })
	}
	if (intent === 'decline' || intent === 'withdraw') {
		const submission = parseSubmission(formData, { schema: DeclineSchema })
		if (submission.status !== 'success') return json({ intent, result: submission.reply() }, { status: 400 })
		const outcome = await answerNo({ id: application.id, user, organizationId, intent: submission.value.intent, message: submission.value.message })
		if (!outcome.ok) {
			const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return json({ intent, result: reply }, { status: 409 })
		}
		return redirectWithToast('/espace', {
			title: intent === 'decline' ? 'Invitation déclinée' : 'Votre association s’est retirée du projet',
			description: 'Le chef de file en est informé par e-mail.',
		})
	}
	throw new Response('Action inconnue sur cette page.', { status: 400 })
}

export default function EngagementPage() {
	const data = useLoaderData<typeof loader>()
	const { mine } = data
	return (
		<>
			<h1>{`Engagement de ${mine.name} dans « ${data.details.title} »`}</h1>
			<ApplicationNav id={data.id} isLead={data.isLead} />
			<p>
				Statut : {MEMBER_STATUS_LABELS[mine.status]}
				{mine.confirmedAt ? ` le ${formatDateTime(mine.confirmedAt)}` : ''}.
			</p>
			{mine.status === 'invited' && !data.expired && mine.role === 'co_carrier' && mine.invitationExpiresAt ? (
				<p className="muted">Invitation valable jusqu’au {formatDate(mine.invitationExpiresAt)}. Prenez le temps de lire le dossier avant de répondre.</p>
			) : null}
			{data.expired ? <p className="form-error">Cette invitation a expiré (elle était valable 14 jours). Demandez au chef de file de vous la renvoyer.</p> : null}
			{data.others.length > 0 ? (
				<p>
					Vous répondez pour {mine.name}. Répondre pour{' '}
					{data.others.map((o, i) => (
						<span key={o.organizationId}>
							{i > 0 ? ', ' : ''}
							<a href={`/candidatures/${data.id}/engagement?association=${o.organizationId}`}>{o.name}</a>
						</span>
					))}
					.
				</p>
			) : null}
			{!data.isReferent ? <p className="card">Seul le référent de votre association peut répondre pour elle. Vous pouvez lire le dossier ci-dessous.</p> : null}
			{data.canConfirm ? <AcceptForm organizationId={data.organizationId} roleDescription={mine.roleDescription} contribution={mine.contribution} /> : null}
			{data.canSayNo ? (
				<NoForm organizationId={data.organizationId} intent={mine.status === 'invited' ? 'decline' : 'withdraw'} submitted={!data.editable} />
			) : null}
			<h2>Le dossier</h2>
			<ApplicationReadOnly details={data.details} />
		</>
	)
}

function AcceptForm({ organizationId, roleDescription, contribution }: { organizationId: string | null; roleDescription: string; contribution: string }) {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'accepter',
		lastResult: actionData?.intent === 'accept' ? actionData.result : undefined,
		defaultValue: { roleDescription, contribution },
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: EngagementSchema }),
	})
	return (
		<section aria-labelledby="confirmer">
			<h2 id="confirmer">Confirmer l’engagement</h2>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="intent" value="accept" />
				<input type="hidden" name="organizationId" value={organizationId ?? ''} />
				<TextareaField
					label="Rôle de votre association dans le projet (qui fait quoi)"
					errors={fields.roleDescription.errors}
					textareaProps={{ ...getTextareaProps(fields.roleDescription), rows: 3 }}
				/>
				<TextareaField
					label="Contribution de votre association"
					hint="Moyens humains (salariés, bénévoles), matériels, financiers."
					errors={fields.contribution.errors}
					textareaProps={{ ...getTextareaProps(fields.contribution), rows: 3 }}
				/>
				<div>
					<button type="submit">Confirmer l’engagement de mon association</button>
				</div>
			</Form>
		</section>
	)
}

function NoForm({ organizationId, intent, submitted }: { organizationId: string | null; intent: 'decline' | 'withdraw'; submitted: boolean }) {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: intent,
		lastResult: actionData?.intent === intent ? actionData.result : undefined,
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: DeclineSchema }),
	})
	const title = intent === 'decline' ? 'Décliner l’invitation' : 'Retirer mon association du projet'
	return (
		<section aria-labelledby={`titre-${intent}`}>
			<h2 id={`titre-${intent}`}>{title}</h2>
			{submitted ? <p className="muted">Le dossier a été déposé : votre retrait sera signalé au financeur.</p> : null}
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="intent" value={intent} />
				<input type="hidden" name="organizationId" value={organizationId ?? ''} />
				<TextareaField label="Message au chef de file" errors={fields.message.errors} textareaProps={{ ...getTextareaProps(fields.message), rows: 3 }} />
				<div>
					<button type="submit">{title}</button>
				</div>
			</Form>
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
