/**
 * For an integration file whose tests only read (or whose order is part of the story, as
 * the authorization matrix): build the fixtures once in beforeAll instead of before each
 * test. Call `keepDataBetweenTests()` at the top of the file; tests/setup/integration.ts
 * then skips its per-test truncation for this file only (each file runs in its own
 * module context, on its own database).
 */
export const KEEP_DATA = Symbol.for('ensemble.tests.keepDataBetweenTests')

export function keepDataBetweenTests() {
	;(globalThis as { [KEEP_DATA]?: boolean })[KEEP_DATA] = true
}
