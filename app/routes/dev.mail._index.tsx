import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { listDevMails, mailGoesToFiles } from '#app/services/dev-mail.server.ts'
import { formatDateTime } from '#app/utils/format.ts'

export const meta: MetaFunction = () => [{ title: 'Boîte aux lettres de démonstration — Ensemble' }]

// The signed-in user's own messages; all of them for the platform admin. Their links
// (password reset…) sign in as the recipient, so nobody else may read them.
export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const messages = await listDevMails(user)
	return json(
		{ messages, toFiles: mailGoesToFiles(), everyone: user.isPlatformAdmin, email: user.email },
		{ headers: { 'Cache-Control': 'no-store' } },
	)
}

export default function DevMailbox() {
	const { messages, toFiles, everyone, email } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Boîte aux lettres de démonstration</h1>
			{toFiles ? (
				<p className="muted">
					Sans SMTP_URL, les e-mails sont écrits en fichiers .eml au lieu d’être envoyés.{' '}
					{everyone
						? 'Administrateur de la plateforme, vous les voyez tous.'
						: `Voici ceux adressés à ${email} ; pour lire ceux d’un autre compte, connectez-vous avec ce compte.`}
				</p>
			) : (
				<p className="muted">Les e-mails sont envoyés par le serveur SMTP configuré (SMTP_URL) : ils ne sont pas conservés ici.</p>
			)}
			{!toFiles ? null : messages.length === 0 ? (
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
