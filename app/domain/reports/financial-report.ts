/**
 * The end-of-project financial report in the CERFA 15059 layout (compte rendu financier,
 * issue 10): each budget line of the application, planned (prévu) vs carried out (réalisé),
 * the gap in euros and in percent, and an explanation required when the gap is above a
 * threshold (15 % by default, a setting of the call). Pure.
 */

/** Above this gap (in percent of the planned amount) a line needs an explanation. */
export const DEFAULT_GAP_THRESHOLD_PERCENT = 15

export type ReportLine = {
	account: string
	label: string
	plannedCents: number
	/** Null while not yet filled in. */
	actualCents: number | null
	explanation: string
}

export type LineGap = {
	/** réalisé − prévu, in cents (null while réalisé is not filled in). */
	gapCents: number | null
	/** The gap in percent of prévu, one decimal; null when prévu is 0 (any spending there is a new line) or réalisé is missing. */
	gapPercent: number | null
	/** The gap is above the threshold (or the line is new, with something spent): an explanation is required. */
	needsExplanation: boolean
}

export function lineGap(line: Pick<ReportLine, 'plannedCents' | 'actualCents'>, thresholdPercent = DEFAULT_GAP_THRESHOLD_PERCENT): LineGap {
	if (line.actualCents === null) return { gapCents: null, gapPercent: null, needsExplanation: false }
	const gapCents = line.actualCents - line.plannedCents
	if (line.plannedCents === 0) return { gapCents, gapPercent: null, needsExplanation: gapCents !== 0 }
	const gapPercent = Math.round((gapCents / line.plannedCents) * 1000) / 10
	// Strictly above: a 15 % gap on a 15 % threshold needs no explanation.
	return { gapCents, gapPercent, needsExplanation: Math.abs(gapCents) * 100 > thresholdPercent * line.plannedCents }
}

export type ReportProblem = { index: number; field: 'actual' | 'explanation'; message: string }

/** What keeps the report from being complete, line by line, in French. */
export function reportProblems(lines: readonly ReportLine[], thresholdPercent = DEFAULT_GAP_THRESHOLD_PERCENT): ReportProblem[] {
	const problems: ReportProblem[] = []
	lines.forEach((line, index) => {
		if (line.actualCents === null) {
			problems.push({ index, field: 'actual', message: `Indiquez le montant réalisé de « ${line.label} ».` })
			return
		}
		if (lineGap(line, thresholdPercent).needsExplanation && line.explanation.trim() === '') {
			problems.push({ index, field: 'explanation', message: `L’écart de « ${line.label} » dépasse ${thresholdPercent} % : expliquez-le.` })
		}
	})
	return problems
}

/** Totals of a side (charges or produits), planned and carried out, with their gap. */
export function reportTotals(lines: readonly ReportLine[], thresholdPercent = DEFAULT_GAP_THRESHOLD_PERCENT) {
	const plannedCents = lines.reduce((sum, l) => sum + l.plannedCents, 0)
	const complete = lines.every((l) => l.actualCents !== null)
	const actualCents = complete ? lines.reduce((sum, l) => sum + (l.actualCents ?? 0), 0) : null
	return { plannedCents, actualCents, ...lineGap({ plannedCents, actualCents }, thresholdPercent) }
}
