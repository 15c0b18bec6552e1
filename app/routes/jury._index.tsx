/**
 * The juror's space: the calls whose jury they sit on, their dossiers with progress, a
 * conflict declared from the list (before or after opening the dossier), and for the chair
 * the jury's conflicts of interest to confirm or dismiss with a reason.
 */
import { getFormProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { z } from 'zod'
import { requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, FormErrors, SelectField, TextareaField } from '#app/components/forms.tsx'
import { CONFLICT_CAUSE_LABELS, CONFLICT_STATUS_LABELS, DECLARED_TYPE_LABELS, DecideConflictSchema, DeclareConflictSchema, type DeclaredType } from '#app/domain/jury/conflicts.ts'
import { declareConflict, decideConflict } from '#app/domain/jury/conflicts.server.ts'
import { PROGRESS_LABELS } from '#app/domain/jury/evaluation.ts'
import { getJurorSpace } from '#app/domain/jury/juror-space.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { pluralize } from '#app/utils/pluralize.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction = () => [{ title: 'Mon jury — Ensemble' }]

const DeclareFormSchema = DeclareConflictSchema.extend({ callId: z.string().trim().min(1).max(100) })

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	return json(await getJurorSpace({ user }))
}

type ActionData = { formId: string | null; result: SubmissionResult<string[]> | null; message: string | null }

export async function action({ request }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const formData = await readFormData(request)
	const intent = formData.get('intent')
	const reply = (data: ActionData, status: number) => json(data, { status })
	if (intent === 'declare-conflict') {
		const formId = `conflit-${String(formData.get('applicationId') ?? '').slice(0, 100)}`
		const submission = parseSubmission(formData, { schema: DeclareFormSchema })
		if (submission.status !== 'success') return reply({ formId, result: submission.reply(), message: null }, 400)
		const { callId, applicationId, type, detail } = submission.value
		const outcome = await declareConflict({ user, callId, applicationId, type, detail })
		if (!outcome.ok) {
			const result = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return reply({ formId, result, message: null }, 400)
		}
		return redirectWithToast('/jury', {
			title: 'Conflit d’intérêts déclaré',
			description: 'Ce dossier ne vous est plus présenté. La présidence du jury ou le financeur examinera le lien que vous avez signalé.',
		})
	}
	if (intent === 'decide-conflict') {
		const formId = `decision-${String(formData.get('conflictId') ?? '').slice(0, 100)}`
		const submission = parseSubmission(formData, { schema: DecideConflictSchema })
		if (submission.status !== 'success') return reply({ formId, result: submission.reply(), message: null }, 400)
		const outcome = await decideConflict({ user, ...submission.value })
		// The only refusal left: the conflict is the viewer's own (404 was thrown for the others).
		if (!outcome.ok) return reply({ formId, result: submission.reply({ formErrors: [outcome.message] }), message: null }, 403)
		return redirectWithToast('/jury', { title: submission.value.decision === 'confirm' ? 'Conflit confirmé' : 'Conflit écarté' })
	}
	return reply({ formId: null, result: null, message: 'Action inconnue : rechargez la page.' }, 400)
}

export default function JurorSpace() {
	const { seats } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const resultFor = (formId: string) => (actionData?.formId === formId ? actionData.result : undefined)
	return (
		<>
			<h1>Mon jury</h1>
			{actionData?.message ? <FormErrors id="jury-error" errors={[actionData.message]} /> : null}
			{seats.length === 0 ? <p>Vous ne siégez à aucun jury pour l’instant. Une invitation du financeur vous parvient par e-mail.</p> : null}
			{seats.map((seat) => (
				<section key={seat.callId} aria-labelledby={`appel-${seat.callId}`}>
					<h2 id={`appel-${seat.callId}`}>{seat.callTitle}</h2>
					<dl className="facts">
						<dt>Fin du jury</dt>
						<dd>{seat.juryEndsOn ? formatDate(seat.juryEndsOn) : 'Non fixée'}</dd>
						<dt>Mon rôle</dt>
						<dd>
							{seat.isChair ? 'Président·e du jury' : 'Juré·e'}
							{seat.canViewDeliberation ? (
								<>
									{' — '}
									<Link to={`/gestion/appels/${seat.callId}/deliberation`}>voir la délibération</Link>
									{' · '}
									<Link to={`/gestion/appels/${seat.callId}/deliberation/cloture`}>{seat.callStatus === 'deliberation' ? 'valider les décisions' : 'clôture et procès-verbal'}</Link>
								</>
							) : null}
						</dd>
						<dt>Avancement</dt>
						<dd>
							{`${pluralize(seat.left, 'dossier', 'dossiers')} à évaluer sur ${seat.dossiers.length}`}
						</dd>
					</dl>
					{seat.scoringOpen ? null : (
						<p className="muted">
							{['draft', 'published', 'closed'].includes(seat.callStatus)
								? 'Le jury n’a pas encore commencé : vous pourrez noter vos dossiers à son ouverture.'
								: 'La période de notation est terminée : les évaluations ne peuvent plus être modifiées.'}
						</p>
					)}
					<h3>Mes dossiers</h3>
					{seat.dossiers.length === 0 ? (
						<p>Aucun dossier ne vous est confié pour l’instant.</p>
					) : (
						<ul style={{ listStyle: 'none', padding: 0 }}>
							{seat.dossiers.map((dossier) => (
								<li key={dossier.applicationId} className="card">
									<p style={{ margin: '0 0 8px' }}>
										<Link to={`/jury/appels/${seat.callId}/dossiers/${dossier.applicationId}`}>
											<strong>{dossier.title}</strong>
										</Link>
										<br />
										Évaluation : {PROGRESS_LABELS[dossier.progress]}
									</p>
									<DeclareForm
										callId={seat.callId}
										applicationId={dossier.applicationId}
										title={dossier.title}
										lastResult={resultFor(`conflit-${dossier.applicationId}`)}
									/>
								</li>
							))}
						</ul>
					)}
					{seat.ownConflicts.length > 0 ? (
						<>
							<h3>Dossiers écartés pour conflit d’intérêts</h3>
							<ul>
								{seat.ownConflicts.map((conflict) => (
									<li key={conflict.id}>
										« {conflict.applicationTitle} » : {CONFLICT_CAUSE_LABELS[conflict.cause]} — {CONFLICT_STATUS_LABELS[conflict.status]}
									</li>
								))}
							</ul>
						</>
					) : null}
					{seat.isChair ? (
						<>
							<h3>Conflits d’intérêts du jury</h3>
							{seat.chairConflicts.length === 0 ? (
								<p>Aucun conflit d’intérêts enregistré.</p>
							) : (
								<ul style={{ listStyle: 'none', padding: 0 }}>
									{seat.chairConflicts.map((conflict) => (
										<li key={conflict.id} className="card">
											<p style={{ marginTop: 0 }}>
												<strong>{conflict.jurorName}</strong> — « {conflict.applicationTitle} »
												<br />
												{CONFLICT_CAUSE_LABELS[conflict.cause]}
												{conflict.detail ? ` (${conflict.detail})` : ''}
												<br />
												Statut : {CONFLICT_STATUS_LABELS[conflict.status]}
												{conflict.decisionReason ? ` — ${conflict.decisionReason}` : ''}
											</p>
											{conflict.canDecide ? (
												<DecideForm conflictId={conflict.id} lastResult={resultFor(`decision-${conflict.id}`)} />
											) : (
												<p className="muted">Ce conflit vous concerne : il est décidé par le financeur.</p>
											)}
										</li>
									))}
								</ul>
							)}
						</>
					) : null}
				</section>
			))}
		</>
	)
}

const TYPE_OPTIONS = (Object.keys(DECLARED_TYPE_LABELS) as DeclaredType[]).map((value) => ({ value, label: DECLARED_TYPE_LABELS[value] }))

function DeclareForm({ callId, applicationId, title, lastResult }: { callId: string; applicationId: string; title: string; lastResult: SubmissionResult<string[]> | null | undefined }) {
	const [form, fields] = useForm({ id: `conflit-${applicationId}`, lastResult: lastResult ?? undefined, shouldValidate: 'onSubmit' })
	return (
		<details open={!!lastResult}>
			<summary>Déclarer un conflit d’intérêts sur ce dossier</summary>
			<Form method="post" className="stack" {...getFormProps(form)} aria-label={`Déclarer un conflit d’intérêts : ${title}`}>
				<p className="hint" style={{ margin: 0 }}>
					Une fois déclaré, le dossier ne vous est plus présenté ; la présidence du jury ou le financeur examine le lien.
				</p>
				<FormErrors id={`${form.id}-form-error`} errors={form.errors} />
				<input type="hidden" name="intent" value="declare-conflict" />
				<input type="hidden" name="callId" value={callId} />
				<input type="hidden" name="applicationId" value={applicationId} />
				<SelectField label="Type de lien" errors={fields.type.errors} selectProps={{ ...getSelectProps(fields.type), required: true }} placeholder="Choisir…" options={TYPE_OPTIONS} />
				<TextareaField label="Décrivez le lien" errors={fields.detail.errors} textareaProps={{ ...getTextareaProps(fields.detail), rows: 3, required: true }} />
				<div>
					<button type="submit">Déclarer le conflit</button>
				</div>
			</Form>
		</details>
	)
}

function DecideForm({ conflictId, lastResult }: { conflictId: string; lastResult: SubmissionResult<string[]> | null | undefined }) {
	const [form, fields] = useForm({ id: `decision-${conflictId}`, lastResult: lastResult ?? undefined, shouldValidate: 'onSubmit' })
	return (
		<Form method="post" className="stack" {...getFormProps(form)}>
			<FormErrors id={`${form.id}-form-error`} errors={form.errors} />
			<input type="hidden" name="intent" value="decide-conflict" />
			<input type="hidden" name="conflictId" value={conflictId} />
			<TextareaField label="Motif de la décision" errors={fields.reason.errors} textareaProps={{ ...getTextareaProps(fields.reason), rows: 2, required: true }} />
			<ErrorList errors={fields.decision.errors} />
			<div className="form-actions">
				<button type="submit" name="decision" value="confirm">
					Confirmer le conflit
				</button>
				<button type="submit" name="decision" value="dismiss" className="secondary">
					Écarter le conflit
				</button>
			</div>
		</Form>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
