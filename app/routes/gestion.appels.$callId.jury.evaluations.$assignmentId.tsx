/**
 * One juror's evaluation of one dossier, for the call's funder staff: scores, comments,
 * general opinion, state; « Rouvrir » a sent evaluation with a required reason (the juror
 * is emailed). The staff's assignment page links here.
 */
import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallNav } from '#app/components/call-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors, TextareaField } from '#app/components/forms.tsx'
import { PROGRESS_LABELS, REOPEN_REASON_MAX, ReopenSchema } from '#app/domain/jury/evaluation.ts'
import { getEvaluationForStaff, reopenEvaluation } from '#app/domain/jury/evaluation.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `Évaluation de ${data.juror.name} — ${data.application.title} — Ensemble` : 'Évaluation — Ensemble' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	return json(await getEvaluationForStaff({ user, callId: params.callId!, assignmentId: params.assignmentId! }))
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const callId = params.callId!
	const assignmentId = params.assignmentId!
	// 404 before the form is read for another funder's call or an assignment not of this call.
	await getEvaluationForStaff({ user, callId, assignmentId })
	const formData = await readFormData(request)
	const submission = parseSubmission(formData, { schema: ReopenSchema })
	if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
	const outcome = await reopenEvaluation({ user, callId, assignmentId, reason: submission.value.reason })
	if (!outcome.ok) {
		const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
		return json({ result: reply }, { status: 409 })
	}
	return redirectWithToast(`/gestion/appels/${callId}/jury/evaluations/${assignmentId}`, {
		title: 'Évaluation rouverte',
		description: 'Le juré est prévenu par e-mail, avec le motif.',
	})
}

export default function StaffEvaluationPage() {
	const { call, juror, application, evaluation, criteria, canReopen } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to={`/gestion/appels/${call.id}/jury`}>← Jury de l’appel</Link>
			</p>
			<h1>Évaluation de {juror.name}</h1>
			<CallNav callId={call.id} />
			<dl className="facts">
				<dt>Dossier</dt>
				<dd>
					<Link to={`/gestion/appels/${call.id}/candidatures/${application.id}`}>{application.title}</Link>
				</dd>
				<dt>Juré</dt>
				<dd>
					{juror.name} ({juror.email})
				</dd>
				<dt>État</dt>
				<dd>
					{PROGRESS_LABELS[evaluation.progress]}
					{evaluation.submittedAt ? ` le ${formatDateTime(evaluation.submittedAt)}` : ''}
				</dd>
				<dt>Note pondérée</dt>
				<dd>{evaluation.weighted !== null ? `${evaluation.weighted.toLocaleString('fr-FR')} / 100` : '—'}</dd>
				{evaluation.reopenedAt ? (
					<>
						<dt>Dernière réouverture</dt>
						<dd>
							{formatDateTime(evaluation.reopenedAt)} : {evaluation.reopenReason}
						</dd>
					</>
				) : null}
			</dl>
			<h2>Notes</h2>
			<table>
				<thead>
					<tr>
						<th scope="col">Critère</th>
						<th scope="col">Note</th>
						<th scope="col">Commentaire</th>
					</tr>
				</thead>
				<tbody>
					{criteria.map((criterion) => (
						<tr key={criterion.id}>
							<th scope="row">
								{criterion.label} <span className="muted">(coefficient {criterion.weight})</span>
							</th>
							<td data-label="Note">
								{criterion.value ?? '—'} / {criterion.scaleMax}
							</td>
							<td data-label="Commentaire" style={{ whiteSpace: 'pre-line' }}>
								{criterion.comment || '—'}
							</td>
						</tr>
					))}
				</tbody>
			</table>
			<h2>Avis général</h2>
			<p style={{ whiteSpace: 'pre-line' }}>{evaluation.generalOpinion || '—'}</p>
			{canReopen ? <ReopenForm /> : null}
		</>
	)
}

function ReopenForm() {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({ id: 'rouvrir', lastResult: actionData?.result, shouldValidate: 'onSubmit' })
	return (
		<section aria-labelledby="titre-rouvrir">
			<h2 id="titre-rouvrir">Rouvrir l’évaluation</h2>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="intent" value="reopen" />
				<TextareaField
					label="Motif de la réouverture"
					hint="Il est envoyé au juré par e-mail et gardé dans l’historique."
					errors={fields.reason.errors}
					textareaProps={{ ...getTextareaProps(fields.reason), rows: 3, required: true, maxLength: REOPEN_REASON_MAX }}
				/>
				<div>
					<button type="submit">Rouvrir</button>
				</div>
			</Form>
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
