/**
 * The end-of-project evaluation as written, read-only (issue 10), section by section: the
 * consortium's part — what was done and the timetable carried out, the publics, the
 * indicators, the difficulties, the financial report in the CERFA 15059 layout (prévu /
 * réalisé, gap in € and %, explanation above the call's threshold, co-financers) — then each
 * association's own part, its answers in the French labels of the 2012 bilan's questions.
 * From the follow-up read model's `report` and `plan`; shared by the funder's page and the
 * consortium's.
 */
import { financialLines, type ConsortiumPart, type ReportPlan } from '#app/domain/reports/consortium-part.ts'
import type { AssociationPart } from '#app/domain/reports/association-part.ts'
import { lineGap, reportTotals, type ReportLine } from '#app/domain/reports/financial-report.ts'
import { associationPartTitle, CONTINUE_CHOICES, DIFFICULTY_CATEGORIES, INTEREST_LEVELS, INVOLVEMENT_FORMS, OTHER_PARTNER_KINDS, YES_NO_ANSWERS } from '#app/domain/reports/options.ts'
import { formatCents, formatDate, formatInteger } from '#app/utils/format.ts'

export type EvaluationAnswersReport = {
	consortium: { answers: ConsortiumPart }
	sections: readonly { section: string; title: string; reopened: boolean }[]
	associations: readonly { organizationId: string; name: string; role: string; section: string; answers: Partial<AssociationPart>; reopened: boolean }[]
}

type Heading = 'h2' | 'h3' | 'h4'

const labelOf = (list: readonly { value: string; label: string }[], value: string | null | undefined) => (value ? (list.find((o) => o.value === value)?.label ?? value) : null)
const NOT_ANSWERED = 'Pas de réponse'

/** A gap in percent, French style (« +12,5 % »). */
function percentText(value: number | null): string {
	if (value === null) return '—'
	return `${value > 0 ? '+' : ''}${String(value).replace('.', ',')} %`
}
const signedCents = (cents: number | null) => (cents === null ? '—' : `${cents > 0 ? '+' : ''}${formatCents(cents)}`)

export function EvaluationAnswers({ report, plan, threshold, headingLevel = 'h3' }: { report: EvaluationAnswersReport; plan: ReportPlan; threshold: number; headingLevel?: Heading }) {
	const H = headingLevel
	const answers = report.consortium.answers
	const reopened = (section: string) => report.sections.find((s) => s.section === section)?.reopened ?? false
	const title = (section: string) => report.sections.find((s) => s.section === section)?.title ?? section
	const Title = ({ section, id }: { section: string; id: string }) => (
		<H id={id}>
			{title(section)}
			{reopened(section) ? <span className="muted"> — rouverte à la demande du financeur</span> : null}
		</H>
	)
	const realisation = answers.realisation
	const difficulties = answers.difficultes as (Record<string, string | undefined> & { difficultiesMet?: string }) | undefined
	return (
		<div className="evaluation-answers">
			<section aria-labelledby="eval-realisation">
				<Title section="realisation" id="eval-realisation" />
				<p style={{ whiteSpace: 'pre-line' }}>{realisation?.whatWasDone || NOT_ANSWERED}</p>
				{plan.timetable.length > 0 ? (
					<table className="follow-up-table">
						<caption style={{ textAlign: 'left', fontWeight: 600 }}>Calendrier : prévu et réalisé</caption>
						<thead>
							<tr>
								<th scope="col">Étape</th>
								<th scope="col">Date prévue</th>
								<th scope="col">Date réalisée</th>
								<th scope="col">Remarque</th>
							</tr>
						</thead>
						<tbody>
							{plan.timetable.map((step, index) => {
								const done = realisation?.timetable[index]
								return (
									<tr key={index}>
										<th scope="row">{step.label}</th>
										<td data-label="Date prévue" className="num">{step.date ? formatDate(step.date) : '—'}</td>
										<td data-label="Date réalisée" className="num">{done?.actualDate ? formatDate(done.actualDate) : NOT_ANSWERED}</td>
										<td data-label="Remarque">{done?.note || '—'}</td>
									</tr>
								)
							})}
						</tbody>
					</table>
				) : null}
			</section>

			<section aria-labelledby="eval-publics">
				<Title section="publics" id="eval-publics" />
				<dl className="facts">
					<dt>Publics touchés</dt>
					<dd style={{ whiteSpace: 'pre-line' }}>{answers.publics?.publicsReached || NOT_ANSWERED}</dd>
					<dt>Participants touchés</dt>
					<dd>
						{answers.publics?.participantsReached === null || answers.publics?.participantsReached === undefined ? NOT_ANSWERED : formatInteger(answers.publics.participantsReached)}
						{plan.expectedParticipants !== null ? ` (prévus : ${formatInteger(plan.expectedParticipants)})` : ''}
					</dd>
				</dl>
			</section>

			<section aria-labelledby="eval-indicateurs">
				<Title section="indicateurs" id="eval-indicateurs" />
				{plan.indicators.length === 0 ? (
					<p>Le dossier ne prévoyait pas d’indicateur.</p>
				) : (
					<table className="follow-up-table">
						<caption className="visually-hidden">Indicateurs : cible et résultat</caption>
						<thead>
							<tr>
								<th scope="col">Indicateur</th>
								<th scope="col">Cible</th>
								<th scope="col">Atteint</th>
								<th scope="col">Commentaire</th>
							</tr>
						</thead>
						<tbody>
							{plan.indicators.map((indicator, index) => {
								const reached = answers.indicateurs?.indicators[index]
								return (
									<tr key={index}>
										<th scope="row">{indicator.label}</th>
										<td data-label="Cible">{indicator.target || '—'}</td>
										<td data-label="Atteint">{reached?.reached || NOT_ANSWERED}</td>
										<td data-label="Commentaire">{reached?.comment || '—'}</td>
									</tr>
								)
							})}
						</tbody>
					</table>
				)}
			</section>

			<section aria-labelledby="eval-difficultes">
				<Title section="difficultes" id="eval-difficultes" />
				<p>Difficultés rencontrées : {labelOf(YES_NO_ANSWERS, difficulties?.difficultiesMet) ?? NOT_ANSWERED}</p>
				{DIFFICULTY_CATEGORIES.some((c) => difficulties?.[c.value]) ? (
					<dl className="facts">
						{DIFFICULTY_CATEGORIES.filter((c) => difficulties?.[c.value]).map((c) => (
							<div key={c.value} style={{ display: 'contents' }}>
								<dt>{c.label}</dt>
								<dd style={{ whiteSpace: 'pre-line' }}>{difficulties?.[c.value]}</dd>
							</div>
						))}
					</dl>
				) : null}
			</section>

			<section aria-labelledby="eval-financier">
				<Title section="financier" id="eval-financier" />
				<p className="hint">{`Compte rendu financier (CERFA 15059) : un écart de plus de ${threshold} % est expliqué.`}</p>
				<FinancialTable caption="Charges" lines={financialLines(plan, answers, 'charges')} threshold={threshold} />
				<FinancialTable caption="Produits" lines={financialLines(plan, answers, 'products')} threshold={threshold} />
				{(answers.financier?.coFunders ?? []).length > 0 ? (
					<>
						<p>
							<strong>Co-financements obtenus</strong>
						</p>
						<ul>
							{answers.financier!.coFunders.map((c, index) => (
								<li key={index}>
									{c.name || '—'} : {formatCents(c.amount)}
								</li>
							))}
						</ul>
					</>
				) : (
					<p>Co-financements obtenus : aucun indiqué.</p>
				)}
			</section>

			{report.associations.map((association) => (
				<AssociationAnswers key={association.organizationId} association={association} heading={H} />
			))}
		</div>
	)
}

function FinancialTable({ caption, lines, threshold }: { caption: string; lines: ReportLine[]; threshold: number }) {
	if (lines.length === 0) return <p>{`${caption} : aucune ligne au budget prévisionnel.`}</p>
	const totals = reportTotals(lines, threshold)
	return (
		<table className="follow-up-table">
			<caption style={{ textAlign: 'left', fontWeight: 600 }}>{caption}</caption>
			<thead>
				<tr>
					<th scope="col">Ligne</th>
					<th scope="col">Prévu</th>
					<th scope="col">Réalisé</th>
					<th scope="col">Écart (€)</th>
					<th scope="col">Écart (%)</th>
					<th scope="col">Explication</th>
				</tr>
			</thead>
			<tbody>
				{lines.map((line, index) => {
					const gap = lineGap(line, threshold)
					return (
						<tr key={index}>
							<th scope="row">
								{line.account ? `${line.account} — ` : ''}
								{line.label}
							</th>
							<td data-label="Prévu" className="num">{formatCents(line.plannedCents)}</td>
							<td data-label="Réalisé" className="num">{line.actualCents === null ? NOT_ANSWERED : formatCents(line.actualCents)}</td>
							<td data-label="Écart (€)" className="num">{signedCents(gap.gapCents)}</td>
							<td data-label="Écart (%)">
								{percentText(gap.gapPercent)}
								{gap.needsExplanation ? <strong>{` (au-delà de ${threshold} %)`}</strong> : null}
							</td>
							<td data-label="Explication">{line.explanation || (gap.needsExplanation ? 'Manquante' : '—')}</td>
						</tr>
					)
				})}
				<tr>
					<th scope="row">Total</th>
					<td data-label="Prévu" className="num">{formatCents(totals.plannedCents)}</td>
					<td data-label="Réalisé" className="num">{totals.actualCents === null ? '—' : formatCents(totals.actualCents)}</td>
					<td data-label="Écart (€)" className="num">{signedCents(totals.gapCents)}</td>
					<td data-label="Écart (%)">{percentText(totals.gapPercent)}</td>
					<td data-label="Explication">—</td>
				</tr>
			</tbody>
		</table>
	)
}

function AssociationAnswers({ association, heading: H }: { association: EvaluationAnswersReport['associations'][number]; heading: Heading }) {
	const a = association.answers
	const id = `eval-${association.organizationId}`
	const forms = (a.involvementForms ?? []).map((f) => labelOf(INVOLVEMENT_FORMS, f)).join(', ')
	const partners = (a.otherPartners ?? []).map((p) => labelOf(OTHER_PARTNER_KINDS, p)).join(', ')
	const facts: [string, string | null | undefined][] = [
		['Formes d’implication', forms ? `${forms}${a.involvementOther ? ` (${a.involvementOther})` : ''}` : null],
		['Intérêt trouvé à coopérer', labelOf(INTEREST_LEVELS, a.interest)],
		['D’autres partenaires mobilisés', labelOf(YES_NO_ANSWERS, a.mobilisedOthers)],
		...(partners ? [['Lesquels', partners] as [string, string]] : []),
		['Nouveaux financements grâce à la coopération', a.newFunding ? `${labelOf(YES_NO_ANSWERS, a.newFunding)}${a.newFundingDetails ? ` : ${a.newFundingDetails}` : ''}` : null],
		['Notoriété accrue', labelOf(YES_NO_ANSWERS, a.notoriety)],
		['Souhait de continuer ensemble', labelOf(CONTINUE_CHOICES, a.continueTogether)],
		['Ce que la coopération lui a apporté', a.brought],
		['Ce qu’elle ferait autrement', a.differently],
	]
	return (
		<section aria-labelledby={id}>
			<H id={id}>
				{associationPartTitle(association.name)}
				{association.role === 'lead' ? ' (chef de file)' : ''}
				{association.reopened ? <span className="muted"> — rouverte à la demande du financeur</span> : null}
			</H>
			<dl className="facts">
				{facts.map(([label, value]) => (
					<div key={label} style={{ display: 'contents' }}>
						<dt>{label}</dt>
						<dd style={{ whiteSpace: 'pre-line' }}>{value || NOT_ANSWERED}</dd>
					</div>
				))}
			</dl>
		</section>
	)
}
