import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallForm } from '#app/components/call-form.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { CALL_LISTS, CallSchema } from '#app/domain/calls/call-form.ts'
import { newCallFormValues } from '#app/domain/calls/call-form-values.ts'
import { createDraftCall } from '#app/domain/calls/call-management.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Créer un appel à projets — Gestion — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { funders } = await requireFunderStaff(request)
	return json({
		funders: funders.map((f) => ({ id: f.organizationId, name: f.organizationName })),
		defaultValue: newCallFormValues(funders.length === 1 ? funders[0]!.organizationId : undefined),
	})
}

export async function action({ request }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const submission = parseSubmission(await readFormData(request, { lists: CALL_LISTS }), { schema: CallSchema })
	if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
	const outcome = await createDraftCall({ user, call: submission.value })
	if (!outcome.ok) {
		const reply = outcome.field
			? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } })
			: submission.reply({ formErrors: [outcome.message] })
		return json({ result: reply }, { status: 409 })
	}
	return redirectWithToast(`/gestion/appels/${outcome.callId}`, {
		title: 'Appel créé en brouillon',
		description: 'Complétez la grille de notation et les questions, vérifiez l’aperçu, puis publiez l’appel.',
	})
}

export default function NewCallPage() {
	const { funders, defaultValue } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<>
			<p>
				<Link to="/gestion">← Gestion des appels</Link>
			</p>
			<h1>Créer un appel à projets</h1>
			<p className="muted">
				L’appel est d’abord enregistré en brouillon : il n’est visible des associations qu’une fois publié. Vous pourrez ensuite définir
				la grille de notation du jury et les questions posées aux candidats.
			</p>
			<CallForm
				id="nouvel-appel"
				defaultValue={defaultValue}
				lastResult={actionData?.result}
				funders={funders}
				submitLabel="Créer le brouillon"
			/>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
