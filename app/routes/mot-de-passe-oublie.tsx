import type { ActionFunctionArgs, HeadersFunction, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { useCheckedForm } from '#app/components/form-state.tsx'
import { Field, FormErrors } from '#app/components/forms.tsx'
import { ForgotPasswordSchema } from '#app/domain/accounts/account-forms.ts'
import { requestPasswordReset } from '#app/domain/accounts/accounts.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Mot de passe oublié — Ensemble' }]

export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders

export async function action({ request, context }: ActionFunctionArgs) {
	const submission = parseSubmission(await readFormData(request), { schema: ForgotPasswordSchema })
	if (submission.status !== 'success') return json({ result: submission.reply(), sent: false }, { status: 400 })
	const outcome = await requestPasswordReset(submission.value.email, context.clientIp ?? 'unknown')
	if (!outcome.ok) {
		return json(
			{ result: submission.reply({ formErrors: [outcome.message] }), sent: false },
			{ status: 429, headers: { 'Retry-After': String(outcome.retryAfterSeconds) } },
		)
	}
	// `sentAt` makes each answer a new form in the browser: emptied after every link sent.
	return json({ result: submission.reply({ resetForm: true }), sent: true, sentAt: Date.now() })
}

export default function ForgotPasswordPage() {
	const actionData = useActionData<typeof action>()
	// Checked in the browser by the same schema as on the server, without a form library's state (decision 046).
	const { state, formErrors, formErrorsId, formProps } = useCheckedForm('mot-de-passe-oublie', ForgotPasswordSchema, actionData?.result)
	return (
		<>
			<h1>Mot de passe oublié</h1>
			{actionData?.sent ? (
				<p role="status" className="toast">
					Si un compte existe pour cette adresse, un e-mail avec un lien de réinitialisation vient de lui être envoyé. Le
					lien est valable une heure.
				</p>
			) : (
				<p>Indiquez l’adresse de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.</p>
			)}
			<Form method="post" className="stack" key={actionData && 'sentAt' in actionData ? `envoye-${actionData.sentAt}` : 'saisie'} {...formProps}>
				<FormErrors id={formErrorsId} errors={formErrors} />
				<Field
					label="Adresse e-mail"
					errors={state.errors('email')}
					inputProps={{ id: state.id('email'), name: 'email', type: 'email', required: true, maxLength: 254, autoComplete: 'email', defaultValue: state.value('email') }}
				/>
				<div>
					<button type="submit">Recevoir le lien</button>
				</div>
			</Form>
			<p>
				<Link to="/connexion">Retour à la connexion</Link>
			</p>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
