import { describe, expect, test } from 'vitest'
import { AssociationPartSchema } from './association-part.ts'
import { SECTION_SCHEMAS } from './consortium-part.ts'
import { isConsortiumSection, REPORT_FORM_MESSAGES, reportErrorMap, versionOf, withoutEmpty } from './report-forms.ts'

describe('lecture des formulaires de l’évaluation', () => {
	test('une valeur du mauvais type reçoit un message en français, les messages des schémas restent', () => {
		const twice = SECTION_SCHEMAS.realisation.safeParse({ whatWasDone: ['a', 'b'] }, { errorMap: reportErrorMap })
		expect(twice.success ? [] : twice.error.issues.map((i) => i.message)).toEqual([REPORT_FORM_MESSAGES.oneValue])
		const notAList = SECTION_SCHEMAS.realisation.safeParse({ timetable: 'tout' }, { errorMap: reportErrorMap })
		expect(notAList.success ? [] : notAList.error.issues.map((i) => i.message)).toEqual([REPORT_FORM_MESSAGES.unreadable])
		const tooLong = SECTION_SCHEMAS.realisation.safeParse({ whatWasDone: 'x'.repeat(5001) }, { errorMap: reportErrorMap })
		expect(tooLong.success ? [] : tooLong.error.issues.map((i) => i.message)).toEqual(['Ce qui a été réalisé : 5000 caractères au plus.'])
	})

	test('seules les cinq sections existent, y compris face aux noms hérités d’Object', () => {
		expect(['realisation', 'publics', 'indicateurs', 'difficultes', 'financier'].every(isConsortiumSection)).toBe(true)
		for (const name of ['constructor', '__proto__', 'toString', 'association:x', '', null, ['publics']]) expect(isConsortiumSection(name)).toBe(false)
	})

	test('une version est un entier positif que PostgreSQL tient', () => {
		expect(versionOf('3')).toBe(3)
		for (const value of ['0', '-1', '1.5', 'abc', '', '9999999999', null, undefined]) expect(versionOf(value)).toBeNull()
	})

	test('un champ vide n’est pas une réponse : une case radio non choisie passe le schéma', () => {
		const values = withoutEmpty({ interest: '', involvementForms: ['comite_pilotage'], brought: 'Des liens.', nested: [{ note: '' }] })
		expect(values).toEqual({ involvementForms: ['comite_pilotage'], brought: 'Des liens.', nested: [{}] })
		expect(AssociationPartSchema.safeParse(values).success).toBe(true)
		expect(AssociationPartSchema.safeParse({ interest: '' }).success).toBe(false)
	})
})
