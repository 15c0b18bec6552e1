import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { notFound, requireOrganizationAccess } from '#app/auth/permissions.server.ts'
import { can } from '#app/auth/policy/index.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { InviteMemberSchema, MEMBER_ROLE_LABELS } from '#app/domain/organizations/association-form.ts'
import { cancelInvitation, inviteMember, listMembers, listPendingInvitations } from '#app/domain/organizations/associations.server.ts'
import { sectorLabel } from '#app/domain/organizations/sectors.ts'
import { formatCents, formatDate, formatInteger } from '#app/utils/format.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData, requireAcceptedForm } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: data ? `${data.association.name} — Ensemble` : 'Association — Ensemble' },
]

const ROLE_OPTIONS = [
	{ value: 'member', label: 'Membre : modifie les dossiers de l’association' },
	{ value: 'referent', label: 'Référent·e : dépose les dossiers, confirme les engagements, invite les membres' },
] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user, organization } = await requireOrganizationAccess(request, params.organizationId!, 'read')
	if (organization.kind !== 'association') notFound()
	const canInvite = can(user, 'invite-member', { kind: 'organization', id: organization.id }).allowed
	const canReadMessages = can(user, 'read-inbox', { kind: 'directory', organizationId: organization.id }).allowed
	const [members, pendingInvitations] = await Promise.all([
		listMembers(organization.id),
		canInvite ? listPendingInvitations(organization.id) : Promise.resolve([]),
	])
	return json({
		association: {
			id: organization.id,
			name: organization.name,
			rna: organization.rna,
			localRegisterNumber: organization.localRegisterNumber,
			siret: organization.siret,
			sector: organization.sector,
			annualBudgetCents: organization.annualBudgetCents,
			employees: organization.employees,
			volunteers: organization.volunteers,
			addressLine: organization.addressLine,
			postalCode: organization.postalCode,
			commune: organization.commune,
		},
		members: members.map((m) => ({ userId: m.userId, displayName: m.displayName, email: canInvite ? m.email : null, role: m.role })),
		pendingInvitations,
		canInvite,
		canReadMessages,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user, organization } = await requireOrganizationAccess(request, params.organizationId!, 'invite-member')
	if (organization.kind !== 'association') notFound()
	const formData = requireAcceptedForm(await readFormData(request))
	if (formData.get('intent') === 'cancel-invitation') {
		const outcome = await cancelInvitation({ user, organizationId: organization.id, invitationId: String(formData.get('invitationId') ?? '') })
		if (!outcome.ok) return json({ result: null, cancelError: outcome.message }, { status: 409 })
		return redirectWithToast(`/associations/${organization.id}`, {
			title: 'Invitation annulée',
			description: `Le lien envoyé à ${outcome.email} ne fonctionne plus.`,
		})
	}
	if (formData.get('intent') !== 'invite') throw new Response('Action inconnue sur cette page.', { status: 400 })
	const submission = parseSubmission(formData, { schema: InviteMemberSchema })
	if (submission.status !== 'success') return json({ result: submission.reply(), cancelError: null }, { status: 400 })
	const outcome = await inviteMember({ user, organizationId: organization.id, ...submission.value })
	if (!outcome.ok) {
		return json({ result: submission.reply({ fieldErrors: { [outcome.field ?? 'email']: [outcome.message] } }), cancelError: null }, { status: 409 })
	}
	return redirectWithToast(`/associations/${organization.id}`, {
		title: 'Invitation envoyée',
		description: `${submission.value.email} a reçu un lien valable 14 jours pour rejoindre l’association.`,
	})
}

function formatSiret(siret: string | null) {
	return siret ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}` : '—'
}

export default function AssociationPage() {
	const { association, members, pendingInvitations, canInvite, canReadMessages } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<>
			<h1>{association.name}</h1>
			{canInvite ? (
				<p>
					<Link to={`/associations/${association.id}/modifier`}>Modifier le profil de l’association</Link>
				</p>
			) : null}
			<p>
				<Link to={`/associations/${association.id}/profil`}>Profil public dans l’annuaire des partenaires</Link>
				{canReadMessages ? (
					<>
						{' · '}
						<Link to={`/associations/${association.id}/messages`}>Messages et partenaires suggérés</Link>
					</>
				) : null}
			</p>
			<dl className="facts">
				{association.rna ? (
					<>
						<dt>Numéro RNA</dt>
						<dd>{association.rna}</dd>
					</>
				) : null}
				{association.localRegisterNumber ? (
					<>
						<dt>Registre du tribunal</dt>
						<dd>{association.localRegisterNumber}</dd>
					</>
				) : null}
				<dt>SIRET</dt>
				<dd>{formatSiret(association.siret)}</dd>
				<dt>Secteur</dt>
				<dd>{sectorLabel(association.sector)}</dd>
				<dt>Siège</dt>
				<dd>
					{[association.addressLine, [association.postalCode, association.commune].filter(Boolean).join(' ')].filter(Boolean).join(', ') || '—'}
				</dd>
				<dt>Budget annuel</dt>
				<dd>{formatCents(association.annualBudgetCents)}</dd>
				<dt>Salariés</dt>
				<dd>{formatInteger(association.employees)}</dd>
				<dt>Bénévoles</dt>
				<dd>{formatInteger(association.volunteers)}</dd>
			</dl>

			<h2>Membres</h2>
			<ul>
				{members.map((member) => (
					<li key={member.userId}>
						{member.displayName}
						{member.email ? ` (${member.email})` : ''} — {MEMBER_ROLE_LABELS[member.role]}
					</li>
				))}
			</ul>

			{canInvite ? (
				<>
					{pendingInvitations.length > 0 ? (
						<>
							<h2>Invitations en attente</h2>
							<FormErrors id="annulation-erreur" errors={actionData?.cancelError ? [actionData.cancelError] : undefined} />
							<ul>
								{pendingInvitations.map((invitation) => (
									<li key={invitation.id}>
										{invitation.email} — {MEMBER_ROLE_LABELS[invitation.role ?? 'member']}, valable jusqu’au{' '}
										{formatDate(invitation.expiresAt)}{' '}
										<Form method="post" style={{ display: 'inline' }}>
											<input type="hidden" name="intent" value="cancel-invitation" />
											<input type="hidden" name="invitationId" value={invitation.id} />
											<button type="submit" className="link-button" aria-label={`Annuler l’invitation de ${invitation.email}`}>
												Annuler l’invitation
											</button>
										</Form>
									</li>
								))}
							</ul>
						</>
					) : null}
					<InviteForm />
				</>
			) : (
				<p className="muted">Pour inviter d’autres membres, adressez-vous au référent de l’association.</p>
			)}
		</>
	)
}

function InviteForm() {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'inviter-membre',
		lastResult: actionData?.result ?? undefined,
		defaultValue: { role: 'member' },
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteMemberSchema }),
	})
	return (
		<>
			<h2 id="inviter">Inviter un membre</h2>
			<Form method="post" className="stack" aria-labelledby="inviter" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="intent" value="invite" />
				<Field
					label="Adresse e-mail de la personne"
					hint="Elle recevra un lien, valable 14 jours, pour rejoindre l’association avec cette adresse."
					errors={fields.email.errors}
					inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
				/>
				<SelectField label="Rôle" errors={fields.role.errors} selectProps={getSelectProps(fields.role)} options={ROLE_OPTIONS} />
				<div>
					<button type="submit">Envoyer l’invitation</button>
				</div>
			</Form>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
