/**
 * The financial report of the evaluation in the CERFA 15059 layout (issue 10): each budget line
 * planned vs carried out with its gap (lineGap, from what was saved), the totals, and the
 * co-financers obtained; editable on the consortium's page, read-only there and on the funder's.
 * A card per line on a phone.
 */
import { ErrorList, Field } from '#app/components/forms.tsx'
import { type ConsortiumPart, financialLines, REPORT_LISTS, type ReportPlan } from '#app/domain/reports/consortium-part.ts'
import { lineGap, reportTotals } from '#app/domain/reports/financial-report.ts'
import { formatCents } from '#app/utils/format.ts'
import { type FormState, NOT_ANSWERED, Text } from '#app/components/form-state.tsx'

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

/** The financial report against the plan, each line's gap and the totals computed from what was saved. */
export function financialReport(plan: ReportPlan, answers: ConsortiumPart, thresholdPercent: number): Financial {
	const side = (name: 'charges' | 'products') => financialLines(plan, answers, name)
	const withGaps = (name: 'charges' | 'products') => side(name).map((line) => ({ ...line, ...lineGap(line, thresholdPercent) }))
	const totals = (name: 'charges' | 'products') => {
		const { plannedCents, actualCents, gapCents, gapPercent } = reportTotals(side(name), thresholdPercent)
		return { plannedCents, actualCents, gapCents, gapPercent }
	}
	return {
		thresholdPercent,
		charges: withGaps('charges'),
		products: withGaps('products'),
		totals: { charges: totals('charges'), products: totals('products') },
		coFunders: (answers.financier?.coFunders ?? []).filter((c) => c.name || c.amount !== null).map((c) => ({ name: c.name, amountCents: c.amount })),
	}
}

/** A gap in € and % the French way: « +2 000,00 € (+20 %) ». */
export const gapText = (line: { gapCents: number | null; gapPercent: number | null }) =>
	line.gapCents === null ? '—' : `${line.gapCents > 0 ? '+' : ''}${formatCents(line.gapCents)}${line.gapPercent !== null ? ` (${line.gapPercent > 0 ? '+' : ''}${line.gapPercent.toLocaleString('fr-FR')} %)` : ''}`

/** One side of the report (charges or produits): réalisé and the explanation as fields when `state` is given, read-only otherwise. */
export function FinancialTable({ side, financial, state }: { side: 'charges' | 'products'; financial: Financial; state: FormState | null }) {
	const title = side === 'charges' ? 'Charges' : 'Produits'
	const lines = financial[side]
	const totals = financial.totals[side]
	// A heading rather than a caption: on a phone the table becomes cards and a caption would be squeezed.
	const titleId = `${state?.formKey ?? 'lecture'}-${side}-titre`
	return (
		<>
			<h4 id={titleId}>{title}</h4>
			<table className="follow-up-table" aria-labelledby={titleId}>
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
								<th scope="row">{line.account ? `${line.account} – ${line.label}` : line.label}</th>
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
									) : line.actualCents === null ? (
										NOT_ANSWERED
									) : (
										formatCents(line.actualCents)
									)}
								</td>
								<td data-label="Écart" style={{ whiteSpace: 'nowrap' }}>
									{gapText(line)}
									{/* Read-only, the reader sees which gaps had to be explained; the form says it next to the field. */}
									{!state && line.needsExplanation ? (
										<>
											<br />
											<strong>{`au-delà du seuil de ${financial.thresholdPercent} %`}</strong>
										</>
									) : null}
								</td>
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

/** The financial section's fields: both sides, then the co-financers obtained. */
export function FinancialFields({ state, financial }: { state: FormState; financial: Financial }) {
	// The saved co-financers, then blank rows to add some (no script needed), within the list's maximum.
	const rows = Math.min(REPORT_LISTS.coFunders, Math.max(financial.coFunders.length + 2, 3))
	return (
		<>
			<p className="hint muted">
				{`Compte rendu financier (CERFA n° 15059) : pour chaque ligne du budget prévisionnel, le montant réalisé. L’écart est calculé à l’enregistrement ; au-delà de ${financial.thresholdPercent} % d’écart avec le prévu (ou pour une ligne non prévue), une explication est obligatoire.`}
			</p>
			<FinancialTable side="charges" financial={financial} state={state} />
			<FinancialTable side="products" financial={financial} state={state} />
			<fieldset>
				<legend>Co-financements obtenus</legend>
				<p className="hint muted" style={{ margin: 0 }}>
					{`Les autres financeurs du projet et le montant obtenu de chacun ; laissez vides les lignes en trop. ${REPORT_LISTS.coFunders} au plus.`}
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
