import { expect, test } from 'vitest'
import { pluralize } from './pluralize.ts'

test('accorde le nom avec le nombre, à la française', () => {
	expect(pluralize(0, 'financeur', 'financeurs')).toBe('0 financeur')
	expect(pluralize(1, 'financeur', 'financeurs')).toBe('1 financeur')
	expect(pluralize(2, 'financeur', 'financeurs')).toBe('2 financeurs')
	expect(pluralize(1200, 'structure d’accompagnement', 'structures d’accompagnement')).toBe('1\u202f200 structures d’accompagnement')
})
