import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { forbidden, notFound, requireUser } from '#app/auth/permissions.server.ts'
import { can, refusedFor } from '#app/auth/policy/index.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { listInbox, threadUrl } from '#app/domain/directory/contacts.server.ts'
import { recommendationsFor } from '#app/domain/directory/recommendations.server.ts'
import { formatDate, formatDateTime } from '#app/utils/format.ts'
import { pluralize } from '#app/utils/pluralize.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Messages de ${data.name} — Ensemble` : 'Messages — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const organizationId = params.organizationId!
	const decision = can(user, 'read-inbox', { kind: 'directory', organizationId })
	if (refusedFor(decision, 'not-member')) notFound()
	if (!decision.allowed) forbidden('Seuls les référents de l’association lisent ses messages.')
	const membership = user.memberships.find((m) => m.organizationId === organizationId)!
	const page = Math.max(1, Number(new URL(request.url).searchParams.get('page')) || 1)
	const [inbox, recommendations] = await Promise.all([listInbox(organizationId, page), recommendationsFor(organizationId)])
	return json({ id: organizationId, name: membership.organizationName, ...inbox, recommendations })
}

export default function AssociationMessagesPage() {
	const data = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to={`/associations/${data.id}`}>← {data.name}</Link>
			</p>
			<h1>Messages reçus par l’annuaire des partenaires</h1>
			<p className="muted">
				Les personnes qui vous écrivent ne voient pas votre adresse, et vous ne voyez pas la leur, tant que vous n’avez pas répondu.
			</p>
			<h2>{pluralize(data.total, 'conversation', 'conversations')}</h2>
			{data.threads.length === 0 ? (
				<p>Aucun message pour l’instant.</p>
			) : (
				<ul className="directory-results">
					{data.threads.map((thread) => (
						<li key={thread.id} className="card">
							<Link to={threadUrl(thread.id)}>{thread.subject}</Link>
							<p className="muted" style={{ margin: '4px 0 0' }}>
								De {thread.senderName}
								{thread.senderOrganizationName ? ` (${thread.senderOrganizationName})` : ''}, dernier message le {formatDateTime(thread.lastAt)} —{' '}
								{thread.answeredAt ? 'répondu' : <strong>à répondre</strong>}
							</p>
						</li>
					))}
				</ul>
			)}
			<h2>Partenaires suggérés par les structures d’accompagnement</h2>
			{data.recommendations.length === 0 ? (
				<p>Aucune suggestion pour l’instant.</p>
			) : (
				<ul className="directory-results">
					{data.recommendations.map((r) => (
						<li key={r.id} className="card">
							<Link to={`/partenaires/${r.partnerId}`}>{r.partnerName}</Link>
							<p className="muted" style={{ margin: '4px 0 0' }}>
								Suggéré par {r.supporterName} le {formatDate(r.createdAt)}
							</p>
							{r.note ? <p className="pre-line">{r.note}</p> : null}
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
