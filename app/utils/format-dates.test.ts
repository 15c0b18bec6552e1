import { describe, expect, test } from 'vitest'
import { formatDate, formatDateTime } from './format.ts'

describe('dates en français', () => {
	test('le premier jour du mois s’écrit « 1er »', () => {
		// Noon in Paris on 1 July 2026 (summer time: UTC+2).
		expect(formatDate('2026-07-01T10:00:00Z')).toBe('1er juillet 2026')
		expect(formatDateTime('2026-07-01T10:00:00Z')).toBe('mercredi 1er juillet 2026 à 12:00')
		// Late on 31 December in UTC is already 1 January in Paris.
		expect(formatDate(new Date('2026-12-31T23:30:00Z'))).toBe('1er janvier 2027')
	})

	test('les autres jours gardent leur nombre, sans « er »', () => {
		expect(formatDate('2026-07-02T10:00:00Z')).toBe('2 juillet 2026')
		expect(formatDate('2026-07-11T10:00:00Z')).toBe('11 juillet 2026')
		expect(formatDate('2026-07-21T10:00:00Z')).toBe('21 juillet 2026')
		expect(formatDateTime('2026-07-31T10:00:00Z')).toBe('vendredi 31 juillet 2026 à 12:00')
		expect(formatDate(null)).toBe('—')
	})
})
