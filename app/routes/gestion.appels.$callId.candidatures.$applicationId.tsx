import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { ApplicationSections, History } from '#app/components/application-view.tsx'
import { CallNav } from '#app/components/call-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, FormErrors, TextareaField } from '#app/components/forms.tsx'
import { useCheckedForm } from '#app/components/form-state.tsx'
import { StaticPart } from '#app/components/static-part.tsx'
import { ADMISSIBILITY_LABELS, AdmissibilitySchema } from '#app/domain/applications/instruction.ts'
import { decideAdmissibility, getApplicationForStaff } from '#app/domain/applications/instruction.server.ts'
import { CALL_STATUS_LABELS } from '#app/domain/calls/call-status.ts'
import { APPLICATION_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { staticPart } from '#app/utils/static-parts.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} — Candidatures — Ensemble` : 'Candidature — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const found = await getApplicationForStaff({ user, callId: params.callId!, applicationId: params.applicationId! })
	const { application, call } = found
	return json({
		call: { id: call.id, title: call.title, status: call.status },
		id: application.id,
		status: application.status,
		statusReason: application.statusReason,
		submittedAt: application.submittedAt,
		flaggedAt: application.flaggedAt,
		flagReason: application.flagReason,
		canDecide: found.canDecide,
		title: found.details.title,
		// Read-only here: the dossier's HTML, not its data, goes to the page (decision 045).
		dossier: staticPart(request, 'dossier-read-only', found.details, (details) => <ApplicationSections details={details} />, { version: found.detailsVersion }),
		receipt: found.receipt,
		history: found.history,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const callId = params.callId!
	const applicationId = params.applicationId!
	// 404 before reading the form for a call or an application this person may not see.
	await getApplicationForStaff({ user, callId, applicationId })
	const formData = await readFormData(request)
	const submission = parseSubmission(formData, { schema: AdmissibilitySchema })
	if (formData.get('intent') !== 'admissibility') {
		return json({ result: submission.reply({ formErrors: ['Action inconnue : rechargez la page.'] }) }, { status: 400 })
	}
	if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
	const outcome = await decideAdmissibility({ user, callId, applicationId, ...submission.value })
	if (!outcome.ok) {
		const reply = outcome.field
			? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } })
			: submission.reply({ formErrors: [outcome.message] })
		return json({ result: reply }, { status: 409 })
	}
	return redirectWithToast(`/gestion/appels/${callId}/candidatures/${applicationId}`, {
		title: `Dossier déclaré ${ADMISSIBILITY_LABELS[submission.value.decision].toLowerCase()}`,
		description: 'Chaque association du consortium en est informée par e-mail.',
	})
}

export default function StaffApplicationPage() {
	const data = useLoaderData<typeof loader>()
	const { call } = data
	const base = `/gestion/appels/${call.id}`
	return (
		<>
			<p>
				<Link to={`${base}/candidatures`}>← Candidatures de l’appel</Link>
			</p>
			<h1>{data.title}</h1>
			<CallNav callId={call.id} />
			<dl className="facts">
				<dt>Statut</dt>
				<dd>
					{APPLICATION_STATUS_LABELS[data.status] ?? data.status}
					{data.statusReason ? ` — ${data.statusReason}` : ''}
				</dd>
				<dt>Déposé le</dt>
				<dd>{formatDateTime(data.submittedAt)}</dd>
				{data.receipt ? (
					<>
						<dt>Récépissé de dépôt</dt>
						<dd>
							<a href={data.receipt.href}>Télécharger le récépissé (PDF)</a> — référence {data.receipt.reference}
						</dd>
					</>
				) : null}
				<dt>Appel</dt>
				<dd>{call.title}</dd>
			</dl>
			{data.flagReason ? (
				<p className="card" role="note">
					<strong>Signalement{data.flaggedAt ? ` du ${formatDateTime(data.flaggedAt)}` : ''} :</strong> {data.flagReason}
				</p>
			) : null}

			<p>
				<Link to={`${base}/candidatures/${data.id}/messages`}>Messages et demandes de complément</Link>
			</p>
			<AdmissibilitySection status={data.status} callStatus={call.status} canDecide={data.canDecide} />

			<StaticPart part={data.dossier} />

			<History events={data.history} />
		</>
	)
}

function AdmissibilitySection({ status, callStatus, canDecide }: { status: string; callStatus: string; canDecide: boolean }) {
	const decided = status === 'admissible' || status === 'inadmissible'
	return (
		<section aria-labelledby="titre-recevabilite">
			<h2 id="titre-recevabilite">Recevabilité</h2>
			{canDecide ? (
				<AdmissibilityForm status={status} decided={decided} />
			) : (
				<p>
					{status === 'withdrawn'
						? 'Ce dossier a été retiré par l’association chef de file : il n’est plus instruit.'
						: decided
							? `Le dossier a été déclaré ${APPLICATION_STATUS_LABELS[status]?.toLowerCase()}. L’appel est au statut « ${CALL_STATUS_LABELS[callStatus] ?? callStatus} » : le jury a commencé, cette décision ne peut plus être modifiée.`
							: 'La recevabilité de ce dossier a été décidée ; il poursuit son instruction.'}
				</p>
			)}
		</section>
	)
}

/** The decision's form, with its state, only where the funder may still decide (most dossiers, once the jury has started, show the paragraph alone). */
function AdmissibilityForm({ status, decided }: { status: string; decided: boolean }) {
	const actionData = useActionData<typeof action>()
	const { state, formErrors, formErrorsId, formProps } = useCheckedForm('recevabilite', AdmissibilitySchema, actionData?.result)
	const decisionErrors = state.errors('decision')
	const decisionErrorId = `${state.id('decision')}-error`
	return (
		<>
			<p>
				{decided
					? `Le dossier est déclaré ${APPLICATION_STATUS_LABELS[status]?.toLowerCase()}. Vous pouvez revenir sur cette décision tant que le jury n’a pas commencé ; les associations du consortium seront de nouveau informées.`
					: 'Déclarez le dossier recevable (il ira au jury) ou irrecevable (motif obligatoire). Votre décision est envoyée par e-mail au référent de chaque association du consortium. Elle reste modifiable tant que le jury n’a pas commencé.'}
			</p>
			<Form method="post" className="stack" {...formProps}>
				<FormErrors id={formErrorsId} errors={formErrors} />
				<input type="hidden" name="intent" value="admissibility" />
				<fieldset aria-describedby={decisionErrors?.length ? decisionErrorId : undefined}>
					<legend>Décision</legend>
					{(['admissible', 'inadmissible'] as const).map((value) => (
						<label key={value} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
							<input
								type="radio"
								id={`${state.id('decision')}-${value}`}
								name="decision"
								value={value}
								defaultChecked={state.value('decision') === value}
								aria-invalid={decisionErrors?.length ? true : undefined}
								aria-describedby={decisionErrors?.length ? decisionErrorId : undefined}
								disabled={value === status}
							/>
							<span>
								{value === 'admissible' ? 'Recevable' : 'Irrecevable'}
								{value === status ? ' (décision actuelle)' : ''}
							</span>
						</label>
					))}
					<ErrorList id={decisionErrorId} errors={decisionErrors} />
				</fieldset>
				<TextareaField
					label="Motif"
					hint="Obligatoire pour un dossier irrecevable ; facultatif pour un dossier recevable. Il est transmis tel quel aux associations du consortium."
					errors={state.errors('reason')}
					textareaProps={{ id: state.id('reason'), name: 'reason', defaultValue: state.value('reason'), rows: 4 }}
				/>
				<div>
					<button type="submit">Enregistrer la décision</button>
				</div>
			</Form>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
