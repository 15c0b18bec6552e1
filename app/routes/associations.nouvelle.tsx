import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireUser } from '#app/auth/permissions.server.ts'
import { AssociationFields } from '#app/components/association-fields.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { CreateAssociationSchema } from '#app/domain/organizations/association-form.ts'
import { createAssociation } from '#app/domain/organizations/associations.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Inscrire une association — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requireUser(request)
	return json({})
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const submission = parseSubmission(await readFormData(request), { schema: CreateAssociationSchema })
	if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
	const outcome = await createAssociation({ user, input: submission.value })
	if (!outcome.ok) {
		const reply = outcome.field
			? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } })
			: submission.reply({ formErrors: [outcome.message] })
		return json({ result: reply }, { status: 409 })
	}
	return redirectWithToast(`/associations/${outcome.organizationId}`, {
		title: 'Association inscrite',
		description: `Vous en êtes le référent. Vous pouvez maintenant inviter les autres membres.`,
	})
}

export default function NewAssociationPage() {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'nouvelle-association',
		lastResult: actionData?.result,
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateAssociationSchema }),
	})
	return (
		<>
			<h1>Inscrire une association</h1>
			<p className="muted">
				Vous deviendrez le référent de l’association sur Ensemble : vous pourrez inviter ses autres membres. Si
				l’association est déjà inscrite, demandez plutôt à son référent de vous inviter. Tous les champs sont
				obligatoires, sauf mention contraire.
			</p>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />

				<AssociationFields fields={fields} />

				<div>
					<button type="submit">Inscrire l’association</button>
				</div>
			</Form>
			<p>
				<Link to="/espace">Retour à mon espace</Link>
			</p>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
