import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { CALL_STATUS_LABELS } from '#app/domain/calls/call-status.ts'
import { listCallsOfFunders } from '#app/domain/calls/calls.server.ts'
import { getStructures, listStaffOf } from '#app/domain/organizations/staff.server.ts'
import { formatDateTime } from '#app/utils/format.ts'

export const meta: MetaFunction = () => [{ title: 'Gestion des appels — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { funders } = await requireFunderStaff(request)
	const funderIds = funders.map((f) => f.organizationId)
	const [structures, calls, staff] = await Promise.all([getStructures(funderIds), listCallsOfFunders(funderIds), listStaffOf(funderIds)])
	return json({ funders: structures, calls, staff })
}

export default function FunderBackOffice() {
	const { funders, calls, staff } = useLoaderData<typeof loader>()
	const several = funders.length > 1
	const funderName = (id: string) => funders.find((f) => f.id === id)?.name ?? ''
	return (
		<>
			<h1>Gestion des appels à projets</h1>
			<section aria-labelledby="financeurs">
				<h2 id="financeurs">{several ? 'Vos financeurs' : 'Votre financeur'}</h2>
				{funders.map((funder) => (
					<div key={funder.id} className="card">
						<h3>{funder.name}</h3>
						<dl className="facts">
							<dt>Territoire</dt>
							<dd>{funder.territory || '—'}</dd>
							<dt>Contact</dt>
							<dd>{funder.contactEmail ?? '—'}</dd>
						</dl>
					</div>
				))}
			</section>

			<section aria-labelledby="appels">
				<h2 id="appels">Appels à projets</h2>
				<p>
					<Link to="/gestion/appels/nouveau" className="button">
						Créer un appel à projets
					</Link>{' '}
					<Link to="/gestion/appels/importer" className="button secondary">
						Importer un appel passé
					</Link>
				</p>
				{calls.length === 0 ? (
					<p>Aucun appel à projets pour l’instant.</p>
				) : (
					<table aria-labelledby="appels">
						<thead>
							<tr>
								<th scope="col">Appel</th>
								{several ? <th scope="col">Financeur</th> : null}
								<th scope="col">Statut</th>
								<th scope="col">Date limite de dépôt (heure de Paris)</th>
							</tr>
						</thead>
						<tbody>
							{calls.map((call) => (
								<tr key={call.id}>
									<th scope="row">
										<Link to={`/gestion/appels/${call.id}`}>{call.title}</Link>
									</th>
									{several ? <td>{funderName(call.funderId)}</td> : null}
									<td>{CALL_STATUS_LABELS[call.status] ?? call.status}</td>
									<td>{call.deadlineAt ? formatDateTime(call.deadlineAt) : 'Non fixée'}</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</section>

			<section aria-labelledby="equipe">
				<h2 id="equipe">Équipe</h2>
				<table aria-labelledby="equipe">
					<thead>
						<tr>
							<th scope="col">Nom</th>
							<th scope="col">Adresse e-mail</th>
							{several ? <th scope="col">Financeur</th> : null}
						</tr>
					</thead>
					<tbody>
						{staff.map((member) => (
							<tr key={member.membershipId}>
								<th scope="row">{member.displayName}</th>
								<td>
									<a href={`mailto:${member.email}`}>{member.email}</a>
								</td>
								{several ? <td>{funderName(member.organizationId)}</td> : null}
							</tr>
						))}
					</tbody>
				</table>
				<p className="muted">Pour ajouter ou retirer un membre de l’équipe, adressez-vous à l’administration de la plateforme.</p>
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
