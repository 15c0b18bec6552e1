import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requirePlatformAdmin } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { getAdminOverview } from '#app/domain/organizations/staff.server.ts'
import { formatInteger } from '#app/utils/format.ts'
import { pluralize } from '#app/utils/pluralize.ts'

export const meta: MetaFunction = () => [{ title: 'Administration — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePlatformAdmin(request)
	return json(await getAdminOverview())
}

type Structure = ReturnType<typeof useLoaderData<typeof loader>>['funders'][number]

function StructureTable({ labelledBy, structures }: { labelledBy: string; structures: Structure[] }) {
	if (structures.length === 0) return <p>Aucune pour l’instant.</p>
	return (
		<table aria-labelledby={labelledBy}>
			<thead>
				<tr>
					<th scope="col">Nom</th>
					<th scope="col">Territoire</th>
					<th scope="col">Contact</th>
					<th scope="col">Équipe</th>
				</tr>
			</thead>
			<tbody>
				{structures.map((s) => (
					<tr key={s.id}>
						<th scope="row">
							<Link to={`/admin/structures/${s.id}`}>{s.name}</Link>
						</th>
						<td>{s.territory || '—'}</td>
						<td>{s.contactEmail ?? '—'}</td>
						<td>{s.staffCount === 0 ? 'Personne' : pluralize(s.staffCount, 'personne', 'personnes')}</td>
					</tr>
				))}
			</tbody>
		</table>
	)
}

export default function AdminHome() {
	const { counts, funders, supporters } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Administration</h1>
			<ul>
				<li>
					<Link to="/admin/journal">Journal d’audit</Link> : connexions, rôles, exports, décisions sur tout le portail
				</li>
				<li>
					<Link to="/admin/conservation">Conservation des données</Link> : brouillons avertis et supprimés, comptes supprimés
				</li>
				<li>
					<Link to="/admin/taches">Tâches planifiées</Link> : clôtures, rappels, nettoyages, et le serveur qui a fait chaque passage
				</li>
				<li>
					<Link to="/admin/signalements">Signalements de l’annuaire des partenaires</Link>
				</li>
			</ul>
			<section aria-labelledby="chiffres">
				<h2 id="chiffres">La plateforme en chiffres</h2>
				<dl className="facts">
					<dt>Comptes</dt>
					<dd>{formatInteger(counts.users)}</dd>
					<dt>Organisations</dt>
					<dd>
						{formatInteger(counts.organizations)} ({pluralize(counts.associations, 'association', 'associations')},{' '}
						{pluralize(counts.funders, 'financeur', 'financeurs')}, {pluralize(counts.supporters, 'structure d’accompagnement', 'structures d’accompagnement')})
					</dd>
					<dt>Appels à projets</dt>
					<dd>{formatInteger(counts.calls)}</dd>
				</dl>
			</section>
			<p>
				<Link to="/admin/structures/nouvelle" className="button">
					Ajouter un financeur ou une structure d’accompagnement
				</Link>
			</p>
			<section aria-labelledby="financeurs">
				<h2 id="financeurs">Financeurs</h2>
				<StructureTable labelledBy="financeurs" structures={funders} />
			</section>
			<section aria-labelledby="accompagnement">
				<h2 id="accompagnement">Structures d’accompagnement</h2>
				<StructureTable labelledBy="accompagnement" structures={supporters} />
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
