/**
 * The public showcase (issue 12): the retained projects whose associations all consented to
 * share them, filtered by theme, département, call and year through a GET form (no
 * JavaScript needed), twenty per page. Anonymous visitors welcome.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FilterSelect } from '#app/components/filter-select.tsx'
import { ProjectFacts, ProjectTexts, ShowcaseLinks } from '#app/components/showcase.tsx'
import { isFiltered, readShowcaseFilters, readShowcasePage, showcaseQuery } from '#app/domain/showcase/showcase-filters.ts'
import { listPublishedProjects, showcaseFilterOptions } from '#app/domain/showcase/showcase.server.ts'
import { pluralize } from '#app/utils/pluralize.ts'

export const meta: MetaFunction = () => [{ title: 'Projets réalisés — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const params = new URL(request.url).searchParams
	const filters = readShowcaseFilters(params)
	const [list, options] = await Promise.all([listPublishedProjects({ filters, page: readShowcasePage(params) }), showcaseFilterOptions()])
	return json({ filters, options, ...list })
}

export default function ShowcasePage() {
	const { filters, options, projects, total, page, pageCount } = useLoaderData<typeof loader>()
	const filtered = isFiltered(filters)
	return (
		<>
			<h1>Projets réalisés</h1>
			<p>
				Des associations ont coopéré sur un projet financé, puis ont choisi de raconter ce qu’elles ont fait, ce que cela a donné et ce
				qu’elles ont appris — y compris ce qui n’a pas marché. Chaque projet n’est publié qu’avec l’accord de toutes ses associations.
			</p>
			<ShowcaseLinks />

			<section aria-labelledby="filtres">
				<h2 id="filtres">Filtrer</h2>
				<Form method="get" className="grid-2" style={{ alignItems: 'end' }}>
					<FilterSelect id="filtre-theme" name="theme" label="Thème" anyLabel="Tous les thèmes" options={options.themes.map((t) => ({ value: t, label: t }))} value={filters.theme ?? ''} />
					<FilterSelect id="filtre-departement" name="departement" label="Département d’une association" anyLabel="Tous les départements" options={options.departements.map((d) => ({ value: d, label: d }))} value={filters.departement ?? ''} />
					<FilterSelect id="filtre-appel" name="appel" label="Appel à projets" anyLabel="Tous les appels" options={options.calls.map((c) => ({ value: c.id, label: c.title }))} value={filters.callId ?? ''} />
					<FilterSelect id="filtre-annee" name="annee" label="Année" anyLabel="Toutes les années" options={options.years.map((y) => ({ value: String(y), label: String(y) }))} value={filters.year ? String(filters.year) : ''} />
					<div>
						<button type="submit">Filtrer</button> {filtered ? <Link to="/projets">Retirer les filtres</Link> : null}
					</div>
				</Form>
			</section>

			<section aria-labelledby="liste">
				<h2 id="liste">
					{pluralize(total, 'projet publié', 'projets publiés')}
					{filtered ? ' correspondant aux filtres' : ''}
				</h2>
				{projects.length === 0 ? (
					<p>{filtered ? 'Aucun projet publié ne correspond à ces filtres.' : 'Aucun projet n’a encore été publié.'}</p>
				) : (
					<ul style={{ listStyle: 'none', padding: 0 }}>
						{projects.map((project) => (
							<li key={project.id} className="card">
								<h3 style={{ marginTop: 0 }}>
									<Link to={`/projets/${project.id}`}>{project.title}</Link>
								</h3>
								<p style={{ whiteSpace: 'pre-line' }}>{project.summary}</p>
								<ProjectFacts project={project} />
								<details>
									<summary>Résultats et ce que les associations ont appris</summary>
									<ProjectTexts project={project} heading="h4" />
								</details>
							</li>
						))}
					</ul>
				)}
				{pageCount > 1 ? (
					<nav aria-label="Pages de la liste" className="pagination">
						<p>
							{page > 1 ? <Link to={`/projets${showcaseQuery(filters, page - 1)}`}>← Page précédente</Link> : null}
							{page > 1 ? ' · ' : null}
							<span aria-current="page">{`Page ${page} sur ${pageCount}`}</span>
							{page < pageCount ? ' · ' : null}
							{page < pageCount ? <Link to={`/projets${showcaseQuery(filters, page + 1)}`}>Page suivante →</Link> : null}
						</p>
					</nav>
				) : null}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
