import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { notFound, requireOrganizationAccess } from '#app/auth/permissions.server.ts'
import { AssociationFields } from '#app/components/association-fields.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { CreateAssociationSchema } from '#app/domain/organizations/association-form.ts'
import { profileFormValues, updateAssociation } from '#app/domain/organizations/associations.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `Modifier ${data.name} — Ensemble` : 'Modifier l’association — Ensemble' },
]

// Only the référent (or a platform admin): 'update' on the organisation; outsiders get 404.
async function requireReferent(request: Request, organizationId: string) {
	const access = await requireOrganizationAccess(request, organizationId, 'update')
	if (access.organization.kind !== 'association') notFound()
	return access
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { organization } = await requireReferent(request, params.organizationId!)
	return json({ id: organization.id, name: organization.name, values: profileFormValues(organization) })
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, organization } = await requireReferent(request, params.organizationId!)
	const submission = parseWithZod(await request.formData(), { schema: CreateAssociationSchema })
	if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
	const outcome = await updateAssociation({ user, organizationId: organization.id, input: submission.value })
	if (!outcome.ok) {
		const reply = outcome.field
			? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } })
			: submission.reply({ formErrors: [outcome.message] })
		return json({ result: reply }, { status: 409 })
	}
	return redirectWithToast(`/associations/${organization.id}`, {
		title: outcome.changed.length > 0 ? 'Profil enregistré' : 'Aucune modification',
		description: outcome.changed.length > 0 ? 'Les informations de l’association sont à jour.' : 'Le profil était déjà à jour.',
	})
}

export default function EditAssociationPage() {
	const { id, name, values } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'modifier-association',
		lastResult: actionData?.result,
		defaultValue: values,
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateAssociationSchema }),
	})
	return (
		<>
			<p>
				<Link to={`/associations/${id}`}>← {name}</Link>
			</p>
			<h1>Modifier le profil de l’association</h1>
			<p className="muted">
				Tous les champs sont obligatoires, sauf mention contraire. Un changement de SIRET ou de numéro RNA est vérifié à nouveau et
				conservé dans l’historique.
			</p>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<AssociationFields fields={fields} />
				<div>
					<button type="submit">Enregistrer le profil</button>
				</div>
			</Form>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
