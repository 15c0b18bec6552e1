import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { TrancheTable } from './tranche-table.tsx'

const tranche = {
	id: 't1',
	label: 'Première tranche',
	trigger: 'signature',
	percent: 70,
	amountCents: 420_000,
	state: 'due' as const,
	daysLeft: 60,
	triggeredAt: '2026-12-01T09:00:00.000Z',
	dueAt: '2027-01-30T09:00:00.000Z',
	paidOn: null,
	paidAmountCents: null,
	reference: null,
}

const cell = (html: string, label: string) => html.match(new RegExp(`<td data-label="${label}"[^>]*>(.*?)</td>`))?.[1]

describe('TrancheTable, la même sur la page du consortium et sur celle du financeur', () => {
	test('l’échéance porte l’horloge des 60 jours de clockText : « (J-n) », puis « en retard de n jours » en gras', () => {
		expect(cell(renderToStaticMarkup(<TrancheTable tranches={[tranche]} />), 'Échéance')).toBe('30 janvier 2027 (J-60)')
		const late = renderToStaticMarkup(<TrancheTable tranches={[{ ...tranche, state: 'late', daysLeft: -3 }]} />)
		expect(cell(late, 'Échéance')).toBe('30 janvier 2027 <strong class="field-error">en retard de 3 jours</strong>')
		expect(cell(late, 'Paiement')).toBe('En retard')
	})

	test('le paiement : date, montant et référence ; sinon ce que la tranche attend', () => {
		const paid = renderToStaticMarkup(<TrancheTable tranches={[{ ...tranche, state: 'paid', daysLeft: null, paidOn: '2027-01-10T09:00:00.000Z', paidAmountCents: 420_000, reference: 'VIR-42' }]} />)
		expect(cell(paid, 'Paiement')).toMatch(/^Payée le 10 janvier 2027\u00a0: 4\s200,00\s€, réf\. VIR-42$/)
		expect(cell(paid, 'Échéance')).toBe('30 janvier 2027')
		const waiting = renderToStaticMarkup(
			<TrancheTable tranches={[{ ...tranche, label: 'Solde', trigger: 'final_evaluation', state: 'waiting', daysLeft: null, triggeredAt: null, dueAt: null }]} />,
		)
		expect(cell(waiting, 'Déclenchement')).toBe('Après l’approbation de l’évaluation finale')
		expect(cell(waiting, 'Échéance')).toBe('—')
		expect(cell(waiting, 'Paiement')).toBe('En attente de l’approbation de l’évaluation de fin de projet')
	})
})
