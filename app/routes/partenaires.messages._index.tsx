import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { listSentContacts, threadUrl } from '#app/domain/directory/contacts.server.ts'
import { formatDate } from '#app/utils/format.ts'

export const meta: MetaFunction = () => [{ title: 'Mes messages envoyés par l’annuaire — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	return json({ threads: await listSentContacts(user.id) })
}

export default function SentMessagesPage() {
	const { threads } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to="/partenaires">← Annuaire des partenaires</Link>
			</p>
			<h1>Mes messages envoyés par l’annuaire</h1>
			{threads.length === 0 ? (
				<p>Vous n’avez encore écrit à aucune association par l’annuaire.</p>
			) : (
				<ul className="directory-results">
					{threads.map((thread) => (
						<li key={thread.id} className="card">
							<Link to={threadUrl(thread.id)}>{thread.subject}</Link>
							<p className="muted" style={{ margin: '4px 0 0' }}>
								À {thread.associationName}, le {formatDate(thread.createdAt)} — {thread.answeredAt ? 'répondu' : 'en attente de réponse'}
							</p>
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
