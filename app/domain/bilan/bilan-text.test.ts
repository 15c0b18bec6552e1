import { describe, expect, test } from 'vitest'
import { bilan2012, bilanWithFewAnswers } from '#tests/support/bilan-fixture.ts'
import { BILAN_SECTIONS } from './bilan-model.ts'
import { bilanFilename, bilanText, callLabels, formatEuros, MAX_GROUPS, sideBySide, sideBySideOnce, type BilanText } from './bilan-text.ts'
import { share } from './shares.ts'

// Intl's French: a narrow no-break space between thousands, a no-break space before €.
const NNBSP = '\u202f'
const NBSP = '\u00a0'

function find(text: BilanText, section: string, block: string, row: string) {
	const found = text.sections.find((s) => s.key === section)?.blocks.find((b) => b.key === block)?.rows.find((r) => r.key === row)
	if (!found) throw new Error(`no row ${section}/${block}/${row}`)
	return found
}

describe('le texte du bilan (PDF, XLSX et page disent la même chose)', () => {
	test('les figures de 2012, avec leur compte et leur base, comme le bilan publié', () => {
		const text = bilanText(bilan2012())
		expect(text.sections.map((s) => s.title)).toEqual(BILAN_SECTIONS.map((s) => s.title))
		expect(text.title).toBe('Bilan de l’appel à projets « Vivre ensemble 2012 »')
		expect(text.subtitle).toBe('Fondation Solidaire — 2012 — appel importé d’un tableur : ses chiffres sont ceux du fichier importé')
		// 36 / 77 = 46,75… %
		expect(find(text, 'projets', 'projets', 'retained').text).toBe('46,8 % — 36 projets sur 77')
		expect(find(text, 'projets', 'projets', 'presented').text).toBe('77 projets')
		expect(find(text, 'projets', 'associations', 'engaged').text).toBe('94 associations')
		expect(find(text, 'projets', 'associations', 'per-project').text).toBe('2,6 associations par projet')
		expect(find(text, 'profil', 'profil', 'median-budget').text).toBe(`135${NNBSP}000${NBSP}€`)
		expect(find(text, 'profil', 'profil', 'median-employees').text).toBe('2 salariés')
		// 19 / 77 = 24,68 %
		expect(find(text, 'profil', 'profil', 'volunteer-only').text).toBe('24,7 % — 19 associations sur 77')
		const involvement = text.sections.find((s) => s.key === 'cooperation')!.blocks.find((b) => b.key === 'implication')!
		expect(involvement.rows.map((r) => r.text)).toEqual([
			'82,1 % — 23 projets sur 28',
			'53,6 % — 15 projets sur 28',
			'42,9 % — 12 projets sur 28',
			'21,4 % — 6 projets sur 28',
			'32,1 % — 9 projets sur 28',
		])
		expect(involvement.note).toContain('plusieurs réponses possibles')
		expect(involvement.chart).toEqual({
			scale: 'percent',
			bars: expect.arrayContaining([{ key: 'reunions_ponctuelles', label: 'Réunions ponctuelles', value: 23, percent: 82.1, text: '82,1 % — 23 projets sur 28' }]),
		})
		expect(find(text, 'evaluation', 'interet', 'fort').text).toBe('75,8 % — 25 projets sur 33')
		expect(find(text, 'evaluation', 'au-dela', 'mobilised').text).toBe('60,6 % — 20 projets sur 33')
		expect(find(text, 'evaluation', 'effets', 'new-funding').text).toBe('60 % — 18 projets sur 30')
		expect(find(text, 'evaluation', 'effets', 'notoriety').text).toBe('80 % — 72 associations sur 90')
		// 87 / 90 = 96,67 %
		expect(find(text, 'evaluation', 'continuer', 'oui').text).toBe('96,7 % — 87 associations sur 90')
		expect(find(text, 'evaluation', 'evaluations', 'received').text).toBe('91,7 % — 33 projets sur 36')
		expect(find(text, 'evaluation', 'interet', 'fort').note).toBeNull()
		// 9 510 000 / 9 900 000 = 96,06 %
		expect(find(text, 'resultats', 'budget', 'ratio').text).toBe('96,1 % du budget prévu')
		expect(find(text, 'resultats', 'indicateurs', 'reached').text).toBe('73,3 % — 44 indicateurs sur 60')
		expect(find(text, 'montants', 'total', 'total').text).toBe(`180${NNBSP}000${NBSP}€ accordés à 36 projets retenus sur 77 ; 616${NNBSP}000${NBSP}€ demandés`)
	})

	test('les nombres du tableur : des comptes entiers, des parts en fraction, des euros (pas des centimes)', () => {
		const text = bilanText(bilan2012())
		expect(find(text, 'cooperation', 'implication', 'reunions_ponctuelles').cells).toEqual({ count: 23, base: 28, percent: 0.821 })
		expect(find(text, 'profil', 'profil', 'median-budget').cells).toEqual({ euros: 135_000, base: 77 })
		expect(find(text, 'montants', 'total', 'total').cells).toEqual({ presented: 77, retained: 36, requested: 616_000, granted: 180_000, envelope: 180_000 })
		expect(find(text, 'montants', 'par-departement', '69').cells).toEqual({ presented: 20, retained: 9, requested: 160_000, granted: 45_000 })
	})

	test('trop peu de réponses : le compte seul, sans pourcentage ; aucune réponse le dit ; une médiane inconnue est « non renseigné »', () => {
		const text = bilanText({ ...bilanWithFewAnswers(), profile: { ...bilan2012().profile, medianBudgetCents: null, budgetBase: 0, medianEmployees: null, employeesBase: 0 } })
		const fort = find(text, 'evaluation', 'interet', 'fort')
		expect(fort.text).toBe('1 projet sur 2 (trop peu de réponses pour un pourcentage)')
		expect(fort.cells).toEqual({ count: 1, base: 2, percent: null })
		expect(text.sections.find((s) => s.key === 'evaluation')!.blocks.find((b) => b.key === 'interet')!.chart!.bars[0]).toMatchObject({ value: 1, percent: null })
		expect(find(text, 'evaluation', 'effets', 'new-funding').text).toBe('Aucune réponse')
		expect(find(text, 'evaluation', 'effets', 'notoriety').text).toBe('2 associations sur 4 (trop peu de réponses pour un pourcentage)')
		expect(find(text, 'evaluation', 'evaluations', 'received').text).toBe('2 projets sur 3 (trop peu de réponses pour un pourcentage)')
		expect(find(text, 'profil', 'profil', 'median-budget').text).toBe('non renseigné')
		expect(find(text, 'profil', 'profil', 'median-budget').cells.euros).toBeNull()
		expect(find(text, 'profil', 'profil', 'median-employees').text).toBe('non renseigné')
	})

	test('le nom du fichier téléchargé', () => {
		const call = bilan2012().call
		expect(bilanFilename(call, null, 'pdf')).toBe('vivre-ensemble-2012-bilan.pdf')
		expect(bilanFilename(call, { ...call, title: 'Vivre ensemble 2013 : « Été »' }, 'xlsx')).toBe('vivre-ensemble-2012-bilan-compare-vivre-ensemble-2013-ete.xlsx')
	})

	test('les montants à la française : les euros entiers sans centimes, les autres avec', () => {
		expect(formatEuros(13_500_000)).toBe(`135${NNBSP}000${NBSP}€`)
		expect(formatEuros(13_500_050)).toBe(`135${NNBSP}000,50${NBSP}€`)
		expect(formatEuros(null)).toBe('non renseigné')
	})

	test('50 départements : les 20 qui présentent le plus de projets, les 30 autres regroupés en une ligne', () => {
		const byDepartement = Array.from({ length: 50 }, (_, i) => ({ key: String(i + 1).padStart(2, '0'), label: String(i + 1).padStart(2, '0'), presented: 100 - i, retained: 1, requestedCents: 100_00, grantedCents: 10_00 }))
		const text = bilanText(bilan2012({ amounts: { ...bilan2012().amounts, byDepartement } }))
		const rows = text.sections.find((s) => s.key === 'montants')!.blocks.find((b) => b.key === 'par-departement')!.rows
		expect(rows).toHaveLength(MAX_GROUPS + 1)
		expect(rows[0]!.label).toBe('01')
		// Départements 21 to 50 present 80 down to 51 projects: (80 + 51) × 30 / 2 = 1 965.
		expect(rows[MAX_GROUPS]).toMatchObject({ key: 'autres', label: 'Autres départements (30)', cells: { presented: 1965, retained: 30, requested: 3000, granted: 300 } })
	})

	test('comparée à une autre année : les deux valeurs de chaque figure, et l’écart quand il a un sens', () => {
		const other = bilan2012({
			call: { ...bilan2012().call, id: 'call-2013', title: 'Vivre ensemble 2013', year: 2013, imported: false },
			projects: { presented: 80, admissible: 75, retained: 40, retainedShare: share(40, 80) },
			amounts: { ...bilan2012().amounts, grantedCents: 40 * 500_000 },
			involvementForms: [{ value: 'reunions_ponctuelles', label: 'Réunions ponctuelles', share: share(30, 40) }],
			newFunding: share(1, 3),
			themes: [{ value: 'autre-id', label: 'Interculturel', presented: 20, retained: 10 }],
		})
		const view = sideBySide(bilan2012(), other)
		expect(view.labels).toEqual({ a: '2012', b: '2013' })
		const block = (section: string, key: string) => view.sections.find((s) => s.key === section)!.blocks.find((b) => b.key === key)!
		const reunions = block('cooperation', 'implication').rows.find((r) => r.key === 'reunions_ponctuelles')!
		expect([reunions.a!.text, reunions.b!.text]).toEqual(['82,1 % — 23 projets sur 28', '75 % — 30 projets sur 40'])
		// 82,1 − 75 = 7,1 points
		expect(reunions.difference).toEqual({ value: 7.1, format: 'points', text: '+7,1 points' })
		// A form the other call did not count: its figure alone, no difference.
		expect(block('cooperation', 'implication').rows.find((r) => r.key === 'comite_pilotage')).toMatchObject({ b: null, difference: null })
		expect(block('projets', 'projets').rows.find((r) => r.key === 'presented')!.difference!.text).toBe('−3 projets')
		// 36 × 5 000 € − 40 × 5 000 € granted.
		expect(block('montants', 'total').rows.find((r) => r.key === 'total')!.difference).toEqual({ value: -2_000_000, format: 'euros', text: `−20${NNBSP}000${NBSP}€ accordés` })
		// Too few answers on one side: no difference of percentages.
		expect(block('evaluation', 'effets').rows.find((r) => r.key === 'new-funding')!.difference).toBeNull()
		// Themes have ids per call: matched on their label.
		const interculturel = block('themes', 'themes-retenus').rows.find((r) => r.label === 'Interculturel')!
		expect([interculturel.a!.text, interculturel.b!.text]).toEqual(['33,3 % — 12 projets sur 36', '25 % — 10 projets sur 40'])
		const chartBar = block('cooperation', 'implication').chart!.bars[0]!
		expect([chartBar.a!.percent, chartBar.b!.percent]).toEqual([82.1, 75])
		// Same year: the titles; same title too: told apart all the same.
		expect(callLabels(bilan2012().call, { ...bilan2012().call, title: 'Vivre ensemble bis' })).toEqual({ a: 'Vivre ensemble 2012', b: 'Vivre ensemble bis' })
		expect(callLabels(bilan2012().call, bilan2012().call)).toEqual({ a: 'Cet appel', b: 'Appel comparé' })
		expect(sideBySide(bilan2012(), null).sections[0]!.blocks[0]!.rows.every((r) => r.b === null && r.difference === null)).toBe(true)
	})
})

describe('sideBySideOnce', () => {
	test('worded once per key on the server, again for another key or without one', () => {
		const bilan = bilan2012()
		const first = sideBySideOnce('appel@1|seul', bilan, null)
		expect(sideBySideOnce('appel@1|seul', bilan, null)).toBe(first)
		expect(first).toEqual(sideBySide(bilan, null))
		// Another data version: worded again.
		expect(sideBySideOnce('appel@2|seul', bilan, null)).not.toBe(first)
		// No key (a bilan not from the cache): never kept.
		expect(sideBySideOnce(null, bilan, null)).not.toBe(sideBySideOnce(null, bilan, null))
	})
})
