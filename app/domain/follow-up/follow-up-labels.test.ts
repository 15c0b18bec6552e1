import { describe, expect, test } from 'vitest'
import { clockText } from './follow-up-labels.ts'

describe('clockText', () => {
	test('« J-n » avant l’échéance, « échéance aujourd’hui », « en retard de n jours » après ; rien sans horloge', () => {
		expect(clockText({ state: 'due', daysLeft: 60 })).toBe('J-60')
		expect(clockText({ state: 'due', daysLeft: 0 })).toBe('échéance aujourd’hui')
		expect(clockText({ state: 'late', daysLeft: -1 })).toBe('en retard de 1 jour')
		expect(clockText({ state: 'late', daysLeft: -15 })).toBe('en retard de 15 jours')
		expect(clockText({ state: 'waiting', daysLeft: null })).toBeNull()
		expect(clockText({ state: 'paid', daysLeft: null })).toBeNull()
	})
})
