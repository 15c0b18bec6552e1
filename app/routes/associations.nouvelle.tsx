import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { CreateAssociationSchema } from '#app/domain/organizations/association-form.ts'
import { createAssociation } from '#app/domain/organizations/associations.server.ts'
import { SECTORS } from '#app/domain/organizations/sectors.ts'
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

				<fieldset className="stack">
					<legend>Identité</legend>
					<Field
						label="Nom de l’association"
						hint="Tel qu’il figure dans les statuts."
						errors={fields.name.errors}
						inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'organization' }}
					/>
					<Field
						label="Numéro SIRET"
						hint="14 chiffres, sur l’avis de situation au répertoire SIRENE (exemple : 123 456 789 00012)."
						errors={fields.siret.errors}
						inputProps={{ ...getInputProps(fields.siret, { type: 'text' }), inputMode: 'numeric', autoComplete: 'off' }}
					/>
					<Field
						label="Numéro RNA"
						hint="W suivi de 9 caractères, sur le récépissé de la préfecture (exemple : W751234567). Facultatif en Alsace-Moselle."
						errors={fields.rna.errors}
						inputProps={{ ...getInputProps(fields.rna, { type: 'text' }), autoComplete: 'off' }}
					/>
					<Field
						label="Numéro d’inscription au registre du tribunal (Alsace-Moselle)"
						hint="Seulement pour les associations du Bas-Rhin, du Haut-Rhin et de la Moselle, inscrites au registre des associations du tribunal judiciaire : il remplace alors le numéro RNA. Laissez vide ailleurs."
						errors={fields.localRegisterNumber.errors}
						inputProps={{ ...getInputProps(fields.localRegisterNumber, { type: 'text' }), autoComplete: 'off' }}
					/>
					<SelectField
						label="Secteur d’activité principal"
						errors={fields.sector.errors}
						selectProps={getSelectProps(fields.sector)}
						options={SECTORS}
						placeholder="Choisissez un secteur"
					/>
				</fieldset>

				<fieldset className="stack">
					<legend>Siège</legend>
					<Field
						label="Adresse"
						hint="Numéro et rue."
						errors={fields.addressLine.errors}
						inputProps={{ ...getInputProps(fields.addressLine, { type: 'text' }), autoComplete: 'street-address' }}
					/>
					<Field
						label="Code postal"
						errors={fields.postalCode.errors}
						inputProps={{ ...getInputProps(fields.postalCode, { type: 'text' }), inputMode: 'numeric', autoComplete: 'postal-code' }}
					/>
					<Field
						label="Commune"
						errors={fields.commune.errors}
						inputProps={{ ...getInputProps(fields.commune, { type: 'text' }), autoComplete: 'address-level2' }}
					/>
				</fieldset>

				<fieldset className="stack">
					<legend>Moyens</legend>
					<Field
						label="Budget annuel (en euros)"
						hint="Le total des charges du dernier exercice, par exemple 135 000 ou 135 000,50."
						errors={fields.annualBudget.errors}
						inputProps={{ ...getInputProps(fields.annualBudget, { type: 'text' }), inputMode: 'decimal' }}
					/>
					<Field
						label="Nombre de salariés"
						hint="0 si l’association n’a pas de salarié."
						errors={fields.employees.errors}
						inputProps={{ ...getInputProps(fields.employees, { type: 'text' }), inputMode: 'numeric' }}
					/>
					<Field
						label="Nombre de bénévoles"
						hint="Les bénévoles réguliers."
						errors={fields.volunteers.errors}
						inputProps={{ ...getInputProps(fields.volunteers, { type: 'text' }), inputMode: 'numeric' }}
					/>
				</fieldset>

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
