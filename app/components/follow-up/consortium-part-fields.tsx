/**
 * The consortium's part of the end-of-project evaluation (issue 10), section by section
 * (SECTION_SCHEMAS): the fields any co-porter fills in. The same answers read-only are in
 * evaluation-answers.tsx.
 */
import { Field } from '#app/components/forms.tsx'
import type { ReportPlan } from '#app/domain/reports/consortium-part.ts'
import { DIFFICULTY_CATEGORIES, YES_NO_ANSWERS, type ConsortiumSection } from '#app/domain/reports/options.ts'
import { formatDate, formatInteger } from '#app/utils/format.ts'
import { type Financial, FinancialFields, type FinancialLine } from './financial-report-fields.tsx'
import { Choices, type FormState, Text, toInput } from '#app/components/form-state.tsx'

type Plan = Pick<ReportPlan, 'timetable' | 'indicators' | 'expectedParticipants'>

/** The saved answers of a section as the form's strings (amounts in euros, counts as text). */
export function savedFormValues(section: ConsortiumSection, answers: Record<string, unknown>, financial: Financial): Record<string, unknown> {
	if (section === 'publics') {
		const count = answers.participantsReached
		return { ...answers, participantsReached: typeof count === 'number' ? String(count) : '' }
	}
	if (section === 'financier') {
		const side = (lines: FinancialLine[]) => lines.map((l) => ({ actual: toInput(l.actualCents), explanation: l.explanation }))
		return { charges: side(financial.charges), products: side(financial.products), coFunders: financial.coFunders.map((c) => ({ name: c.name, amount: toInput(c.amountCents) })) }
	}
	return answers
}

/** The fields of one section of the consortium's part. */
export function ConsortiumSectionFields({ section, state, plan, financial }: { section: ConsortiumSection; state: FormState; plan: Plan; financial: Financial }) {
	switch (section) {
		case 'realisation':
			return (
				<>
					<Text state={state} name="whatWasDone" label="Ce qui a été réalisé" hint="Les actions menées, avec qui, et ce qui a changé par rapport au projet déposé. 5 000 caractères au plus." long />
					{plan.timetable.length > 0 ? (
						<fieldset>
							<legend>Le calendrier tel qu’il s’est déroulé</legend>
							{plan.timetable.map((step, index) => (
								<div key={index} className="grid-2">
									<Field
										label={`${step.label} : date réelle`}
										hint={step.date ? `Prévue le ${formatDate(step.date)}.` : undefined}
										errors={state.errors(`timetable[${index}].actualDate`)}
										inputProps={{ id: state.id(`timetable[${index}].actualDate`), name: `timetable[${index}].actualDate`, type: 'date', defaultValue: state.value(`timetable[${index}].actualDate`) }}
									/>
									<Field
										label={`${step.label} : remarque`}
										errors={state.errors(`timetable[${index}].note`)}
										inputProps={{ id: state.id(`timetable[${index}].note`), name: `timetable[${index}].note`, type: 'text', defaultValue: state.value(`timetable[${index}].note`) }}
									/>
								</div>
							))}
						</fieldset>
					) : (
						<p className="muted">Le dossier déposé ne prévoyait pas d’étapes de calendrier.</p>
					)}
				</>
			)
		case 'publics':
			return (
				<>
					<Text state={state} name="publicsReached" label="Publics touchés" hint="Qui a participé, comment ces publics ont été rejoints. 2 000 caractères au plus." long />
					<Field
						label="Nombre de participants touchés"
						hint={plan.expectedParticipants !== null ? `Prévu dans le dossier : ${formatInteger(plan.expectedParticipants)}.` : 'Le dossier ne prévoyait pas de nombre.'}
						errors={state.errors('participantsReached')}
						inputProps={{ id: state.id('participantsReached'), name: 'participantsReached', type: 'text', inputMode: 'numeric', defaultValue: state.value('participantsReached') }}
					/>
				</>
			)
		case 'indicateurs':
			return plan.indicators.length === 0 ? (
				<p className="muted">Le dossier déposé ne prévoyait pas d’indicateurs.</p>
			) : (
				<>
					{plan.indicators.map((indicator, index) => (
						<fieldset key={index}>
							<legend>{`${indicator.label} (cible : ${indicator.target || 'non fixée'})`}</legend>
							<Text state={state} name={`indicators[${index}].reached`} label="Résultat atteint" />
							<Text state={state} name={`indicators[${index}].comment`} label="Commentaire" />
						</fieldset>
					))}
				</>
			)
		case 'difficultes':
			return (
				<>
					<Choices state={state} name="difficultiesMet" legend="Le consortium a-t-il rencontré des difficultés ?" options={YES_NO_ANSWERS} />
					<p className="muted" style={{ margin: 0 }}>
						Si oui, décrivez pour chaque difficulté rencontrée ce qui s’est passé et ce que vous avez fait ; laissez vides les autres.
					</p>
					{DIFFICULTY_CATEGORIES.map((category) => (
						<Text key={category.value} state={state} name={category.value} label={category.label} hint={`Par exemple : ${category.constraint} Leviers possibles : ${category.lever}`} long rows={3} />
					))}
				</>
			)
		case 'financier':
			return <FinancialFields state={state} financial={financial} />
	}
}
