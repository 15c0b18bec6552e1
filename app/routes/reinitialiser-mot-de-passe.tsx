import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors } from '#app/components/forms.tsx'
import { ResetPasswordSchema } from '#app/domain/accounts/account-forms.ts'
import { isResetTokenUsable, resetPassword } from '#app/domain/accounts/accounts.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Nouveau mot de passe — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const token = new URL(request.url).searchParams.get('token') ?? ''
	return json({ token, usable: token ? await isResetTokenUsable(token) : false })
}

export async function action({ request }: ActionFunctionArgs) {
	const submission = parseSubmission(await readFormData(request), { schema: ResetPasswordSchema })
	if (submission.status !== 'success') {
		return json({ result: submission.reply({ hideFields: ['password', 'confirmPassword'] }) }, { status: 400 })
	}
	const outcome = await resetPassword(submission.value.token, submission.value.password)
	if (!outcome.ok) {
		return json({ result: submission.reply({ formErrors: [outcome.message], hideFields: ['password', 'confirmPassword'] }) }, { status: 400 })
	}
	return redirectWithToast('/connexion', {
		title: 'Mot de passe modifié',
		description: 'Connectez-vous avec votre nouveau mot de passe. Vos autres sessions ont été fermées.',
	})
}

export default function ResetPasswordPage() {
	const { token, usable } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'reinitialisation',
		lastResult: actionData?.result,
		constraint: getZodConstraint(ResetPasswordSchema),
		onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
	})
	if (!usable && !actionData) {
		return (
			<>
				<h1>Lien expiré</h1>
				<p>Ce lien de réinitialisation n’est plus valable (déjà utilisé, ou demandé il y a plus d’une heure).</p>
				<p>
					<Link to="/mot-de-passe-oublie">Faire une nouvelle demande</Link>
				</p>
			</>
		)
	}
	return (
		<>
			<h1>Choisir un nouveau mot de passe</h1>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="token" value={token} />
				<Field
					label="Nouveau mot de passe"
					hint="Au moins 10 caractères."
					errors={fields.password.errors}
					inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
				/>
				<Field
					label="Confirmer le nouveau mot de passe"
					errors={fields.confirmPassword.errors}
					inputProps={{ ...getInputProps(fields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
				/>
				<div>
					<button type="submit">Enregistrer le mot de passe</button>
				</div>
			</Form>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
