import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { listOpenCalls } from '#app/domain/applications/published-calls.server.ts'
import { formatCents, formatDateTime } from '#app/utils/format.ts'

export async function loader() {
	return json({ calls: await listOpenCalls() })
}

export default function Home() {
	const { calls } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Appels à projets ouverts</h1>
			<p className="muted">
				Ensemble finance des projets portés à plusieurs : chaque projet est co-porté par au moins deux associations.
			</p>
			{calls.length === 0 ? (
				<p>
					Aucun appel à projets n’est ouvert pour le moment. <Link to="/appels">Voir tous les appels publiés</Link>
				</p>
			) : (
				<ul style={{ listStyle: 'none', padding: 0 }}>
					{calls.map((call) => (
						<li key={call.id} className="card call-card">
							<h2>
								<Link to={`/appels/${call.id}`}>{call.title}</Link>
							</h2>
							<p className="muted">Proposé par {call.funderName}</p>
							<p>{call.presentation}</p>
							<h3>Thèmes</h3>
							<ul className="tags">
								{call.themes.map((theme) => (
									<li key={theme}>{theme}</li>
								))}
							</ul>
							<dl className="facts">
								<dt>Date limite</dt>
								<dd>{formatDateTime(call.deadlineAt)} (heure de Paris)</dd>
								<dt>Associations par projet</dt>
								<dd>au moins {call.minAssociations}</dd>
								{call.maxAmountPerProjectCents ? (
									<>
										<dt>Montant maximum</dt>
										<dd>{formatCents(call.maxAmountPerProjectCents)} par projet</dd>
									</>
								) : null}
								{call.territory ? (
									<>
										<dt>Territoire</dt>
										<dd>{call.territory}</dd>
									</>
								) : null}
							</dl>
						</li>
					))}
				</ul>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
