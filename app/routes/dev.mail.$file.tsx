import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { readDevMail } from '#app/services/dev-mail.server.ts'
import { formatDateTime } from '#app/utils/format.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.message.subject ?? 'E-mail'} — Boîte aux lettres de démonstration — Ensemble` },
]

// Its links sign in as the recipient: only the recipient and the platform admin see a message (404 for anyone else).
export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const message = await readDevMail(params.file ?? '', user)
	if (!message) throw new Response('Cet e-mail n’existe pas.', { status: 404 })
	return json({ message }, { headers: { 'Cache-Control': 'no-store' } })
}

export default function DevMailMessage() {
	const { message } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to="/dev/mail">← Tous mes e-mails</Link>
			</p>
			<h1>{message.subject}</h1>
			<dl className="facts">
				<dt>De</dt>
				<dd>{message.from || '—'}</dd>
				<dt>À</dt>
				<dd>{message.to || '—'}</dd>
				<dt>Date</dt>
				<dd>{message.date ? <time dateTime={message.date}>{formatDateTime(message.date)}</time> : '—'}</dd>
				<dt>Message-ID</dt>
				<dd>{message.messageId ?? '—'}</dd>
				<dt>Fichier</dt>
				<dd>{message.file}</dd>
			</dl>
			<details>
				<summary>Tous les en-têtes</summary>
				<pre>{message.headers.map((h) => h.line).join('\n')}</pre>
			</details>

			<section aria-labelledby="liens">
				<h2 id="liens">Liens du message</h2>
				{message.links.length === 0 ? (
					<p>Ce message ne contient aucun lien.</p>
				) : (
					<ul>
						{message.links.map((link) => (
							<li key={link}>
								<a href={link}>{link}</a>
							</li>
						))}
					</ul>
				)}
			</section>

			<section aria-labelledby="version-texte">
				<h2 id="version-texte">Version texte</h2>
				{message.text ? <pre style={{ whiteSpace: 'pre-wrap' }}>{message.text}</pre> : <p>Pas de version texte.</p>}
			</section>

			<section aria-labelledby="version-html">
				<h2 id="version-html">Version HTML</h2>
				{message.html ? (
					// Empty sandbox: no script, no form, no navigation of this page from the message.
					<iframe
						sandbox=""
						srcDoc={message.html}
						title={`Aperçu HTML de l’e-mail « ${message.subject} »`}
						style={{ width: '100%', height: '600px', border: '1px solid #ccc' }}
					/>
				) : (
					<p>Pas de version HTML.</p>
				)}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
