import { describe, expect, test } from 'vitest'
import { drawPartnerGroups, fnv1a64, shuffle, splitmix64 } from './draw.ts'

describe('générateur du tirage au sort', () => {
	test('splitmix64 donne les valeurs publiées de référence (graine 0)', () => {
		const next = splitmix64(0n)
		expect(next()).toBe(0xe220a8397b1dcdafn)
		expect(next()).toBe(0x6e789e6aa1b965f4n)
	})

	test('FNV-1a 64 bits donne les valeurs de référence', () => {
		expect(fnv1a64('')).toBe(0xcbf29ce484222325n)
		expect(fnv1a64('a')).toBe(0xaf63dc4c8601ec8cn)
	})

	test('le mélange garde chaque élément une fois', () => {
		const items = Array.from({ length: 50 }, (_, i) => `o${i}`)
		const shuffled = shuffle(items, splitmix64(42n))
		expect([...shuffled].sort()).toEqual([...items].sort())
		expect(shuffled).not.toEqual(items)
	})
})

describe('drawPartnerGroups', () => {
	// Seven volunteers in the Rhône, two in the Isère, groups of three, seed 0123456789abcdef.
	// Computed by hand with an independent implementation (Python, same algorithm): the Rhône's
	// order shuffles to e c g b f a d, the Isère's stays o1 o2.
	const volunteers = [
		...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((organizationId) => ({ organizationId, departement: '69' })),
		{ organizationId: 'o1', departement: '38' },
		{ organizationId: 'o2', departement: '38' },
	]
	const input = { seed: '0123456789abcdef', groupSize: 3, volunteers }

	test('un petit cas vérifié à la main : deux groupes de trois dans le Rhône, le reste en liste d’attente', () => {
		expect(drawPartnerGroups(input)).toEqual({
			groups: [
				{ departement: '69', position: 1, organizationIds: ['e', 'c', 'g'] },
				{ departement: '69', position: 2, organizationIds: ['b', 'f', 'a'] },
			],
			waitingLists: { '38': ['o1', 'o2'], '69': ['d'] },
		})
	})

	test('même graine, même résultat ; autre graine, autre résultat', () => {
		expect(drawPartnerGroups(input)).toEqual(drawPartnerGroups({ ...input, volunteers: [...volunteers] }))
		expect(drawPartnerGroups({ ...input, seed: 'fedcba9876543210' })).not.toEqual(drawPartnerGroups(input))
	})

	test('chaque groupe ne réunit que des associations d’un même département', () => {
		const many = Array.from({ length: 40 }, (_, i) => ({ organizationId: `o${String(i).padStart(2, '0')}`, departement: ['42', '69', '38'][i % 3]! }))
		const { groups, waitingLists } = drawPartnerGroups({ seed: '00000000000000ff', groupSize: 2, volunteers: many })
		const departementOf = new Map(many.map((v) => [v.organizationId, v.departement]))
		for (const group of groups) {
			expect(group.organizationIds).toHaveLength(2)
			for (const id of group.organizationIds) expect(departementOf.get(id)).toBe(group.departement)
		}
		// 14 in 42 and 13 each in 69 and 38: 7 + 6 + 6 groups, one left waiting in 69 and in 38.
		expect(groups).toHaveLength(19)
		expect(waitingLists).toEqual({ '38': [expect.any(String)], '42': [], '69': [expect.any(String)] })
	})

	test('les volontaires d’un autre département ne changent pas le tirage d’un département', () => {
		const withOther = drawPartnerGroups({ ...input, volunteers: [...volunteers, { organizationId: 'z', departement: '974' }] })
		expect(withOther.groups).toEqual(drawPartnerGroups(input).groups)
		expect(withOther.waitingLists['974']).toEqual(['z'])
	})

	test('refuse une graine ou une taille invalides', () => {
		expect(() => drawPartnerGroups({ ...input, seed: 'pas-une-graine' })).toThrow()
		expect(() => drawPartnerGroups({ ...input, groupSize: 1 })).toThrow()
	})
})
