import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireAnonymous } from '#app/auth/permissions.server.ts'
import { createSession } from '#app/auth/session.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors } from '#app/components/forms.tsx'
import { LoginSchema } from '#app/domain/accounts/account-forms.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'
import { logIn } from '#app/domain/accounts/accounts.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { readDeviceEntries, rememberDevice } from '#app/domain/accounts/device-cookie.server.ts'

export const meta: MetaFunction = () => [{ title: 'Se connecter — Ensemble' }]

// Lets the 429's Retry-After reach the browser on a document request.
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders

export async function loader({ request }: LoaderFunctionArgs) {
	await requireAnonymous(request)
	return json({ redirectTo: safeRedirect(new URL(request.url).searchParams.get('redirectTo'), '') })
}

export async function action({ request, context }: ActionFunctionArgs) {
	await requireAnonymous(request)
	const formData = await readFormData(request)
	const submission = parseSubmission(formData, { schema: LoginSchema })
	if (submission.status !== 'success') {
		return json({ result: submission.reply({ hideFields: ['password'] }), unverified: false }, { status: 400 })
	}
	const devices = await readDeviceEntries(request)
	const outcome = await logIn({ ...submission.value, ip: context.clientIp ?? 'unknown', devices })
	if (!outcome.ok) {
		const status = outcome.reason === 'throttled' ? 429 : outcome.reason === 'unverified' ? 403 : 401
		const headers = outcome.reason === 'throttled' ? { 'Retry-After': String(outcome.retryAfterSeconds) } : undefined
		return json(
			{ result: submission.reply({ formErrors: [outcome.message], hideFields: ['password'] }), unverified: outcome.reason === 'unverified' },
			{ status, headers },
		)
	}
	const headers = new Headers()
	headers.append('Set-Cookie', await createSession(outcome.userId))
	headers.append('Set-Cookie', await rememberDevice(devices, outcome.userId))
	return redirect(safeRedirect(submission.value.redirectTo), { headers })
}

export default function LoginPage() {
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const [form, fields] = useForm({
		id: 'connexion',
		lastResult: actionData?.result,
		constraint: getZodConstraint(LoginSchema),
		defaultValue: { email: searchParams.get('email') ?? '' },
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
	})
	const { redirectTo } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Se connecter</h1>
			<Form method="post" className="stack" {...getFormProps(form)} aria-describedby={form.errors ? form.errorId : undefined}>
				<FormErrors id={form.errorId} errors={form.errors} />
				{actionData?.unverified ? (
					<p>
						<Link to="/verification">Recevoir un nouveau lien de confirmation</Link>
					</p>
				) : null}
				<input type="hidden" name="redirectTo" value={redirectTo} />
				<Field
					label="Adresse e-mail"
					errors={fields.email.errors}
					inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'username' }}
				/>
				<Field
					label="Mot de passe"
					errors={fields.password.errors}
					inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'current-password' }}
				/>
				<div>
					<button type="submit">Se connecter</button>
				</div>
			</Form>
			<p>
				<Link to="/mot-de-passe-oublie">Mot de passe oublié ?</Link>
			</p>
			<p>
				Pas encore de compte ?{' '}
				<Link to={redirectTo ? `/inscription?redirectTo=${encodeURIComponent(redirectTo)}` : '/inscription'}>Créer un compte</Link>
			</p>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
