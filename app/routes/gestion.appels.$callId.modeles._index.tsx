import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallHeader } from '#app/components/call-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { listTemplates } from '#app/domain/letters/templates.server.ts'
import { DECISION_LABELS, LETTER_DECISIONS, TEMPLATE_LABELS, templateKey } from '#app/domain/letters/templates.ts'
import { formatDateTime } from '#app/utils/format.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Textes des e-mails et courriers — ${data?.call.title ?? 'Appel à projets'} — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const { call, templates } = await listTemplates({ user, callId: params.callId! })
	const rows = Object.entries(templates).map(([key, t]) => ({ key, subject: t.subject, custom: t.custom, updatedAt: t.updatedAt }))
	return json({ call, rows })
}

export default function TemplatesPage() {
	const { call, rows } = useLoaderData<typeof loader>()
	const base = `/gestion/appels/${call.id}`
	return (
		<>
			<CallHeader callId={call.id} title={call.title} />
			<h2>Textes des e-mails et courriers de décision</h2>
			<p>
				Chaque association d’un consortium reçoit un e-mail et, en pièce jointe, un courrier de décision. Le courrier nomme toujours le
				consortium, le projet, la décision, le montant accordé et la motivation ; ses paragraphes et l’e-mail reprennent les textes
				ci-dessous, que vous pouvez adapter.
			</p>
			<p>
				<Link to={`${base}/courriers`}>Envoi des courriers de décision →</Link>
			</p>
			{LETTER_DECISIONS.map((decision) => (
				<section key={decision} aria-labelledby={`decision-${decision}`} className="card">
					<h3 id={`decision-${decision}`}>{DECISION_LABELS[decision]}</h3>
					<ul>
						{(['email', 'letter'] as const).map((kind) => {
							const key = templateKey(decision, kind)
							const row = rows.find((r) => r.key === key)!
							return (
								<li key={key}>
									<Link to={`${base}/modeles/${key}`}>{TEMPLATE_LABELS[key]}</Link> — « {row.subject} »{' '}
									<span className="muted">{row.custom ? `(modifié le ${formatDateTime(row.updatedAt)})` : '(texte par défaut)'}</span>
								</li>
							)
						})}
					</ul>
				</section>
			))}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
