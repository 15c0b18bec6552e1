import { describe, expect, test } from 'vitest'
import { agreementRequired, DEFAULT_TRANCHES, paymentDueAt, splitIntoTranches, tranchePlanProblem, trancheState } from './tranches.ts'

describe('tranches', () => {
	test('70 % / 30 % par défaut, au centime, la dernière tranche prend le reste de l’arrondi', () => {
		expect(splitIntoTranches(1_000_000, DEFAULT_TRANCHES).map((t) => t.amountCents)).toEqual([700_000, 300_000])
		const odd = splitIntoTranches(1_234_567, DEFAULT_TRANCHES)
		expect(odd.map((t) => t.amountCents)).toEqual([864_196, 370_371])
		expect(odd.reduce((s, t) => s + t.amountCents, 0)).toBe(1_234_567)
		const thirds = splitIntoTranches(100, [
			{ label: 'a', percent: 33, trigger: 'signature' },
			{ label: 'b', percent: 33, trigger: 'signature' },
			{ label: 'c', percent: 34, trigger: 'final_evaluation' },
		])
		expect(thirds.map((t) => t.amountCents)).toEqual([33, 33, 34])
	})

	test('un plan qui ne fait pas 100 % ou qui a une tranche vide est refusé en français', () => {
		expect(tranchePlanProblem(DEFAULT_TRANCHES)).toBeNull()
		expect(tranchePlanProblem([{ label: 'a', percent: 60, trigger: 'signature' }])).toBe('Les tranches doivent faire 100 % du montant (elles font 60 %).')
		expect(tranchePlanProblem([])).toBe('Indiquez au moins une tranche.')
		expect(tranchePlanProblem([{ label: 'a', percent: 0, trigger: 'signature' }, { label: 'b', percent: 100, trigger: 'signature' }])).toMatch(/entier entre 1 et 100/)
		expect(() => splitIntoTranches(100, [])).toThrow()
	})

	test('convention obligatoire au-delà de 23 000 €, pas à 23 000 € tout juste', () => {
		expect(agreementRequired(2_300_000)).toBe(false)
		expect(agreementRequired(2_300_001)).toBe(true)
	})

	test('une tranche est due 60 jours après son déclencheur, en retard au-delà, jamais avant son déclencheur', () => {
		const signed = new Date('2027-01-10T10:00:00Z')
		expect(paymentDueAt(signed)).toEqual(new Date('2027-03-11T10:00:00Z'))
		expect(trancheState({ triggeredAt: null, paidOn: null }, new Date('2030-01-01'))).toEqual({ state: 'waiting', daysLeft: null })
		expect(trancheState({ triggeredAt: signed, paidOn: null }, new Date('2027-03-01T10:00:00Z'))).toEqual({ state: 'due', daysLeft: 10 })
		expect(trancheState({ triggeredAt: signed, paidOn: null }, new Date('2027-03-11T10:00:00Z'))).toEqual({ state: 'due', daysLeft: 0 })
		expect(trancheState({ triggeredAt: signed, paidOn: null }, new Date('2027-03-12T10:00:00Z'))).toEqual({ state: 'late', daysLeft: -1 })
		expect(trancheState({ triggeredAt: signed, paidOn: new Date('2027-04-01') }, new Date('2027-05-01'))).toEqual({ state: 'paid', daysLeft: null })
	})
})
