import { describe, expect, test } from 'vitest'
import { pdfText } from '#tests/support/pdf-text.ts'
import { renderMinutes, type MinutesData } from './minutes.ts'
import { toBuffer } from './pdf-document.ts'

const row = { rank: 1, interval: { low: 1, high: 2 }, title: 'Contes et crêpes', leadName: 'Les Grands-Parents Conteurs', raw: 70, calibrated: 68.25, evaluations: 3, spread: 20, requestedCents: 1_000_000, proposedCents: 900_000 }
const data: MinutesData = {
	draft: false,
	callTitle: 'Vivre ensemble 2026',
	funderName: 'Fondation Rail Solidaire',
	date: new Date('2026-06-30T10:00:00Z'),
	jurors: [{ name: 'Alice Martin', kind: 'Expert·e extérieur·e', isChair: true }],
	conflicts: [],
	method: {
		criteria: [{ label: 'Note globale', weight: 2, scaleMax: 20 }],
		rankingScore: 'calibrated',
		calibration: { shrinkage: 4, source: 'default', noiseSd: 5, offsetSd: 2.5 },
		disagreementThreshold: 25,
		interval: { seed: 2021, draws: 500, level: 0.9 },
		lottery: null,
	},
	ranking: Array.from({ length: 150 }, (_, i) => ({ ...row, rank: i + 1, title: `Projet numéro ${i + 1}` })),
	decisions: { selected: [], waitlisted: [], rejected: [] },
	envelope: { envelopeCents: 2_500_000, usedCents: 0, remainingCents: 2_500_000 },
	hasChair: false,
	validation: null,
	amendments: [],
}

describe('procès-verbal (PDF)', () => {
	test('un long classement passe sur plusieurs pages, l’en-tête repris en haut de chacune ; sans présidence, le PV le dit', async () => {
		const pdf = await toBuffer(renderMinutes(data))
		const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length
		expect(pages).toBeGreaterThan(3)
		const text = pdfText(pdf)
		// The header row comes back on every page the table runs onto.
		expect(text.split('Demandé Proposé').length - 1).toBeGreaterThanOrEqual(pages - 1)
		expect(text).toContain('Projet numéro 150')
		expect(text).toContain('la validation de la présidence n’était pas requise')
		expect(text).not.toContain('Projet de procès-verbal')
	})
})
