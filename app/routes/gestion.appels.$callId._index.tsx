import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { notFound, requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallForm } from '#app/components/call-form.tsx'
import { CallHeader } from '#app/components/call-nav.tsx'
import { ConfirmStep, isConfirmed } from '#app/components/confirm-step.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { CALL_LISTS, CallEditSchema, LifecycleSchema, sentVersion } from '#app/domain/calls/call-form.ts'
import { callFormValues } from '#app/domain/calls/call-form-values.ts'
import { closeCall, getCallForStaff, publishCall, updateCall } from '#app/domain/calls/call-management.server.ts'
import { CALL_STATUS_LABELS } from '#app/domain/calls/call-status.ts'
import { formatDateTime, formatInteger } from '#app/utils/format.ts'
import { pluralize } from '#app/utils/pluralize.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.call.title ?? 'Appel à projets'} — Gestion — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const found = await getCallForStaff({ user, callId: params.callId! })
	if (!found) notFound('Cet appel à projets n’existe pas ou ne relève pas de votre financeur.')
	const { call } = found
	return json({
		call: {
			id: call.id,
			title: call.title,
			status: call.status,
			minAssociations: call.minAssociations,
			publishedAt: call.publishedAt,
			closedAt: call.closedAt,
			deadlineAt: call.deadlineAt,
			version: call.version,
			importedAt: call.importedAt,
			importedFrom: call.importedFrom,
		},
		funderName: found.funderName,
		applicationCount: found.applicationCount,
		criteriaCount: found.criteria.length,
		questionCount: found.questions.length,
		publishBlockers: found.publishBlockers,
		editable: found.editable,
		canPublish: found.canPublish,
		canClose: found.canClose,
		formValues: callFormValues(call, found.themes),
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const callId = params.callId!
	const here = `/gestion/appels/${callId}`
	const formData = await readFormData(request, { lists: CALL_LISTS })
	const intent = formData.get('intent')

	if (intent === 'publish' || intent === 'close') {
		const submission = parseSubmission(formData, { schema: LifecycleSchema })
		if (submission.status !== 'success') return json({ intent: 'lifecycle' as const, result: submission.reply() }, { status: 400 })
		// Publishing and closing cannot be undone: the first post only asks for confirmation,
		// and only about a call of the staff member's funder.
		if (!isConfirmed(formData)) {
			if (!(await getCallForStaff({ user, callId }))) notFound('Cet appel à projets n’existe pas ou ne relève pas de votre financeur.')
			return json({ intent: 'confirm' as const, confirm: intent, result: null })
		}
		const outcome = intent === 'publish' ? await publishCall({ user, callId }) : await closeCall({ user, callId })
		if (!outcome.ok) {
			return json(
				{ intent: 'lifecycle' as const, result: submission.reply({ formErrors: [outcome.message, ...(outcome.blockers ?? [])] }) },
				{ status: 409 },
			)
		}
		return redirectWithToast(
			here,
			intent === 'publish'
				? { title: 'Appel publié', description: 'Les associations peuvent désormais le lire et y répondre.' }
				: { title: 'Appel clos', description: 'Les dossiers en brouillon restent consultables mais ne peuvent plus être déposés.' },
		)
	}

	const submission = parseSubmission(formData, { schema: CallEditSchema })
	// The refused form keeps the version it was read at, unless someone saved since (a conflict).
	const version = sentVersion(formData.get('version'))
	if (intent !== 'save') {
		return json({ intent: 'save' as const, version, result: submission.reply({ formErrors: ['Action inconnue : rechargez la page.'] }) }, { status: 400 })
	}
	if (submission.status !== 'success') return json({ intent: 'save' as const, version, result: submission.reply() }, { status: 400 })
	const { version: versionRead, ...call } = submission.value
	const outcome = await updateCall({ user, callId, call, version: versionRead })
	if (!outcome.ok) {
		if ('conflict' in outcome) {
			return json({ intent: 'save' as const, version: outcome.currentVersion, result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 })
		}
		const reply = outcome.field
			? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } })
			: submission.reply({ formErrors: [outcome.message, ...(outcome.blockers ?? [])] })
		return json({ intent: 'save' as const, version, result: reply }, { status: 409 })
	}
	return redirectWithToast(here, { title: 'Appel enregistré' })
}

export default function CallPage() {
	const { call, funderName, applicationCount, criteriaCount, questionCount, publishBlockers, editable, canPublish, canClose, formValues } =
		useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const lifecycleErrors = actionData?.intent === 'lifecycle' ? (actionData.result.error?.[''] ?? undefined) : undefined
	const confirming = actionData?.intent === 'confirm' ? actionData.confirm : null
	const here = `/gestion/appels/${call.id}`
	return (
		<>
			<CallHeader callId={call.id} title={call.title} />
			{['deliberation', 'decided', 'follow_up', 'archived'].includes(call.status) ? (
				<p>
					<Link to={`/gestion/appels/${call.id}/deliberation`}>Délibération : classement, montants et décisions →</Link>
				</p>
			) : null}
			<dl className="facts">
				<dt>Statut</dt>
				<dd>{CALL_STATUS_LABELS[call.status] ?? call.status}</dd>
				{call.importedAt ? (
					<>
						<dt>Origine</dt>
						<dd>
							{`Appel passé importé le ${formatDateTime(call.importedAt)}${call.importedFrom ? ` (${call.importedFrom})` : ''} — `}
							<Link to={`${here}/bilan`}>son bilan</Link>
						</dd>
					</>
				) : null}
				<dt>Financeur</dt>
				<dd>{funderName}</dd>
				<dt>Date limite de dépôt</dt>
				<dd>{call.deadlineAt ? `${formatDateTime(call.deadlineAt)} (heure de Paris)` : 'Non fixée'}</dd>
				<dt>Candidatures</dt>
				<dd>{formatInteger(applicationCount)}</dd>
				<dt>Grille de notation</dt>
				<dd>
					<Link to={`/gestion/appels/${call.id}/grille`}>{criteriaCount === 0 ? 'Aucun critère' : pluralize(criteriaCount, 'critère', 'critères')}</Link>
				</dd>
				<dt>Questions aux candidats</dt>
				<dd>
					<Link to={`/gestion/appels/${call.id}/questions`}>{questionCount === 0 ? 'Aucune question' : pluralize(questionCount, 'question', 'questions')}</Link>
				</dd>
				{['deliberation', 'decided', 'follow_up', 'archived'].includes(call.status) ? (
					<>
						<dt>Délibération</dt>
						<dd>
							<Link to={`${here}/deliberation/cloture`}>{call.status === 'deliberation' ? 'Clôture de la délibération' : 'Délibération close'}</Link>
							{call.status === 'deliberation' ? null : (
								<>
									{' — '}
									<Link to={`${here}/decisions`}>Décisions, avenants et liste d’attente</Link>
								</>
							)}
						</dd>
						<dt>Courriers de décision</dt>
						<dd>
							<Link to={`/gestion/appels/${call.id}/courriers`}>Envoi aux associations</Link> ·{' '}
							<Link to={`/gestion/appels/${call.id}/modeles`}>textes des e-mails et courriers</Link>
						</dd>
						{call.status === 'deliberation' ? null : (
							<>
								<dt>Suivi des projets retenus</dt>
								<dd>
									<Link to={`${here}/suivi`}>Conventions, versements et évaluations</Link>
								</dd>
							</>
						)}
					</>
				) : null}
				{call.publishedAt ? (
					<>
						<dt>Publié le</dt>
						<dd>{formatDateTime(call.publishedAt)}</dd>
					</>
				) : null}
				{call.closedAt ? (
					<>
						<dt>Clos le</dt>
						<dd>{formatDateTime(call.closedAt)}</dd>
					</>
				) : null}
			</dl>

			<section aria-labelledby="publication">
				<h2 id="publication">Publication</h2>
				<FormErrors id="cycle-erreur" errors={lifecycleErrors} />
				{canPublish ? (
					publishBlockers.length > 0 ? (
						<>
							<p>Avant de publier l’appel :</p>
							<ul>
								{publishBlockers.map((blocker) => (
									<li key={blocker}>{blocker}</li>
								))}
							</ul>
						</>
					) : (
						<>
							<p>
								L’appel est complet. Relisez-le dans l’<Link to={`/gestion/appels/${call.id}/apercu`}>aperçu</Link> tel que les associations le verront, puis
								publiez-le. Une fois publié, le nombre minimum d’associations ne pourra plus changer.
							</p>
							{confirming === 'publish' ? (
								<ConfirmStep id="confirmer-publication" title="Confirmer la publication ?" fields={{ intent: 'publish' }} confirmLabel="Oui, publier l’appel" cancelTo={here}>
									<p>
										Les associations pourront lire l’appel et y répondre. Une publication ne peut pas être annulée, et le nombre minimum d’associations ne pourra
										plus changer.
									</p>
								</ConfirmStep>
							) : (
								<Form method="post">
									<input type="hidden" name="intent" value="publish" />
									<button type="submit">Publier l’appel</button>
								</Form>
							)}
						</>
					)
				) : canClose ? (
					<>
						<p>
							L’appel est ouvert aux dépôts. Il se clôt de lui-même à la date limite. Vous pouvez le clore plus tôt : les dossiers
							en brouillon resteront consultables mais ne pourront plus être déposés.
						</p>
						{confirming === 'close' ? (
							<ConfirmStep id="confirmer-cloture" title="Confirmer la clôture ?" fields={{ intent: 'close' }} confirmLabel="Oui, clore l’appel maintenant" cancelTo={here}>
								<p>Plus aucun dossier ne pourra être déposé sur cet appel, même avant la date limite. Une clôture ne peut pas être annulée.</p>
							</ConfirmStep>
						) : (
							<Form method="post">
								<input type="hidden" name="intent" value="close" />
								<button type="submit" className="secondary">
									Clore l’appel maintenant
								</button>
							</Form>
						)}
					</>
				) : (
					<p>L’appel est clos aux dépôts.</p>
				)}
			</section>

			<section aria-labelledby="informations">
				<h2 id="informations">Informations de l’appel</h2>
				{editable ? (
					<>
						{applicationCount > 0 ? (
							<p className="muted">
								Des associations ont commencé à répondre : vous pouvez ajouter ou reformuler des thèmes et des pièces, pas en retirer.
							</p>
						) : null}
						<CallForm
							key={call.version}
							id="appel"
							intent="save"
							defaultValue={formValues}
							lastResult={actionData?.intent === 'save' ? actionData.result : undefined}
							minAssociationsLocked={call.status !== 'draft'}
							submitLabel="Enregistrer"
							version={(actionData?.intent === 'save' ? actionData.version : undefined) ?? call.version}
						/>
					</>
				) : (
					<p>
						L’appel est clos : ses informations ne peuvent plus être modifiées. Consultez-les dans l’<Link to={`/gestion/appels/${call.id}/apercu`}>aperçu</Link>.
					</p>
				)}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
