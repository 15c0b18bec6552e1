/**
 * The cooperation graph of the showcase (issue 12): associations linked by the published
 * projects they co-carried. Built and laid out on the server, deterministically — a circle
 * ordered by département then name, so that neighbours on the circle are neighbours on the
 * ground, the same picture on every load. Plain module, unit-tested.
 */
export type GraphProject = { id: string; title: string; associations: { organizationId: string; name: string; departement: string | null; profilePublished: boolean }[] }

export type GraphNode = {
	id: string
	/** Its number on the picture (1…n), also given in the table. */
	number: number
	name: string
	departement: string | null
	profilePublished: boolean
	x: number
	y: number
	/** Outside the département chosen: a partner from elsewhere. */
	outside: boolean
}
export type GraphEdge = { from: string; to: string; projects: { id: string; title: string }[] }
export type Partner = { id: string; number: number; name: string; profilePublished: boolean; projects: { id: string; title: string }[] }

export const GRAPH_SIZE = 600
const MARGIN = 40

export function cooperationGraph(projects: readonly GraphProject[], departement: string | null = null) {
	const byId = new Map<string, Omit<GraphNode, 'number' | 'x' | 'y'>>()
	const edges = new Map<string, GraphEdge>()
	for (const project of projects) {
		const members = [...new Map(project.associations.map((a) => [a.organizationId, a])).values()]
		for (const a of members) {
			if (!byId.has(a.organizationId))
				byId.set(a.organizationId, { id: a.organizationId, name: a.name, departement: a.departement, profilePublished: a.profilePublished, outside: departement !== null && a.departement !== departement })
		}
		for (let i = 0; i < members.length; i++) {
			for (let j = i + 1; j < members.length; j++) {
				const [from, to] = [members[i]!.organizationId, members[j]!.organizationId].sort() as [string, string]
				const key = `${from}|${to}`
				const edge = edges.get(key) ?? { from, to, projects: [] }
				edge.projects.push({ id: project.id, title: project.title })
				edges.set(key, edge)
			}
		}
	}
	const ordered = [...byId.values()].sort(
		(a, b) => (a.departement ?? '~').localeCompare(b.departement ?? '~') || a.name.localeCompare(b.name, 'fr') || a.id.localeCompare(b.id),
	)
	const radius = GRAPH_SIZE / 2 - MARGIN
	const nodes: GraphNode[] = ordered.map((node, index) => {
		// A single node sits in the middle; otherwise evenly on the circle, the first at the top.
		const angle = -Math.PI / 2 + (2 * Math.PI * index) / Math.max(1, ordered.length)
		const r = ordered.length === 1 ? 0 : radius
		return { ...node, number: index + 1, x: round(GRAPH_SIZE / 2 + r * Math.cos(angle)), y: round(GRAPH_SIZE / 2 + r * Math.sin(angle)) }
	})
	const numbers = new Map(nodes.map((n) => [n.id, n]))
	// Each link from its lower number to its higher, its projects by title: the same lists whatever the order read.
	const edgeList = [...edges.values()]
		.map((e) => {
			const [from, to] = numbers.get(e.from)!.number < numbers.get(e.to)!.number ? [e.from, e.to] : [e.to, e.from]
			return { from, to, projects: [...e.projects].sort((a, b) => a.title.localeCompare(b.title, 'fr') || a.id.localeCompare(b.id)) }
		})
		.sort((a, b) => numbers.get(a.from)!.number - numbers.get(b.from)!.number || numbers.get(a.to)!.number - numbers.get(b.to)!.number)
	/** Each association with its partners and the projects linking them: the table beside the picture. */
	const partnersOf = (id: string): Partner[] =>
		edgeList
			.filter((e) => e.from === id || e.to === id)
			.map((e) => {
				const other = numbers.get(e.from === id ? e.to : e.from)!
				return { id: other.id, number: other.number, name: other.name, profilePublished: other.profilePublished, projects: e.projects }
			})
			.sort((a, b) => a.number - b.number)
	return { nodes, edges: edgeList, table: nodes.map((node) => ({ ...node, partners: partnersOf(node.id) })) }
}

const round = (value: number) => Math.round(value * 10) / 10
