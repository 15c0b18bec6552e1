import { describe, expect, test } from 'vitest'
import { lineGap, reportProblems, reportTotals, type ReportLine } from './financial-report.ts'

const line = (plannedCents: number, actualCents: number | null, explanation = ''): ReportLine => ({ account: '64', label: 'Animatrice', plannedCents, actualCents, explanation })

describe('compte rendu financier (CERFA 15059)', () => {
	test('écart en euros et en pourcentage du prévu, à une décimale', () => {
		expect(lineGap(line(1_000_000, 1_200_000))).toEqual({ gapCents: 200_000, gapPercent: 20, needsExplanation: true })
		expect(lineGap(line(300_000, 290_000))).toEqual({ gapCents: -10_000, gapPercent: -3.3, needsExplanation: false })
		expect(lineGap(line(1_000_000, null))).toEqual({ gapCents: null, gapPercent: null, needsExplanation: false })
	})

	test('une explication est exigée strictement au-dessus du seuil, en plus comme en moins', () => {
		expect(lineGap(line(1_000_000, 1_150_000)).needsExplanation).toBe(false)
		expect(lineGap(line(1_000_000, 1_150_001)).needsExplanation).toBe(true)
		expect(lineGap(line(1_000_000, 849_999)).needsExplanation).toBe(true)
		expect(lineGap(line(1_000_000, 1_150_001), 20).needsExplanation).toBe(false)
	})

	test('une ligne non prévue où l’on a dépensé demande une explication, sans pourcentage', () => {
		expect(lineGap(line(0, 50_000))).toEqual({ gapCents: 50_000, gapPercent: null, needsExplanation: true })
		expect(lineGap(line(0, 0)).needsExplanation).toBe(false)
	})

	test('les problèmes nomment la ligne : réalisé manquant, écart sans explication', () => {
		const lines = [line(1_000_000, null), line(1_000_000, 1_300_000), line(1_000_000, 1_300_000, 'Une animatrice de plus l’été.')]
		expect(reportProblems(lines)).toEqual([
			{ index: 0, field: 'actual', message: 'Indiquez le montant réalisé de « Animatrice ».' },
			{ index: 1, field: 'explanation', message: 'L’écart de « Animatrice » dépasse 15 % : expliquez-le.' },
		])
	})

	test('les totaux ne sont calculés que quand chaque ligne est renseignée', () => {
		expect(reportTotals([line(1_000_000, 900_000), line(500_000, 600_000)])).toEqual({ plannedCents: 1_500_000, actualCents: 1_500_000, gapCents: 0, gapPercent: 0, needsExplanation: false })
		expect(reportTotals([line(1_000_000, 900_000), line(500_000, null)]).actualCents).toBeNull()
	})
})
