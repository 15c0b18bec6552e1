import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { boundFormData, formRefusals, MAX_FIELDS, parseSubmission } from './form-data.server.ts'

function form(entries: [string, string][]) {
	const data = new FormData()
	for (const [name, value] of entries) data.append(name, value)
	return data
}

const LISTS = { indicators: { max: 20, label: 'indicateurs' }, themeIds: { max: 3, label: 'thèmes' } }

describe('listes bornées avant toute lecture', () => {
	test('un indice au-delà du maximum de sa liste est refusé, et retiré', () => {
		const data = boundFormData(form([['indicators[19].label', 'ok'], ['indicators[6400].label', 'x'], ['title', 'Titre']]), LISTS)
		expect(formRefusals(data)).toEqual(['Au plus 20 indicateurs.'])
		expect([...data.keys()]).toEqual(['indicators[19].label', 'title'])
	})

	test('une liste non déclarée a une borne commune ; un nom répété plus que sa liste permet est refusé', () => {
		expect(formRefusals(boundFormData(form([['whatever[100000].x', 'y']]), LISTS))).toEqual([expect.stringContaining('trop de lignes')])
		expect(formRefusals(boundFormData(form([['themeIds', 'a'], ['themeIds', 'b'], ['themeIds', 'c'], ['themeIds', 'd']]), LISTS))).toEqual([
			'Au plus 3 thèmes.',
		])
		expect(formRefusals(boundFormData(form([['a[1][2]', 'x']]), LISTS))).toEqual([])
	})

	test('trop de champs, un caractère NUL : refusés', () => {
		const many = Array.from({ length: MAX_FIELDS + 1 }, (_, i): [string, string] => [`f${i}`, 'x'])
		expect(formRefusals(boundFormData(form(many)))).toEqual([expect.stringContaining('trop de champs')])
		const nul = boundFormData(form([['title', 'a\u0000b']]))
		expect(formRefusals(nul)).toEqual([expect.stringContaining('caractère nul')])
		expect(nul.get('title')).toBe('ab')
	})

	test('parseSubmission répond avec les messages sur le formulaire, sans lancer le schéma', () => {
		const schema = z.object({ title: z.string() })
		const refused = parseSubmission(boundFormData(form([['title', 'Titre'], ['indicators[50].label', 'x']]), LISTS), { schema })
		expect(refused.status).toBe('error')
		expect(refused.reply()).toMatchObject({ error: { '': ['Au plus 20 indicateurs.'] }, initialValue: { title: 'Titre' } })
		const accepted = parseSubmission(boundFormData(form([['title', 'Titre']]), LISTS), { schema })
		expect(accepted.status).toBe('success')
	})
})
