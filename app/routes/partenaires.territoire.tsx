import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireSupporterStaff } from '#app/auth/permissions.server.ts'
import { DirectoryAttribution, ProfileCard } from '#app/components/directory.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { toProfileCard } from '#app/domain/directory/options.ts'
import { listTerritoryProfiles } from '#app/domain/directory/recommendations.server.ts'
import { pluralize } from '#app/utils/pluralize.ts'

export const meta: MetaFunction = () => [{ title: 'Les associations de votre territoire — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { user } = await requireSupporterStaff(request)
	const page = Math.max(1, Number(new URL(request.url).searchParams.get('page')) || 1)
	const territory = await listTerritoryProfiles({ user, page })
	return json({
		supporters: territory.supporters.map((s) => ({ id: s.id, name: s.name, departement: s.departement })),
		departements: territory.departements,
		total: territory.total,
		page: territory.page ?? 1,
		pageCount: territory.pageCount ?? 1,
		results: territory.results.map(toProfileCard),
	})
}

export default function TerritoryPage() {
	const data = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to="/partenaires">← Annuaire des partenaires</Link>
			</p>
			<h1>Les associations de votre territoire</h1>
			{data.departements.length === 0 ? (
				<p className="notice">
					Le département de votre structure n’est pas renseigné : demandez à l’administrateur de la plateforme de le compléter.
				</p>
			) : (
				<>
					<p>
						Les associations qui ont publié leur profil, dans {data.departements.length > 1 ? 'les départements' : 'le département'}{' '}
						{data.departements.join(', ')}. Ouvrez un profil pour le suggérer comme partenaire à une autre association.
					</p>
					<h2 aria-live="polite">{pluralize(data.total, 'association', 'associations')}</h2>
					<ul className="directory-results">
						{data.results.map((profile) => (
							<ProfileCard key={profile.id} profile={profile} />
						))}
					</ul>
					{data.pageCount > 1 ? (
						<nav aria-label="Pages de la liste" className="pagination">
							<p>
								{data.page > 1 ? <Link to={`?page=${data.page - 1}`}>← Page précédente</Link> : null} <span aria-current="page">{`Page ${data.page} sur ${data.pageCount}`}</span>{' '}
								{data.page < data.pageCount ? <Link to={`?page=${data.page + 1}`}>Page suivante →</Link> : null}
							</p>
						</nav>
					) : null}
				</>
			)}
			<DirectoryAttribution />
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
