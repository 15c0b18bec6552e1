import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useSearchParams } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireAnonymous } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors } from '#app/components/forms.tsx'
import { SignUpSchema } from '#app/domain/accounts/account-forms.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'
import { signUp } from '#app/domain/accounts/accounts.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Créer un compte — Ensemble' }]

// Lets the 429's Retry-After reach the browser on a document request.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders

export async function loader({ request }: LoaderFunctionArgs) {
	await requireAnonymous(request)
	return json({})
}

export async function action({ request, context }: ActionFunctionArgs) {
	await requireAnonymous(request)
	const submission = parseSubmission(await readFormData(request), { schema: SignUpSchema })
	if (submission.status !== 'success') {
		return json({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
	}
	const redirectTo = safeRedirect(submission.value.redirectTo, '')
	const outcome = await signUp({ ...submission.value, redirectTo: redirectTo || undefined, ip: context.clientIp ?? 'unknown' })
	if (!outcome.ok) {
		return json(
			{ result: submission.reply({ formErrors: [outcome.message], hideFields: ['password'] }) },
			{ status: 429, headers: { 'Retry-After': String(outcome.retryAfterSeconds) } },
		)
	}
	// The same answer whether the address already had an account or not (the owner is emailed).
	const next = new URLSearchParams({ email: submission.value.email })
	if (redirectTo) next.set('redirectTo', redirectTo)
	return redirectWithToast(`/verification?${next}`, {
		title: 'Vérifiez votre boîte mail',
		description: `Un e-mail a été envoyé à ${submission.value.email} : suivez-le pour activer votre compte.`,
	})
}

export default function SignUpPage() {
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const [form, fields] = useForm({
		id: 'inscription',
		lastResult: actionData?.result,
		constraint: getZodConstraint(SignUpSchema),
		defaultValue: { email: searchParams.get('email') ?? '' },
		shouldValidate: 'onBlur',
		// Clear a fixed error while typing: an error that vanished on blur would move the
		// submit button under the pointer between mousedown and mouseup, losing the click.
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: SignUpSchema }),
	})
	return (
		<>
			<h1>Créer un compte</h1>
			<p className="muted">Un compte par personne. Vous pourrez ensuite créer votre association ou rejoindre celle qui vous invite.</p>
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
				<Field
					label="Prénom et nom"
					errors={fields.displayName.errors}
					inputProps={{ ...getInputProps(fields.displayName, { type: 'text' }), autoComplete: 'name' }}
				/>
				<Field
					label="Adresse e-mail"
					errors={fields.email.errors}
					inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
				/>
				<Field
					label="Mot de passe"
					hint="Au moins 10 caractères. Une phrase facile à retenir fait un bon mot de passe."
					errors={fields.password.errors}
					inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
				/>
				<div>
					<button type="submit">Créer mon compte</button>
				</div>
			</Form>
			<p>
				Déjà un compte ? <Link to="/connexion">Se connecter</Link>
			</p>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
