/**
 * The public showcase (issue 12): the retained projects whose associations all consented to
 * share them, filtered by theme, département, call and year through a GET form (no
 * JavaScript needed), twenty per page. Anonymous visitors welcome.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
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
					<div className="field">
						<label htmlFor="filtre-theme">Thème</label>
						<select id="filtre-theme" name="theme" defaultValue={filters.theme ?? ''}>
							<option value="">Tous les thèmes</option>
							{options.themes.map((theme) => (
								<option key={theme} value={theme}>
									{theme}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="filtre-departement">Département d’une association</label>
						<select id="filtre-departement" name="departement" defaultValue={filters.departement ?? ''}>
							<option value="">Tous les départements</option>
							{options.departements.map((departement) => (
								<option key={departement} value={departement}>
									{departement}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="filtre-appel">Appel à projets</label>
						<select id="filtre-appel" name="appel" defaultValue={filters.callId ?? ''}>
							<option value="">Tous les appels</option>
							{options.calls.map((call) => (
								<option key={call.id} value={call.id}>
									{call.title}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="filtre-annee">Année</label>
						<select id="filtre-annee" name="annee" defaultValue={filters.year ? String(filters.year) : ''}>
							<option value="">Toutes les années</option>
							{options.years.map((year) => (
								<option key={year} value={year}>
									{year}
								</option>
							))}
						</select>
					</div>
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
