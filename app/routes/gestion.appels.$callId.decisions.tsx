import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireUser } from '#app/auth/permissions.server.ts'
import { CallHeader } from '#app/components/call-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors, SelectField, TextareaField } from '#app/components/forms.tsx'
import { APPLICATION_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { AmendDecisionSchema, DECISION_LABELS, PromoteSchema, StaffRenounceSchema } from '#app/domain/deliberation/amendment-forms.ts'
import { amendDecision, getDecisionsPage, LETTER_HINT, requireAmender, promoteFromWaitlist, renounceForStaff } from '#app/domain/deliberation/amendments.server.ts'
import { pluralize } from '#app/utils/pluralize.ts'
import { formatCents, formatDateTime } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Décisions — ${data?.call.title ?? 'Appel à projets'} — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	return json(await getDecisionsPage({ user, callId: params.callId! }))
}

type Reply = { intent: string; applicationId: string; formErrors: string[]; fieldErrors: Record<string, string[]>; values: Record<string, string> }

const reply = (intent: string, formData: FormData, errors: { form?: string[]; fields?: Record<string, string[] | null | undefined> }, status: number) => {
	const values = Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, String(v)]))
	const fieldErrors = Object.fromEntries(Object.entries(errors.fields ?? {}).filter(([, v]) => v?.length)) as Record<string, string[]>
	return json({ intent, applicationId: values.applicationId ?? '', formErrors: errors.form ?? [], fieldErrors, values } satisfies Reply, { status })
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const callId = params.callId!
	const back = `/gestion/appels/${callId}/decisions`
	// The page's checks (staff of the call, decided) run first, whatever the form says.
	await requireAmender(user, callId)
	const formData = await readFormData(request)
	const intent = String(formData.get('intent') ?? '')
	if (intent === 'promote') {
		const submission = parseSubmission(formData, { schema: PromoteSchema })
		if (submission.status !== 'success') return reply(intent, formData, { fields: submission.error ?? {} }, 400)
		const outcome = await promoteFromWaitlist({ user, callId, applicationId: submission.value.applicationId, amountCents: submission.value.amount })
		if (!outcome.ok) return reply(intent, formData, outcome.field ? { fields: { [outcome.field]: [outcome.message] } } : { form: [outcome.message] }, 409)
		return redirectWithToast(back, { title: `Dossier retenu pour ${formatCents(outcome.amountCents)}`, description: LETTER_HINT })
	}
	if (intent === 'amend') {
		const submission = parseSubmission(formData, { schema: AmendDecisionSchema })
		if (submission.status !== 'success') return reply(intent, formData, { fields: submission.error ?? {} }, 400)
		const { applicationId, decision, amount, reason } = submission.value
		const outcome = await amendDecision({ user, callId, applicationId, decision, amountCents: amount, reason })
		if (!outcome.ok) return reply(intent, formData, outcome.field ? { fields: { [outcome.field]: [outcome.message] } } : { form: [outcome.message] }, 409)
		return redirectWithToast(back, { title: 'Décision modifiée', description: LETTER_HINT })
	}
	if (intent === 'renounce') {
		const submission = parseSubmission(formData, { schema: StaffRenounceSchema })
		if (submission.status !== 'success') return reply(intent, formData, { fields: submission.error ?? {} }, 400)
		const outcome = await renounceForStaff({ user, callId, applicationId: submission.value.applicationId, reason: submission.value.reason })
		if (!outcome.ok) return reply(intent, formData, outcome.field ? { fields: { [outcome.field]: [outcome.message] } } : { form: [outcome.message] }, 409)
		return redirectWithToast(back, { title: 'Renoncement enregistré', description: 'Le montant libéré peut aller au premier dossier de la liste d’attente.' })
	}
	return reply(intent, formData, { form: ['Action inconnue.'] }, 400)
}

export default function DecisionsPage() {
	const data = useLoaderData<typeof loader>()
	const { call, envelope } = data
	return (
		<>
			<CallHeader callId={call.id} title={call.title} />
			<h2>Décisions</h2>
			<p>
				La délibération est close : une décision ne change plus que par un avenant motivé, inscrit à l’historique. Les courriers des décisions nouvelles ou modifiées
				partent depuis la <Link to={`/gestion/appels/${call.id}/courriers`}>page Courriers</Link>. <a href={`/gestion/appels/${call.id}/proces-verbal.pdf`}>Procès-verbal (PDF)</a>
			</p>
			{envelope ? (
				<dl className="facts">
					<dt>Enveloppe</dt>
					<dd>{envelope.envelopeCents === null ? 'Non fixée' : formatCents(envelope.envelopeCents)}</dd>
					<dt>Montants retenus</dt>
					<dd>{formatCents(envelope.retainedCents)}</dd>
					<dt>Reste à attribuer</dt>
					<dd>{envelope.remainingCents === null ? '—' : formatCents(envelope.remainingCents)}</dd>
				</dl>
			) : (
				<p className="card">
					{`${pluralize(data.hiddenForConflict, 'dossier ne vous est pas présenté', 'dossiers ne vous sont pas présentés')} (conflit d’intérêts). Les montants de l’enveloppe, les avenants et la liste d’attente sont tenus par un·e collègue.`}
				</p>
			)}

			<section aria-labelledby="attente">
				<h3 id="attente">Liste d’attente</h3>
				{data.waitlist.length === 0 ? (
					<p>Aucun dossier sur la liste d’attente.</p>
				) : (
					<ol>
						{data.waitlist.map((w) => (
							<li key={w.id}>
								<p>
									<strong>{w.title}</strong> — {w.leadName}, {formatCents(w.amountCents)}
								</p>
								{w.promotable ? <PromoteForm applicationId={w.id} amountCents={w.amountCents} /> : null}
								{data.canAmend ? <AmendForm dossier={{ id: w.id, status: 'waitlisted', amountGrantedCents: null }} /> : null}
							</li>
						))}
					</ol>
				)}
				{data.canAmend && data.waitlist.length > 0 && !data.waitlist.some((w) => w.promotable) ? <p className="hint">Aucun dossier de la liste ne tient dans ce qui reste de l’enveloppe.</p> : null}
			</section>

			<section aria-labelledby="retenus">
				<h3 id="retenus">Retenus ({data.selected.length})</h3>
				<DossierList dossiers={data.selected} withAmount renounce amend={data.canAmend} />
			</section>
			<section aria-labelledby="non-retenus">
				<h3 id="non-retenus">Non retenus ({data.rejected.length})</h3>
				<DossierList dossiers={data.rejected} amend={data.canAmend} />
			</section>
			{data.withdrawn.length > 0 ? (
				<section aria-labelledby="renonces">
					<h3 id="renonces">Ont renoncé ({data.withdrawn.length})</h3>
					<ul>
						{data.withdrawn.map((d) => (
							<li key={d.id}>
								<strong>{d.title}</strong> — {d.leadName}
								{d.statusReason ? ` : « ${d.statusReason} »` : ''}
							</li>
						))}
					</ul>
				</section>
			) : null}

			<section aria-labelledby="historique">
				<h3 id="historique">Modifications après la clôture</h3>
				{data.amendments.length === 0 ? (
					<p>Aucune modification.</p>
				) : (
					<ul>
						{data.amendments.map((a) => (
							<li key={a.id}>
								{formatDateTime(a.createdAt)} — <strong>{a.title}</strong> : {APPLICATION_STATUS_LABELS[a.fromStatus] ?? a.fromStatus}
								{a.fromAmountCents !== null ? ` (${formatCents(a.fromAmountCents)})` : ''} → {APPLICATION_STATUS_LABELS[a.toStatus] ?? a.toStatus}
								{a.toAmountCents !== null ? ` (${formatCents(a.toAmountCents)})` : ''}, par {a.by ?? '—'}. Motif : « {a.reason} »
							</li>
						))}
					</ul>
				)}
			</section>
		</>
	)
}

type Dossier = { id: string; title: string; leadName: string; status: string; amountGrantedCents: number | null; decisionMotivation: string | null }

function DossierList({ dossiers, withAmount = false, renounce = false, amend }: { dossiers: Dossier[]; withAmount?: boolean; renounce?: boolean; amend: boolean }) {
	if (dossiers.length === 0) return <p>Aucun.</p>
	return (
		<ul>
			{dossiers.map((d) => (
				<li key={d.id}>
					<p>
						<strong>{d.title}</strong> — {d.leadName}
						{withAmount ? `, ${formatCents(d.amountGrantedCents)}` : ''}
						{d.decisionMotivation ? ` — « ${d.decisionMotivation} »` : ''}
					</p>
					{amend && (d.status === 'selected' || d.status === 'rejected') ? <AmendForm dossier={d} /> : null}
					{renounce && d.status === 'selected' ? <RenounceForm applicationId={d.id} /> : null}
				</li>
			))}
		</ul>
	)
}

/** The action's answer, when it is about this form (intent and dossier). */
function useReply(intent: string, applicationId: string): Reply | null {
	const actionData = useActionData<typeof action>() as Reply | undefined
	return actionData && actionData.intent === intent && actionData.applicationId === applicationId ? actionData : null
}

function PromoteForm({ applicationId, amountCents }: { applicationId: string; amountCents: number }) {
	const answer = useReply('promote', applicationId)
	const id = `retenir-${applicationId}`
	return (
		<Form method="post" className="stack">
			<FormErrors id={`${id}-erreurs`} errors={answer?.formErrors} />
			<input type="hidden" name="intent" value="promote" />
			<input type="hidden" name="applicationId" value={applicationId} />
			<Field
				label="Montant retenu (€)"
				hint={`Vide : ${formatCents(amountCents)}, le montant proposé.`}
				errors={answer?.fieldErrors.amount}
				inputProps={{ id: `${id}-montant`, name: 'amount', inputMode: 'decimal', defaultValue: answer?.values.amount ?? '' }}
			/>
			<div>
				<button type="submit">Retenir</button>
			</div>
		</Form>
	)
}

function AmendForm({ dossier }: { dossier: { id: string; status: string; amountGrantedCents: number | null } }) {
	const answer = useReply('amend', dossier.id)
	const id = `avenant-${dossier.id}`
	return (
		<details open={answer !== null}>
			<summary>Modifier la décision (avenant)</summary>
			<Form method="post" className="stack">
				<FormErrors id={`${id}-erreurs`} errors={answer?.formErrors} />
				<input type="hidden" name="intent" value="amend" />
				<input type="hidden" name="applicationId" value={dossier.id} />
				<SelectField
					label="Nouvelle décision"
					errors={answer?.fieldErrors.decision}
					selectProps={{ id: `${id}-decision`, name: 'decision', defaultValue: answer?.values.decision ?? dossier.status }}
					options={Object.entries(DECISION_LABELS).map(([value, label]) => ({ value, label }))}
				/>
				<Field
					label="Montant retenu (€)"
					hint="Pour un dossier retenu ; vide : le montant actuel, sinon le montant proposé."
					errors={answer?.fieldErrors.amount}
					inputProps={{ id: `${id}-montant`, name: 'amount', inputMode: 'decimal', defaultValue: answer?.values.amount ?? '' }}
				/>
				<TextareaField
					label="Motif"
					hint="Obligatoire : il figure à l’historique et au procès-verbal."
					errors={answer?.fieldErrors.reason}
					textareaProps={{ id: `${id}-motif`, name: 'reason', defaultValue: answer?.values.reason ?? '' }}
				/>
				<div>
					<button type="submit">Enregistrer l’avenant</button>
				</div>
			</Form>
		</details>
	)
}

function RenounceForm({ applicationId }: { applicationId: string }) {
	const answer = useReply('renounce', applicationId)
	const id = `renoncement-${applicationId}`
	return (
		<details open={answer !== null}>
			<summary>Enregistrer un renoncement du consortium</summary>
			<Form method="post" className="stack">
				<FormErrors id={`${id}-erreurs`} errors={answer?.formErrors} />
				<input type="hidden" name="intent" value="renounce" />
				<input type="hidden" name="applicationId" value={applicationId} />
				<TextareaField
					label="Raison du renoncement"
					errors={answer?.fieldErrors.reason}
					textareaProps={{ id: `${id}-raison`, name: 'reason', defaultValue: answer?.values.reason ?? '' }}
				/>
				<div>
					<button type="submit">Enregistrer le renoncement</button>
				</div>
			</Form>
		</details>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
