import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { forbidden, requireUser } from '#app/auth/permissions.server.ts'
import { ApplicationNav, ApplicationSections, History, Checklist } from '#app/components/application-view.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, FormErrors, TextareaField } from '#app/components/forms.tsx'
import { useCheckedForm } from '#app/components/form-state.tsx'
import { StaticPart } from '#app/components/static-part.tsx'
import { WithdrawApplicationSchema } from '#app/domain/applications/application-forms.ts'
import { RenounceSchema } from '#app/domain/deliberation/amendment-forms.ts'
import { renounceAsLead } from '#app/domain/deliberation/amendments.server.ts'
import { decide, getApplicationForUser, getDossierForUser } from '#app/domain/applications/access.server.ts'
import { findFollowUpOf } from '#app/domain/follow-up/access.server.ts'
import { db } from '#db/client.server.ts'
import { submitApplication, withdrawApplication } from '#app/domain/applications/submission.server.ts'
import { decisionsDisclosed } from '#app/domain/applications/decision-disclosure.ts'
import { APPLICATION_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { formatCents, formatDateTime } from '#app/utils/format.ts'
import { staticPart } from '#app/utils/static-parts.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} — Ensemble` : 'Dossier — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const now = new Date()
	const { access, dossier } = await getDossierForUser({ id: params.applicationId!, user }, { now })
	const { application } = access
	const { details, detailsVersion, receipt, history } = dossier
	return json({
		id: application.id,
		// The agreement and the evaluation pages exist once the policy lets the consortium know of the follow-up.
		...(await findFollowUpOf(db, user, application, details.call.status).then((followUp) => ({
			followUp: followUp !== null,
			// Its evaluation approved: the project may be published in the showcase (issue 12).
			publication: followUp?.report?.status === 'approved',
		}))),
		// A provisional decision (the deliberation is not closed) shows as « en cours d'examen » (the read model masks it).
		status: details.status,
		submittedAt: application.submittedAt,
		receiptReference: receipt?.reference ?? null,
		statusReason: application.statusReason,
		isLead: access.isLead,
		myStatus: access.member.status,
		canSubmit: decide(access, 'submit').allowed,
		canWithdraw: decide(access, 'withdraw', { deadlineAt: details.call.deadlineAt, now }).allowed,
		canRenounce: decide(access, 'renounce', { callStatus: details.call.status }).allowed,
		// The funder's decision, once final (the deliberation closed): amount, place on the waiting list, motivation.
		decision:
			decisionsDisclosed(details.call.status) && application.decidedAt
				? {
						amountGrantedCents: application.amountGrantedCents,
						waitlistPosition: application.status === 'waitlisted' ? application.waitlistPosition : null,
						motivation: application.decisionMotivation,
						decidedAt: application.decidedAt,
					}
				: null,
		title: details.title,
		call: { id: details.call.id, title: details.call.title, deadlineAt: details.call.deadlineAt },
		problems: details.problems,
		// Read-only here: the dossier's HTML, not its data, goes to the page (decision 045).
		dossier: staticPart(request, 'dossier-read-only', details, (dossier) => <ApplicationSections details={dossier} />, { version: detailsVersion }),
		// Partners that have not answered: the submission expires their invitation (submitApplication).
		pendingInvitations: details.members.filter((m) => m.role === 'co_carrier' && m.status === 'invited').map((m) => m.name ?? m.invitedEmail ?? ''),
		history,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const access = await getApplicationForUser({ id: params.applicationId!, user })
	const { application } = access
	const formData = await readFormData(request)
	const intent = formData.get('intent')
	if (intent === 'submit' || intent === 'withdraw' || intent === 'renounce') {
		const decision = decide(access, intent)
		if (!decision.allowed && decision.reason === 'not-lead') forbidden('Seule l’association chef de file dépose ou retire le dossier.')
	}
	if (intent === 'renounce') {
		const submission = parseSubmission(formData, { schema: RenounceSchema })
		if (submission.status !== 'success') return json({ intent: 'renounce' as const, result: submission.reply(), problems: null, message: null }, { status: 400 })
		const outcome = await renounceAsLead({ user, applicationId: application.id, reason: submission.value.reason })
		if (!outcome.ok) {
			const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return json({ intent: 'renounce' as const, result: reply, problems: null, message: null }, { status: 409 })
		}
		return redirectWithToast(`/candidatures/${application.id}`, { title: 'Renoncement enregistré', description: 'Le financeur en est informé par e-mail.' })
	}
	if (intent === 'submit') {
		const outcome = await submitApplication({ id: application.id, user })
		if (!outcome.ok) return json({ intent: 'submit' as const, message: outcome.message, problems: outcome.problems, result: null }, { status: 409 })
		return redirectWithToast(`/candidatures/${application.id}`, {
			title: 'Dossier déposé',
			description: 'Chaque association du projet en reçoit la confirmation par e-mail.',
		})
	}
	if (intent === 'withdraw') {
		const submission = parseSubmission(formData, { schema: WithdrawApplicationSchema })
		if (submission.status !== 'success') return json({ intent: 'withdraw' as const, result: submission.reply(), problems: null, message: null }, { status: 400 })
		const outcome = await withdrawApplication({ id: application.id, user, reason: submission.value.reason })
		if (!outcome.ok) {
			const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return json({ intent: 'withdraw' as const, result: reply, problems: null, message: null }, { status: 409 })
		}
		return redirectWithToast(`/candidatures/${application.id}`, { title: 'Dossier retiré' })
	}
	throw new Response('Action inconnue sur cette page.', { status: 400 })
}

export default function ApplicationPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { call } = data
	return (
		<>
			<p className="muted">
				<Link to={`/appels/${call.id}`}>{call.title}</Link>
			</p>
			<h1>{data.title}</h1>
			<ApplicationNav id={data.id} isLead={data.isLead} followUp={data.followUp} publication={data.publication} />
			<dl className="facts">
				<dt>Statut</dt>
				<dd>
					{APPLICATION_STATUS_LABELS[data.status] ?? data.status}
					{data.submittedAt ? ` le ${formatDateTime(data.submittedAt)}` : ''}
					{data.statusReason ? ` — ${data.statusReason}` : ''}
				</dd>
				{data.decision ? (
					<>
						<dt>Décision du financeur</dt>
						<dd>
							{`Décidé le ${formatDateTime(data.decision.decidedAt)}`}
							{data.decision.amountGrantedCents !== null ? ` — montant attribué : ${formatCents(data.decision.amountGrantedCents)}` : ''}
							{data.decision.waitlistPosition !== null ? ` — rang sur la liste d’attente : ${data.decision.waitlistPosition}` : ''}
							{data.decision.motivation ? <p>{data.decision.motivation}</p> : null}
						</dd>
					</>
				) : null}
				{data.submittedAt ? (
					<>
						<dt>Récépissé de dépôt</dt>
						<dd>
							<a href={`/candidatures/${data.id}/recepisse.pdf`}>Télécharger le récépissé (PDF)</a>
							{data.receiptReference ? ` — référence ${data.receiptReference}` : ''}
						</dd>
					</>
				) : null}
				<dt>Date limite de dépôt</dt>
				<dd>{call.deadlineAt ? `${formatDateTime(call.deadlineAt)} (heure de Paris)` : 'Non fixée'}</dd>
			</dl>
			{!data.isLead && data.myStatus === 'invited' ? (
				<p className="card">
					Votre association est invitée à co-porter ce projet. Lisez le dossier ci-dessous, puis{' '}
					<Link to={`/candidatures/${data.id}/engagement`}>répondez à l’invitation</Link>.
				</p>
			) : null}

			{data.status === 'draft' ? (
				<section aria-labelledby="reste">
					<h2 id="reste">Ce qu’il reste à faire avant le dépôt</h2>
					<Checklist problems={data.problems} />
					{data.isLead && data.pendingInvitations.length > 0 ? (
						<div className="card" role="note">
							<p style={{ margin: 0 }}>
								{data.pendingInvitations.length === 1
									? 'Une association invitée n’a pas encore répondu : si vous déposez maintenant, elle ne fera pas partie du consortium.'
									: 'Des associations invitées n’ont pas encore répondu : si vous déposez maintenant, elles ne feront pas partie du consortium.'}
							</p>
							<ul>
								{data.pendingInvitations.map((name) => (
									<li key={name}>{`« ${name} » : son invitation expirera au dépôt, et elle en sera informée par e-mail.`}</li>
								))}
							</ul>
						</div>
					) : null}
					{data.canSubmit ? <SubmitForm /> : data.isLead ? <p className="muted">Le référent de l’association chef de file dépose le dossier.</p> : null}
					{actionData?.intent === 'submit' && actionData.problems ? (
						<div className="form-error" role="alert" id="depot-refuse">
							<p style={{ margin: 0 }}>{actionData.message}</p>
							<Checklist problems={actionData.problems} />
						</div>
					) : null}
				</section>
			) : null}

			<StaticPart part={data.dossier} />

			<History events={data.history} />

			{data.canWithdraw ? <WithdrawForm /> : null}
			{data.canRenounce ? <RenounceForm amountGrantedCents={data.decision?.amountGrantedCents ?? null} /> : null}
		</>
	)
}

function SubmitForm() {
	return (
		<Form method="post">
			<input type="hidden" name="intent" value="submit" />
			<button type="submit">Déposer le dossier</button>
		</Form>
	)
}

function WithdrawForm() {
	const actionData = useActionData<typeof action>()
	const { state, formErrors, formErrorsId, formProps } = useCheckedForm('retirer', WithdrawApplicationSchema, actionData?.intent === 'withdraw' ? actionData.result : undefined)
	return (
		<section aria-labelledby="retrait">
			<h2 id="retrait">Retirer le dossier</h2>
			<Form method="post" className="stack" {...formProps}>
				<FormErrors id={formErrorsId} errors={formErrors} />
				<input type="hidden" name="intent" value="withdraw" />
				<TextareaField
					label="Raison du retrait"
					hint="Elle est transmise aux associations du projet. Un dossier retiré ne peut plus être déposé."
					errors={state.errors('reason')}
					textareaProps={{ id: state.id('reason'), name: 'reason', defaultValue: state.value('reason') }}
				/>
				<div>
					<button type="submit">Retirer le dossier</button>
				</div>
			</Form>
		</section>
	)
}

/** A retained consortium gives up its grant (issue 9): a reason, and a box to tick, since it cannot be undone. */
function RenounceForm({ amountGrantedCents }: { amountGrantedCents: number | null }) {
	const actionData = useActionData<typeof action>()
	const { state, formErrors, formErrorsId, formProps } = useCheckedForm('renoncer', RenounceSchema, actionData?.intent === 'renounce' ? actionData.result : undefined)
	const confirmErrors = state.errors('confirm')
	return (
		<section aria-labelledby="renoncement">
			<h2 id="renoncement">Renoncer à la subvention</h2>
			<p>
				Si le projet ne peut plus se faire, vous pouvez renoncer à la subvention de {formatCents(amountGrantedCents)} : le financeur en est informé et peut attribuer ce montant au
				dossier suivant de sa liste d’attente. Ce renoncement est définitif.
			</p>
			<Form method="post" className="stack" {...formProps}>
				<FormErrors id={formErrorsId} errors={formErrors} />
				<input type="hidden" name="intent" value="renounce" />
				<TextareaField
					label="Raison du renoncement"
					hint="Elle est transmise au financeur."
					errors={state.errors('reason')}
					textareaProps={{ id: state.id('reason'), name: 'reason', defaultValue: state.value('reason') }}
				/>
				<div className="field">
					<label>
						<input
							type="checkbox"
							id={state.id('confirm')}
							name="confirm"
							value="oui"
							defaultChecked={state.value('confirm') === 'oui'}
							aria-invalid={confirmErrors?.length ? true : undefined}
							aria-describedby={confirmErrors?.length ? `${state.id('confirm')}-error` : undefined}
						/>{' '}
						Je confirme renoncer à la subvention au nom du consortium.
					</label>
					<ErrorList id={`${state.id('confirm')}-error`} errors={confirmErrors} />
				</div>
				<div>
					<button type="submit">Renoncer à la subvention</button>
				</div>
			</Form>
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
