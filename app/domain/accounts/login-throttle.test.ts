import { describe, expect, test } from 'vitest'
import { ACCOUNT_POLICY, afterFailure, decide, retryMessage, type ThrottleState } from './login-throttle.ts'

const t0 = new Date('2026-11-24T10:00:00Z')
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000)

function failures(n: number, policy = ACCOUNT_POLICY): ThrottleState | undefined {
	let state: ThrottleState | undefined
	for (let i = 0; i < n; i++) state = afterFailure(state, at(i), policy)
	return state
}

describe('limitation des connexions (règles)', () => {
	test('les premiers échecs ne ralentissent pas', () => {
		expect(decide(undefined, t0, ACCOUNT_POLICY)).toEqual({ allowed: true, delayMs: 0 })
		expect(decide(failures(2), at(3), ACCOUNT_POLICY)).toEqual({ allowed: true, delayMs: 0 })
	})

	test('au-delà, chaque tentative est ralentie de plus en plus', () => {
		expect(decide(failures(3), at(4), ACCOUNT_POLICY)).toEqual({ allowed: true, delayMs: 500 })
		expect(decide(failures(4), at(5), ACCOUNT_POLICY)).toEqual({ allowed: true, delayMs: 1000 })
	})

	test('à la limite, le compte est refusé pendant 15 minutes', () => {
		const locked = failures(5)!
		expect(locked.lockedUntil).toEqual(new Date(at(4).getTime() + 15 * 60_000))
		expect(decide(locked, at(10), ACCOUNT_POLICY)).toEqual({ allowed: false, retryAfterSeconds: 894 })
		// Once the lock has passed, the counter starts again from zero.
		const later = new Date(locked.lockedUntil!.getTime() + 1000)
		expect(decide(locked, later, ACCOUNT_POLICY)).toEqual({ allowed: true, delayMs: 0 })
		expect(afterFailure(locked, later, ACCOUNT_POLICY).failures).toBe(1)
	})

	test('les échecs anciens sortent de la fenêtre', () => {
		const state = failures(4)!
		const afterWindow = at(16 * 60)
		expect(decide(state, afterWindow, ACCOUNT_POLICY)).toEqual({ allowed: true, delayMs: 0 })
		expect(afterFailure(state, afterWindow, ACCOUNT_POLICY)).toEqual({ failures: 1, windowStartedAt: afterWindow, lockedUntil: null })
	})

	test('le message dit en français combien de minutes attendre', () => {
		expect(retryMessage(894)).toContain('réessayez dans 15 minutes')
		expect(retryMessage(30)).toContain('réessayez dans 1 minute,')
	})
})
