import { describe, expect, test } from 'vitest'
import { checkRna, checkSiret, departementFromPostalCode, isAlsaceMoselle, luhnIsValid, sirenOf, withLuhnKey } from './identifiers.ts'

describe('checkSiret', () => {
	test('accepte un SIRET valide (clé de Luhn sur le SIREN et sur le SIRET)', () => {
		expect(checkSiret('73282932000074')).toEqual({ ok: true, value: '73282932000074' })
	})

	test('accepte les espaces, points et tirets de saisie et rend les 14 chiffres', () => {
		expect(checkSiret(' 732 829 320 00074 ')).toEqual({ ok: true, value: '73282932000074' })
		expect(checkSiret('732.829.320-00074')).toEqual({ ok: true, value: '73282932000074' })
	})

	test('refuse une longueur autre que 14 chiffres en disant combien ont été saisis', () => {
		const short = checkSiret('7328293200007')
		expect(short.ok).toBe(false)
		if (!short.ok) expect(short.message).toContain('vous en avez saisi 13')
		const long = checkSiret('732829320000740')
		expect(long.ok).toBe(false)
		if (!long.ok) expect(long.message).toContain('14 chiffres')
	})

	test('refuse les lettres', () => {
		const result = checkSiret('7328293200007A')
		expect(result.ok).toBe(false)
		if (!result.ok) expect(result.message).toContain('que des chiffres')
	})

	test('refuse un SIREN dont la clé de Luhn est fausse', () => {
		expect(luhnIsValid('732829321')).toBe(false)
		const result = checkSiret('73282932100074')
		expect(result.ok).toBe(false)
		if (!result.ok) expect(result.message).toContain('SIREN')
	})

	test('refuse un SIRET dont le SIREN est bon mais la clé de l’ensemble fausse', () => {
		expect(luhnIsValid('732829320')).toBe(true)
		const result = checkSiret('73282932000075')
		expect(result.ok).toBe(false)
		if (!result.ok) expect(result.message).toContain('clé de contrôle')
	})

	test('La Poste : le siège 35600000000048 est valide', () => {
		expect(checkSiret('35600000000048')).toEqual({ ok: true, value: '35600000000048' })
	})

	test('La Poste : un établissement dont la somme des chiffres est multiple de 5 est valide sans clé de Luhn', () => {
		expect(luhnIsValid('35600000000051')).toBe(false)
		expect(checkSiret('35600000000051')).toEqual({ ok: true, value: '35600000000051' })
		expect(checkSiret('356 000 000 49837').ok).toBe(true)
	})

	test('La Poste : refuse un numéro dont la somme des chiffres n’est pas multiple de 5 (ni clé de Luhn)', () => {
		// 3+5+6+4+9 = 27
		const result = checkSiret('35600000000049')
		expect(result.ok).toBe(false)
		if (!result.ok) expect(result.message).toContain('La Poste')
	})

	test.each(['00000000000000', '000 000 000 00000', '11111111111111', '55555555555555', withLuhnKey('0000000000001'), withLuhnKey('9999999990001')])(
		'refuse un SIRET dégénéré %s (chiffres tous identiques) même s’il passe la clé de Luhn',
		(siret) => {
			const check = checkSiret(siret)
			expect(check.ok).toBe(false)
			expect(check.ok ? '' : check.message).toContain('même chiffre répété')
		},
	)

	test('sirenOf rend les 9 premiers chiffres', () => {
		expect(sirenOf('73282932000074')).toBe('732829320')
	})
})

describe('checkRna', () => {
	test('accepte W suivi de 9 chiffres', () => {
		expect(checkRna('W751234567')).toEqual({ ok: true, value: 'W751234567' })
	})

	test('accepte la Corse (2A, 2B)', () => {
		expect(checkRna('W2A1234567')).toEqual({ ok: true, value: 'W2A1234567' })
		expect(checkRna('W2B1234567').ok).toBe(true)
	})

	test('accepte les minuscules et les espaces, et rend le numéro en majuscules', () => {
		expect(checkRna('w751234567')).toEqual({ ok: true, value: 'W751234567' })
		expect(checkRna(' W 751 234 567 ')).toEqual({ ok: true, value: 'W751234567' })
	})

	test('refuse un numéro sans W', () => {
		const result = checkRna('751234567')
		expect(result.ok).toBe(false)
		if (!result.ok) expect(result.message).toContain('commence par la lettre W')
	})

	test('refuse une mauvaise longueur', () => {
		for (const value of ['W75123456', 'W7512345678']) {
			const result = checkRna(value)
			expect(result.ok).toBe(false)
			if (!result.ok) expect(result.message).toContain('W suivi de 9 caractères')
		}
	})

	test('refuse des lettres ailleurs que pour la Corse', () => {
		expect(checkRna('W75123456X').ok).toBe(false)
		expect(checkRna('WAB1234567').ok).toBe(false)
	})
})

describe('département et Alsace-Moselle', () => {
	test('déduit le département du code postal', () => {
		expect(departementFromPostalCode('69003')).toBe('69')
		expect(departementFromPostalCode('20000')).toBe('2A')
		expect(departementFromPostalCode('20200')).toBe('2B')
		expect(departementFromPostalCode('97400')).toBe('974')
		expect(departementFromPostalCode('6900')).toBeNull()
	})

	test('reconnaît la Moselle, le Bas-Rhin et le Haut-Rhin', () => {
		expect(isAlsaceMoselle(departementFromPostalCode('57000'))).toBe(true)
		expect(isAlsaceMoselle(departementFromPostalCode('67000'))).toBe(true)
		expect(isAlsaceMoselle(departementFromPostalCode('68100'))).toBe(true)
		expect(isAlsaceMoselle(departementFromPostalCode('54000'))).toBe(false)
		expect(isAlsaceMoselle(null)).toBe(false)
	})
})
