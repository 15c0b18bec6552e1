import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { EvaluationAnswers } from '#app/components/follow-up/evaluation-answers.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, Field, FormErrors, TextareaField } from '#app/components/forms.tsx'
import { openAgreement, reviseAgreement, signAgreement } from '#app/domain/agreements/agreements.server.ts'
import { recordPayment } from '#app/domain/agreements/payments.server.ts'
import { agreementRequired, TRANCHE_TRIGGERS } from '#app/domain/agreements/tranches.ts'
import { APPLICATION_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { parisLocalToUtc, utcToParisLocal } from '#app/domain/calls/paris-time.ts'
import { AGREEMENT_STATUS_LABELS, clockText, REPORT_STATUS_LABELS, TRANCHE_STATE_LABELS } from '#app/domain/follow-up/follow-up-labels.ts'
import { startProject } from '#app/domain/follow-up/project.server.ts'
import { checkStaffFollowUp, getStaffFollowUpPage } from '#app/domain/follow-up/staff-dossier.server.ts'
import { PaymentSchema, RequestChangesSchema, ReviseSchema, SignSchema } from '#app/domain/follow-up/staff-forms.server.ts'
import { approveReport, openEvaluation, requestReportChanges } from '#app/domain/reports/evaluation-report.server.ts'
import { formatCents, formatDate, formatDateTime } from '#app/utils/format.ts'
import { parseSubmission, readFormData, requireAcceptedForm } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Suivi — ${data?.view.application.title ?? 'Dossier'} — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const view = await getStaffFollowUpPage({ user, callId: params.callId!, applicationId: params.applicationId! })
	// The funder signs in the name of the person signed in; they may correct it.
	return json({ view, signerName: user.displayName, today: utcToParisLocal(new Date()).date })
}

type Reply = { intent: string; target: string; formErrors: string[]; fieldErrors: Record<string, string[]>; values: Record<string, string>; sections: string[] }

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
	return json({ intent, target: values.paymentId ?? '', formErrors: errors.form ?? [], fieldErrors, values, sections } satisfies Reply, { status })
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

/** The action's answer, when it is about this form (intent, and tranche for a payment). */
function useReply(intent: string, target = ''): Reply | null {
	const data = useActionData<typeof action>() as Reply | undefined
	return data && data.intent === intent && data.target === target ? data : null
}

const TRIGGER_LABELS = Object.fromEntries(TRANCHE_TRIGGERS.map((t) => [t.value, t.label])) as Record<string, string>

export default function StaffFollowUpPage() {
	const { view, signerName, today } = useLoaderData<typeof loader>()
	const { application, call, agreement, tranches, report, members } = view
	const base = `/gestion/appels/${call.id}/suivi/${application.id}`
	const unknown = useReply('')
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
						<table className="follow-up-table">
							<caption className="visually-hidden">Tranches du dossier</caption>
							<thead>
								<tr>
									<th scope="col">Tranche</th>
									<th scope="col">Montant</th>
									<th scope="col">Déclenchement</th>
									<th scope="col">Échéance</th>
									<th scope="col">Paiement</th>
								</tr>
							</thead>
							<tbody>
								{tranches.map((t) => (
									<tr key={t.id}>
										<th scope="row">{`${t.label} (${t.percent} %)`}</th>
										<td data-label="Montant" className="num">{formatCents(t.amountCents)}</td>
										<td data-label="Déclenchement">{t.triggeredAt ? `le ${formatDate(t.triggeredAt)}` : TRIGGER_LABELS[t.trigger] ?? t.trigger}</td>
										<td data-label="Échéance">
											{t.dueAt ? formatDate(t.dueAt) : '—'}
											{t.state === 'late' ? (
												<>
													{' '}
													<strong>{clockText(t)}</strong>
												</>
											) : t.state === 'due' ? (
												` (${clockText(t)})`
											) : null}
										</td>
										<td data-label="Paiement">
											{t.paidOn ? `Payée le ${formatDate(t.paidOn)} : ${formatCents(t.paidAmountCents)}${t.reference ? `, réf. ${t.reference}` : ''}` : TRANCHE_STATE_LABELS[t.state]}
										</td>
									</tr>
								))}
							</tbody>
						</table>
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

/** A form with only its intent: one button. Its refusal is shown above it. */
function BareForm({ intent, label }: { intent: string; label: string }) {
	const answer = useReply(intent)
	return (
		<Form method="post">
			<FormErrors id={`${intent}-erreur`} errors={answer?.formErrors} />
			<input type="hidden" name="intent" value={intent} />
			<button type="submit">{label}</button>
		</Form>
	)
}

type View = ReturnType<typeof useLoaderData<typeof loader>>['view']

function AgreementBlock({ agreement, base, signerName }: { agreement: NonNullable<View['agreement']>; base: string; signerName: string }) {
	const { content } = agreement
	const funder = agreement.parties.find((p) => p.role === 'funder')
	const sign = useReply('sign')
	const revise = useReply('revise-agreement')
	return (
		<>
			<dl className="facts">
				<dt>État</dt>
				<dd>
					{AGREEMENT_STATUS_LABELS[agreement.status] ?? agreement.status}
					{agreement.status === 'awaiting_signatures' ? ` : ${agreement.signedCount} signature${agreement.signedCount > 1 ? 's' : ''} sur ${agreement.parties.length}` : ''}
					{agreement.signedAt ? `, le ${formatDateTime(agreement.signedAt)}` : ''}
				</dd>
				<dt>Version</dt>
				<dd>
					{`n° ${agreement.version}`} <span className="muted">{`(empreinte ${agreement.digest.slice(0, 12)}…)`}</span>
				</dd>
				<dt>Projet</dt>
				<dd>
					{content.project.title}
					{content.project.summary ? ` — ${content.project.summary}` : ''}
				</dd>
				<dt>Parties</dt>
				<dd>{`${content.funder.name} et ${content.parties.map((p) => p.name).join(', ')}`}</dd>
				<dt>Montant</dt>
				<dd>
					{formatCents(content.amountCents)}
					{content.mandatory ? ' — convention obligatoire (plus de 23 000 €)' : ''}
				</dd>
				<dt>Tranches</dt>
				<dd>
					<ul style={{ margin: 0, paddingLeft: '1.2em' }}>
						{content.tranches.map((t, index) => (
							<li key={index}>{`${t.label} : ${t.percent} %, ${formatCents(t.amountCents)} — ${(TRIGGER_LABELS[t.trigger] ?? t.trigger).toLowerCase()}`}</li>
						))}
					</ul>
				</dd>
				<dt>Dates</dt>
				<dd>
					{content.dates.projectStartsOn ? `Projet du ${formatDate(content.dates.projectStartsOn)} au ${formatDate(content.dates.projectEndsOn)}. ` : ''}
					{content.dates.evaluationDueOn ? `Évaluation attendue le ${formatDate(content.dates.evaluationDueOn)}. ` : ''}
					{`Paiement de chaque tranche dans les ${content.paymentDelayDays} jours de son déclenchement.`}
				</dd>
			</dl>
			<p>
				<a href={`${base}/convention.pdf`}>Lire la convention (PDF)</a>
			</p>
			<h3 id="signatures">Signatures de cette version</h3>
			<ul aria-labelledby="signatures">
				{agreement.parties.map((party) => (
					<li key={party.organizationId ?? 'financeur'}>
						<strong>{party.name}</strong>
						{party.role === 'lead' ? ' (chef de file)' : party.role === 'funder' ? ' (financeur)' : ''} :{' '}
						{party.signature
							? `signée le ${formatDateTime(party.signature.signedAt)} par ${party.signature.signerName}${party.signature.signerQuality ? `, ${party.signature.signerQuality}` : ''}`
							: 'pas encore signée'}
					</li>
				))}
			</ul>
			{funder?.canSign ? (
				<Form method="post" className="stack" aria-labelledby="signer-titre">
					<h3 id="signer-titre">Signer pour le financeur</h3>
					<FormErrors id="signer-erreur" errors={sign?.formErrors} />
					<input type="hidden" name="intent" value="sign" />
					<input type="hidden" name="digest" value={agreement.digest} />
					<Field
						label="Prénom et nom du signataire"
						errors={sign?.fieldErrors.signerName}
						inputProps={{ id: 'signer-nom', name: 'signerName', autoComplete: 'name', defaultValue: sign?.values.signerName ?? signerName }}
					/>
					<Field
						label="Qualité (facultatif)"
						hint="Par exemple : directrice, par délégation du président."
						errors={sign?.fieldErrors.signerQuality}
						inputProps={{ id: 'signer-qualite', name: 'signerQuality', defaultValue: sign?.values.signerQuality ?? '' }}
					/>
					<ErrorList errors={sign?.fieldErrors.digest} />
					<div>
						<button type="submit">{`Signer la version ${agreement.version}`}</button>
					</div>
				</Form>
			) : null}
			{agreement.status === 'awaiting_signatures' ? (
				<Form method="post" className="stack" aria-labelledby="reviser-titre">
					<h3 id="reviser-titre">Établir une nouvelle version</h3>
					<p className="hint">Le texte est établi de nouveau depuis le dossier, le consortium et l’appel ; chaque partie signe de nouveau.</p>
					<FormErrors id="reviser-erreur" errors={revise?.formErrors} />
					<input type="hidden" name="intent" value="revise-agreement" />
					<TextareaField
						label="Ce qui change"
						errors={revise?.fieldErrors.reason}
						textareaProps={{ id: 'reviser-motif', name: 'reason', rows: 3, defaultValue: revise?.values.reason ?? '' }}
					/>
					<div>
						<button type="submit" className="secondary">
							Établir la nouvelle version
						</button>
					</div>
				</Form>
			) : null}
		</>
	)
}

function PaymentForm({ tranche, today }: { tranche: View['tranches'][number]; today: string }) {
	const answer = useReply('record-payment', tranche.id)
	const id = `paiement-${tranche.id}`
	return (
		<Form method="post" className="stack" aria-labelledby={`${id}-titre`}>
			<h3 id={`${id}-titre`}>{`Enregistrer le paiement : ${tranche.label}`}</h3>
			<FormErrors id={`${id}-erreur`} errors={answer?.formErrors} />
			<input type="hidden" name="intent" value="record-payment" />
			<input type="hidden" name="paymentId" value={tranche.id} />
			<Field
				label="Date du virement"
				errors={answer?.fieldErrors.paidOn}
				inputProps={{ id: `${id}-date`, name: 'paidOn', type: 'date', max: today, defaultValue: answer?.values.paidOn ?? '' }}
			/>
			<Field
				label="Montant versé (€)"
				hint={`Le montant de la tranche : ${formatCents(tranche.amountCents)}.`}
				errors={answer?.fieldErrors.amount}
				inputProps={{ id: `${id}-montant`, name: 'amount', inputMode: 'decimal', defaultValue: answer?.values.amount ?? '' }}
			/>
			<Field
				label="Référence du virement (facultatif)"
				errors={answer?.fieldErrors.reference}
				inputProps={{ id: `${id}-reference`, name: 'reference', defaultValue: answer?.values.reference ?? '' }}
			/>
			<div>
				<button type="submit">Enregistrer le paiement</button>
			</div>
		</Form>
	)
}

function ReportBlock({ report, plan, threshold, base }: { report: NonNullable<View['report']>; plan: View['plan']; threshold: number; base: string }) {
	const changes = useReply('request-changes')
	const choices = [...report.sections.map((s) => ({ value: s.section, label: s.title })), ...report.associations.map((a) => ({ value: a.section, label: `Partie de l’association ${a.name}` }))]
	const checked = new Set(changes?.sections ?? [])
	const sectionsError = changes?.fieldErrors.sections
	return (
		<>
			<dl className="facts">
				<dt>État</dt>
				<dd>{REPORT_STATUS_LABELS[report.status] ?? report.status}</dd>
				<dt>Attendue le</dt>
				<dd>
					{formatDate(report.dueOn)}
					{report.late ? (
						<>
							{' '}
							<strong>en retard</strong>
						</>
					) : null}
				</dd>
				{report.submittedAt ? (
					<>
						<dt>Envoyée le</dt>
						<dd>{formatDateTime(report.submittedAt)}</dd>
					</>
				) : null}
				{report.reviewedAt ? (
					<>
						<dt>Approuvée le</dt>
						<dd>{formatDateTime(report.reviewedAt)}</dd>
					</>
				) : null}
			</dl>
			{report.status === 'changes_requested' ? (
				<p>
					{`Modifications demandées sur : ${report.reopenedSections.map((s) => choices.find((c) => c.value === s)?.label ?? s).join(', ')}.`}
					{report.reviewMessage ? ` Message : « ${report.reviewMessage} »` : ''}
				</p>
			) : null}
			{report.submittedAt ? (
				<>
					<p>
						<a href={`${base}/evaluation.pdf`}>L’évaluation (PDF)</a>
					</p>
					<EvaluationAnswers report={report} plan={plan} threshold={threshold} />
				</>
			) : (
				<p>{`En cours de rédaction par le consortium : ${report.problems.length === 0 ? 'complète, le chef de file peut l’envoyer.' : `${report.problems.length} élément${report.problems.length > 1 ? 's' : ''} encore à renseigner.`}`}</p>
			)}
			{report.canReview ? (
				<>
					<h3 id="relecture">Relecture</h3>
					<BareForm intent="approve" label="Approuver l’évaluation" />
					<Form method="post" className="stack" aria-labelledby="demander-titre">
						<h4 id="demander-titre">Demander des modifications</h4>
						<FormErrors id="demander-erreur" errors={changes?.formErrors} />
						<input type="hidden" name="intent" value="request-changes" />
						<fieldset aria-describedby={sectionsError?.length ? 'sections-error' : undefined}>
							<legend>Sections à reprendre (seules celles-ci sont rouvertes)</legend>
							{choices.map((choice) => (
								<label key={choice.value} style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
									<input type="checkbox" name="sections" value={choice.value} defaultChecked={checked.has(choice.value)} aria-invalid={sectionsError?.length ? true : undefined} />
									{choice.label}
								</label>
							))}
							<ErrorList id="sections-error" errors={sectionsError} />
						</fieldset>
						<TextareaField
							label="Message au consortium"
							errors={changes?.fieldErrors.message}
							textareaProps={{ id: 'demander-message', name: 'message', rows: 4, defaultValue: changes?.values.message ?? '' }}
						/>
						<div>
							<button type="submit" className="secondary">
								Demander ces modifications
							</button>
						</div>
					</Form>
				</>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
