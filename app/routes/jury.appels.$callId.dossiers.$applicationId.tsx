/**
 * The juror's scoring page: the dossier read-only in the shared dossier view (no history),
 * beside it the grid. With JavaScript every change is saved as the juror goes (a fetcher,
 * one request at a time, each sending the version the last save returned); without it,
 * « Enregistrer » does the same. « Envoyer » saves and sends; a sent evaluation is locked.
 */
import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useFetcher, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { useEffect, useRef, useState } from 'react'
import { restoreKeptInput, requireUserKeepingInput } from '#app/auth/keep-input.server.ts'
import { requireUser } from '#app/auth/permissions.server.ts'
import { ApplicationSections } from '#app/components/application-view.tsx'
import { formState } from '#app/components/form-state.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors, SelectField, TextareaField } from '#app/components/forms.tsx'
import { StaticPart } from '#app/components/static-part.tsx'
import { CALL_STATUS_LABELS } from '#app/domain/calls/call-status.ts'
import { COMMENT_MAX, EVALUATION_LISTS, EvaluationSchema, OPINION_MAX, PROGRESS_LABELS, SCORES_VISIBILITY_LABELS, type EvaluationProblem } from '#app/domain/jury/evaluation.ts'
import { getEvaluationForJuror, requireJurorAssignment, saveEvaluation, sendEvaluation } from '#app/domain/jury/evaluation.server.ts'
import { formatDate, formatDateTime, formatNumber } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { staticPart } from '#app/utils/static-parts.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} — Évaluation — Ensemble` : 'Évaluation — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const { details, detailsVersion, ...data } = await getEvaluationForJuror({ user, callId: params.callId!, applicationId: params.applicationId! })
	// What was typed when the session expired comes back in the grid (app/auth/keep-input.server.ts).
	const kept = data.evaluation.editable ? await restoreKeptInput(request, user) : null
	return json({
		...data,
		title: details.title,
		// The dossier is read-only here: its HTML, not its data, goes to the page.
		dossier: staticPart(request, 'dossier-read-only', details, (dossier) => <ApplicationSections details={dossier} />, { version: detailsVersion }),
		keptResult: kept ? parseWithZod(kept, { schema: EvaluationSchema }).reply() : null,
	})
}

type ActionData = { ok: boolean; version: number | null; result: SubmissionResult<string[]> | null; message: string | null }

function replyFor(problems: EvaluationProblem[], message: string) {
	const fieldErrors: Record<string, string[]> = {}
	for (const problem of problems) if (problem.field) fieldErrors[problem.field] = [...(fieldErrors[problem.field] ?? []), problem.message]
	return { formErrors: [message], fieldErrors }
}

export async function action({ request, params }: ActionFunctionArgs) {
	// An expired session keeps the input (an autosave included) before the login redirect.
	const user = await requireUserKeepingInput(request)
	const callId = params.callId!
	const applicationId = params.applicationId!
	// 404 before the form is read for a dossier this person may not score.
	await requireJurorAssignment({ user, callId, applicationId })
	const formData = await readFormData(request, { lists: EVALUATION_LISTS })
	const submission = parseSubmission(formData, { schema: EvaluationSchema })
	if (submission.status !== 'success') {
		const result = submission.reply()
		// A hidden field (the version) has no place of its own on the page: its message joins the form's.
		const hidden = Object.entries(result.error ?? {})
			.filter(([name]) => name === 'version' || name === 'intent')
			.flatMap(([, messages]) => messages ?? [])
		return json<ActionData>(
			{ ok: false, version: null, result: hidden.length ? submission.reply({ formErrors: hidden }) : result, message: hidden[0] ?? 'Vérifiez les champs signalés.' },
			{ status: 400 },
		)
	}
	const { intent, ...value } = submission.value
	const outcome = intent === 'send' ? await sendEvaluation({ user, callId, applicationId, input: value }) : await saveEvaluation({ user, callId, applicationId, input: value })
	const page = `/jury/appels/${callId}/dossiers/${applicationId}`
	if (outcome.ok) {
		if (intent === 'autosave') return json<ActionData>({ ok: true, version: outcome.version, result: null, message: null })
		return redirectWithToast(page, {
			title: intent === 'send' ? 'Évaluation envoyée' : 'Évaluation enregistrée',
			description: intent === 'send' ? 'Elle ne peut plus être modifiée ; le financeur peut la rouvrir si besoin.' : undefined,
		})
	}
	const status = outcome.kind === 'invalid' || outcome.kind === 'incomplete' ? 400 : 409
	return json<ActionData>(
		{ ok: false, version: outcome.version ?? null, result: submission.reply(replyFor(outcome.problems, outcome.message)), message: outcome.message },
		{ status },
	)
}

// An autosave changes nothing the page shows (the version comes back with its answer).
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
	formData?.get('intent') === 'autosave' ? false : defaultShouldRevalidate

type Data = SerializeFrom<typeof loader>

export default function ScoringPage() {
	const data = useLoaderData<typeof loader>()
	const { call, evaluation } = data
	return (
		<>
			<p>
				<Link to="/jury">← Mon jury</Link>
			</p>
			<h1>{data.title}</h1>
			<dl className="facts">
				<dt>Appel</dt>
				<dd>{call.title}</dd>
				<dt>Fin du jury</dt>
				<dd>{call.juryEndsOn ? formatDate(call.juryEndsOn) : 'Non fixée'}</dd>
				<dt>Mon évaluation</dt>
				<dd>
					{PROGRESS_LABELS[evaluation.progress]}
					{evaluation.submittedAt ? ` le ${formatDateTime(evaluation.submittedAt)}` : ''}
				</dd>
			</dl>
			{/* On a phone the grid comes after the whole dossier: one step to reach it. */}
			<p>
				<a href="#titre-grille">Aller à ma notation</a>
			</p>
			{evaluation.reopenedAt && !evaluation.submittedAt ? (
				<p className="card" role="note">
					<strong>Évaluation rouverte par le financeur le {formatDateTime(evaluation.reopenedAt)}</strong>
					{evaluation.reopenReason ? ` : ${evaluation.reopenReason}` : ''}
				</p>
			) : null}
			<div className="scoring-layout">
				<div>
					<StaticPart part={data.dossier} />
				</div>
				<aside className="scoring-grid" aria-labelledby="titre-grille">
					<h2 id="titre-grille">Ma notation</h2>
					{evaluation.editable ? <EvaluationForm data={data} /> : <EvaluationReadOnly data={data} />}
					<OthersScores data={data} />
				</aside>
			</div>
		</>
	)
}

function EvaluationForm({ data }: { data: Data }) {
	const { criteria, evaluation } = data
	const actionData = useActionData<typeof action>()
	const fetcher = useFetcher<typeof action>()
	const formRef = useRef<HTMLFormElement>(null)
	// Plain controls, named by their path in EvaluationSchema: the server validates, and what was
	// typed comes back with its errors (Conform's reply) — the grid needs no form library's state.
	const state = formState('evaluation', actionData?.result ?? data.keptResult, {
		generalOpinion: evaluation.generalOpinion,
		scores: evaluation.scores.map((s) => ({ criterionId: s.criterionId, value: s.value === null ? '' : String(s.value), comment: s.comment })),
	})
	const formErrors = (actionData?.result ?? data.keptResult)?.error?.[''] ?? undefined

	// The version the next save sends: the page's, then each save's answer (a stale refusal brings the current one).
	const serverVersion = actionData?.version ?? evaluation.version
	const version = useRef(serverVersion)
	const [shownVersion, setShownVersion] = useState(serverVersion)

	// Autosave: one request at a time; a change made meanwhile is sent when it returns.
	const dirty = useRef(false)
	const timer = useRef<ReturnType<typeof setTimeout>>()
	const [status, setStatus] = useState<{ text: string; error: boolean }>({ text: '', error: false })
	const [paused, setPaused] = useState(false)
	const refusedByButton = actionData?.ok === false
	useEffect(() => {
		version.current = serverVersion
		setShownVersion(serverVersion)
		// A save by the buttons went through: autosave resumes from this version; refused, it waits for the juror.
		setPaused(refusedByButton)
	}, [serverVersion, refusedByButton])
	const flush = () => {
		if (!formRef.current || paused || fetcher.state !== 'idle') return
		dirty.current = false
		const body = new FormData(formRef.current)
		body.set('intent', 'autosave')
		body.set('version', String(version.current))
		setStatus({ text: 'Enregistrement…', error: false })
		fetcher.submit(body, { method: 'post' })
	}
	const changed = () => {
		dirty.current = true
		clearTimeout(timer.current)
		timer.current = setTimeout(flush, 800)
	}
	useEffect(() => () => clearTimeout(timer.current), [])
	// Leaving the page (a reload, a link, the tab closed) during the autosave's pause: what was
	// typed still goes out, as a beacon the browser sends after the page is gone.
	useEffect(() => {
		const onPageHide = () => {
			if (!dirty.current || paused || !formRef.current) return
			clearTimeout(timer.current)
			const body = new URLSearchParams()
			for (const [name, value] of new FormData(formRef.current)) if (typeof value === 'string') body.append(name, value)
			body.set('intent', 'autosave')
			body.set('version', String(version.current))
			if (navigator.sendBeacon(window.location.pathname, body)) dirty.current = false
		}
		window.addEventListener('pagehide', onPageHide)
		return () => window.removeEventListener('pagehide', onPageHide)
	}, [paused])
	useEffect(() => {
		if (fetcher.state !== 'idle' || !fetcher.data) return
		const answer = fetcher.data
		if (answer.version !== null) {
			version.current = answer.version
			setShownVersion(answer.version)
		}
		if (answer.ok) {
			setStatus({ text: `Enregistré à ${new Date().toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })}`, error: false })
			if (dirty.current) flush()
		} else {
			// Stale or refused: stop saving on its own; what is typed stays, « Enregistrer » is the juror's choice.
			setPaused(true)
			setStatus({ text: answer.message ?? 'L’enregistrement a été refusé.', error: true })
		}
		// eslint-disable-next-line react-hooks/exhaustive-deps -- runs on each answer of the fetcher
	}, [fetcher.state, fetcher.data])

	return (
		<Form
			method="post"
			ref={formRef}
			className="stack"
			id="evaluation"
			noValidate
			aria-describedby={formErrors?.length ? 'evaluation-error' : undefined}
			onSubmit={() => {
				// « Enregistrer » or « Envoyer » sends everything: no autosave after it.
				clearTimeout(timer.current)
				dirty.current = false
			}}
			onChange={changed}
			onInput={changed}
		>
			<FormErrors id="evaluation-error" errors={formErrors} />
			<input type="hidden" name="version" value={shownVersion} />
			{criteria.map((criterion, index) => {
				const path = `scores[${index}]`
				return (
					<fieldset key={criterion.id}>
						<legend>{criterion.label}</legend>
						<input type="hidden" name={`${path}.criterionId`} value={criterion.id} />
						<p className="hint" style={{ margin: 0 }}>
							Coefficient {criterion.weight}, note de 0 à {criterion.scaleMax}.{criterion.description ? ` ${criterion.description}` : ''}
						</p>
						<SelectField
							label={`Note (sur ${criterion.scaleMax})`}
							errors={state.errors(`${path}.value`)}
							selectProps={{ id: state.id(`${path}.value`), name: `${path}.value`, defaultValue: state.value(`${path}.value`) }}
							placeholder="Pas encore notée"
							options={scaleOptions(criterion.scaleMax)}
						/>
						<TextareaField
							label="Commentaire"
							errors={state.errors(`${path}.comment`)}
							textareaProps={{ id: state.id(`${path}.comment`), name: `${path}.comment`, defaultValue: state.value(`${path}.comment`), rows: 3, maxLength: COMMENT_MAX }}
						/>
					</fieldset>
				)
			})}
			<TextareaField
				label="Avis général"
				errors={state.errors('generalOpinion')}
				textareaProps={{ id: state.id('generalOpinion'), name: 'generalOpinion', defaultValue: state.value('generalOpinion'), rows: 5, maxLength: OPINION_MAX }}
			/>
			<p className={status.error ? 'field-error' : 'form-status'} role="status">
				{status.text}
			</p>
			<div className="form-actions">
				<button type="submit" name="intent" value="save" className="secondary">
					Enregistrer
				</button>
				<button type="submit" name="intent" value="send">
					Envoyer l’évaluation
				</button>
			</div>
			<p className="hint" style={{ margin: 0 }}>
				Votre saisie est enregistrée au fil de l’eau. Une fois envoyée, l’évaluation ne peut plus être modifiée (le financeur peut la rouvrir).
			</p>
		</Form>
	)
}

const scaleOptions = (scaleMax: number) => Array.from({ length: scaleMax + 1 }, (_, n) => ({ value: String(n), label: String(n) }))

function EvaluationReadOnly({ data }: { data: Data }) {
	const { criteria, evaluation, call } = data
	return (
		<>
			{evaluation.submittedAt ? (
				<p>Votre évaluation est envoyée : elle ne peut plus être modifiée. Le financeur peut la rouvrir si besoin.</p>
			) : (
				<p>Le jury n’est pas ouvert (étape de l’appel : {CALL_STATUS_LABELS[call.status] ?? call.status}) : votre évaluation ne peut pas être modifiée en ce moment.</p>
			)}
			<dl className="facts">
				{criteria.map((criterion) => {
					const score = evaluation.scores.find((s) => s.criterionId === criterion.id)
					return (
						<div key={criterion.id} style={{ display: 'contents' }}>
							<dt>{criterion.label}</dt>
							<dd>
								{score?.value ?? '—'} / {criterion.scaleMax}
								{score?.comment ? <span style={{ display: 'block', whiteSpace: 'pre-line' }}>{score.comment}</span> : null}
							</dd>
						</div>
					)
				})}
				<dt>Avis général</dt>
				<dd style={{ whiteSpace: 'pre-line' }}>{evaluation.generalOpinion || '—'}</dd>
			</dl>
		</>
	)
}

/** The other jurors' sent scores, when the call's blind rule lets this juror see them. */
function OthersScores({ data }: { data: Data }) {
	const { others, criteria, call } = data
	return (
		<section aria-labelledby="titre-autres">
			<h3 id="titre-autres">Notes des autres jurés</h3>
			{others === null ? (
				<p className="muted">
					{call.visibility === 'never'
						? 'Pour cet appel, les notes des autres jurés ne sont pas montrées.'
						: 'Vous verrez les notes des autres jurés après avoir envoyé votre évaluation.'}
				</p>
			) : others.length === 0 ? (
				<p className="muted">Aucun autre juré n’a encore envoyé son évaluation.</p>
			) : (
				others.map((other) => (
					<div key={other.label} className="card">
						<h4 style={{ margin: '0 0 8px' }}>
							{other.label}
							{other.weighted !== null ? ` — ${formatNumber(other.weighted)} / 100` : ''}
						</h4>
						<ul>
							{criteria.map((criterion) => {
								const score = other.scores.find((s) => s.criterionId === criterion.id)
								return (
									<li key={criterion.id}>
										{criterion.label} : {score?.value ?? '—'} / {criterion.scaleMax}
										{score?.comment ? ` — ${score.comment}` : ''}
									</li>
								)
							})}
						</ul>
						{other.generalOpinion ? <p style={{ whiteSpace: 'pre-line', margin: 0 }}>{other.generalOpinion}</p> : null}
					</div>
				))
			)}
			<p className="hint">Règle de l’appel : {SCORES_VISIBILITY_LABELS[call.visibility].toLowerCase()}.</p>
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
