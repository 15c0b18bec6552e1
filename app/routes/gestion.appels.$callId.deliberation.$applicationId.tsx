import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { forbidden, notFound, requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, Field, FormErrors, TextareaField } from '#app/components/forms.tsx'
import { getDecisionPage, requireDecider } from '#app/domain/deliberation/deliberation-page.server.ts'
import { decide } from '#app/domain/deliberation/decisions.server.ts'
import { centsToInput, DECISION_LABELS, DECISIONS, DecisionSchema, decisionOf, MAX_MOTIVATION_LENGTH } from '#app/domain/deliberation/decisions.ts'
import { formatCents } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Décision — ${data?.dossier.title ?? 'Dossier'} — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	return json(await getDecisionPage({ user, callId: params.callId!, applicationId: params.applicationId! }))
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const callId = params.callId!
	const applicationId = params.applicationId!
	await requireDecider(user, callId)
	const submission = parseSubmission(await readFormData(request), { schema: DecisionSchema })
	if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
	const outcome = await decide({ user, callId, applicationId, ...submission.value })
	if (outcome === null) notFound('Ce dossier n’existe pas dans cette délibération, ou vous n’y avez pas accès.')
	if (!outcome.ok) {
		if (outcome.status === 'not-staff') forbidden()
		const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
		return json({ result: reply }, { status: outcome.field ? 400 : 409 })
	}
	return redirectWithToast(`/gestion/appels/${callId}/deliberation#dossier-${applicationId}`, {
		title: `Décision enregistrée : ${DECISION_LABELS[submission.value.decision].toLowerCase()}`,
	})
}

const score = (value: number | null) => (value === null ? '—' : value.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }))

export default function DecisionPage() {
	const { call, dossier, evaluations, isStaff, canDecide } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const decision = decisionOf(dossier.status)
	return (
		<>
			<p>
				<Link to={`/gestion/appels/${call.id}/deliberation#dossier-${dossier.applicationId}`}>← Délibération — {call.title}</Link>
			</p>
			<h1>{dossier.title}</h1>
			<dl className="facts">
				<dt>Porteur</dt>
				<dd>
					{dossier.leadName}
					{dossier.departement ? ` (${dossier.departement})` : ''}
				</dd>
				<dt>Thèmes</dt>
				<dd>{dossier.themeLabels.length ? dossier.themeLabels.join(', ') : '—'}</dd>
				<dt>Rang</dt>
				<dd>{dossier.rank === null ? 'Non classé (aucune évaluation envoyée)' : dossier.interval ? `${dossier.rank} (entre ${dossier.interval.low} et ${dossier.interval.high})` : dossier.rank}</dd>
				<dt>Moyenne brute pondérée</dt>
				<dd>{score(dossier.raw)} / 100</dd>
				<dt>Score calibré</dt>
				<dd>{score(dossier.calibrated)} / 100</dd>
				<dt>Évaluations envoyées</dt>
				<dd>{dossier.evaluations}</dd>
				<dt>Écart entre jurés</dt>
				<dd>
					{score(dossier.spread)}
					{dossier.disagreement ? ' — désaccord' : ''}
				</dd>
				<dt>Montant demandé</dt>
				<dd>{formatCents(dossier.amountRequestedCents)}</dd>
				<dt>Montant proposé</dt>
				<dd>{formatCents(dossier.proposedAmountCents)}</dd>
				<dt>Ligne de financement</dt>
				<dd>
					{dossier.funded ? 'Au-dessus de la ligne' : 'Sous la ligne'}
					{dossier.onTheLine ? ', à départager' : ''}
				</dd>
				<dt>Décision</dt>
				<dd>
					{decision ? DECISION_LABELS[decision] : 'À décider'}
					{decision === 'selected' ? ` — ${formatCents(dossier.amountGrantedCents)}` : ''}
					{decision === 'waitlisted' && dossier.waitlistPosition !== null ? ` (rang ${dossier.waitlistPosition} sur la liste)` : ''}
					{dossier.decisionMotivation ? ` : ${dossier.decisionMotivation}` : ''}
				</dd>
			</dl>
			{isStaff ? (
				<p>
					<Link to={`/gestion/appels/${call.id}/candidatures/${dossier.applicationId}`}>Lire le dossier complet</Link>
				</p>
			) : null}

			{isStaff ? (
				<>
					<h2>Notes des jurés</h2>
					{evaluations.length === 0 ? (
						<p>Aucune évaluation envoyée.</p>
					) : (
						<ul>
							{evaluations.map((evaluation, index) => (
								<li key={index}>
									<strong>{evaluation.jurorName}</strong> : {evaluation.total === null ? 'incomplète' : `${score(evaluation.total)} / 100`} —{' '}
									{evaluation.scores.map((s) => `${s.criterion} ${s.value ?? '—'}/${s.scaleMax}`).join(', ')}
								</li>
							))}
						</ul>
					)}
				</>
			) : null}

			{canDecide ? (
				<DecisionForm
					lastResult={actionData?.result}
					current={{
						decision,
						amount: centsToInput(decision === 'selected' ? dossier.amountGrantedCents : dossier.proposedAmountCents),
						motivation: dossier.decisionMotivation ?? '',
						waitlistPosition: dossier.waitlistPosition === null ? '' : String(dossier.waitlistPosition),
					}}
				/>
			) : null}
		</>
	)
}

function DecisionForm({
	lastResult,
	current,
}: {
	lastResult: SubmissionResult<string[]> | undefined
	current: { decision: string | null; amount: string; motivation: string; waitlistPosition: string }
}) {
	const [form, fields] = useForm({
		id: 'decision',
		lastResult,
		shouldValidate: 'onSubmit',
		defaultValue: { decision: current.decision ?? undefined, amount: current.amount, motivation: current.motivation, waitlistPosition: current.waitlistPosition },
	})
	const chosen = (fields.decision.initialValue as string | undefined) ?? ''
	return (
		<Form method="post" {...getFormProps(form)} className="stack">
			<h2>Décision</h2>
			<FormErrors id={`${form.id}-form-error`} errors={form.errors} />
			<input type="hidden" name="intent" value="decide" />
			<fieldset aria-describedby={fields.decision.errors?.length ? `${fields.decision.id}-error` : undefined}>
				<legend>Décision du jury</legend>
				{DECISIONS.map((value) => (
					<label key={value} className="checkbox">
						<input type="radio" name={fields.decision.name} value={value} defaultChecked={chosen === value} /> {DECISION_LABELS[value]}
					</label>
				))}
				<ErrorList id={`${fields.decision.id}-error`} errors={fields.decision.errors} />
			</fieldset>
			<Field
				label="Montant attribué (euros, si retenu)"
				hint="Pas plus que le montant demandé ni que le plafond de l’appel ; un montant partiel est possible."
				errors={fields.amount.errors}
				inputProps={{ ...getInputProps(fields.amount, { type: 'text' }), inputMode: 'decimal', autoComplete: 'off' }}
			/>
			<TextareaField
				label="Motivation"
				hint={`Obligatoire pour un dossier non retenu ; reprise dans le courrier et le procès-verbal (${MAX_MOTIVATION_LENGTH} caractères au plus).`}
				errors={fields.motivation.errors}
				textareaProps={{ ...getTextareaProps(fields.motivation), rows: 4 }}
			/>
			<Field
				label="Rang sur la liste d’attente (si liste d’attente)"
				hint="Laissez vide pour ajouter le dossier à la fin de la liste."
				errors={fields.waitlistPosition.errors}
				inputProps={{ ...getInputProps(fields.waitlistPosition, { type: 'text' }), inputMode: 'numeric', autoComplete: 'off' }}
			/>
			<p>
				<button type="submit">Enregistrer la décision</button>
			</p>
		</Form>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
