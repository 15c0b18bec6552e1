import { getCollectionProps, getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireSupporterStaff } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, FormErrors, TextareaField } from '#app/components/forms.tsx'
import { APPLICATION_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { getDossierForOpinion, giveOpinion } from '#app/domain/supporters/opinions.server.ts'
import { OPINION_TEXT_MAX, OPINION_VERDICTS, OpinionFormSchema, VERDICT_LABELS } from '#app/domain/supporters/opinions.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Avis sur « ${data.dossier.title} » — Accompagnement — Ensemble` : 'Avis — Ensemble' }]

/**
 * The supporter's opinion on a dossier that named its structure (issue 8). Only the title,
 * the call and the associations are shown: see app/domain/supporters/opinions.server.ts.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireSupporterStaff(request)
	const dossier = await getDossierForOpinion({ user, applicationId: params.applicationId! })
	return json({ dossier })
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user } = await requireSupporterStaff(request)
	const applicationId = params.applicationId!
	// 404 before reading the form for a dossier that did not name this person's structure.
	await getDossierForOpinion({ user, applicationId })
	const formData = await readFormData(request)
	const submission = parseSubmission(formData, { schema: OpinionFormSchema })
	if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
	const outcome = await giveOpinion({ user, applicationId, ...submission.value })
	if (!outcome.ok) {
		const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
		return json({ result: reply }, { status: outcome.field ? 400 : 409 })
	}
	return redirectWithToast(`/accompagnement/dossiers/${applicationId}/avis`, { title: 'Avis enregistré', description: 'Le financeur et le jury le liront à côté du dossier.' })
}

export default function SupporterOpinionPage() {
	const { dossier } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'avis',
		lastResult: actionData?.result,
		defaultValue: { verdict: dossier.verdict ?? '', text: dossier.text ?? '' },
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: OpinionFormSchema }),
	})
	return (
		<>
			<p>
				<Link to="/accompagnement">← Espace d’accompagnement</Link>
			</p>
			<h1 style={{ overflowWrap: 'anywhere' }}>Avis sur « {dossier.title} »</h1>
			<dl className="facts">
				<dt>Appel à projets</dt>
				<dd>
					{dossier.callTitle} ({dossier.funderName})
				</dd>
				<dt>Associations</dt>
				<dd>{dossier.associations.join(', ')}</dd>
				<dt>État du dossier</dt>
				<dd>{APPLICATION_STATUS_LABELS[dossier.status] ?? dossier.status}</dd>
				<dt>Structure d’accompagnement</dt>
				<dd>{dossier.structureName}</dd>
			</dl>
			<p className="muted">
				Votre avis porte sur l’accompagnement que vous avez apporté au consortium et sur la coopération que vous avez vue. Le financeur et le jury le lisent à
				côté du dossier ; le consortium sait seulement qu’il a été donné, et quand. Le contenu du dossier reste entre le consortium, le financeur et le jury.
			</p>

			<section aria-labelledby="votre-avis">
				<h2 id="votre-avis">Votre avis</h2>
				{dossier.verdict && dossier.opinionUpdatedAt ? (
					<p className="muted">
						Dernier enregistrement le {formatDateTime(dossier.opinionUpdatedAt)}.
					</p>
				) : null}
				{dossier.editable ? (
					<Form method="post" className="stack" {...getFormProps(form)}>
						<FormErrors id={form.errorId} errors={form.errors} />
						<fieldset aria-describedby={fields.verdict.errors?.length ? fields.verdict.errorId : undefined}>
							<legend>Avis</legend>
							{getCollectionProps(fields.verdict, { type: 'radio', options: [...OPINION_VERDICTS] }).map((props) => (
								<label key={props.key} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
									<input {...props} key={props.key} />
									<span>{VERDICT_LABELS[props.value as (typeof OPINION_VERDICTS)[number]]}</span>
								</label>
							))}
							<ErrorList id={fields.verdict.errorId} errors={fields.verdict.errors} />
						</fieldset>
						<TextareaField
							label="Votre avis motivé"
							hint={`Obligatoire, ${OPINION_TEXT_MAX} caractères au plus. Modifiable jusqu’à la délibération du jury.`}
							errors={fields.text.errors}
							textareaProps={{ ...getTextareaProps(fields.text), rows: 8 }}
						/>
						<div>
							<button type="submit">{dossier.verdict ? 'Enregistrer la modification' : 'Donner mon avis'}</button>
						</div>
					</Form>
				) : (
					<>
						<p>La délibération du jury a commencé : votre avis ne peut plus être modifié.</p>
						{dossier.verdict ? (
							<>
								<p>
									<strong>{VERDICT_LABELS[dossier.verdict]}</strong>
								</p>
								<p style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{dossier.text}</p>
							</>
						) : (
							<p>Aucun avis n’a été donné.</p>
						)}
					</>
				)}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
