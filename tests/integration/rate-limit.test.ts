import { describe, expect, test } from 'vitest'
import { consumeRateLimit } from '#app/domain/rate-limit.server.ts'
import { waitMessage } from '#app/domain/rate-limit.ts'
import { db } from '#db/client.server.ts'

describe('consumeRateLimit', () => {
	test('des demandes simultanées ne dépassent jamais la limite (upsert atomique)', async () => {
		const outcomes = await Promise.all(Array.from({ length: 10 }, () => consumeRateLimit(db, 'essai:simultane', { max: 3, windowMs: 60_000 })))
		expect(outcomes.filter((o) => o.ok)).toHaveLength(3)
	})

	test('refuse au-delà de la limite en disant quand réessayer, puis repart à zéro à la fenêtre suivante', async () => {
		const t0 = new Date('2026-11-30T10:00:00Z')
		const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000)
		const policy = { max: 2, windowMs: 3600_000 }
		expect(await consumeRateLimit(db, 'essai:fenetre', policy, at(0))).toEqual({ ok: true })
		expect(await consumeRateLimit(db, 'essai:fenetre', policy, at(10))).toEqual({ ok: true })
		expect(await consumeRateLimit(db, 'essai:fenetre', policy, at(600))).toEqual({ ok: false, retryAfterSeconds: 3000 })
		expect(await consumeRateLimit(db, 'essai:fenetre', policy, at(3600))).toEqual({ ok: true })
		// Another key is counted on its own.
		expect(await consumeRateLimit(db, 'essai:autre', policy, at(600))).toEqual({ ok: true })
	})

	test('le message dit en français combien de temps attendre', () => {
		expect(waitMessage(3000)).toBe('Trop de demandes : réessayez dans 50 minutes.')
		expect(waitMessage(20)).toBe('Trop de demandes : réessayez dans 1 minute.')
		expect(waitMessage(86_000)).toBe('Trop de demandes : réessayez dans 24 h.')
	})
})
