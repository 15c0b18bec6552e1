import { describe, expect, test } from 'vitest'
import { decisionsDisclosed, statusShownToApplicants } from './decision-disclosure.ts'

describe('décisions provisoires jusqu’à la clôture de la délibération', () => {
	test('en délibération, un dossier retenu, en liste d’attente ou non retenu se montre « en cours d’examen » aux candidats', () => {
		for (const status of ['selected', 'waitlisted', 'rejected'] as const) {
			expect(statusShownToApplicants(status, 'deliberation')).toBe('under_review')
			expect(statusShownToApplicants(status, 'decided')).toBe(status)
			expect(statusShownToApplicants(status, 'follow_up')).toBe(status)
		}
		expect(statusShownToApplicants('admissible', 'deliberation')).toBe('admissible')
		expect(statusShownToApplicants('withdrawn', 'deliberation')).toBe('withdrawn')
		expect(decisionsDisclosed('deliberation')).toBe(false)
		expect(decisionsDisclosed('decided')).toBe(true)
	})
})
