import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { z } from 'zod'
import { requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { closeDeliberation, getClosingPage, validateDecisions } from '#app/domain/deliberation/closing.server.ts'
import { formatCents, formatDateTime } from '#app/utils/format.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Clôture de la délibération — ${data?.call.title ?? 'Appel à projets'} — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	return json(await getClosingPage({ user, callId: params.callId! }))
}

const IntentSchema = z.object({ intent: z.enum(['validate', 'close']) })

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const callId = params.callId!
	// Who may see this call's close, and at which stage, is answered before the form is read.
	await getClosingPage({ user, callId })
	const parsed = IntentSchema.safeParse({ intent: (await readFormData(request)).get('intent') })
	if (!parsed.success) return json({ message: 'Action inconnue.', missing: [] as string[] }, { status: 400 })
	const outcome = parsed.data.intent === 'validate' ? await validateDecisions({ user, callId }) : await closeDeliberation({ user, callId })
	if (!outcome.ok) return json({ message: outcome.message, missing: outcome.missing ?? [] }, { status: 409 })
	return redirectWithToast(`/gestion/appels/${callId}/deliberation/cloture`, {
		title: parsed.data.intent === 'validate' ? 'Décisions validées' : 'Délibération close',
		description: parsed.data.intent === 'close' ? 'Le procès-verbal est enregistré. Les courriers de décision partent depuis la page Courriers.' : undefined,
	})
}

export default function ClosingPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { call, facts } = data
	const closed = call.status !== 'deliberation'
	const base = `/gestion/appels/${call.id}`
	return (
		<>
			<p>
				<Link to={data.isStaff ? base : '/jury'}>← {call.title}</Link>
			</p>
			<h1>Clôture de la délibération</h1>
			<p className="muted">
				Appel à projets « {call.title} » — {call.funderName}
			</p>

			{closed ? (
				<p className="card" role="status">
					La délibération est close{call.decidedAt ? ` depuis le ${formatDateTime(call.decidedAt)}` : ''}. Une décision ne change plus que par un avenant motivé
					{data.isStaff ? (
						<>
							{' '}
							(<Link to={`${base}/decisions`}>page Décisions</Link>)
						</>
					) : null}
					.
				</p>
			) : (
				<section aria-labelledby="etat">
					<h2 id="etat">Ce qu’il faut pour clore</h2>
					<ul>
						<li>{facts.undecided === 0 ? 'Chaque dossier recevable a sa décision.' : facts.undecided === 1 ? '1 dossier n’a pas de décision.' : `${facts.undecided} dossiers n’ont pas de décision.`}</li>
						<li>
							Montants retenus : {formatCents(facts.retainedCents)}
							{facts.envelopeCents !== null ? ` sur une enveloppe de ${formatCents(facts.envelopeCents)} (reste ${formatCents(facts.envelopeCents - facts.retainedCents)})` : ' (pas d’enveloppe fixée)'}.
						</li>
						<li>
							{!facts.hasChair
								? 'Le jury n’a pas de présidence en fonction : sa validation n’est pas requise (le procès-verbal le mentionne).'
								: data.validation
									? `Décisions validées par ${data.validation.name} (présidence du jury) le ${formatDateTime(data.validation.at)}.`
									: `La présidence du jury${facts.chairName ? ` (${facts.chairName})` : ''} n’a pas encore validé les décisions.`}
						</li>
					</ul>
					{data.closeBlockers.length > 0 ? (
						<div className="card" role="note">
							<p style={{ margin: 0 }}>Il manque encore :</p>
							<ul>
								{data.closeBlockers.map((line) => (
									<li key={line}>{line}</li>
								))}
							</ul>
						</div>
					) : (
						<p>Tout est prêt pour la clôture.</p>
					)}
				</section>
			)}

			{actionData?.message ? <FormErrors id="cloture-erreur" errors={[actionData.message]} /> : null}

			{data.canValidate ? (
				<Form method="post">
					<p className="hint">
						En validant, vous attestez, comme présidence du jury, des décisions telles qu’elles sont. Toute décision modifiée ensuite annule cette validation.
					</p>
					<button type="submit" name="intent" value="validate" disabled={data.validationBlockers.length > 0}>
						Valider les décisions
					</button>
				</Form>
			) : null}
			{data.canClose ? (
				<Form method="post">
					<p className="hint">La clôture fige les décisions, passe l’appel à l’étape « décidé » et enregistre le procès-verbal.</p>
					<button type="submit" name="intent" value="close">
						Clore la délibération
					</button>
				</Form>
			) : null}

			<h2>Procès-verbal</h2>
			<p>
				<a href={`${base}/proces-verbal.pdf`}>{closed ? 'Télécharger le procès-verbal (PDF)' : 'Voir le projet de procès-verbal (PDF)'}</a>
			</p>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
