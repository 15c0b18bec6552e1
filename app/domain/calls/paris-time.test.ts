import { describe, expect, test } from 'vitest'
import { isIsoDate, parisLocalToUtc, utcToParisLocal } from './paris-time.ts'

describe('parisLocalToUtc', () => {
	test('heure d’hiver : UTC+1', () => {
		expect(parisLocalToUtc('2025-01-15', '12:00')?.toISOString()).toBe('2025-01-15T11:00:00.000Z')
		expect(parisLocalToUtc('2025-12-31', '23:59')?.toISOString()).toBe('2025-12-31T22:59:00.000Z')
	})

	test('heure d’été : UTC+2', () => {
		expect(parisLocalToUtc('2025-06-30', '23:59')?.toISOString()).toBe('2025-06-30T21:59:00.000Z')
		expect(parisLocalToUtc('2025-07-01', '00:00')?.toISOString()).toBe('2025-06-30T22:00:00.000Z')
	})

	test('passage à l’heure d’été (dimanche 30 mars 2025) : minuit, 1 h 59, 3 h', () => {
		expect(parisLocalToUtc('2025-03-30', '00:00')?.toISOString()).toBe('2025-03-29T23:00:00.000Z')
		expect(parisLocalToUtc('2025-03-30', '01:59')?.toISOString()).toBe('2025-03-30T00:59:00.000Z')
		expect(parisLocalToUtc('2025-03-30', '03:00')?.toISOString()).toBe('2025-03-30T01:00:00.000Z')
		expect(parisLocalToUtc('2025-03-30', '23:59')?.toISOString()).toBe('2025-03-30T21:59:00.000Z')
		expect(parisLocalToUtc('2025-03-31', '00:00')?.toISOString()).toBe('2025-03-30T22:00:00.000Z')
	})

	test('l’heure sautée en mars n’existe pas', () => {
		expect(parisLocalToUtc('2025-03-30', '02:00')).toBeNull()
		expect(parisLocalToUtc('2025-03-30', '02:30')).toBeNull()
		expect(parisLocalToUtc('2026-03-29', '02:15')).toBeNull()
	})

	test('passage à l’heure d’hiver (dimanche 26 octobre 2025) : l’heure doublée est lue la première fois', () => {
		expect(parisLocalToUtc('2025-10-26', '00:00')?.toISOString()).toBe('2025-10-25T22:00:00.000Z')
		expect(parisLocalToUtc('2025-10-26', '02:30')?.toISOString()).toBe('2025-10-26T00:30:00.000Z')
		expect(parisLocalToUtc('2025-10-26', '03:00')?.toISOString()).toBe('2025-10-26T02:00:00.000Z')
		expect(parisLocalToUtc('2025-10-27', '00:00')?.toISOString()).toBe('2025-10-26T23:00:00.000Z')
	})

	test('refuse ce qui n’est pas une date ou une heure', () => {
		expect(parisLocalToUtc('2025-02-29', '12:00')).toBeNull()
		expect(parisLocalToUtc('2025-13-01', '12:00')).toBeNull()
		expect(parisLocalToUtc('2025-01-01', '24:00')).toBeNull()
		expect(parisLocalToUtc('2025-01-01', '12:60')).toBeNull()
		expect(parisLocalToUtc('01/01/2025', '12:00')).toBeNull()
		expect(isIsoDate('2024-02-29')).toBe(true)
		expect(isIsoDate('2023-02-29')).toBe(false)
	})
})

describe('utcToParisLocal', () => {
	test('relit l’heure de Paris, de part et d’autre des changements d’heure', () => {
		expect(utcToParisLocal(new Date('2025-06-30T21:59:00Z'))).toEqual({ date: '2025-06-30', time: '23:59' })
		expect(utcToParisLocal(new Date('2025-03-30T00:59:00Z'))).toEqual({ date: '2025-03-30', time: '01:59' })
		expect(utcToParisLocal(new Date('2025-03-30T01:00:00Z'))).toEqual({ date: '2025-03-30', time: '03:00' })
		expect(utcToParisLocal(new Date('2025-10-26T01:30:00Z'))).toEqual({ date: '2025-10-26', time: '02:30' })
		expect(utcToParisLocal('2025-12-31T23:00:00.000Z')).toEqual({ date: '2026-01-01', time: '00:00' })
	})

	test('aller-retour sur chaque demi-heure de l’année 2025 (hors heure sautée)', () => {
		for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2026, 0, 1); t += 30 * 60_000) {
			const local = utcToParisLocal(new Date(t))
			const back = parisLocalToUtc(local.date, local.time)
			// The doubled October hour reads back as its first occurrence.
			const doubled = local.date === '2025-10-26' && local.time.startsWith('02:')
			expect(back?.getTime()).toBe(doubled ? t - 3600_000 * (t >= Date.UTC(2025, 9, 26, 1) ? 1 : 0) : t)
		}
	})
})
