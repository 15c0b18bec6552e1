import { describe, expect, test } from 'vitest'
import { lateIfTriggeredBy, trancheState } from './tranches.ts'

describe('lateIfTriggeredBy', () => {
	test('dit la même chose que trancheState : en retard jusqu’à cet instant, à payer juste après', () => {
		for (const now of [new Date('2027-03-31T10:00:00Z'), new Date('2027-10-31T00:30:00Z'), new Date('2028-02-29T23:59:59.999Z')]) {
			const cutoff = lateIfTriggeredBy(now)
			expect(trancheState({ triggeredAt: cutoff, paidOn: null }, now).state).toBe('late')
			expect(trancheState({ triggeredAt: new Date(cutoff.getTime() - 86_400_000), paidOn: null }, now).state).toBe('late')
			expect(trancheState({ triggeredAt: new Date(cutoff.getTime() + 1), paidOn: null }, now).state).toBe('due')
		}
	})
})
