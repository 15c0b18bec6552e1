import { describe, expect, test } from 'vitest'
import { median, share, shareText } from './shares.ts'

const PROJECTS = { one: 'projet', many: 'projets' }

describe('les figures du bilan, comptées comme le bilan 2012', () => {
	test('les formes d’implication de 2012 : un pourcentage de ceux qui ont répondu (28 projets), à une décimale', () => {
		// Seed 003: 82,1 % réunions ponctuelles, 53,6 % comité de pilotage, 42,9 % convention, 21,4 % outils partagés, 32,1 % autre.
		expect([23, 15, 12, 6, 9].map((n) => share(n, 28).percent)).toEqual([82.1, 53.6, 42.9, 21.4, 32.1])
		expect(shareText(share(23, 28), PROJECTS)).toBe('82,1 % — 23 projets sur 28')
		// « 25 projets sur 33 » ont trouvé un intérêt fort.
		expect(shareText(share(25, 33), PROJECTS)).toBe('75,8 % — 25 projets sur 33')
		expect(shareText(share(1, 33), PROJECTS)).toBe('3 % — 1 projet sur 33')
	})

	test('trop peu de réponses : le compte sans pourcentage ; aucune réponse le dit', () => {
		expect(share(3, 4)).toEqual({ count: 3, base: 4, percent: null })
		expect(shareText(share(3, 4), PROJECTS)).toBe('3 projets sur 4 (trop peu de réponses pour un pourcentage)')
		expect(share(0, 5).percent).toBe(0)
		expect(shareText(share(0, 0), PROJECTS)).toBe('Aucune réponse')
		expect(() => share(6, 5)).toThrow()
		expect(() => share(-1, 5)).toThrow()
	})

	test('la médiane : la valeur du milieu, la moyenne des deux du milieu pour un nombre pair, ex aequo compris', () => {
		expect(median([135_000, 20_000, 900_000])).toBe(135_000)
		expect(median([2, 1, 3, 2])).toBe(2)
		expect(median([0, 0, 2, 4])).toBe(1)
		expect(median([7])).toBe(7)
		expect(median([])).toBeNull()
	})
})
