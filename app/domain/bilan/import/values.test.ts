import { describe, expect, test } from 'vitest'
import { parseCount, parseDepartement, parseEuros, splitList } from './values.ts'

describe('valeurs des cellules', () => {
	test('les montants à la française, en nombre ou en texte', () => {
		const cents = (text: string) => {
			const parsed = parseEuros(text)
			return parsed.ok ? parsed.value : parsed.message
		}
		expect(cents('1 234,56')).toBe(123_456)
		expect(cents('1\u202f234,5 €')).toBe(123_450)
		expect(cents('1.234,56')).toBe(123_456)
		expect(cents('1.234')).toBe(123_400)
		expect(cents('1234.56')).toBe(123_456)
		expect(cents('7500')).toBe(750_000)
		expect(cents('0,1')).toBe(10)
		expect(cents('-5')).toBe('Indiquez un montant en euros, en chiffres (par exemple 1 234,56).')
		expect(cents('dix euros')).toBe('Indiquez un montant en euros, en chiffres (par exemple 1 234,56).')
		expect(cents('99999999999')).toBe('Ce montant est trop élevé : vérifiez la saisie.')
	})

	test('nombres entiers, départements, listes', () => {
		expect(parseCount('12')).toEqual({ ok: true, value: 12 })
		expect(parseCount('1 200')).toEqual({ ok: true, value: 1200 })
		expect(parseCount('1,5').ok).toBe(false)
		expect(['1', '69', '2a', '2B', '974', '95'].map((d) => parseDepartement(d))).toEqual(['01', '69', '2A', '2B', '974', '95'].map((value) => ({ ok: true, value })))
		expect(['20', '96', '977', '00', 'Rhône'].map((d) => parseDepartement(d).ok)).toEqual([false, false, false, false, false])
		expect(splitList(' a ; ;b;c ')).toEqual(['a', 'b', 'c'])
	})
})
