/** The bench's load driver (tests/bench/load.ts): the warm-up is run but not measured; its errors still count. */
import { describe, expect, test } from 'vitest'
import { alternateTurns, runLoad } from '../bench/load.ts'

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

describe('alternateTurns', () => {
	test('both sides warmed, then turns A B B A … until each has had its duration', async () => {
		const calls: string[] = []
		const { warmups, turns } = await alternateTurns({ durationMs: 8_000, warmupMs: 3_000, sliceMs: 2_000, shortestSliceMs: 1_000 }, async (side, ms) => {
			calls.push(`${side === 0 ? 'A' : 'B'}${ms}`)
			return calls.length
		})
		expect(calls).toEqual(['A3000', 'B3000', 'A2000', 'B2000', 'B2000', 'A2000', 'A2000', 'B2000', 'B2000', 'A2000'])
		expect(warmups).toEqual([1, 2])
		expect(turns).toEqual([
			[3, 6, 7, 10],
			[4, 5, 8, 9],
		])
	})

	test('no warm-up when none is asked; a turn never shorter than the driver allows', async () => {
		const calls: number[] = []
		const { warmups, turns } = await alternateTurns({ durationMs: 2_000, sliceMs: 200, shortestSliceMs: 1_000 }, async (_side, ms) => calls.push(ms))
		expect(warmups).toEqual([undefined, undefined])
		expect(calls).toEqual([1_000, 1_000, 1_000, 1_000])
		expect(turns[0]).toHaveLength(2)
	})
})
