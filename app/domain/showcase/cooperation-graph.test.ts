import { describe, expect, test } from 'vitest'
import { cooperationGraph, GRAPH_SIZE, type GraphProject } from './cooperation-graph.ts'

const association = (id: string, departement: string | null, profilePublished = false) => ({ organizationId: id, name: `Association ${id}`, departement, profilePublished })

describe('graphe des coopérations', () => {
	const projects: GraphProject[] = [
		{ id: 'p1', title: 'Un', associations: [association('a', '69'), association('b', '38')] },
		{ id: 'p2', title: 'Deux', associations: [association('a', '69'), association('b', '38'), association('c', '69', true)] },
	]

	test('une association par nœud, un lien par paire, les projets qui les relient ; ordre département puis nom ; disposition déterministe', () => {
		const graph = cooperationGraph(projects)
		expect(graph.nodes.map((n) => [n.number, n.id, n.departement])).toEqual([
			[1, 'b', '38'],
			[2, 'a', '69'],
			[3, 'c', '69'],
		])
		expect(graph.edges.map((e) => [e.from, e.to, e.projects.map((p) => p.id)])).toEqual([
			['b', 'a', ['p2', 'p1']],
			['b', 'c', ['p2']],
			['a', 'c', ['p2']],
		])
		// The first at the top of the circle, all inside the picture; the same on every run.
		expect(graph.nodes[0]).toMatchObject({ x: GRAPH_SIZE / 2, y: 40 })
		for (const node of graph.nodes) for (const v of [node.x, node.y]) expect(v >= 0 && v <= GRAPH_SIZE).toBe(true)
		expect(cooperationGraph([...projects].reverse())).toEqual(graph)
		const b = graph.table.find((row) => row.id === 'b')!
		expect(b.partners.map((p) => [p.number, p.projects.map((x) => x.title)])).toEqual([
			[2, ['Deux', 'Un']],
			[3, ['Deux']],
		])
	})

	test('filtré par département : les partenaires d’ailleurs sont marqués ; une seule association au centre ; rien sans projet', () => {
		expect(cooperationGraph(projects, '38').nodes.map((n) => [n.id, n.outside])).toEqual([
			['b', false],
			['a', true],
			['c', true],
		])
		const single = cooperationGraph([{ id: 'p', title: 'Seule', associations: [association('z', '42')] }])
		expect(single.nodes[0]).toMatchObject({ x: GRAPH_SIZE / 2, y: GRAPH_SIZE / 2 })
		expect(single.edges).toEqual([])
		expect(cooperationGraph([])).toEqual({ nodes: [], edges: [], table: [] })
	})
})
