import { describe, expect, test } from 'vitest'
import { AUDIT_LABELS } from '#app/domain/audit-labels.ts'
import { canFire, mayFire, statesOf, transitionsFrom } from '#app/domain/lifecycle/transitions.ts'
import { admissibilityTransition, applicationTransitions, canWithdraw, EDITABLE_STATUSES, withdrawalFrom } from './lifecycle.ts'
import { isEditable } from './rules.ts'
import { APPLICATION_STATUSES } from './statuses.ts'

describe('table du cycle de vie d’un dossier', () => {
	test('chaque entrée porte son nom, un état de départ au moins, des états connus, un acteur et un libellé d’audit', () => {
		for (const [name, t] of Object.entries(applicationTransitions)) {
			expect(t.name).toBe(name)
			expect(t.subject).toBe('application')
			expect(t.from.length).toBeGreaterThan(0)
			expect(t.by.length).toBeGreaterThan(0)
			expect(t.from).not.toContain(t.to)
			for (const state of [...t.from, t.to]) expect(APPLICATION_STATUSES).toContain(state)
			expect(AUDIT_LABELS[t.action], t.action).toBeTruthy()
		}
		expect(statesOf(applicationTransitions)).toEqual(expect.arrayContaining(['draft', 'submitted', 'admissible', 'inadmissible', 'withdrawn']))
	})

	test('le chef de file dépose et retire ; le financeur décide la recevabilité', () => {
		expect(mayFire(applicationTransitions.submit, ['referent:lead'])).toBe(true)
		expect(mayFire(applicationTransitions.submit, ['funder-staff'])).toBe(false)
		expect(mayFire(applicationTransitions.withdrawSubmitted, ['referent:lead'])).toBe(true)
		expect(mayFire(applicationTransitions.markAdmissible, ['funder-staff'])).toBe(true)
		expect(mayFire(applicationTransitions.markAdmissible, ['referent:lead', 'system'])).toBe(false)
	})

	test('seul un brouillon est modifiable et se dépose', () => {
		expect(EDITABLE_STATUSES).toEqual(['draft'])
		expect(APPLICATION_STATUSES.filter(isEditable)).toEqual(['draft'])
		expect(transitionsFrom(applicationTransitions, 'draft').map((t) => t.name).sort()).toEqual(['submit', 'withdrawDraft'])
	})

	test('retrait : un brouillon à tout moment, un dossier déposé avant la date limite, rien ensuite', () => {
		expect(withdrawalFrom('draft')?.name).toBe('withdrawDraft')
		expect(withdrawalFrom('submitted')?.name).toBe('withdrawSubmitted')
		expect(withdrawalFrom('admissible')).toBeNull()
		expect(applicationTransitions.withdrawDraft.requires).toEqual(['reason'])
		expect(applicationTransitions.withdrawSubmitted.requires).toEqual(['reason', 'before-deadline'])
		expect(canWithdraw('draft', true)).toBe(true)
		expect(canWithdraw('submitted', false)).toBe(true)
		expect(canWithdraw('submitted', true)).toBe(false)
		expect(canWithdraw('withdrawn', false)).toBe(false)
	})

	test('recevabilité : déposé → recevable | irrecevable, et l’un vers l’autre tant que le jury n’a pas commencé', () => {
		expect(admissibilityTransition('submitted', 'admissible')?.name).toBe('markAdmissible')
		expect(admissibilityTransition('submitted', 'inadmissible')?.name).toBe('markInadmissible')
		expect(admissibilityTransition('inadmissible', 'admissible')?.name).toBe('reverseToAdmissible')
		expect(admissibilityTransition('admissible', 'inadmissible')?.name).toBe('reverseToInadmissible')
		expect(admissibilityTransition('admissible', 'admissible')).toBeNull()
		expect(admissibilityTransition('withdrawn', 'admissible')).toBeNull()
		expect(applicationTransitions.reverseToAdmissible.requires).toContain('call-before-jury')
		expect(applicationTransitions.reverseToInadmissible.requires).toEqual(['reason', 'call-before-jury'])
		expect(applicationTransitions.markInadmissible.requires).toEqual(['reason'])
		expect(canFire(applicationTransitions.markAdmissible, 'under_review')).toBe(false)
	})
})
