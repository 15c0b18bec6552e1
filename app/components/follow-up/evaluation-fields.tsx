/**
 * The fields of the end-of-project evaluation (issue 10), section by section, and the same
 * answers read-only. Each field's name is its path in the section's schema
 * (SECTION_SCHEMAS, AssociationPartSchema: `timetable[0].actualDate`), its id the anchor the
 * list of what is missing links to (`fieldAnchor`). What was typed comes back from the
 * server's answer (Conform's reply) when a save is refused; otherwise the saved answers.
 */
import type { ReactNode } from 'react'
import { ErrorList, Field, TextareaField } from '#app/components/forms.tsx'
import { CONTINUE_CHOICES, DIFFICULTY_CATEGORIES, INTEREST_LEVELS, INVOLVEMENT_FORMS, OTHER_PARTNER_KINDS, YES_NO_ANSWERS, type ConsortiumSection } from '#app/domain/reports/options.ts'
import { formatCents, formatDate, formatInteger } from '#app/utils/format.ts'

/** The id of a field on the page: `association:…` / `timetable[0].actualDate` made a valid anchor. */
export const fieldAnchor = (formKey: string, path: string) => `${formKey}-${path}`.replace(/[^A-Za-z0-9_-]+/g, '-')

type Reply = { initialValue?: Record<string, unknown> | null; error?: Record<string, string[] | null> | null } | null | undefined

const at = (source: unknown, path: string): unknown =>
	path
		.split(/[.[\]]+/)
		.filter(Boolean)
		.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), source)

/** What a form shows: the values typed (when the server sent them back) or saved, and the errors by path. */
export function formState(formKey: string, reply: Reply, saved: Record<string, unknown>) {
	const source = reply?.initialValue ?? saved
	return {
		formKey,
		id: (path: string) => fieldAnchor(formKey, path),
		value: (path: string) => {
			const value = at(source, path)
			return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
		},
		values: (path: string) => {
			const value = at(source, path)
			return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')
		},
		errors: (path: string) => reply?.error?.[path] ?? undefined,
	}
}
export type FormState = ReturnType<typeof formState>

/** Cents as a French person types them back: 1234,5 → "1234,50". */
export function toInput(cents: number | null | undefined) {
	if (cents === null || cents === undefined) return ''
	return (cents / 100).toFixed(2).replace('.', ',').replace(/,00$/, '')
}

function Text({ state, name, label, hint, long = false, rows = 5 }: { state: FormState; name: string; label: string; hint?: ReactNode; long?: boolean; rows?: number }) {
	const props = { id: state.id(name), name, defaultValue: state.value(name) }
	return long ? (
		<TextareaField label={label} hint={hint} errors={state.errors(name)} textareaProps={{ ...props, rows }} />
	) : (
		<Field label={label} hint={hint} errors={state.errors(name)} inputProps={{ ...props, type: 'text' }} />
	)
}

/** Radios (one answer) or checkboxes (several), in a fieldset whose legend is the question. */
export function Choices({
	state,
	name,
	legend,
	options,
	multiple = false,
	hint,
}: {
	state: FormState
	name: string
	legend: string
	options: readonly { value: string; label: string }[]
	multiple?: boolean
	hint?: string
}) {
	const id = state.id(name)
	const errors = state.errors(name)
	const chosen = multiple ? state.values(name) : [state.value(name)]
	const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
	return (
		<fieldset id={id} aria-describedby={describedBy}>
			<legend>{legend}</legend>
			{hint ? (
				<p id={`${id}-hint`} className="hint muted" style={{ margin: 0 }}>
					{hint}
				</p>
			) : null}
			{options.map((option) => (
				<label key={option.value}>
					<input type={multiple ? 'checkbox' : 'radio'} name={name} value={option.value} defaultChecked={chosen.includes(option.value)} /> {option.label}
				</label>
			))}
			<ErrorList id={`${id}-error`} errors={errors} />
		</fieldset>
	)
}

export type Plan = {
	timetable: { label: string; date: string }[]
	indicators: { label: string; target: string }[]
	expectedParticipants: number | null
}

export type FinancialLine = {
	account: string
	label: string
	plannedCents: number
	actualCents: number | null
	explanation: string
	gapCents: number | null
	gapPercent: number | null
	needsExplanation: boolean
}
export type FinancialTotals = { plannedCents: number; actualCents: number | null; gapCents: number | null; gapPercent: number | null }
export type Financial = {
	thresholdPercent: number
	charges: FinancialLine[]
	products: FinancialLine[]
	totals: { charges: FinancialTotals; products: FinancialTotals }
	coFunders: { name: string; amountCents: number | null }[]
}

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

const gapText = (line: { gapCents: number | null; gapPercent: number | null }) =>
	line.gapCents === null ? '—' : `${line.gapCents > 0 ? '+' : ''}${formatCents(line.gapCents)}${line.gapPercent !== null ? ` (${line.gapPercent > 0 ? '+' : ''}${line.gapPercent.toLocaleString('fr-FR')} %)` : ''}`

function FinancialTable({ side, lines, totals, state }: { side: 'charges' | 'products'; lines: FinancialLine[]; totals: FinancialTotals; state: FormState | null }) {
	const title = side === 'charges' ? 'Charges' : 'Produits'
	// A heading rather than a caption: on a phone the table becomes cards and a caption would be squeezed.
	const titleId = `${state?.formKey ?? 'lecture'}-${side}-titre`
	return (
		<>
			<h4 id={titleId}>{title}</h4>
			<table aria-labelledby={titleId}>
				<thead>
					<tr>
						<th scope="col">Compte et libellé</th>
						<th scope="col">Prévu</th>
						<th scope="col">Réalisé</th>
						<th scope="col">Écart</th>
						<th scope="col">Explication de l’écart</th>
					</tr>
				</thead>
				<tbody>
					{lines.map((line, index) => {
						const actual = `${side}[${index}].actual`
						const explanation = `${side}[${index}].explanation`
						return (
							<tr key={index}>
								<th scope="row">{`${line.account} – ${line.label}`}</th>
								<td data-label="Prévu" style={{ whiteSpace: 'nowrap' }}>{formatCents(line.plannedCents)}</td>
								<td data-label="Réalisé">
									{state ? (
										<>
											<label className="visually-hidden" htmlFor={state.id(actual)}>{`Réalisé (€) — ${line.label}`}</label>
											<input
												id={state.id(actual)}
												name={actual}
												type="text"
												inputMode="decimal"
												defaultValue={state.value(actual)}
												aria-invalid={state.errors(actual) ? true : undefined}
												aria-describedby={state.errors(actual) ? `${state.id(actual)}-error` : undefined}
											/>
											<ErrorList id={`${state.id(actual)}-error`} errors={state.errors(actual)} />
										</>
									) : (
										formatCents(line.actualCents)
									)}
								</td>
								<td data-label="Écart" style={{ whiteSpace: 'nowrap' }}>{gapText(line)}</td>
								<td data-label="Explication">
									{state ? (
										<>
											<label className="visually-hidden" htmlFor={state.id(explanation)}>{`Explication de l’écart — ${line.label}`}</label>
											<textarea
												id={state.id(explanation)}
												name={explanation}
												rows={2}
												defaultValue={state.value(explanation)}
												aria-invalid={state.errors(explanation) ? true : undefined}
												aria-describedby={[line.needsExplanation ? `${state.id(explanation)}-hint` : null, state.errors(explanation) ? `${state.id(explanation)}-error` : null].filter(Boolean).join(' ') || undefined}
											/>
											{line.needsExplanation ? (
												<p id={`${state.id(explanation)}-hint`} className="hint muted" style={{ margin: 0 }}>
													Obligatoire : l’écart dépasse le seuil.
												</p>
											) : null}
											<ErrorList id={`${state.id(explanation)}-error`} errors={state.errors(explanation)} />
										</>
									) : (
										line.explanation || (line.needsExplanation ? 'À expliquer' : '—')
									)}
								</td>
							</tr>
						)
					})}
					<tr>
						<th scope="row">{`Total des ${title.toLowerCase()}`}</th>
						<td data-label="Prévu" style={{ whiteSpace: 'nowrap' }}>{formatCents(totals.plannedCents)}</td>
						<td data-label="Réalisé" style={{ whiteSpace: 'nowrap' }}>{totals.actualCents === null ? 'Incomplet' : formatCents(totals.actualCents)}</td>
						<td data-label="Écart" style={{ whiteSpace: 'nowrap' }}>{gapText(totals)}</td>
						<td data-label="Explication">—</td>
					</tr>
				</tbody>
			</table>
		</>
	)
}

function FinancialFields({ state, financial }: { state: FormState; financial: Financial }) {
	// The saved co-financers, then blank rows to add some (no script needed), within the list's maximum.
	const rows = Math.min(20, Math.max(financial.coFunders.length + 2, 3))
	return (
		<>
			<p className="hint muted">
				{`Compte rendu financier (CERFA n° 15059) : pour chaque ligne du budget prévisionnel, le montant réalisé. L’écart est calculé à l’enregistrement ; au-delà de ${financial.thresholdPercent} % d’écart avec le prévu (ou pour une ligne non prévue), une explication est obligatoire.`}
			</p>
			<FinancialTable side="charges" lines={financial.charges} totals={financial.totals.charges} state={state} />
			<FinancialTable side="products" lines={financial.products} totals={financial.totals.products} state={state} />
			<fieldset>
				<legend>Co-financements obtenus</legend>
				<p className="hint muted" style={{ margin: 0 }}>
					Les autres financeurs du projet et le montant obtenu de chacun ; laissez vides les lignes en trop. 20 au plus.
				</p>
				{Array.from({ length: rows }, (_, index) => (
					<div key={index} className="grid-2">
						<Text state={state} name={`coFunders[${index}].name`} label={`Co-financeur ${index + 1}`} />
						<Field
							label={`Co-financeur ${index + 1} : montant obtenu (€)`}
							errors={state.errors(`coFunders[${index}].amount`)}
							inputProps={{ id: state.id(`coFunders[${index}].amount`), name: `coFunders[${index}].amount`, type: 'text', inputMode: 'decimal', defaultValue: state.value(`coFunders[${index}].amount`) }}
						/>
					</div>
				))}
			</fieldset>
		</>
	)
}

const labelOf = (options: readonly { value: string; label: string }[], value: string | undefined) => (value ? (options.find((o) => o.value === value)?.label ?? value) : 'Pas encore répondu')
const orNone = (text: string | undefined) => (text ? text : 'Pas encore répondu')

/** One section of the consortium's part as saved, read-only. */
export function ConsortiumSectionAnswers({ section, answers, plan, financial }: { section: ConsortiumSection; answers: Record<string, unknown>; plan: Plan; financial: Financial }) {
	const a = answers as Record<string, string | undefined> & {
		timetable?: { actualDate: string; note: string }[]
		indicators?: { reached: string; comment: string }[]
		participantsReached?: number | null
	}
	switch (section) {
		case 'realisation':
			return (
				<dl className="facts">
					<dt>Ce qui a été réalisé</dt>
					<dd style={{ whiteSpace: 'pre-line' }}>{orNone(a.whatWasDone)}</dd>
					{plan.timetable.map((step, index) => (
						<FragmentFacts
							key={index}
							term={step.label}
							text={`${step.date ? `prévue le ${formatDate(step.date)}, ` : ''}${a.timetable?.[index]?.actualDate ? `réalisée le ${formatDate(a.timetable[index]!.actualDate)}` : 'date réelle non indiquée'}${a.timetable?.[index]?.note ? ` — ${a.timetable[index]!.note}` : ''}`}
						/>
					))}
				</dl>
			)
		case 'publics':
			return (
				<dl className="facts">
					<dt>Publics touchés</dt>
					<dd style={{ whiteSpace: 'pre-line' }}>{orNone(a.publicsReached)}</dd>
					<dt>Participants touchés</dt>
					<dd>{`${a.participantsReached === null || a.participantsReached === undefined ? 'Pas encore répondu' : formatInteger(a.participantsReached)} (prévu : ${formatInteger(plan.expectedParticipants)})`}</dd>
				</dl>
			)
		case 'indicateurs':
			return (
				<dl className="facts">
					{plan.indicators.map((indicator, index) => (
						<FragmentFacts
							key={index}
							term={`${indicator.label} (cible : ${indicator.target || 'non fixée'})`}
							text={`${a.indicators?.[index]?.reached ? `atteint : ${a.indicators[index]!.reached}` : 'Pas encore répondu'}${a.indicators?.[index]?.comment ? ` — ${a.indicators[index]!.comment}` : ''}`}
						/>
					))}
				</dl>
			)
		case 'difficultes':
			return (
				<dl className="facts">
					<dt>Difficultés rencontrées</dt>
					<dd>{labelOf(YES_NO_ANSWERS, a.difficultiesMet)}</dd>
					{DIFFICULTY_CATEGORIES.filter((c) => a[c.value]).map((c) => (
						<FragmentFacts key={c.value} term={c.label} text={a[c.value]!} />
					))}
				</dl>
			)
		case 'financier':
			return (
				<>
					<FinancialTable side="charges" lines={financial.charges} totals={financial.totals.charges} state={null} />
					<FinancialTable side="products" lines={financial.products} totals={financial.totals.products} state={null} />
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

function FragmentFacts({ term, text }: { term: string; text: string }) {
	return (
		<>
			<dt>{term}</dt>
			<dd style={{ whiteSpace: 'pre-line' }}>{text}</dd>
		</>
	)
}

/** The fields of an association's own part (AssociationPartSchema). */
export function AssociationPartFields({ state }: { state: FormState }) {
	return (
		<>
			<Choices state={state} name="involvementForms" legend="Sous quelles formes votre association s’est-elle impliquée dans la coopération ?" options={INVOLVEMENT_FORMS} multiple />
			<Text state={state} name="involvementOther" label="Autre forme (à préciser)" hint="Si vous avez coché « Autre »." />
			<Choices state={state} name="interest" legend="Quel intérêt votre association a-t-elle trouvé à coopérer ?" options={INTEREST_LEVELS} />
			<Choices state={state} name="mobilisedOthers" legend="La coopération a-t-elle mobilisé d’autres partenaires ?" options={YES_NO_ANSWERS} />
			<Choices state={state} name="otherPartners" legend="Lesquels ?" hint="Si oui." options={OTHER_PARTNER_KINDS} multiple />
			<Choices state={state} name="newFunding" legend="La coopération vous a-t-elle apporté de nouveaux financements ?" options={YES_NO_ANSWERS} />
			<Text state={state} name="newFundingDetails" label="Nouveaux financements obtenus" hint="Si oui : lesquels, de qui." />
			<Choices state={state} name="notoriety" legend="La notoriété de votre association a-t-elle grandi grâce à la coopération ?" options={YES_NO_ANSWERS} />
			<Choices state={state} name="continueTogether" legend="Souhaitez-vous continuer à coopérer ensemble ?" options={CONTINUE_CHOICES} />
			<Text state={state} name="brought" label="Ce que la coopération a apporté à votre association" hint="3 000 caractères au plus." long />
			<Text state={state} name="differently" label="Ce que vous feriez autrement" hint="3 000 caractères au plus." long />
		</>
	)
}

/** An association's part as saved, read-only. */
export function AssociationPartAnswers({ answers, started }: { answers: Record<string, unknown>; started: boolean }) {
	if (!started) return <p className="muted">Pas encore répondu.</p>
	const a = answers as Record<string, string | undefined> & { involvementForms?: string[]; otherPartners?: string[] }
	const list = (options: readonly { value: string; label: string }[], values: string[] | undefined) => (values?.length ? values.map((v) => labelOf(options, v)).join(', ') : 'Pas encore répondu')
	return (
		<dl className="facts">
			<dt>Formes d’implication</dt>
			<dd>
				{list(INVOLVEMENT_FORMS, a.involvementForms)}
				{a.involvementOther ? ` — ${a.involvementOther}` : ''}
			</dd>
			<dt>Intérêt trouvé à coopérer</dt>
			<dd>{labelOf(INTEREST_LEVELS, a.interest)}</dd>
			<dt>Autres partenaires mobilisés</dt>
			<dd>
				{labelOf(YES_NO_ANSWERS, a.mobilisedOthers)}
				{a.otherPartners?.length ? ` — ${list(OTHER_PARTNER_KINDS, a.otherPartners)}` : ''}
			</dd>
			<dt>Nouveaux financements</dt>
			<dd>
				{labelOf(YES_NO_ANSWERS, a.newFunding)}
				{a.newFundingDetails ? ` — ${a.newFundingDetails}` : ''}
			</dd>
			<dt>Notoriété</dt>
			<dd>{labelOf(YES_NO_ANSWERS, a.notoriety)}</dd>
			<dt>Continuer ensemble</dt>
			<dd>{labelOf(CONTINUE_CHOICES, a.continueTogether)}</dd>
			<dt>Ce que la coopération a apporté</dt>
			<dd style={{ whiteSpace: 'pre-line' }}>{orNone(a.brought)}</dd>
			<dt>Ce qui serait fait autrement</dt>
			<dd style={{ whiteSpace: 'pre-line' }}>{orNone(a.differently)}</dd>
		</dl>
	)
}
