import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { notFound, requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallNav } from '#app/components/call-nav.tsx'
import { CallView } from '#app/components/call-view.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { callViewData } from '#app/domain/calls/call-view-data.ts'
import { getCallForStaff } from '#app/domain/calls/call-management.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Aperçu — ${data?.call.title ?? 'Appel à projets'} — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const found = await getCallForStaff({ user, callId: params.callId! })
	if (!found) notFound('Cet appel à projets n’existe pas ou ne relève pas de votre financeur.')
	const { call } = found
	return json({
		id: call.id,
		status: call.status,
		call: callViewData({ call, funderName: found.funderName, themes: found.themes, requiredAttachments: call.requiredAttachments, questions: found.questions }),

	})
}

export default function CallPreviewPage() {
	const { id, status, call } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to="/gestion">← Gestion des appels</Link>
			</p>
			<CallNav callId={id} />
			<p className="toast" role="note">
				{status === 'draft'
					? 'Aperçu : voici l’appel tel que les associations le verront une fois publié. Il n’est pas encore visible.'
					: 'Aperçu : voici l’appel tel que les associations le voient.'}
			</p>
			<CallView call={call} />
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
