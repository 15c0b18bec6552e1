import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { listDevMails, requireDevMailbox } from '#app/services/dev-mail.server.ts'
import { formatDateTime } from '#app/utils/format.ts'

export const meta: MetaFunction = () => [{ title: 'Boîte aux lettres de développement — Ensemble' }]

// A development tool: anyone may read it outside production; it does not exist in production.
export async function loader(_: LoaderFunctionArgs) {
	requireDevMailbox()
	const messages = await listDevMails()
	return json({ messages }, { headers: { 'Cache-Control': 'no-store' } })
}

export default function DevMailbox() {
	const { messages } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Boîte aux lettres de développement</h1>
			<p className="muted">
				Sans SMTP_URL, les e-mails sont écrits en fichiers .eml au lieu d’être envoyés. Les voici, du plus récent au plus
				ancien. Cette page n’existe pas en production.
			</p>
			{messages.length === 0 ? (
				<p>Aucun e-mail pour l’instant.</p>
			) : (
				<table>
					<caption>
						{messages.length === 1 ? '1 e-mail' : `${messages.length} e-mails`}, du plus récent au plus ancien
					</caption>
					<thead>
						<tr>
							<th scope="col">Date</th>
							<th scope="col">Destinataire</th>
							<th scope="col">Objet</th>
						</tr>
					</thead>
					<tbody>
						{messages.map((message) => (
							<tr key={message.file}>
								<td>{message.date ? <time dateTime={message.date}>{formatDateTime(message.date)}</time> : '—'}</td>
								<td>{message.to || '—'}</td>
								<td>
									<Link to={`/dev/mail/${encodeURIComponent(message.file)}`}>{message.subject}</Link>
								</td>
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
