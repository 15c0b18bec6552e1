/** A call as applicants read it; the funder's preview shows the same. */
import { Presentation } from '#app/components/presentation.tsx'
import { GIVEN_BY_LABELS, QUESTION_TYPE_LABELS } from '#app/domain/calls/call-form.ts'
import type { CallViewData } from '#app/domain/calls/call-view-data.ts'
import { formatCents, formatDate, formatDateTime, formatInteger } from '#app/utils/format.ts'

export type { CallViewData } from '#app/domain/calls/call-view-data.ts'

const period = (start: string | null, end: string | null) =>
	start && end ? `du ${formatDate(start)} au ${formatDate(end)}` : start ? `à partir du ${formatDate(start)}` : end ? `jusqu’au ${formatDate(end)}` : null

export function CallView({ call, closed = false, notYetOpen = false }: { call: CallViewData; closed?: boolean; notYetOpen?: boolean }) {
	const calendar = [
		{ label: 'Ouverture des dépôts', value: call.opensAt ? formatDate(call.opensAt) : null },
		{ label: 'Date limite de dépôt', value: call.deadlineAt ? `${formatDateTime(call.deadlineAt)} (heure de Paris)` : null },
		{ label: 'Jury', value: period(call.juryStartsOn, call.juryEndsOn) },
		{ label: 'Décision', value: call.decisionOn ? formatDate(call.decisionOn) : null },
		{ label: 'Réalisation des projets', value: period(call.projectStartsOn, call.projectEndsOn) },
		{ label: 'Remise des évaluations', value: call.evaluationDueOn ? formatDate(call.evaluationDueOn) : null },
	].filter((step) => step.value !== null)
	return (
		<article>
			<h1>{call.title}</h1>
			<p className="muted">
				Un appel à projets de {call.funderName}
				{notYetOpen ? ' — pas encore ouvert' : closed ? ' — appel clos' : ''}
			</p>
			{call.themes.length > 0 ? (
				<ul className="tags" aria-label="Thèmes">
					{call.themes.map((theme) => (
						<li key={theme}>{theme}</li>
					))}
				</ul>
			) : null}
			<dl className="facts">
				<dt>Associations par projet</dt>
				<dd>Au moins {formatInteger(call.minAssociations)}, chef de file compris</dd>
				{call.territory ? (
					<>
						<dt>Territoire</dt>
						<dd>{call.territory}</dd>
					</>
				) : null}
				{call.maxAmountPerProjectCents !== null ? (
					<>
						<dt>Montant maximum par projet</dt>
						<dd>{formatCents(call.maxAmountPerProjectCents)}</dd>
					</>
				) : null}
				{call.envelopeCents !== null ? (
					<>
						<dt>Enveloppe de l’appel</dt>
						<dd>{formatCents(call.envelopeCents)}</dd>
					</>
				) : null}
			</dl>

			<section aria-labelledby="appel-presentation">
				<h2 id="appel-presentation">Présentation</h2>
				<Presentation text={call.presentation} headingLevel={3} />
			</section>

			{call.eligibility ? (
				<section aria-labelledby="appel-eligibilite">
					<h2 id="appel-eligibilite">Qui peut répondre</h2>
					<Presentation text={call.eligibility} headingLevel={3} />
				</section>
			) : null}

			{calendar.length > 0 ? (
				<section aria-labelledby="appel-calendrier">
					<h2 id="appel-calendrier">Calendrier</h2>
					<dl className="facts">
						{calendar.map((step) => (
							<div key={step.label} style={{ display: 'contents' }}>
								<dt>{step.label}</dt>
								<dd>{step.value}</dd>
							</div>
						))}
					</dl>
				</section>
			) : null}

			{call.requiredAttachments.length > 0 ? (
				<section aria-labelledby="appel-pieces">
					<h2 id="appel-pieces">Pièces à joindre</h2>
					<ul>
						{call.requiredAttachments.map((attachment) => (
							<li key={attachment.key}>
								{`${attachment.label} — fournie par ${GIVEN_BY_LABELS[attachment.givenBy] ?? attachment.givenBy}`}
							</li>
						))}
					</ul>
				</section>
			) : null}

			{call.questions.length > 0 ? (
				<section aria-labelledby="appel-questions">
					<h2 id="appel-questions">Questions propres à l’appel</h2>
					<ol>
						{call.questions.map((question) => (
							<li key={question.id}>
								{question.label}{' '}
								<span className="muted">
									({QUESTION_TYPE_LABELS[question.type] ?? question.type}
									{question.maxLength ? `, ${formatInteger(question.maxLength)} caractères au plus` : ''}
									{question.required ? '' : ', facultatif'})
								</span>
								{question.choices?.length ? (
									<ul>
										{question.choices.map((choice) => (
											<li key={choice}>{choice}</li>
										))}
									</ul>
								) : null}
							</li>
						))}
					</ol>
				</section>
			) : null}
		</article>
	)
}
