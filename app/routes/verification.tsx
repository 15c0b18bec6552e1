import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors } from '#app/components/forms.tsx'
import { ResendVerificationSchema } from '#app/domain/accounts/account-forms.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'
import { resendVerification, verifyEmailToken } from '#app/domain/accounts/accounts.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData, requireAcceptedForm } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Confirmer votre adresse — Ensemble' }]

// The emailed link opens this page; confirming takes a click (a POST), so mail scanners
// that prefetch links cannot use the token up.
export async function loader({ request }: LoaderFunctionArgs) {
	const url = new URL(request.url)
	return json({
		token: url.searchParams.get('token'),
		email: url.searchParams.get('email') ?? '',
		redirectTo: safeRedirect(url.searchParams.get('redirectTo'), ''),
	})
}

const VerifySchema = z.object({ token: z.string().min(1), redirectTo: z.string().optional() })

export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders

export async function action({ request, context }: ActionFunctionArgs) {
	const formData = requireAcceptedForm(await readFormData(request))
	if (formData.get('intent') === 'verify') {
		const parsed = VerifySchema.safeParse(Object.fromEntries(formData))
		const outcome = parsed.success ? await verifyEmailToken(parsed.data.token) : null
		if (!outcome?.ok) {
			return json(
				{ intent: 'verify' as const, message: outcome?.message ?? 'Lien incomplet.', result: undefined, sent: false },
				{ status: 400 },
			)
		}
		const redirectTo = safeRedirect(parsed.data!.redirectTo, '')
		const next = new URLSearchParams({ email: outcome.email })
		if (redirectTo) next.set('redirectTo', redirectTo)
		return redirectWithToast(`/connexion?${next}`, { title: 'Adresse confirmée', description: 'Vous pouvez maintenant vous connecter.' })
	}
	const submission = parseSubmission(formData, { schema: ResendVerificationSchema })
	if (submission.status !== 'success') {
		return json({ intent: 'resend' as const, result: submission.reply(), message: null, sent: false }, { status: 400 })
	}
	const outcome = await resendVerification(submission.value.email, context.clientIp ?? 'unknown')
	if (!outcome.ok) {
		return json(
			{ intent: 'resend' as const, result: submission.reply({ formErrors: [outcome.message] }), message: null, sent: false },
			{ status: 429, headers: { 'Retry-After': String(outcome.retryAfterSeconds) } },
		)
	}
	return json({ intent: 'resend' as const, result: submission.reply({ resetForm: false }), message: null, sent: true })
}

export default function VerificationPage() {
	const { token, email, redirectTo } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'renvoi-verification',
		lastResult: actionData?.intent === 'resend' ? actionData.result : undefined,
		defaultValue: { email },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: ResendVerificationSchema }),
	})
	const verifyFailed = actionData?.intent === 'verify' ? actionData.message : null
	return (
		<>
			<h1>Confirmer votre adresse e-mail</h1>
			{token && !verifyFailed ? (
				<Form method="post">
					<input type="hidden" name="intent" value="verify" />
					<input type="hidden" name="token" value={token} />
					<input type="hidden" name="redirectTo" value={redirectTo} />
					<p>Cliquez pour confirmer votre adresse et activer votre compte.</p>
					<button type="submit">Confirmer mon adresse</button>
				</Form>
			) : (
				<p>
					Nous vous avons envoyé un e-mail avec un lien de confirmation. Ouvrez-le pour activer votre compte (pensez à
					regarder dans les courriers indésirables).
				</p>
			)}
			{verifyFailed ? (
				<div className="form-error" role="alert">
					{verifyFailed}
				</div>
			) : null}
			<h2>Vous n’avez rien reçu ?</h2>
			{actionData?.intent === 'resend' && actionData.sent ? (
				<p role="status">Si un compte non confirmé existe pour cette adresse, un nouveau lien vient de lui être envoyé.</p>
			) : null}
			<Form method="post" className="stack" {...getFormProps(form)}>
				<input type="hidden" name="intent" value="resend" />
				<FormErrors id={form.errorId} errors={form.errors} />
				<Field
					label="Adresse e-mail"
					errors={fields.email.errors}
					inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
				/>
				<div>
					<button type="submit">Renvoyer le lien</button>
				</div>
			</Form>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
