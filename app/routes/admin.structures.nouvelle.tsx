import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requirePlatformAdmin } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { CreateStructureSchema, STRUCTURE_KINDS } from '#app/domain/organizations/staff-form.ts'
import { createStructure } from '#app/domain/organizations/staff.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Nouvelle structure — Administration — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePlatformAdmin(request)
	return json({})
}

export async function action({ request }: ActionFunctionArgs) {
	const admin = await requirePlatformAdmin(request)
	const submission = parseSubmission(await readFormData(request), { schema: CreateStructureSchema })
	if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
	const outcome = await createStructure({ admin, ...submission.value })
	if (!outcome.ok) return json({ result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 })
	return redirectWithToast(`/admin/structures/${outcome.organizationId}`, {
		title: 'Structure créée',
		description: `« ${submission.value.name} » est prête. Nommez maintenant les membres de son équipe.`,
	})
}

export default function NewStructurePage() {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'nouvelle-structure',
		lastResult: actionData?.result,
		constraint: getZodConstraint(CreateStructureSchema),
		shouldValidate: 'onBlur',
		// Clear a fixed error while typing: an error that vanished on blur would move the
		// submit button under the pointer between mousedown and mouseup, losing the click.
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateStructureSchema }),
	})
	return (
		<>
			<p>
				<Link to="/admin">← Administration</Link>
			</p>
			<h1>Ajouter un financeur ou une structure d’accompagnement</h1>
			<p className="muted">
				Les associations créent elles-mêmes leur fiche. Ici, l’administration crée les financeurs, qui publient les appels à projets, et
				les structures d’accompagnement, qui accompagnent les associations de leur territoire.
			</p>
			<Form method="post" className="stack" {...getFormProps(form)} aria-describedby={form.errors ? form.errorId : undefined}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<SelectField
					label="Type de structure"
					errors={fields.kind.errors}
					selectProps={getSelectProps(fields.kind)}
					options={STRUCTURE_KINDS}
					placeholder="— Choisir —"
				/>
				<Field label="Nom" errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'organization' }} />
				<Field
					label="Territoire couvert"
					hint="Par exemple : « Rhône (69) et Ain (01) ». Indiquez les numéros de département : l’espace d’accompagnement s’en sert pour montrer les associations du territoire."
					errors={fields.territory.errors}
					inputProps={getInputProps(fields.territory, { type: 'text' })}
				/>
				<Field
					label="Adresse e-mail de contact"
					errors={fields.contactEmail.errors}
					inputProps={{ ...getInputProps(fields.contactEmail, { type: 'email' }), autoComplete: 'email' }}
				/>
				<div>
					<button type="submit">Créer la structure</button>
				</div>
			</Form>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
