import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { getOptionalUser } from '#app/auth/permissions.server.ts'
import { can } from '#app/auth/policy/index.ts'
import { DirectoryAttribution, ProfileCard } from '#app/components/directory.tsx'
import { FilterSelect } from '#app/components/filter-select.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ServerCached } from '#app/components/server-cached.tsx'
import { DISTANCES_KM, filtersQuery, LIMITS, readFilters, readPage, RESOURCES, THEMES, toProfileCard } from '#app/domain/directory/options.ts'
import { searchDirectory } from '#app/domain/directory/search.server.ts'
import { SECTORS } from '#app/domain/organizations/sectors.ts'
import { pluralize } from '#app/utils/pluralize.ts'

export const meta: MetaFunction = () => [{ title: 'Annuaire des partenaires — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const params = new URL(request.url).searchParams
	const filters = readFilters(params)
	const [user, search] = await Promise.all([getOptionalUser(request), searchDirectory({ filters, page: readPage(params) })])
	const ownAssociations = user ? user.memberships.filter((m) => can(user, 'preview-profile', { kind: 'directory', organizationId: m.organizationId }).allowed) : []
	const isSupporter = user ? user.memberships.some((m) => can(user, 'recommend', { kind: 'directory', organizationId: m.organizationId }).allowed) : false
	return json({
		filters,
		search: {
			...search,
			results: search.results.map(toProfileCard),
		},
		ownAssociations: ownAssociations.map((m) => ({ id: m.organizationId, name: m.organizationName })),
		isSupporter,
		signedIn: Boolean(user),
	})
}

const DEPARTEMENT_HINT = 'Deux chiffres, 2A, 2B ou trois chiffres outre-mer (par exemple 69 ou 974).'

export default function DirectoryPage() {
	const { filters, search, ownAssociations, isSupporter, signedIn } = useLoaderData<typeof loader>()
	const query = filtersQuery(filters)
	const filtered = query !== ''
	const pageHref = (page: number) => {
		const params = new URLSearchParams(query)
		if (page > 1) params.set('page', String(page))
		const text = params.toString()
		return `/partenaires${text ? `?${text}` : ''}`
	}
	return (
		<>
			<h1>Annuaire des partenaires</h1>
			<p>
				Les associations qui ont choisi de publier leur profil : ce qu’elles font, où, ce qu’elles proposent et ce qu’elles cherchent pour
				monter un projet ensemble. Écrivez-leur par le portail : aucune adresse n’est montrée.
			</p>
			<ul>
				{ownAssociations.map((a) => (
					<li key={a.id}>
						<Link to={`/associations/${a.id}/profil`}>Le profil public de {a.name}</Link>
					</li>
				))}
				{signedIn ? (
					<li>
						<Link to="/partenaires/messages">Mes messages envoyés par l’annuaire</Link>
					</li>
				) : null}
				{isSupporter ? (
					<li>
						<Link to="/partenaires/territoire">Les associations de votre territoire</Link>
					</li>
				) : null}
			</ul>

			<section aria-labelledby="chercher">
				<h2 id="chercher">Chercher</h2>
				<Form method="get" className="grid-2" style={{ alignItems: 'end' }}>
					<div className="field">
						<label htmlFor="recherche-texte">Nom ou mot de la présentation</label>
						<input id="recherche-texte" name="q" type="search" defaultValue={filters.q} maxLength={LIMITS.query} />
					</div>
					<FilterSelect id="recherche-theme" name="theme" label="Thème" anyLabel="Tous les thèmes" options={THEMES} value={filters.theme ?? ''} />
					<div className="field">
						<label htmlFor="recherche-departement">Département</label>
						<p id="recherche-departement-aide" className="hint">
							{DEPARTEMENT_HINT}
						</p>
						<input id="recherche-departement" name="departement" defaultValue={filters.departement ?? ''} maxLength={3} aria-describedby="recherche-departement-aide" />
					</div>
					<FilterSelect id="recherche-secteur" name="secteur" label="Secteur" anyLabel="Tous les secteurs" options={SECTORS} value={filters.sector ?? ''} />
					<FilterSelect id="recherche-offre" name="offre" label="Elle propose" anyLabel="Peu importe" options={RESOURCES} value={filters.offer ?? ''} />
					<FilterSelect id="recherche-besoin" name="besoin" label="Elle cherche" anyLabel="Peu importe" options={RESOURCES} value={filters.need ?? ''} />
					<div className="field">
						<label htmlFor="recherche-distance">Distance</label>
						<select id="recherche-distance" name="distance" defaultValue={filters.distanceKm ? String(filters.distanceKm) : ''}>
							<option value="">Toute distance</option>
							{DISTANCES_KM.map((km) => (
								<option key={km} value={km}>
									{`À ${km} km au plus`}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="recherche-commune">De la commune</label>
						<p id="recherche-commune-aide" className="hint">
							Par exemple « Villeurbanne » ou « Vienne (38) ».
						</p>
						<input
							id="recherche-commune"
							name="commune"
							defaultValue={filters.commune}
							maxLength={LIMITS.communeName}
							aria-invalid={search.communeError ? true : undefined}
							aria-describedby={`recherche-commune-aide${search.communeError ? ' recherche-commune-erreur' : ''}`}
						/>
						{search.communeError ? (
							<p id="recherche-commune-erreur" className="field-error">
								{search.communeError}
							</p>
						) : null}
					</div>
					<div>
						<button type="submit">Chercher</button> {filtered ? <Link to="/partenaires">Retirer les filtres</Link> : null}
					</div>
				</Form>
			</section>

			<section aria-labelledby="resultats">
				<h2 id="resultats" aria-live="polite">
					{`${pluralize(search.total, 'association trouvée', 'associations trouvées')}${search.origin ? ` à ${filters.distanceKm} km au plus de ${search.origin.name} (${search.origin.departement})` : ''}`}
				</h2>
				{search.results.length === 0 ? (
					<p>{filtered ? 'Aucune association ne correspond à ces critères : élargissez la recherche.' : 'Aucune association n’a encore publié son profil.'}</p>
				) : (
					<ServerCached
						name="directory-results"
						inputs={search.resultsKey}
						render={() => (
							<ul className="directory-results">
								{search.results.map((profile) => (
									<ProfileCard key={profile.id} profile={profile} />
								))}
							</ul>
						)}
					/>
				)}
				{search.pageCount > 1 ? (
					<nav aria-label="Pages des résultats" className="pagination">
						<p>
							{search.page > 1 ? <Link to={pageHref(search.page - 1)}>← Page précédente</Link> : null}
							{search.page > 1 ? ' · ' : null}
							<span aria-current="page">{`Page ${search.page} sur ${search.pageCount}`}</span>
							{search.page < search.pageCount ? ' · ' : null}
							{search.page < search.pageCount ? <Link to={pageHref(search.page + 1)}>Page suivante →</Link> : null}
						</p>
					</nav>
				) : null}
			</section>
			<DirectoryAttribution />
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}

