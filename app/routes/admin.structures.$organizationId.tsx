import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { notFound, requirePlatformAdmin } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors } from '#app/components/forms.tsx'
import { NameStaffSchema, RemoveStaffSchema, STRUCTURE_KIND_LABELS } from '#app/domain/organizations/staff-form.ts'
import { cancelInvitation } from '#app/domain/organizations/associations.server.ts'
import { getStructureForAdmin, nameStaff, removeStaff } from '#app/domain/organizations/staff.server.ts'
import { formatDate, formatInteger } from '#app/utils/format.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data?.organization.name ?? 'Structure'} — Administration — Ensemble` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	await requirePlatformAdmin(request)
	const structure = await getStructureForAdmin(params.organizationId!)
	if (!structure) notFound('Cette structure n’existe pas.')
	return json(structure)
}

export async function action({ request, params }: ActionFunctionArgs) {
	const admin = await requirePlatformAdmin(request)
	const organizationId = params.organizationId!
	const here = `/admin/structures/${organizationId}`
	const formData = await readFormData(request)
	const intent = formData.get('intent')

	if (intent === 'cancel-invitation') {
		const outcome = await cancelInvitation({ user: admin, organizationId, invitationId: String(formData.get('invitationId') ?? '') })
		if (!outcome.ok) return json({ intent: 'cancel-invitation' as const, message: outcome.message }, { status: 409 })
		return redirectWithToast(here, { title: 'Invitation annulée', description: `Le lien envoyé à ${outcome.email} ne fonctionne plus.` })
	}

	if (intent === 'remove-staff') {
		const submission = parseSubmission(formData, { schema: RemoveStaffSchema })
		if (submission.status !== 'success') {
			return json({ intent: 'remove-staff' as const, result: submission.reply({ formErrors: ['Membre introuvable.'] }) }, { status: 400 })
		}
		const outcome = await removeStaff({ admin, membershipId: submission.value.membershipId, organizationId })
		if (!outcome.ok) return json({ intent: 'remove-staff' as const, result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 })
		return redirectWithToast(here, { title: 'Membre retiré', description: `${outcome.displayName} ne fait plus partie de l’équipe.` })
	}

	const submission = parseSubmission(formData, { schema: NameStaffSchema })
	if (submission.status !== 'success') return json({ intent: 'name-staff' as const, result: submission.reply() }, { status: 400 })
	const outcome = await nameStaff({ admin, organizationId, email: submission.value.email })
	if (!outcome.ok) {
		return json({ intent: 'name-staff' as const, result: submission.reply({ fieldErrors: { email: [outcome.message] } }) }, { status: 409 })
	}
	return redirectWithToast(
		here,
		outcome.outcome === 'added'
			? { title: 'Membre ajouté', description: `${outcome.email} fait maintenant partie de l’équipe ; un e-mail l’en informe.` }
			: { title: 'Invitation envoyée', description: `${outcome.email} n’a pas encore de compte : une invitation valable 14 jours lui a été envoyée.` },
	)
}

export default function StructurePage() {
	const { organization, staff, pendingInvitations, callCount } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'nommer-membre',
		lastResult: actionData?.intent === 'name-staff' ? actionData.result : undefined,
		constraint: getZodConstraint(NameStaffSchema),
		shouldValidate: 'onBlur',
		// Clear a fixed error while typing: an error that vanished on blur would move the
		// submit button under the pointer between mousedown and mouseup, losing the click.
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: NameStaffSchema }),
	})
	const removeErrors = actionData?.intent === 'remove-staff' ? actionData.result.error?.[''] ?? undefined : undefined
	const cancelErrors = actionData?.intent === 'cancel-invitation' ? [actionData.message] : undefined
	return (
		<>
			<p>
				<Link to="/admin">← Administration</Link>
			</p>
			<h1>{organization.name}</h1>
			<dl className="facts">
				<dt>Type</dt>
				<dd>{STRUCTURE_KIND_LABELS[organization.kind as 'funder' | 'supporter']}</dd>
				<dt>Territoire</dt>
				<dd>{organization.territory || '—'}</dd>
				<dt>Contact</dt>
				<dd>{organization.contactEmail ? <a href={`mailto:${organization.contactEmail}`}>{organization.contactEmail}</a> : '—'}</dd>
				<dt>Créée le</dt>
				<dd>{formatDate(organization.createdAt)}</dd>
				{organization.kind === 'funder' ? (
					<>
						<dt>Appels à projets</dt>
						<dd>{formatInteger(callCount)}</dd>
					</>
				) : null}
			</dl>

			<section aria-labelledby="equipe">
				<h2 id="equipe">Équipe</h2>
				<FormErrors id="retrait-erreur" errors={removeErrors} />
				{staff.length === 0 ? (
					<p>Personne pour l’instant. Nommez un premier membre ci-dessous.</p>
				) : (
					<table aria-labelledby="equipe">
						<thead>
							<tr>
								<th scope="col">Nom</th>
								<th scope="col">Adresse e-mail</th>
								<th scope="col">Depuis le</th>
								<th scope="col">Action</th>
							</tr>
						</thead>
						<tbody>
							{staff.map((member) => (
								<tr key={member.membershipId}>
									<th scope="row">{member.displayName}</th>
									<td>{member.email}</td>
									<td>{formatDate(member.since)}</td>
									<td>
										<Form method="post">
											<input type="hidden" name="intent" value="remove-staff" />
											<input type="hidden" name="membershipId" value={member.membershipId} />
											<button type="submit" className="link-button" aria-label={`Retirer ${member.displayName} de l’équipe`}>
												Retirer
											</button>
										</Form>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</section>

			<section aria-labelledby="invitations">
				<h2 id="invitations">Invitations en attente</h2>
				<FormErrors id="annulation-erreur" errors={cancelErrors} />
				{pendingInvitations.length === 0 ? (
					<p>Aucune invitation en attente.</p>
				) : (
					<table aria-labelledby="invitations">
						<thead>
							<tr>
								<th scope="col">Adresse e-mail</th>
								<th scope="col">Envoyée le</th>
								<th scope="col">Valable jusqu’au</th>
								<th scope="col">Action</th>
							</tr>
						</thead>
						<tbody>
							{pendingInvitations.map((invitation) => (
								<tr key={invitation.id}>
									<th scope="row">{invitation.email}</th>
									<td>{formatDate(invitation.createdAt)}</td>
									<td>{formatDate(invitation.expiresAt)}</td>
									<td>
										<Form method="post">
											<input type="hidden" name="intent" value="cancel-invitation" />
											<input type="hidden" name="invitationId" value={invitation.id} />
											<button type="submit" className="link-button" aria-label={`Annuler l’invitation de ${invitation.email}`}>
												Annuler l’invitation
											</button>
										</Form>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</section>

			<section aria-labelledby="nommer">
				<h2 id="nommer">Nommer un membre de l’équipe</h2>
				<p className="muted">
					Si la personne a déjà un compte, elle rejoint l’équipe tout de suite et en est informée par e-mail. Sinon, elle reçoit une
					invitation valable 14 jours pour créer son compte.
				</p>
				<Form method="post" className="stack" {...getFormProps(form)} aria-describedby={form.errors ? form.errorId : undefined}>
					<FormErrors id={form.errorId} errors={form.errors} />
					<input type="hidden" name="intent" value="name-staff" />
					<Field
						label="Adresse e-mail de la personne"
						errors={fields.email.errors}
						inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
					/>
					<div>
						<button type="submit">Nommer dans l’équipe</button>
					</div>
				</Form>
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
