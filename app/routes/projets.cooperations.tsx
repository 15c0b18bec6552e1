/**
 * Who cooperates with whom (issue 12): the associations linked by the published projects they
 * co-carried — only published projects, so only associations that consented —, filterable by
 * département. A picture drawn on the server (a circle, numbered nodes, each a link) and the
 * same facts as a table, readable without the picture and on a phone.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { AssociationName, ShowcaseLinks } from '#app/components/showcase.tsx'
import { loadCooperationGraph, MAX_GRAPH_PROJECTS } from '#app/domain/showcase/cooperation-graph.server.ts'
import { GRAPH_SIZE } from '#app/domain/showcase/cooperation-graph.ts'
import { readShowcaseFilters } from '#app/domain/showcase/showcase-filters.ts'
import { showcaseFilterOptions } from '#app/domain/showcase/showcase.server.ts'
import { pluralize } from '#app/utils/pluralize.ts'

export const meta: MetaFunction = () => [{ title: 'Qui coopère avec qui — Projets réalisés — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { departement } = readShowcaseFilters(new URL(request.url).searchParams)
	const [graph, options] = await Promise.all([loadCooperationGraph({ departement }), showcaseFilterOptions()])
	return json({ departement, departements: options.departements, graph })
}

type Graph = ReturnType<typeof useLoaderData<typeof loader>>['graph']

export default function CooperationsPage() {
	const { departement, departements, graph } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Qui coopère avec qui</h1>
			<p>
				Les associations reliées par les projets réalisés qu’elles ont portés ensemble et choisi de publier. Pour qui arrive sur un
				territoire : voici qui travaille déjà avec qui.
			</p>
			<ShowcaseLinks />
			<Form method="get" className="grid-2" style={{ alignItems: 'end' }}>
				<div className="field">
					<label htmlFor="filtre-departement">Département</label>
					<select id="filtre-departement" name="departement" defaultValue={departement ?? ''}>
						<option value="">Tous les départements</option>
						{departements.map((d) => (
							<option key={d} value={d}>
								{d}
							</option>
						))}
					</select>
				</div>
				<div>
					<button type="submit">Afficher</button> {departement ? <Link to="/projets/cooperations">Tous les départements</Link> : null}
				</div>
			</Form>
			{graph.tooMany ? (
				<p className="card">{`Seuls les ${MAX_GRAPH_PROJECTS} projets publiés les plus récents sont dessinés : choisissez un département pour voir tous les siens.`}</p>
			) : null}
			{graph.nodes.length === 0 ? (
				<p>{departement ? 'Aucun projet publié n’associe une association de ce département.' : 'Aucun projet n’a encore été publié.'}</p>
			) : (
				<>
					<p>
						{pluralize(graph.nodes.length, 'association', 'associations')}, {pluralize(graph.edges.length, 'lien', 'liens')},{' '}
						{pluralize(graph.projectCount, 'projet', 'projets')}
						{departement ? ` avec au moins une association du ${departement} (leurs partenaires d’ailleurs sont en pointillé)` : ''}.
					</p>
					<Picture graph={graph} departement={departement} />
					<Table graph={graph} />
				</>
			)}
		</>
	)
}

function Picture({ graph, departement }: { graph: Graph; departement: string | null }) {
	const byId = new Map(graph.nodes.map((n) => [n.id, n]))
	return (
		<figure style={{ margin: '16px 0' }}>
			<svg viewBox={`0 0 ${GRAPH_SIZE} ${GRAPH_SIZE}`} width="100%" style={{ maxWidth: GRAPH_SIZE, display: 'block' }} aria-labelledby="graphe-titre">
				<title id="graphe-titre">
					{`Graphe des coopérations${departement ? ` (${departement})` : ''} : chaque cercle numéroté est une association, chaque trait un ou plusieurs projets portés ensemble. Le tableau qui suit donne les mêmes liens.`}
				</title>
				{graph.edges.map((edge) => {
					const from = byId.get(edge.from)!
					const to = byId.get(edge.to)!
					return (
						<line key={`${edge.from}-${edge.to}`} x1={from.x} y1={from.y} x2={to.x} y2={to.y} stroke="#475569" strokeWidth={1 + Math.min(edge.projects.length, 5)}>
							<title>{`${from.name} — ${to.name} : ${edge.projects.map((p) => p.title).join(', ')}`}</title>
						</line>
					)
				})}
				{graph.nodes.map((node) => (
					<a key={node.id} href={`#association-${node.number}`} aria-label={`${node.number}. ${node.name}${node.departement ? ` (${node.departement})` : ''}`}>
						<circle cx={node.x} cy={node.y} r={18} fill={node.outside ? '#fff' : '#1d4ed8'} stroke="#1d4ed8" strokeWidth={3} strokeDasharray={node.outside ? '4 3' : undefined} />
						<text x={node.x} y={node.y} textAnchor="middle" dominantBaseline="central" fontSize={16} fontWeight={700} fill={node.outside ? '#1d4ed8' : '#fff'}>
							{node.number}
						</text>
					</a>
				))}
			</svg>
			<figcaption className="muted">Chaque numéro renvoie à la ligne de l’association dans le tableau ci-dessous.</figcaption>
		</figure>
	)
}

function Table({ graph }: { graph: Graph }) {
	return (
		<section aria-labelledby="tableau">
			<h2 id="tableau">Les associations et leurs partenaires</h2>
			<ol style={{ listStyle: 'none', padding: 0 }}>
				{graph.table.map((row) => (
					<li key={row.id} id={`association-${row.number}`} className="card">
						<h3 style={{ marginTop: 0 }}>
							{`${row.number}. `}
							<AssociationName association={{ organizationId: row.id, name: row.name, profilePublished: row.profilePublished }} />
							{row.departement ? ` (${row.departement})` : ''}
						</h3>
						<ul>
							{row.partners.map((partner) => (
								<li key={partner.id}>
									{`avec ${partner.number}. `}
									<AssociationName association={{ organizationId: partner.id, name: partner.name, profilePublished: partner.profilePublished }} />
									{' : '}
									{partner.projects.map((project, index) => (
										<span key={project.id}>
											{index > 0 ? ', ' : ''}
											<Link to={`/projets/${project.id}`}>{project.title}</Link>
										</span>
									))}
								</li>
							))}
						</ul>
					</li>
				))}
			</ol>
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
