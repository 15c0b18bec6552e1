import { defineConfig } from 'vitest/config'

export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['app/**/*.test.{ts,tsx}', 'emails/**/*.test.ts', 'tests/unit/**/*.test.ts'],
					// One process for the 82 files, as for the integration files: none mocks a module or
					// changes the environment, and loading React and the app once instead of per file took
					// the run from 34 to 15 s (41 to 19 s of CPU). Set on the run, not here: Vitest's pool
					// reads isolation from the run (`isolate: false` here alone still took 34 s), so
					// package.json's test:unit and tests/run-all.sh pass --no-isolate.
				},
			},
			{
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					globalSetup: ['tests/setup/global-db.ts'],
					setupFiles: ['tests/setup/integration.ts'],
					// The files run one after another in one process: the app and its bundle (build/) are
					// loaded once, not once per file (half the stage's CPU). Each file still has its own
					// database, folders and environment (tests/setup/integration.ts). Vitest's pool reads
					// isolation from the run, not the project: runs pass --no-isolate too (tests/run-all.sh).
					isolate: false,
					testTimeout: 30_000,
					hookTimeout: 90_000,
				},
			},
			{
				// Two built servers on one PostgreSQL and one object store (tests/scale-out/two-instances.test.ts).
				test: {
					name: 'scale-out',
					include: ['tests/scale-out/**/*.test.ts'],
					testTimeout: 180_000,
					hookTimeout: 240_000,
				},
			},
			{
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					globalSetup: ['tests/setup/e2e-templates.ts'],
					testTimeout: 180_000,
					hookTimeout: 180_000,
					// A form sent, then the page it leads to: under CI's load (the integration runs beside
					// these) that can take more than expect.poll's default second.
					expect: { poll: { timeout: 15_000 } },
				},
			},
		],
	},
})
