import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallHeader } from '#app/components/call-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { CALL_STATUS_LABELS } from '#app/domain/calls/call-status.ts'
import { startDecisionLetters } from '#app/domain/letters/decision-letters.server.ts'
import { getLettersPage } from '#app/domain/letters/letters-page.server.ts'
import { DECISION_LABELS, LETTER_DECISIONS, type LetterDecision } from '#app/domain/letters/templates.ts'
import { formatDateTime, formatInteger } from '#app/utils/format.ts'
import { pluralize } from '#app/utils/pluralize.ts'
import { requireAcceptedForm, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

/** While a sending runs, the page reloads itself: the progress moves without JavaScript. */
const REFRESH_SECONDS = 3

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `Courriers de décision — ${data?.call.title ?? 'Appel à projets'} — Ensemble` },
	...(data?.running ? [{ httpEquiv: 'refresh', content: String(REFRESH_SECONDS) }] : []),
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	return json(await getLettersPage({ user, callId: params.callId! }))
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const callId = params.callId!
	const formData = requireAcceptedForm(await readFormData(request))
	const intent = formData.get('intent')
	if (intent !== 'start' && intent !== 'retry') return json({ message: 'Action inconnue : rechargez la page.' }, { status: 400 })
	const outcome = await startDecisionLetters({ user, callId, retryFailed: intent === 'retry' })
	if (!outcome.ok) return json({ message: outcome.message }, { status: 409 })
	return redirectWithToast(`/gestion/appels/${callId}/courriers`, {
		title: intent === 'retry' ? 'Nouvel essai lancé' : 'Envoi lancé',
		description: `${pluralize(outcome.total, 'courrier', 'courriers')} à préparer et envoyer.`,
	})
}

/** « 12 courriers préparés sur 40 · 10 courriers envoyés · 1 échec » */
function progressText(p: { prepared: number; total: number; queued: number; failed: number }) {
	return `${pluralize(p.prepared, 'courrier préparé', 'courriers préparés')} sur ${formatInteger(p.total)} · ${pluralize(p.queued, 'courrier envoyé', 'courriers envoyés')} (e-mails en cours de distribution) · ${pluralize(p.failed, 'échec', 'échecs')}`
}

const total = (counts: Record<LetterDecision, number>) => LETTER_DECISIONS.reduce((sum, d) => sum + counts[d], 0)

export default function LettersPage() {
	const { call, mayStart, decided, running, toSend, unfinished, sent, progress, failures, letters, lettersCut } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const base = `/gestion/appels/${call.id}`
	const remaining = total(toSend) + unfinished
	return (
		<>
			<CallHeader callId={call.id} title={call.title} />
			<h2>Courriers de décision</h2>
			<p>
				Chaque association de chaque consortium décidé reçoit un e-mail et son courrier de décision en PDF. Un courrier part une seule
				fois par décision : un dossier promu ou modifié par avenant recevra le sien au prochain envoi.{' '}
				<Link to={`${base}/modeles`}>Modifier les textes des e-mails et courriers</Link>
			</p>
			{actionData?.message ? <FormErrors id="courriers-erreur" errors={[actionData.message]} /> : null}

			<section aria-labelledby="a-envoyer" className="card">
				<h3 id="a-envoyer">À envoyer</h3>
				{!decided ? (
					<p>
						Étape de l’appel : {CALL_STATUS_LABELS[call.status] ?? call.status}. Les courriers partent une fois la délibération close.
					</p>
				) : null}
				<dl className="facts">
					{LETTER_DECISIONS.map((decision) => (
						<div key={decision} style={{ display: 'contents' }}>
							<dt>{DECISION_LABELS[decision]}</dt>
							<dd>{`${pluralize(toSend[decision], 'courrier à envoyer', 'courriers à envoyer')} · ${pluralize(sent[decision], 'déjà envoyé', 'déjà envoyés')}`}</dd>
						</div>
					))}
				</dl>
				{unfinished > 0 ? <p>{`Plus ${pluralize(unfinished, 'courrier laissé', 'courriers laissés')} en cours par un envoi interrompu.`}</p> : null}
				{mayStart && remaining > 0 ? (
					<Form method="post">
						<input type="hidden" name="intent" value="start" />
						<button type="submit">{`Envoyer ${pluralize(remaining, 'courrier', 'courriers')}`}</button>
					</Form>
				) : decided && !running && remaining === 0 ? (
					<p>Aucun nouveau courrier à envoyer.</p>
				) : null}
			</section>

			{progress ? (
				<section aria-labelledby="progression" className="card">
					<h3 id="progression">{running ? 'Envoi en cours' : progress.status === 'failed' ? 'Dernier envoi interrompu' : 'Dernier envoi'}</h3>
					<progress id="progression-barre" max={Math.max(progress.total, 1)} value={progress.prepared + (running ? 0 : progress.failed)} style={{ width: '100%' }}>
						{progress.prepared} / {progress.total}
					</progress>
					<p role="status">{progressText(progress)}</p>
					{running ? <p className="muted">La page se met à jour toutes les {REFRESH_SECONDS} secondes.</p> : null}
					{progress.finishedAt ? <p className="muted">Terminé le {formatDateTime(progress.finishedAt)}.</p> : null}
					{progress.status === 'failed' && progress.lastError ? <p>Erreur : {progress.lastError}. Relancez l’envoi : il reprend où il s’était arrêté.</p> : null}
				</section>
			) : null}

			{failures.length > 0 ? (
				<section aria-labelledby="echecs" className="card">
					<h3 id="echecs">Courriers en échec</h3>
					<ul>
						{failures.map((failure) => (
							<li key={failure.id}>
								« {failure.title} » — {failure.association} ({DECISION_LABELS[failure.decision as LetterDecision]}) : {failure.error ?? 'erreur inconnue'}
							</li>
						))}
					</ul>
					{decided && !running ? (
						<Form method="post">
							<input type="hidden" name="intent" value="retry" />
							<button type="submit">Réessayer les échecs</button>
						</Form>
					) : null}
				</section>
			) : null}

			<section aria-labelledby="envoyes">
				<h3 id="envoyes">Courriers préparés</h3>
				{lettersCut ? <p className="muted">{`Les ${formatInteger(letters.length)} premiers, par titre de projet.`}</p> : null}
				{letters.length === 0 ? (
					<p>Aucun courrier pour l’instant.</p>
				) : (
					<ul>
						{letters.map((letter) => (
							<li key={letter.id}>
								« {letter.title} » — {letter.association}
								{letter.isLead ? ' (chef de file)' : ''} · {DECISION_LABELS[letter.decision as LetterDecision]}
								{letter.version > 1 ? ` (décision n° ${letter.version})` : ''} ·{' '}
								{letter.status === 'queued' ? `envoyé${letter.queuedAt ? ` le ${formatDateTime(letter.queuedAt)}` : ''}` : 'pas encore envoyé'} ·{' '}
								<a href={`${base}/courriers/${letter.id}.pdf`}>courrier (PDF)</a>
							</li>
						))}
					</ul>
				)}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
