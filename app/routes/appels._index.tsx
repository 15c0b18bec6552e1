import type { MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { listPublishedCalls } from '#app/domain/applications/published-calls.server.ts'
import { formatCents, formatDate, formatDateTime } from '#app/utils/format.ts'

export const meta: MetaFunction = () => [{ title: 'Appels à projets — Ensemble' }]

export async function loader() {
	return json({ calls: await listPublishedCalls() })
}

export default function CallsPage() {
	const { calls } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Appels à projets</h1>
			<p className="muted">Chaque projet est co-porté par plusieurs associations : le chef de file dépose le dossier avec ses partenaires.</p>
			{calls.length === 0 ? (
				<p>Aucun appel à projets n’a encore été publié.</p>
			) : (
				<ul style={{ listStyle: 'none', padding: 0 }}>
					{calls.map((call) => (
						<li key={call.id} className="card call-card">
							<h2>
								<Link to={`/appels/${call.id}`}>{call.title}</Link>
								{call.open ? null : <span className="muted">{call.notYetOpen && call.opensAt ? ` — ouvre le ${formatDate(call.opensAt)}` : ' — clos'}</span>}
							</h2>
							<p className="muted">Proposé par {call.funderName}</p>
							{call.themes.length > 0 ? (
								<ul className="tags" aria-label="Thèmes">
									{call.themes.map((theme) => (
										<li key={theme}>{theme}</li>
									))}
								</ul>
							) : null}
							<dl className="facts">
								<dt>Date limite</dt>
								<dd>{call.deadlineAt ? `${formatDateTime(call.deadlineAt)} (heure de Paris)` : 'Non fixée'}</dd>
								<dt>Associations par projet</dt>
								<dd>au moins {call.minAssociations}</dd>
								{call.maxAmountPerProjectCents ? (
									<>
										<dt>Montant maximum</dt>
										<dd>{formatCents(call.maxAmountPerProjectCents)} par projet</dd>
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
