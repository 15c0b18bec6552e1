import { describe, expect, test } from 'vitest'
import { distanceKm, normalizeCommune, parseCommuneInput } from './communes.ts'

describe('communes', () => {
	test('la casse, les accents, les traits d’union et « St » ne comptent pas', () => {
		expect(normalizeCommune('Saint-Étienne')).toBe('saint etienne')
		expect(normalizeCommune('  ST ETIENNE ')).toBe('saint etienne')
		expect(normalizeCommune('L’Isle-d’Abeau')).toBe('l isle d abeau')
		expect(normalizeCommune('Ste-Foy-lès-Lyon')).toBe('sainte foy les lyon')
	})

	test('« Vienne (38) » donne le département', () => {
		expect(parseCommuneInput('Vienne (38)')).toEqual({ name: 'Vienne', departement: '38' })
		expect(parseCommuneInput('Ajaccio (2a)')).toEqual({ name: 'Ajaccio', departement: '2A' })
		expect(parseCommuneInput('Lyon')).toEqual({ name: 'Lyon', departement: null })
	})

	test('distance orthodromique : un degré de latitude fait 111,2 km', () => {
		expect(distanceKm({ latitude: 45, longitude: 5 }, { latitude: 46, longitude: 5 })).toBeCloseTo(111.19, 1)
		expect(distanceKm({ latitude: 45, longitude: 5 }, { latitude: 45, longitude: 5 })).toBe(0)
	})
})
