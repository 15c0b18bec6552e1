/**
 * The background workers' loop (the outbox, the background jobs): run now,
 * then again `intervalMs` after each run ends, until stopped. A run that throws is logged and
 * the loop goes on; the stop function waits for the run in progress.
 */
export function startPolling(label: string, intervalMs: number, run: (isStopped: () => boolean) => Promise<unknown>): () => Promise<void> {
	let stopped = false
	let running: Promise<unknown> = Promise.resolve()
	let timer: ReturnType<typeof setTimeout> | undefined
	const isStopped = () => stopped
	const tick = () => {
		if (stopped) return
		running = run(isStopped)
			.catch((error: unknown) => console.error(`${label} : échec`, error))
			.finally(() => {
				if (!stopped) timer = setTimeout(tick, intervalMs)
			})
	}
	timer = setTimeout(tick, 0)
	return async () => {
		stopped = true
		clearTimeout(timer)
		await running
	}
}
