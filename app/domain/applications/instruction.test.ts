import { describe, expect, test } from 'vitest'
import {
	AdmissibilitySchema,
	applyFilters,
	canDecideAdmissibility,
	checkAdmissibility,
	filtersQuery,
	parisTimestamp,
	parisWallClock,
	readFilters,
	spreadsheetText,
} from './instruction.ts'

const rows = [
	{ id: 'a', status: 'submitted', themeIds: ['t1'], departements: ['69'] },
	{ id: 'b', status: 'submitted', themeIds: ['t2'], departements: ['13', '69'] },
	{ id: 'c', status: 'admissible', themeIds: ['t1', 't2'], departements: ['2A'] },
	{ id: 'd', status: 'withdrawn', themeIds: ['t1'], departements: ['69'] },
]

describe('filtres de la liste', () => {
	test('lit les paramètres connus et ignore les valeurs inconnues (jamais d’erreur)', () => {
		expect(readFilters(new URLSearchParams('statut=admissible&theme=t1&departement=2a'))).toEqual({ status: 'admissible', themeId: 't1', departement: '2A' })
		expect(readFilters(new URLSearchParams('statut=draft&departement=xyz'))).toEqual({ status: null, themeId: null, departement: null })
		expect(readFilters(new URLSearchParams(''))).toEqual({ status: null, themeId: null, departement: null })
	})

	test('filtre par statut, thème et département ; la requête se reconstruit', () => {
		const filters = { status: null, themeId: 't1', departement: '69' } as const
		expect(applyFilters(rows, filters).map((r) => r.id)).toEqual(['a', 'd'])
		expect(applyFilters(rows, { ...filters, status: 'submitted' }).map((r) => r.id)).toEqual(['a'])
		expect(filtersQuery({ status: 'submitted', themeId: null, departement: '69' })).toBe('?statut=submitted&departement=69')
		expect(filtersQuery({ status: null, themeId: null, departement: null })).toBe('')
	})

})

describe('recevabilité', () => {
	test('un dossier déposé peut être déclaré recevable ou irrecevable', () => {
		expect(checkAdmissibility('submitted', 'closed', 'admissible')).toMatchObject({ ok: true, transition: { name: 'markAdmissible' } })
		expect(checkAdmissibility('submitted', 'jury', 'inadmissible')).toMatchObject({ ok: true, transition: { name: 'markInadmissible' } })
	})

	test('la décision est réversible tant que le jury n’a pas commencé', () => {
		expect(checkAdmissibility('admissible', 'closed', 'inadmissible')).toMatchObject({ ok: true, transition: { name: 'reverseToInadmissible' } })
		expect(checkAdmissibility('inadmissible', 'published', 'admissible')).toMatchObject({ ok: true, transition: { name: 'reverseToAdmissible' } })
		expect(checkAdmissibility('admissible', 'jury', 'inadmissible')).toMatchObject({ ok: false, message: expect.stringContaining('jury a commencé') })
		expect(checkAdmissibility('inadmissible', 'decided', 'admissible')).toMatchObject({ ok: false })
		expect(canDecideAdmissibility('admissible', 'closed')).toBe(true)
		expect(canDecideAdmissibility('admissible', 'jury')).toBe(false)
	})

	test('refuse la même décision deux fois, un brouillon, un dossier retiré ou déjà examiné', () => {
		expect(checkAdmissibility('admissible', 'closed', 'admissible')).toMatchObject({ ok: false, message: expect.stringContaining('déjà déclaré recevable') })
		expect(checkAdmissibility('draft', 'closed', 'admissible')).toMatchObject({ ok: false })
		expect(checkAdmissibility('withdrawn', 'closed', 'admissible')).toMatchObject({ ok: false, message: expect.stringContaining('retiré') })
		expect(checkAdmissibility('under_review', 'closed', 'inadmissible')).toMatchObject({ ok: false })
		expect(canDecideAdmissibility('withdrawn', 'closed')).toBe(false)
	})

	test('le motif est obligatoire pour un dossier irrecevable', () => {
		const refused = AdmissibilitySchema.safeParse({ intent: 'admissibility', decision: 'inadmissible', reason: '   ' })
		expect(refused.success).toBe(false)
		expect(refused.error?.issues[0]?.path).toEqual(['reason'])
		expect(AdmissibilitySchema.safeParse({ intent: 'admissibility', decision: 'admissible' }).success).toBe(true)
		expect(AdmissibilitySchema.safeParse({ intent: 'admissibility', decision: 'peut-être' }).success).toBe(false)
	})
})

describe('exports', () => {
	test('une cellule qui ressemble à une formule reste du texte', () => {
		expect(spreadsheetText('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")')
		expect(spreadsheetText('-10 %')).toBe("'-10 %")
		expect(spreadsheetText('Jardins partagés')).toBe('Jardins partagés')
	})

	test('les dates sont à l’heure de Paris, été comme hiver', () => {
		expect(parisTimestamp(new Date('2025-03-31T21:59:00Z'))).toBe('2025-03-31 23:59')
		expect(parisTimestamp(new Date('2025-01-15T11:00:00Z'))).toBe('2025-01-15 12:00')
		expect(parisWallClock(new Date('2025-03-31T21:59:00Z'))?.toISOString()).toBe('2025-03-31T23:59:00.000Z')
		expect(parisTimestamp(null)).toBeNull()
	})
})
