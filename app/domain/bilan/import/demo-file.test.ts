import { describe, expect, test } from 'vitest'
import { sirenWithKey, withLuhnKey } from '#app/domain/organizations/identifiers.ts'
import { pastCallRows, pastCallWorkbook } from '#db/demo-past-call-file.ts'
import { readXlsxWorkbook } from './read-xlsx.server.ts'
import { validateImportFile } from './validate.ts'

describe('le fichier de l’appel passé de la démo', () => {
	test('il passe la validation : 77 projets, 36 retenus dont 33 évalués (clos), les associations connues reliées', async () => {
		const known = [{ name: 'Les Grands-Parents Conteurs', siret: withLuhnKey(`${sirenWithKey('73810001')}0001`), rna: 'W381001234' }]
		const read = await readXlsxWorkbook(await pastCallWorkbook({ known }))
		if (!read.ok) throw new Error(read.message)
		const result = validateImportFile(read.value, { bySiret: new Map(), byRna: new Map([['W381001234', { id: 'gpc', name: 'GPC', kind: 'association', siren: null }]]) })
		if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)))
		const { projects, associations, themes } = result.plan
		expect(projects).toHaveLength(77)
		expect(projects.filter((p) => p.status === 'closed')).toHaveLength(33)
		expect(projects.filter((p) => p.status === 'selected')).toHaveLength(3)
		expect(projects.every((p) => p.members.length >= 2 && p.members.filter((m) => m.role === 'lead').length === 1)).toBe(true)
		expect(associations.find((a) => a.name === 'Les Grands-Parents Conteurs')!.existingId).toBe('gpc')
		expect(themes).toHaveLength(4)
	})

	test('le même appel donne le même fichier', () => {
		expect(pastCallRows()).toEqual(pastCallRows())
		expect(pastCallRows({ seed: 1 })).not.toEqual(pastCallRows())
	})
})
