import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { AgreementBlock, BareForm, type FormReply, PaymentForm, ReportBlock, useFormReply } from '#app/components/follow-up/staff-follow-up.tsx'
import { TrancheTable } from '#app/components/follow-up/tranche-table.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { openAgreement, reviseAgreement, signAgreement } from '#app/domain/agreements/agreements.server.ts'
import { recordPayment } from '#app/domain/agreements/payments.server.ts'
import { agreementRequired } from '#app/domain/agreements/tranches.ts'
import { APPLICATION_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { parisLocalToUtc, utcToParisLocal } from '#app/domain/calls/paris-time.ts'
import { startProject } from '#app/domain/follow-up/project.server.ts'
import { checkStaffFollowUp, getStaffFollowUpPage } from '#app/domain/follow-up/staff-dossier.server.ts'
import { PaymentSchema, RequestChangesSchema, ReviseSchema, SignSchema } from '#app/domain/follow-up/staff-forms.server.ts'
import { approveReport, openEvaluation, requestReportChanges } from '#app/domain/reports/evaluation-report.server.ts'
import { formatCents, formatDate } from '#app/utils/format.ts'
import { parseSubmission, readFormData, requireAcceptedForm } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Suivi — ${data?.view.application.title ?? 'Dossier'} — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const view = await getStaffFollowUpPage({ user, callId: params.callId!, applicationId: params.applicationId! })
	// The funder signs in the name of the person signed in; they may correct it.
	return json({ view, signerName: user.displayName, today: utcToParisLocal(new Date()).date })
}

/** The answer to a refused form: its messages, and what was typed (cut, a hostile echo stays small). */
function reply(intent: string, formData: FormData, errors: { form?: string[]; fields?: Record<string, string[] | null | undefined> }, status: number) {
	const values: Record<string, string> = {}
	for (const [key, value] of formData.entries()) if (typeof value === 'string' && !(key in values)) values[key] = value.slice(0, 2000)
	const fieldErrors: Record<string, string[]> = {}
	for (const [key, messages] of Object.entries(errors.fields ?? {})) {
		if (!messages?.length) continue
		// « sections[0] » and « sections » are one field on the page.
		const field = key.replace(/\[\d+\]$/, '')
		fieldErrors[field] = [...new Set([...(fieldErrors[field] ?? []), ...messages])]
	}
	const sections = formData
		.getAll('sections')
		.filter((v): v is string => typeof v === 'string')
		.slice(0, 50)
	return json({ intent, target: values.paymentId ?? '', formErrors: errors.form ?? [], fieldErrors, values, sections } satisfies FormReply, { status })
}

/** A refusal of the domain: on its field with 400 (the input is wrong), on the form with 409 (the dossier's state). */
function refused(intent: string, formData: FormData, outcome: { message: string; field?: string }) {
	return outcome.field ? reply(intent, formData, { fields: { [outcome.field]: [outcome.message] } }, 400) : reply(intent, formData, { form: [outcome.message] }, 409)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const callId = params.callId!
	const applicationId = params.applicationId!
	// Of this call, followed, and managed by this person (404 / 403) whatever the form says.
	await checkStaffFollowUp({ user, callId, applicationId })
	const formData = await readFormData(request)
	const intent = typeof formData.get('intent') === 'string' ? String(formData.get('intent')) : ''
	const here = `/gestion/appels/${callId}/suivi/${applicationId}`

	switch (intent) {
		case 'open-agreement': {
			requireAcceptedForm(formData)
			const outcome = await openAgreement({ user, applicationId })
			if (!outcome.ok) return refused(intent, formData, outcome)
			return redirectWithToast(`${here}#convention`, { title: 'Convention établie', description: 'Chaque association et le financeur peuvent la signer.' })
		}
		case 'revise-agreement': {
			const submission = parseSubmission(formData, { schema: ReviseSchema })
			if (submission.status !== 'success') return reply(intent, formData, { fields: submission.error ?? {} }, 400)
			const outcome = await reviseAgreement({ user, applicationId, reason: submission.value.reason })
			if (!outcome.ok) return refused(intent, formData, { message: outcome.message, field: outcome.field ?? (outcome.message.startsWith('Indiquez') ? 'reason' : undefined) })
			return redirectWithToast(`${here}#convention`, { title: `Version ${outcome.version} de la convention`, description: 'Chaque partie la signe de nouveau.' })
		}
		case 'sign': {
			const submission = parseSubmission(formData, { schema: SignSchema })
			if (submission.status !== 'success') return reply(intent, formData, { fields: submission.error ?? {} }, 400)
			const { digest, signerName, signerQuality } = submission.value
			const outcome = await signAgreement({ user, applicationId, organizationId: null, digest, signerName, signerQuality })
			if (!outcome.ok) return refused(intent, formData, outcome)
			return redirectWithToast(`${here}#convention`, { title: 'Convention signée pour le financeur', description: outcome.complete ? 'Toutes les parties ont signé : la première tranche est à payer.' : 'En attente des autres signatures.' })
		}
		case 'start-project': {
			requireAcceptedForm(formData)
			const outcome = await startProject({ user, applicationId })
			if (!outcome.ok) return refused(intent, formData, outcome)
			return redirectWithToast(here, { title: 'Projet commencé' })
		}
		case 'record-payment': {
			const submission = parseSubmission(formData, { schema: PaymentSchema })
			if (submission.status !== 'success') return reply(intent, formData, { fields: submission.error ?? {} }, 400)
			const { paymentId, paidOn, amount, reference } = submission.value
			// The day typed is a Paris day: its first instant, so today is never « in the future ».
			const outcome = await recordPayment({ user, applicationId, paymentId, paidOn: parisLocalToUtc(paidOn, '00:00')!, amountCents: amount, reference })
			if (!outcome.ok) return refused(intent, formData, outcome)
			return redirectWithToast(`${here}#versements`, { title: 'Paiement enregistré', description: `${formatCents(amount)} le ${formatDate(paidOn)}.` })
		}
		case 'open-evaluation': {
			requireAcceptedForm(formData)
			const outcome = await openEvaluation({ user, applicationId })
			if (!outcome.ok) return refused(intent, formData, outcome)
			return redirectWithToast(`${here}#evaluation`, { title: 'Évaluation ouverte', description: 'Le consortium peut la rédiger.' })
		}
		case 'approve': {
			requireAcceptedForm(formData)
			const outcome = await approveReport({ user, applicationId })
			if (!outcome.ok) return refused(intent, formData, outcome)
			return redirectWithToast(`${here}#evaluation`, { title: 'Évaluation approuvée', description: 'Le solde est à payer dans les 60 jours.' })
		}
		case 'request-changes': {
			const submission = parseSubmission(formData, { schema: RequestChangesSchema })
			if (submission.status !== 'success') return reply(intent, formData, { fields: submission.error ?? {} }, 400)
			const outcome = await requestReportChanges({ user, applicationId, sections: submission.value.sections, message: submission.value.message })
			if (!outcome.ok) {
				const field = outcome.message.startsWith('Choisissez') ? 'sections' : outcome.message.startsWith('Écrivez') ? 'message' : undefined
				return refused(intent, formData, { message: outcome.message, field })
			}
			return redirectWithToast(`${here}#evaluation`, { title: 'Modifications demandées', description: 'Seules les sections choisies sont rouvertes.' })
		}
		default:
			return reply(intent, formData, { form: ['Action inconnue : rechargez la page.'] }, 400)
	}
}

export default function StaffFollowUpPage() {
	const { view, signerName, today } = useLoaderData<typeof loader>()
	const { application, call, agreement, tranches, report, members } = view
	const base = `/gestion/appels/${call.id}/suivi/${application.id}`
	const unknown = useFormReply('')
	return (
		<>
			<p>
				<Link to={`/gestion/appels/${call.id}/suivi`}>← Suivi des projets retenus</Link>
			</p>
			<h1>{application.title}</h1>
			<FormErrors id="page-erreur" errors={unknown?.formErrors} />
			<dl className="facts">
				<dt>Appel</dt>
				<dd>{call.title}</dd>
				<dt>Statut</dt>
				<dd>{APPLICATION_STATUS_LABELS[application.status] ?? application.status}</dd>
				<dt>Montant attribué</dt>
				<dd>{formatCents(application.amountGrantedCents)}</dd>
				<dt>Consortium</dt>
				<dd>
					<ul style={{ margin: 0, paddingLeft: '1.2em' }}>
						{members.map((m) => (
							<li key={m.organizationId}>
								{m.name}
								{m.role === 'lead' ? ' (chef de file)' : ''}
								{m.grantShareCents !== null ? ` — part de la subvention : ${formatCents(m.grantShareCents)}` : ''}
							</li>
						))}
					</ul>
				</dd>
			</dl>

			<section aria-labelledby="convention" className="card">
				<h2 id="convention">Convention</h2>
				{agreement ? (
					<AgreementBlock agreement={agreement} base={base} signerName={signerName} />
				) : (
					<>
						<p>
							La convention n’est pas encore établie.{' '}
							{agreementRequired(application.amountGrantedCents ?? 0) ? 'Elle est obligatoire au-delà de 23 000 €.' : 'Elle n’est obligatoire qu’au-delà de 23 000 €, et toujours proposée.'}
						</p>
						{application.status === 'selected' ? <BareForm intent="open-agreement" label="Établir la convention" /> : null}
					</>
				)}
			</section>

			<section aria-labelledby="projet" className="card">
				<h2 id="projet">Projet</h2>
				{application.status === 'agreement_signed' ? (
					<>
						<p>La convention est signée par toutes les parties : le projet peut commencer.</p>
						<BareForm intent="start-project" label="Marquer le début du projet" />
					</>
				) : application.status === 'selected' ? (
					<p>Le projet commence une fois la convention signée par toutes les parties.</p>
				) : (
					<p>
						{`Statut du dossier : ${APPLICATION_STATUS_LABELS[application.status] ?? application.status}.`}
						{call.projectStartsOn ? ` Période du projet : du ${formatDate(call.projectStartsOn)} au ${formatDate(call.projectEndsOn)}.` : ''}
					</p>
				)}
			</section>

			<section aria-labelledby="versements" className="card">
				<h2 id="versements">Versements</h2>
				{tranches.length === 0 ? (
					<p>Les tranches naissent avec la convention.</p>
				) : (
					<>
						<p className="hint">Chaque tranche est à payer dans les 60 jours qui suivent son déclenchement.</p>
						<TrancheTable tranches={tranches} />
						{tranches
							.filter((t) => t.status === 'due')
							.map((t) => (
								<PaymentForm key={t.id} tranche={t} today={today} />
							))}
					</>
				)}
			</section>

			<section aria-labelledby="evaluation" className="card">
				<h2 id="evaluation">Évaluation de fin de projet</h2>
				{report ? (
					<ReportBlock report={report} plan={view.plan} threshold={call.reportGapThresholdPercent} base={base} />
				) : application.status === 'in_progress' ? (
					<>
						<p>{`Le projet est en cours. L’évaluation s’ouvre à sa fin${call.evaluationDueOn ? ` ; elle sera attendue le ${formatDate(call.evaluationDueOn)}` : ''}.`}</p>
						<BareForm intent="open-evaluation" label="Ouvrir l’évaluation de fin de projet" />
					</>
				) : (
					<p>L’évaluation s’ouvre une fois le projet en cours.</p>
				)}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
