import { describe, expect, test } from 'vitest'
import { AssociationPartSchema, associationPartProblems, PART_TEXT_MAX } from './association-part.ts'

const complete = {
	involvementForms: ['reunions_ponctuelles', 'comite_pilotage'],
	interest: 'fort',
	mobilisedOthers: 'oui',
	otherPartners: ['collectivites'],
	newFunding: 'non',
	notoriety: 'oui',
	continueTogether: 'oui',
	brought: 'Des bénévoles formés ensemble.',
	differently: 'Un comité de pilotage dès le début.',
}

describe('partie propre à chaque association', () => {
	test('un brouillon se garde incomplet ; les valeurs hors liste sont refusées en français', () => {
		expect(AssociationPartSchema.safeParse({}).success).toBe(true)
		const parsed = AssociationPartSchema.parse({ involvementForms: 'comite_pilotage', brought: '  Beaucoup.  ' })
		expect(parsed.involvementForms).toEqual(['comite_pilotage'])
		expect(parsed.brought).toBe('Beaucoup.')
		const bad = AssociationPartSchema.safeParse({ interest: 'immense', involvementForms: ['<script>'], brought: 'x'.repeat(PART_TEXT_MAX + 1) })
		expect(bad.success).toBe(false)
		const messages = bad.success ? [] : bad.error.issues.map((i) => i.message)
		expect(messages).toContain('Choisissez un niveau d’intérêt proposé.')
		expect(messages).toContain('Choisissez parmi les formes proposées.')
		expect(messages).toContain(`Ce que la coopération a apporté : ${PART_TEXT_MAX} caractères au plus.`)
	})

	test('complète quand chaque question a sa réponse, et ses précisions quand elles sont appelées', () => {
		expect(associationPartProblems(AssociationPartSchema.parse(complete))).toEqual([])
		expect(associationPartProblems(AssociationPartSchema.parse({})).map((p) => p.field)).toEqual([
			'involvementForms',
			'interest',
			'mobilisedOthers',
			'newFunding',
			'notoriety',
			'continueTogether',
			'brought',
			'differently',
		])
		const details = associationPartProblems(AssociationPartSchema.parse({ ...complete, involvementForms: ['autre'], otherPartners: [], newFunding: 'oui' }))
		expect(details.map((p) => p.field)).toEqual(['involvementOther', 'otherPartners', 'newFundingDetails'])
	})
})
