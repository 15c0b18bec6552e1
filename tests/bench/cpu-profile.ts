/** Reads a V8 .cpuprofile (node --cpu-prof) and sums self time by function and by package. */
import { readFileSync } from 'node:fs'

type ProfileNode = {
	id: number
	callFrame: { functionName: string; url: string; lineNumber: number }
	children?: number[]
}
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export type SelfTime = { name: string; ms: number; share: number }

/** Where a frame comes from: a package of node_modules, the app's build, node itself, or V8. */
function origin(url: string): string {
	if (!url) return '(V8 : GC, programme, inactif)'
	const inModules = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)
	if (inModules) return inModules[1]!
	if (url.startsWith('node:')) return 'node (cœur)'
	if (url.includes('/build/')) return 'app (build Remix)'
	return url.replace(/^file:\/\/.*?\/(app|db|server|tests)\//, '$1/')
}

export function summarizeProfile(file: string, top = 25) {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
	const byId = new Map(profile.nodes.map((n) => [n.id, n]))
	const selfUs = new Map<number, number>()
	profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
	const total = [...selfUs.values()].reduce((a, b) => a + b, 0)
	const functions = new Map<string, number>()
	const packages = new Map<string, number>()
	for (const [id, us] of selfUs) {
		const { functionName, url, lineNumber } = byId.get(id)!.callFrame
		const where = url ? `${origin(url)}:${lineNumber + 1}` : ''
		const name = `${functionName || '(anonyme)'} ${where}`.trim()
		functions.set(name, (functions.get(name) ?? 0) + us)
		packages.set(origin(url), (packages.get(origin(url)) ?? 0) + us)
	}
	const rank = (map: Map<string, number>): SelfTime[] =>
		[...map.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: Math.round((us / total) * 1000) / 10 }))
	return { totalMs: Math.round(total / 1000), functions: rank(functions), packages: rank(packages) }
}
