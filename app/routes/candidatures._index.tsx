import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { listApplicationsForUser } from '#app/domain/applications/read-model.server.ts'
import { APPLICATION_STATUS_LABELS, MEMBER_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { formatDateTime } from '#app/utils/format.ts'

export const meta: MetaFunction = () => [{ title: 'Mes dossiers — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	return json({ applications: await listApplicationsForUser(user) })
}

export default function MyApplications() {
	const { applications } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Mes dossiers</h1>
			{applications.length === 0 ? (
				<p>
					Aucun dossier pour l’instant. <Link to="/appels">Consultez les appels à projets</Link> pour déposer un projet.
				</p>
			) : (
				<table>
					<thead>
						<tr>
							<th scope="col">Projet</th>
							<th scope="col">Appel</th>
							<th scope="col">Statut</th>
							<th scope="col">Mon association</th>
							<th scope="col">Date limite</th>
						</tr>
					</thead>
					<tbody>
						{applications.map((a) => (
							<tr key={a.id}>
								<th scope="row">
									<Link to={`/candidatures/${a.id}`}>{a.title}</Link>
								</th>
								<td data-label="Appel">{a.callTitle}</td>
								<td data-label="Statut">{APPLICATION_STATUS_LABELS[a.status] ?? a.status}</td>
								<td data-label="Mon association">{a.role === 'lead' ? 'Chef de file' : `Partenaire — ${MEMBER_STATUS_LABELS[a.memberStatus]}`}</td>
								<td data-label="Date limite">{a.deadlineAt ? formatDateTime(a.deadlineAt) : '—'}</td>
							</tr>
						))}
					</tbody>
				</table>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
