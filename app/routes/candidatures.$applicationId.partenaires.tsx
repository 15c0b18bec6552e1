import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/permissions.server.ts'
import { ApplicationNav, MembersTable } from '#app/components/application-view.tsx'
import { ConfirmStep, isConfirmed } from '#app/components/confirm-step.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors, SelectField, TextareaField } from '#app/components/forms.tsx'
import { InviteByEmailSchema, InviteOrganizationSchema, MemberActionSchema, UpdateMemberSchema } from '#app/domain/applications/application-forms.ts'
import { decide, getApplicationForEditor, getDossierForUser } from '#app/domain/applications/access.server.ts'
import { invitePartnerByEmail, invitePartnerOrganization, removePartner, resendInvitation, updateMember } from '#app/domain/applications/consortium.server.ts'
import { listSupporterStructures, nameSupporter } from '#app/domain/applications/supporter.server.ts'
import { SupporterChoiceSchema } from '#app/domain/supporters/opinions.ts'
import { MEMBER_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { formatDate } from '#app/utils/format.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Associations partenaires — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const { access, dossier } = await getDossierForUser({ id: params.applicationId!, user }, { history: false })
	const { members, supporter } = dossier.details
	// The policy's 'edit' (the lead, while the dossier is a draft) is what naming the structure requires
	// (nameSupporter): only then is the list read; the others read the name the dossier holds.
	const editable = decide(access, 'edit').allowed
	return json({
		id: access.application.id,
		isLead: access.isLead,
		editable,
		members,
		supporters: editable ? await listSupporterStructures() : null,
		supporter,
	})
}

/** The invitation exists but the email limit held its email back: say so rather than "sent". */
function notEmailedToast(limit: string) {
	return { title: 'Invitation enregistrée, e-mail non envoyé', description: limit, type: 'info' as const }
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const { application } = await getApplicationForEditor({ id: params.applicationId!, user })
	const id = application.id
	const here = `/candidatures/${id}/partenaires`
	const formData = await readFormData(request)
	const intent = formData.get('intent')
	if (intent === 'invite-organization') {
		const submission = parseSubmission(formData, { schema: InviteOrganizationSchema })
		if (submission.status !== 'success') return json({ intent, result: submission.reply(), memberId: null, message: null }, { status: 400 })
		const outcome = await invitePartnerOrganization({ id, user, identifier: submission.value.identifier })
		if (!outcome.ok) {
			const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return json({ intent, result: reply, memberId: null, message: null }, { status: 409 })
		}
		if (outcome.notEmailed) return redirectWithToast(here, notEmailedToast(outcome.notEmailed))
		return redirectWithToast(here, { title: 'Invitation envoyée', description: `Le référent de « ${outcome.organizationName} » a reçu l’invitation, valable 14 jours.` })
	}
	if (intent === 'invite-email') {
		const submission = parseSubmission(formData, { schema: InviteByEmailSchema })
		if (submission.status !== 'success') return json({ intent, result: submission.reply(), memberId: null, message: null }, { status: 400 })
		const outcome = await invitePartnerByEmail({ id, user, email: submission.value.email })
		if (!outcome.ok) {
			const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return json({ intent, result: reply, memberId: null, message: null }, { status: 409 })
		}
		if (outcome.notEmailed) return redirectWithToast(here, notEmailedToast(outcome.notEmailed))
		return redirectWithToast(here, { title: 'Invitation envoyée', description: `${submission.value.email} a reçu un lien valable 14 jours.` })
	}
	if (intent === 'supporter') {
		const submission = parseSubmission(formData, { schema: SupporterChoiceSchema })
		if (submission.status !== 'success') return json({ intent, result: submission.reply(), memberId: null, message: null }, { status: 400 })
		const outcome = await nameSupporter({ id, user, supporterOrganizationId: submission.value.supporterOrganizationId })
		if (!outcome.ok) {
			// An id that is not a supporter structure is bad input (400); a dossier no longer editable, a state (409).
			const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return json({ intent, result: reply, memberId: null, message: null }, { status: outcome.field ? 400 : 409 })
		}
		return redirectWithToast(here, {
			title: submission.value.supporterOrganizationId ? 'Structure d’accompagnement enregistrée' : 'Aucune structure d’accompagnement',
		})
	}
	if (intent === 'resend' || intent === 'remove') {
		const submission = parseSubmission(formData, { schema: MemberActionSchema })
		if (submission.status !== 'success') return json({ intent, result: null, memberId: null, message: 'Association introuvable.' }, { status: 400 })
		const { memberId } = submission.value
		// Removing a partner cannot be undone: the first post only asks for confirmation.
		if (intent === 'remove' && !isConfirmed(formData)) return json({ intent, result: null, memberId, message: null, confirm: true })
		const outcome = intent === 'resend' ? await resendInvitation({ id, user, memberId }) : await removePartner({ id, user, memberId })
		if (!outcome.ok) return json({ intent, result: null, memberId, message: outcome.message }, { status: 409 })
		if ('notEmailed' in outcome && outcome.notEmailed) return redirectWithToast(here, notEmailedToast(outcome.notEmailed))
		return redirectWithToast(here, { title: intent === 'resend' ? 'Invitation renvoyée' : 'Association retirée du projet' })
	}
	if (intent === 'update-member') {
		const submission = parseSubmission(formData, { schema: UpdateMemberSchema })
		const memberId = typeof formData.get('memberId') === 'string' ? (formData.get('memberId') as string) : null
		if (submission.status !== 'success') {
			const errors = Object.values(submission.error ?? {}).flat().filter(Boolean) as string[]
			return json({ intent, result: null, memberId, message: errors.join(' ') || 'Vérifiez la saisie.' }, { status: 400 })
		}
		const { roleDescription, contribution, budgetShare } = submission.value
		const outcome = await updateMember({ id, user, memberId: submission.value.memberId, roleDescription, contribution, budgetShareCents: budgetShare })
		if (!outcome.ok) return json({ intent, result: null, memberId, message: outcome.message }, { status: 409 })
		return redirectWithToast(here, {
			title: 'Engagement mis à jour',
			description: outcome.lapsed ? 'L’association avait confirmé : elle doit confirmer de nouveau ; son référent a reçu un e-mail.' : undefined,
		})
	}
	throw new Response('Action inconnue sur cette page.', { status: 400 })
}

type Member = ReturnType<typeof useLoaderData<typeof loader>>['members'][number]

export default function PartnersPage() {
	const data = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Associations partenaires</h1>
			<ApplicationNav id={data.id} isLead={data.isLead} />
			<MembersTable members={data.members} />
			{data.editable ? (
				<>
					<h2>Rôles et parts du budget</h2>
					<p className="muted">
						Si vous modifiez le rôle ou la part du budget d’une association qui a déjà confirmé, sa confirmation tombe : elle reçoit un e-mail et doit
						confirmer de nouveau.
					</p>
					{data.members.filter((m) => m.status === 'invited' || m.status === 'confirmed' || m.role === 'lead').map((member) => (
						<MemberCard key={member.id} member={member} />
					))}
					{data.members.filter((m) => m.role === 'co_carrier' && m.status !== 'invited' && m.status !== 'confirmed').map((member) => (
						<MemberCard key={member.id} member={member} />
					))}
					<InviteOrganizationForm />
					<InviteEmailForm />
				</>
			) : null}
			<SupporterSection />
		</>
	)
}

/** The accompanying structure (issue 8): chosen by the lead while the dossier is editable, read by everyone else. */
function SupporterSection() {
	const { supporters, supporter } = useLoaderData<typeof loader>()
	return (
		<section aria-labelledby="accompagnement-titre">
			<h2 id="accompagnement-titre">Structure d’accompagnement</h2>
			<p className="muted">
				La structure qui accompagne votre consortium (une Maison des Associations, par exemple) peut donner son avis sur le dossier une fois déposé. Le
				financeur et le jury le liront ; vous saurez qu’il a été donné.
			</p>
			{supporters ? <SupporterChoiceForm supporters={supporters} current={supporter?.id ?? ''} /> : <p>{supporter ? supporter.name : 'Aucune structure d’accompagnement n’a été nommée.'}</p>}
		</section>
	)
}

function SupporterChoiceForm({ supporters, current }: { supporters: NonNullable<SerializeFrom<typeof loader>['supporters']>; current: string }) {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'structure-accompagnement',
		lastResult: actionData?.intent === 'supporter' ? actionData.result : undefined,
		defaultValue: { supporterOrganizationId: current },
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: SupporterChoiceSchema }),
	})
	return (
		<Form method="post" className="stack" aria-labelledby="accompagnement-titre" {...getFormProps(form)}>
			<FormErrors id={form.errorId} errors={form.errors} />
			<input type="hidden" name="intent" value="supporter" />
			<SelectField
				label="Structure d’accompagnement du consortium"
				errors={fields.supporterOrganizationId.errors}
				placeholder="Aucune structure d’accompagnement"
				options={supporters.map((s) => ({ value: s.id, label: s.territory ? `${s.name} (${s.territory})` : s.name }))}
				selectProps={getSelectProps(fields.supporterOrganizationId)}
			/>
			<div>
				<button type="submit">Enregistrer la structure d’accompagnement</button>
			</div>
		</Form>
	)
}

function MemberCard({ member }: { member: Member }) {
	const actionData = useActionData<typeof action>()
	const message = actionData && 'memberId' in actionData && actionData.memberId === member.id ? actionData.message : null
	const applicationId = useLoaderData<typeof loader>().id
	const confirmingRemoval = actionData && 'confirm' in actionData && actionData.memberId === member.id
	const name = member.name ?? member.invitedEmail ?? ''
	const active = member.role === 'lead' || member.status === 'invited' || member.status === 'confirmed'
	return (
		<div className="card">
			<h3>
				{name}
				{member.role === 'lead' ? ' (chef de file)' : ''}
			</h3>
			<p className="muted">
				{MEMBER_STATUS_LABELS[member.status]}
				{member.status === 'invited' && member.role === 'co_carrier' && member.invitationExpiresAt ? `, invitation valable jusqu’au ${formatDate(member.invitationExpiresAt)}` : ''}
			</p>
			<FormErrors id={`membre-${member.id}-erreur`} errors={message ? [message] : undefined} />
			{active && member.organizationId ? (
				// Keyed on what is stored: after a save the fields show the saved values; after a refusal, what was typed.
				<Form key={`${member.roleDescription}|${member.contribution}|${member.budgetShareCents}`} method="post" className="stack">
					<input type="hidden" name="intent" value="update-member" />
					<input type="hidden" name="memberId" value={member.id} />
					<TextareaField
						label={`Rôle de « ${name} » (qui fait quoi)`}
						textareaProps={{ id: `role-${member.id}`, name: 'roleDescription', defaultValue: member.roleDescription, rows: 2 }}
					/>
					<TextareaField
						label={`Contribution de « ${name} »`}
						textareaProps={{ id: `contribution-${member.id}`, name: 'contribution', defaultValue: member.contribution, rows: 2 }}
					/>
					<Field
						label={`Part du budget portée par « ${name} » (€)`}
						inputProps={{
							id: `part-${member.id}`,
							name: 'budgetShare',
							type: 'text',
							inputMode: 'decimal',
							defaultValue: member.budgetShareCents === null ? '' : (member.budgetShareCents / 100).toFixed(2).replace('.', ',').replace(/,00$/, ''),
						}}
					/>
					<div>
						<button type="submit">Enregistrer l’engagement de « {name} »</button>
					</div>
				</Form>
			) : null}
			{member.role === 'co_carrier' && member.status === 'invited' ? (
				<Form method="post" style={{ display: 'inline-block', marginRight: 12, marginTop: 8 }}>
					<input type="hidden" name="intent" value="resend" />
					<input type="hidden" name="memberId" value={member.id} />
					<button type="submit">Renvoyer l’invitation</button>
				</Form>
			) : null}
			{member.role === 'co_carrier' && member.status !== 'confirmed' && confirmingRemoval ? (
				<ConfirmStep
					id={`confirmer-retrait-${member.id}`}
					title={`Retirer « ${name} » du projet ?`}
					fields={{ intent: 'remove', memberId: member.id }}
					confirmLabel={`Oui, retirer « ${name} »`}
					cancelTo={`/candidatures/${applicationId}/partenaires`}
				>
					<p>Son invitation ne sera plus valable : pour l’associer de nouveau au projet, il faudra l’inviter une nouvelle fois.</p>
				</ConfirmStep>
			) : member.role === 'co_carrier' && member.status !== 'confirmed' ? (
				<Form method="post" style={{ display: 'inline-block', marginTop: 8 }}>
					<input type="hidden" name="intent" value="remove" />
					<input type="hidden" name="memberId" value={member.id} />
					<button type="submit">Retirer « {name} » du projet</button>
				</Form>
			) : null}
		</div>
	)
}

function InviteOrganizationForm() {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'inviter-association',
		lastResult: actionData?.intent === 'invite-organization' ? actionData.result : undefined,
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteOrganizationSchema }),
	})
	return (
		<>
			<h2 id="inviter-inscrite">Inviter une association inscrite sur Ensemble</h2>
			<Form method="post" className="stack" aria-labelledby="inviter-inscrite" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="intent" value="invite-organization" />
				<Field
					label="SIRET ou numéro RNA de l’association"
					hint="Son référent recevra l’invitation par e-mail, avec un lien pour lire le dossier et répondre."
					errors={fields.identifier.errors}
					inputProps={{ ...getInputProps(fields.identifier, { type: 'text' }), autoComplete: 'off' }}
				/>
				<div>
					<button type="submit">Inviter l’association</button>
				</div>
			</Form>
		</>
	)
}

function InviteEmailForm() {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'inviter-email',
		lastResult: actionData?.intent === 'invite-email' ? actionData.result : undefined,
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteByEmailSchema }),
	})
	return (
		<>
			<h2 id="inviter-email-titre">Inviter par e-mail une association pas encore inscrite</h2>
			<Form method="post" className="stack" aria-labelledby="inviter-email-titre" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="intent" value="invite-email" />
				<Field
					label="Adresse e-mail de la personne qui représente l’association"
					hint="Elle inscrira son association sur Ensemble, puis répondra à l’invitation."
					errors={fields.email.errors}
					inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }}
				/>
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
