import { describe, expect, test } from 'vitest'
import { AUDIT_LABELS } from '#app/domain/audit-labels.ts'
import { canFire, mayFire } from '#app/domain/lifecycle/transitions.ts'
import { callStatusEnum } from '#db/schema/calls.ts'
import { CALL_STATUSES, callTransitions } from './lifecycle.ts'

describe('table du cycle de vie d’un appel', () => {
	test('les états sont ceux de la base, dans l’ordre', () => {
		expect([...CALL_STATUSES]).toEqual(callStatusEnum.enumValues)
	})

	test('chaque entrée porte son nom, des états connus, un acteur et un libellé d’audit', () => {
		for (const [name, t] of Object.entries(callTransitions)) {
			expect(t.name).toBe(name)
			expect(t.subject).toBe('call')
			expect(t.from.length).toBeGreaterThan(0)
			expect(t.by.length).toBeGreaterThan(0)
			for (const state of [...t.from, t.to]) expect(CALL_STATUSES).toContain(state)
			expect(AUDIT_LABELS[t.action], t.action).toBeTruthy()
		}
	})

	test('brouillon → publié par le financeur ; publié → clos à la main par le financeur ou à la date limite par l’horloge', () => {
		expect(canFire(callTransitions.publish, 'draft')).toBe(true)
		expect(canFire(callTransitions.publish, 'published')).toBe(false)
		expect(callTransitions.publish.requires).toEqual(['publishable'])
		expect(canFire(callTransitions.close, 'published')).toBe(true)
		expect(canFire(callTransitions.close, 'draft')).toBe(false)
		expect(mayFire(callTransitions.close, ['funder-staff'])).toBe(true)
		expect(mayFire(callTransitions.close, ['system'])).toBe(false)
		expect(mayFire(callTransitions.closeAtDeadline, ['system'])).toBe(true)
		expect(mayFire(callTransitions.closeAtDeadline, ['funder-staff'])).toBe(false)
		expect(callTransitions.closeAtDeadline.requires).toEqual(['deadline-passed'])
	})
})
