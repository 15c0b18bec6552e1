/**
 * The blocks of the funder's follow-up page of one dossier (issue 10): the agreement with its
 * signatures and forms (sign for the funder, a new version), a tranche's payment form, the
 * evaluation with its review forms. Each form shows the action's refusal next to its fields,
 * with what was typed (`FormReply`, the route's answer).
 */
import type { SerializeFrom } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { ErrorList, Field, FormErrors, TextareaField } from '#app/components/forms.tsx'
import { EvaluationAnswers } from '#app/components/follow-up/evaluation-answers.tsx'
import { triggerLabel } from '#app/domain/agreements/tranches.ts'
import { AGREEMENT_STATUS_LABELS, REPORT_STATUS_LABELS } from '#app/domain/follow-up/follow-up-labels.ts'
import type { FollowUpView } from '#app/domain/follow-up/follow-up-view.server.ts'
import { associationPartTitle } from '#app/domain/reports/options.ts'
import { formatCents, formatDate, formatDateTime } from '#app/utils/format.ts'

/** The route's answer to a refused form. */
export type FormReply = { intent: string; target: string; formErrors: string[]; fieldErrors: Record<string, string[]>; values: Record<string, string>; sections: string[] }

type View = SerializeFrom<FollowUpView>

/** The action's answer, when it is about this form (intent, and tranche for a payment). */
export function useFormReply(intent: string, target = ''): FormReply | null {
	const data = useActionData() as FormReply | undefined
	return data && data.intent === intent && data.target === target ? data : null
}

/** A form with only its intent: one button. Its refusal is shown above it. */
export function BareForm({ intent, label }: { intent: string; label: string }) {
	const answer = useFormReply(intent)
	return (
		<Form method="post">
			<FormErrors id={`${intent}-erreur`} errors={answer?.formErrors} />
			<input type="hidden" name="intent" value={intent} />
			<button type="submit">{label}</button>
		</Form>
	)
}


export function AgreementBlock({ agreement, base, signerName }: { agreement: NonNullable<View['agreement']>; base: string; signerName: string }) {
	const { content } = agreement
	const funder = agreement.parties.find((p) => p.role === 'funder')
	const sign = useFormReply('sign')
	const revise = useFormReply('revise-agreement')
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
							<li key={index}>{`${t.label} : ${t.percent} %, ${formatCents(t.amountCents)} — ${triggerLabel(t.trigger).toLowerCase()}`}</li>
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

export function PaymentForm({ tranche, today }: { tranche: View['tranches'][number]; today: string }) {
	const answer = useFormReply('record-payment', tranche.id)
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

export function ReportBlock({ report, plan, threshold, base }: { report: NonNullable<View['report']>; plan: View['plan']; threshold: number; base: string }) {
	const changes = useFormReply('request-changes')
	const choices = [...report.sections.map((s) => ({ value: s.section, label: s.title })), ...report.associations.map((a) => ({ value: a.section, label: associationPartTitle(a.name) }))]
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
