import { describe, expect, test } from 'vitest'
import { parseEuroAmount, parseFrenchNumber } from './format.ts'

describe('un seul lecteur de nombres à la française', () => {
	test.each([
		['1234,5', 1234.5],
		['1 234,5', 1234.5],
		['1\u00a0234,5', 1234.5],
		['1\u202f234,5', 1234.5],
		['1.234,5', 1234.5],
		['1.234.567', 1234567],
		['1234.5', 1234.5],
		['12', 12],
		['0,25', 0.25],
		['-3', -3],
	])('« %s » vaut %d', (input, value) => {
		expect(parseFrenchNumber(input)).toMatchObject({ ok: true, value })
	})

	test.each(['', 'douze', '1,2,3', '1..2', '12 €', '1e5', '0x10', '1'.repeat(20)])('« %s » n’est pas un nombre', (input) => {
		expect(parseFrenchNumber(input).ok).toBe(false)
	})

	test('« 1.234,5 » vaut la même chose dans une question numérique et dans un montant', () => {
		const number = parseFrenchNumber('1.234,5')
		const amount = parseEuroAmount('1.234,5')
		expect(number.ok && number.value * 100).toBe(123_450)
		expect(amount).toEqual({ ok: true, cents: 123_450 })
	})

	test('les montants : centimes exacts, ni négatifs, ni plus de deux décimales', () => {
		expect(parseEuroAmount('135 000,50 €')).toEqual({ ok: true, cents: 13_500_050 })
		expect(parseEuroAmount('€ 10')).toEqual({ ok: true, cents: 1000 })
		expect(parseEuroAmount('0,1')).toEqual({ ok: true, cents: 10 })
		expect(parseEuroAmount('-5')).toEqual({ ok: false, message: 'Le montant ne peut pas être négatif.' })
		expect(parseEuroAmount('1,234').ok).toBe(false)
		expect(parseEuroAmount('99999999999999').ok).toBe(false)
	})
})
