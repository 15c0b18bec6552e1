import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requirePlatformAdmin } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { liftReport, listReports } from '#app/domain/directory/contacts.server.ts'
import { REPORTS_TO_BLOCK } from '#app/domain/directory/options.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { readFormData, requireAcceptedForm } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction = () => [{ title: 'Signalements de l’annuaire — Administration — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePlatformAdmin(request)
	return json({ reports: await listReports() })
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requirePlatformAdmin(request)
	const formData = requireAcceptedForm(await readFormData(request))
	if (formData.get('intent') !== 'lift') throw new Response('Action inconnue sur cette page.', { status: 400 })
	const outcome = await liftReport({ user, reportId: String(formData.get('reportId') ?? '') })
	if (!outcome.ok) return json({ error: outcome.message }, { status: 409 })
	return redirectWithToast('/admin/signalements', { title: 'Signalement levé', description: 'La personne peut de nouveau écrire à cette association.' })
}

export default function ReportsPage() {
	const { reports } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<>
			<p>
				<Link to="/admin">← Administration</Link>
			</p>
			<h1>Signalements de l’annuaire des partenaires</h1>
			<p className="muted">
				Une personne signalée ne peut plus écrire à l’association qui l’a signalée ; signalée par {REPORTS_TO_BLOCK} associations, elle ne
				peut plus écrire à personne par l’annuaire. Lever un signalement lui rend la parole auprès de cette association.
			</p>
			<FormErrors id="signalement-erreur" errors={actionData?.error ? [actionData.error] : undefined} />
			{reports.length === 0 ? (
				<p>Aucun signalement.</p>
			) : (
				<ul className="directory-results">
					{reports.map((report) => (
						<li key={report.id} className="card">
							<p style={{ margin: 0 }}>
								<strong>{report.reportedName}</strong> ({report.reportedEmail}), signalé·e par {report.organizationName} le {formatDateTime(report.createdAt)}
								{report.activeReports >= REPORTS_TO_BLOCK ? ' — bloqué·e partout' : ''}
							</p>
							<p className="muted" style={{ margin: '4px 0' }}>
								Conversation : « {report.subject} »{report.reason ? ` — motif : ${report.reason}` : ''}
							</p>
							{report.liftedAt ? (
								<p className="muted">Levé le {formatDateTime(report.liftedAt)}</p>
							) : (
								<Form method="post">
									<input type="hidden" name="intent" value="lift" />
									<input type="hidden" name="reportId" value={report.id} />
									<button type="submit">Lever ce signalement</button>
								</Form>
							)}
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
