import { describe, expect, test } from 'vitest'
import { sixMonthsAfter } from './reminders.ts'

describe('échéance par défaut de l’évaluation', () => {
	test('six mois après la fin du projet, le jour gardé dans le mois', () => {
		expect(sixMonthsAfter('2027-06-30')).toBe('2027-12-30')
		expect(sixMonthsAfter('2027-08-31')).toBe('2028-02-29')
		expect(sixMonthsAfter('2026-08-31')).toBe('2027-02-28')
		expect(sixMonthsAfter('2027-09-15')).toBe('2028-03-15')
	})
})
