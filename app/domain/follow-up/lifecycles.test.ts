import { describe, expect, test } from 'vitest'
import { AUDIT_LABELS } from '#app/domain/audit-labels.ts'
import { canFire, mayFire } from '#app/domain/lifecycle/transitions.ts'
import { agreementStatusEnum, evaluationReportStatusEnum, paymentStatusEnum } from '#db/schema/index.ts'
import { AGREEMENT_STATUSES, agreementTransitions, EVALUATION_REPORT_STATUSES, evaluationReportTransitions, PAYMENT_STATUSES, paymentTransitions } from './lifecycles.ts'

describe('cycles de vie du suivi : convention, paiement, évaluation de fin de projet', () => {
	test('les états sont ceux de la base ; chaque entrée a son nom, des états connus, un acteur et un libellé d’audit', () => {
		expect([...AGREEMENT_STATUSES]).toEqual(agreementStatusEnum.enumValues)
		expect([...PAYMENT_STATUSES]).toEqual(paymentStatusEnum.enumValues)
		expect([...EVALUATION_REPORT_STATUSES]).toEqual(evaluationReportStatusEnum.enumValues)
		const tables: [Record<string, { name: string; from: readonly string[]; to: string; by: readonly string[]; action: string }>, readonly string[]][] = [
			[agreementTransitions, AGREEMENT_STATUSES],
			[paymentTransitions, PAYMENT_STATUSES],
			[evaluationReportTransitions, EVALUATION_REPORT_STATUSES],
		]
		for (const [table, states] of tables) {
			for (const [name, t] of Object.entries(table)) {
				expect(t.name).toBe(name)
				expect(t.by.length).toBeGreaterThan(0)
				for (const state of [...t.from, t.to]) expect(states).toContain(state)
				expect(AUDIT_LABELS[t.action], t.action).toBeTruthy()
			}
		}
	})

	test('une tranche n’est payée qu’une fois exigible ; seul le chef de file envoie l’évaluation, seul le financeur l’approuve', () => {
		expect(canFire(paymentTransitions.pay, 'waiting')).toBe(false)
		expect(canFire(paymentTransitions.pay, 'due')).toBe(true)
		expect(mayFire(evaluationReportTransitions.submit, ['referent:member'])).toBe(false)
		expect(mayFire(evaluationReportTransitions.submit, ['referent:lead'])).toBe(true)
		expect(mayFire(evaluationReportTransitions.approve, ['referent:lead'])).toBe(false)
		expect(canFire(evaluationReportTransitions.submit, 'changes_requested')).toBe(true)
		expect(evaluationReportTransitions.requestChanges.requires).toEqual(['reason'])
	})
})
