/** The bench's load driver (tests/bench/load.ts): the warm-up is run but not measured; its errors still count. */
import { describe, expect, test } from 'vitest'
import { runLoad } from '../bench/load.ts'

describe('runLoad', () => {
	test('the warm-up’s requests are left out of the measure, its errors are not', async () => {
		let calls = 0
		const task = async () => {
			const call = ++calls
			await new Promise((resolve) => setTimeout(resolve, 2))
			// The first request fails: during the warm-up.
			return call > 1
		}
		const result = await runLoad({ concurrency: 2, durationMs: 100, warmupMs: 300, task })
		expect(result.requests).toBeGreaterThan(0)
		expect(calls).toBeGreaterThan(result.requests)
		expect(result.errors).toBe(1)
		// The measure lasts its own 100 ms, not the 300 ms of the warm-up.
		expect(result.seconds).toBeLessThan(0.25)
	})
})
