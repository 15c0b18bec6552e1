import { describe, expect, test } from 'vitest'
import { readShowcaseFilters, readShowcasePage, showcaseQuery } from './showcase-filters.ts'

describe('filtres de la vitrine', () => {
	test('lus depuis l’adresse : une valeur inconnue ou mal formée est ignorée', () => {
		expect(readShowcaseFilters(new URLSearchParams('theme=Interculturel&departement=2a&appel=abc-1&annee=2027'))).toEqual({ theme: 'Interculturel', departement: '2A', callId: 'abc-1', year: 2027 })
		expect(readShowcaseFilters(new URLSearchParams(`theme=${'x'.repeat(201)}&departement=Rhône&appel=a%20b&annee=20x7`))).toEqual({ theme: null, departement: null, callId: null, year: null })
		expect([readShowcasePage(new URLSearchParams('page=3')), readShowcasePage(new URLSearchParams('page=-1')), readShowcasePage(new URLSearchParams('page=1e30'))]).toEqual([3, 1, 1])
	})

	test('la même adresse pour les liens de pagination', () => {
		expect(showcaseQuery({ theme: 'Interculturel', departement: '69', callId: null, year: 2026 }, 2)).toBe('?theme=Interculturel&departement=69&annee=2026&page=2')
		expect(showcaseQuery({}, 1)).toBe('')
	})
})
