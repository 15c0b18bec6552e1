import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireUser } from '#app/auth/permissions.server.ts'
import { destroySession } from '#app/auth/session.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors } from '#app/components/forms.tsx'
import { deleteAccount, deletionRefusal } from '#app/domain/personal-data/account-deletion.server.ts'
import { AccountDeletionSchema } from '#app/domain/personal-data/forms.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction = () => [{ title: 'Supprimer mon compte — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	return json({ email: user.email, blocked: await deletionRefusal(user.id) })
}

export async function action({ request }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const submission = parseSubmission(await readFormData(request), { schema: AccountDeletionSchema })
	if (submission.status !== 'success') return json({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
	const outcome = await deleteAccount({ userId: user.id, ...submission.value })
	if (!outcome.ok) {
		const reply = outcome.field
			? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] }, hideFields: ['password'] })
			: submission.reply({ formErrors: [outcome.message], hideFields: ['password'] })
		return json({ result: reply }, { status: outcome.field ? 400 : 409 })
	}
	return redirectWithToast(
		'/',
		{ title: 'Compte supprimé', description: 'Vos données personnelles ont été effacées. Merci d’avoir utilisé Ensemble.' },
		{ headers: { 'Set-Cookie': await destroySession(request) } },
	)
}

export default function AccountDeletionPage() {
	const { email, blocked } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'suppression-compte',
		lastResult: actionData?.result,
		constraint: getZodConstraint(AccountDeletionSchema),
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: AccountDeletionSchema }),
	})
	return (
		<>
			<p>
				<Link to="/compte/donnees">← Mes données personnelles</Link>
			</p>
			<h1>Supprimer mon compte</h1>
			<p>La suppression est définitive. Pensez à <Link to="/compte/donnees">télécharger vos données</Link> avant.</p>
			<h2>Ce qui est effacé</h2>
			<ul>
				<li>votre nom, votre adresse e-mail ({email}) et votre mot de passe : le compte s’appelle désormais « Compte supprimé » et personne ne peut plus s’y connecter ;</li>
				<li>vos sessions, vos liens de connexion, vos invitations en attente, vos adhésions aux associations et structures ;</li>
				<li>les conversations que vous avez ouvertes dans l’annuaire des partenaires, et les e-mails qui vous étaient adressés ;</li>
				<li>votre place dans les jurys en cours : vos évaluations envoyées restent, celles qui ne le sont pas sont confiées à d’autres jurés ;</li>
				<li>votre nom et votre adresse dans l’historique des actions.</li>
			</ul>
			<h2>Ce qui reste, au nom de l’association et non plus au vôtre</h2>
			<p>
				Les dossiers déposés, les décisions, les conventions, les versements et les évaluations sont les archives du financeur et des associations :
				ils restent, mais ne sont plus rattachés à une personne identifiable (« Compte supprimé »). Le nom que vous avez tapé en signant une convention
				y reste, car la convention signée est un document contractuel.
			</p>
			{blocked ? (
				<div className="card" role="alert">
					<p style={{ margin: 0 }}>
						<strong>Vous ne pouvez pas encore supprimer votre compte.</strong> {blocked}
					</p>
				</div>
			) : (
				<Form method="post" className="stack" {...getFormProps(form)}>
					<FormErrors id={form.errorId} errors={form.errors} />
					<Field
						label="Votre mot de passe"
						hint="Pour vérifier que c’est bien vous."
						errors={fields.password.errors}
						inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'current-password' }}
					/>
					<Field
						label="Tapez SUPPRIMER pour confirmer"
						errors={fields.confirmation.errors}
						inputProps={{ ...getInputProps(fields.confirmation, { type: 'text' }), autoComplete: 'off' }}
					/>
					<div>
						<button type="submit">Supprimer définitivement mon compte</button>
					</div>
				</Form>
			)}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
