/**
 * The end-of-project evaluation as written, read-only (issue 10), one component a section: a
 * section of the consortium's part — what was done and the timetable carried out, the publics,
 * the indicators, the difficulties, the financial report in the CERFA 15059 layout — and an
 * association's own part, in the labels of the 2012 bilan's questions (those of the PDF). The
 * consortium's page shows them section by section (the ones its reader may not edit);
 * `EvaluationAnswers` puts them all together for the funder.
 */
import type { ConsortiumPart, ReportPlan } from '#app/domain/reports/consortium-part.ts'
import type { AssociationPart } from '#app/domain/reports/association-part.ts'
import { associationPartTitle, CONTINUE_CHOICES, type ConsortiumSection, DIFFICULTY_CATEGORIES, INTEREST_LEVELS, INVOLVEMENT_FORMS, OTHER_PARTNER_KINDS, YES_NO_ANSWERS } from '#app/domain/reports/options.ts'
import { formatCents, formatDate, formatInteger } from '#app/utils/format.ts'
import { type Financial, FinancialTable, financialReport } from './financial-report-fields.tsx'
import { labelOf, NOT_ANSWERED, orNone } from '#app/components/form-state.tsx'

type Heading = 'h2' | 'h3' | 'h4'

const PRE_LINE = { whiteSpace: 'pre-line' } as const

/** One section of the consortium's part as saved. */
export function ConsortiumSectionAnswers({ section, answers, plan, financial }: { section: ConsortiumSection; answers: ConsortiumPart; plan: ReportPlan; financial: Financial }) {
	switch (section) {
		case 'realisation': {
			const realisation = answers.realisation
			return (
				<>
					<dl className="facts">
						<dt>Ce qui a été réalisé</dt>
						<dd style={PRE_LINE}>{orNone(realisation?.whatWasDone)}</dd>
					</dl>
					{plan.timetable.length > 0 ? (
						<table className="follow-up-table">
							<caption>Calendrier : prévu et réalisé</caption>
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
				</>
			)
		}
		case 'publics': {
			const reached = answers.publics?.participantsReached
			return (
				<dl className="facts">
					<dt>Publics touchés</dt>
					<dd style={PRE_LINE}>{orNone(answers.publics?.publicsReached)}</dd>
					<dt>Participants touchés</dt>
					<dd>
						{reached === null || reached === undefined ? NOT_ANSWERED : formatInteger(reached)}
						{plan.expectedParticipants !== null ? ` (prévus : ${formatInteger(plan.expectedParticipants)})` : ''}
					</dd>
				</dl>
			)
		}
		case 'indicateurs':
			return plan.indicators.length === 0 ? (
				<p>Le dossier déposé ne prévoyait pas d’indicateurs.</p>
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
									<td data-label="Cible">{indicator.target || 'non fixée'}</td>
									<td data-label="Atteint">{orNone(reached?.reached)}</td>
									<td data-label="Commentaire">{reached?.comment || '—'}</td>
								</tr>
							)
						})}
					</tbody>
				</table>
			)
		case 'difficultes': {
			const difficulties = answers.difficultes as (Record<string, string | undefined> & { difficultiesMet?: string }) | undefined
			return (
				<dl className="facts">
					<dt>Le consortium a rencontré des difficultés</dt>
					<dd>{labelOf(YES_NO_ANSWERS, difficulties?.difficultiesMet)}</dd>
					{DIFFICULTY_CATEGORIES.filter((c) => difficulties?.[c.value]).map((c) => (
						<div key={c.value} style={{ display: 'contents' }}>
							<dt>{c.label}</dt>
							<dd style={PRE_LINE}>{difficulties?.[c.value]}</dd>
						</div>
					))}
				</dl>
			)
		}
		case 'financier':
			return (
				<>
					<p className="hint muted">{`Compte rendu financier (CERFA n° 15059) : un écart de plus de ${financial.thresholdPercent} % avec le prévu est expliqué.`}</p>
					<FinancialTable side="charges" financial={financial} state={null} />
					<FinancialTable side="products" financial={financial} state={null} />
					<h4>Co-financements obtenus</h4>
					{financial.coFunders.length === 0 ? (
						<p className="muted">Aucun indiqué.</p>
					) : (
						<ul>
							{financial.coFunders.map((c, index) => (
								<li key={index}>{`${c.name || 'Sans nom'} : ${formatCents(c.amountCents)}`}</li>
							))}
						</ul>
					)}
				</>
			)
	}
}

/** An association's own part as saved; `started` false when its référent has saved nothing yet. */
export function AssociationPartAnswers({ answers: a, started }: { answers: Partial<AssociationPart>; started: boolean }) {
	if (!started) return <p className="muted">Pas encore répondu.</p>
	const list = (options: readonly { value: string; label: string }[], values: readonly string[] | undefined) => (values ?? []).map((v) => labelOf(options, v)).join(', ')
	const forms = list(INVOLVEMENT_FORMS, a.involvementForms)
	const partners = list(OTHER_PARTNER_KINDS, a.otherPartners)
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
		<dl className="facts">
			{facts.map(([label, value]) => (
				<div key={label} style={{ display: 'contents' }}>
					<dt>{label}</dt>
					<dd style={PRE_LINE}>{orNone(value)}</dd>
				</div>
			))}
		</dl>
	)
}

export type EvaluationAnswersReport = {
	consortium: { answers: ConsortiumPart }
	sections: readonly { section: string; title: string; reopened: boolean }[]
	associations: readonly { organizationId: string; name: string; role: string; section: string; answers: Partial<AssociationPart>; reopened: boolean; version: number }[]
}

/** The whole evaluation for the funder: every section of the consortium's part, then each association's part. */
export function EvaluationAnswers({ report, plan, threshold, headingLevel = 'h3' }: { report: EvaluationAnswersReport; plan: ReportPlan; threshold: number; headingLevel?: Heading }) {
	const H = headingLevel
	const financial = financialReport(plan, report.consortium.answers, threshold)
	const reopenedNote = <span className="muted"> — rouverte à la demande du financeur</span>
	return (
		<div className="evaluation-answers">
			{report.sections.map((s) => (
				<section key={s.section} aria-labelledby={`eval-${s.section}`}>
					<H id={`eval-${s.section}`}>
						{s.title}
						{s.reopened ? reopenedNote : null}
					</H>
					<ConsortiumSectionAnswers section={s.section as ConsortiumSection} answers={report.consortium.answers} plan={plan} financial={financial} />
				</section>
			))}
			{report.associations.map((association) => (
				<section key={association.organizationId} aria-labelledby={`eval-${association.organizationId}`}>
					<H id={`eval-${association.organizationId}`}>
						{associationPartTitle(association.name)}
						{association.role === 'lead' ? ' (chef de file)' : ''}
						{association.reopened ? reopenedNote : null}
					</H>
					<AssociationPartAnswers answers={association.answers} started={association.version > 1} />
				</section>
			))}
		</div>
	)
}
