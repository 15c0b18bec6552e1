import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { z } from 'zod'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallHeader } from '#app/components/call-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, Field, FormErrors, SelectField, TextareaField } from '#app/components/forms.tsx'
import { CALL_STATUS_LABELS } from '#app/domain/calls/call-status.ts'
import { InviteJurorFormSchema, JUROR_KIND_LABELS, JUROR_KINDS, JUROR_STATUS_LABELS } from '#app/domain/jury/composition.ts'
import { inviteJuror } from '#app/domain/jury/composition.server.ts'
import { CONFLICT_CAUSE_LABELS, CONFLICT_STATUS_LABELS, DecideConflictSchema } from '#app/domain/jury/conflicts.ts'
import { decideConflict, detectConflicts } from '#app/domain/jury/conflicts.server.ts'
import { startDeliberation, startJury } from '#app/domain/jury/jury-lifecycle.server.ts'
import { getJuryForStaff } from '#app/domain/jury/jury-page.server.ts'
import { requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { db } from '#db/client.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Jury — ${data?.call.title ?? 'Appel à projets'} — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	return json(await getJuryForStaff({ user, callId: params.callId! }))
}

const StepSchema = z.object({ intent: z.enum(['start-jury', 'start-deliberation', 'detect-conflicts']) })

export async function action({ request, params }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const callId = params.callId!
	const back = `/gestion/appels/${callId}/jury`
	const formData = await readFormData(request)
	if (formData.get('intent') === 'invite') {
		const submission = parseSubmission(formData, { schema: InviteJurorFormSchema })
		if (submission.status !== 'success') return json({ conflictId: null, invite: submission.reply(), result: null, message: null }, { status: 400 })
		const { email, intent: _intent, ...settings } = submission.value
		const outcome = await inviteJuror({ user, callId, email, settings })
		if (!outcome.ok) {
			const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return json({ conflictId: null, invite: reply, result: null, message: null }, { status: 409 })
		}
		return redirectWithToast(back, { title: 'Invitation envoyée', description: `Un e-mail est parti à ${email}.` })
	}
	if (formData.get('intent') === 'decide-conflict') {
		const submission = parseSubmission(formData, { schema: DecideConflictSchema })
		const conflictId = String(formData.get('conflictId') ?? '')
		if (submission.status !== 'success') return json({ conflictId, invite: null, result: submission.reply(), message: null }, { status: 400 })
		// The conflict must be one of this call's: the page's call is checked first.
		await requireCallForStaff(db, user, callId)
		const outcome = await decideConflict({ user, ...submission.value })
		if (!outcome.ok) return json({ conflictId, invite: null, result: submission.reply({ formErrors: [outcome.message] }), message: null }, { status: 409 })
		return redirectWithToast(back, { title: submission.value.decision === 'confirm' ? 'Conflit confirmé' : 'Conflit écarté' })
	}
	const step = StepSchema.safeParse({ intent: formData.get('intent') })
	if (!step.success) return json({ conflictId: null, invite: null, result: null, message: 'Action inconnue.' }, { status: 400 })
	if (step.data.intent === 'detect-conflicts') {
		const found = await db.transaction(async (tx) => {
			await requireCallForStaff(tx, user, callId, 'update')
			return detectConflicts(tx, callId, { actorUserId: user.id })
		})
		return redirectWithToast(back, { title: `Conflits vérifiés : ${found.found} trouvé${found.found > 1 ? 's' : ''}` })
	}
	const outcome = step.data.intent === 'start-jury' ? await startJury({ user, callId }) : await startDeliberation({ user, callId })
	if (!outcome.ok) return json({ conflictId: null, invite: null, result: null, message: outcome.message }, { status: 409 })
	return redirectWithToast(back, { title: step.data.intent === 'start-jury' ? 'Le jury est ouvert' : 'La délibération est ouverte' })
}

export default function JuryPage() {
	const { call, canStartJury, canStartDeliberation, jurors, conflicts, themes, composable } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<>
			<CallHeader callId={call.id} title={call.title} />
			<h2>Jury</h2>
			<p>Étape de l’appel : {CALL_STATUS_LABELS[call.status] ?? call.status}</p>
			<p>
				<Link to={`/gestion/appels/${call.id}/jury/affectations`}>Affectations des dossiers, avancement et relances →</Link>
			</p>
			{['deliberation', 'decided', 'follow_up', 'archived'].includes(call.status) ? (
				<p>
					<Link to={`/gestion/appels/${call.id}/deliberation`}>Délibération : classement, montants et décisions →</Link>
				</p>
			) : null}
			{actionData?.message ? <FormErrors id="jury-step-error" errors={[actionData.message]} /> : null}
			{canStartJury ? (
				<Form method="post">
					<p className="hint">Ouvrir le jury fige la recevabilité : les décisions ne pourront plus être modifiées.</p>
					<button type="submit" name="intent" value="start-jury">
						Ouvrir le jury
					</button>
				</Form>
			) : null}
			{canStartDeliberation ? (
				<Form method="post">
					<button type="submit" name="intent" value="start-deliberation">
						Ouvrir la délibération
					</button>
				</Form>
			) : null}

			<h3>Jurés</h3>
			{jurors.length === 0 ? (
				<p>Aucun juré pour l’instant.</p>
			) : (
				<ul>
					{jurors.map((juror) => (
						<li key={juror.id}>
							{juror.displayName} ({juror.email}) — {JUROR_KIND_LABELS[juror.kind]}, {JUROR_STATUS_LABELS[juror.status].toLowerCase()}
							{juror.isChair ? ', président·e du jury' : ''}
							{juror.maxLoad !== null ? `, ${juror.maxLoad} dossiers au plus` : ''}
						</li>
					))}
				</ul>
			)}

			{composable ? <InviteForm themes={themes} lastResult={actionData?.invite} /> : null}

			<h3>Conflits d’intérêts</h3>
			<Form method="post">
				<button type="submit" name="intent" value="detect-conflicts">
					Vérifier les conflits
				</button>
			</Form>
			{conflicts.length === 0 ? (
				<p>Aucun conflit d’intérêts enregistré.</p>
			) : (
				<ul>
					{conflicts.map((conflict) => (
						<li key={conflict.id}>
							<p>
								<strong>{conflict.jurorName}</strong> — « {conflict.applicationTitle} » : {CONFLICT_CAUSE_LABELS[conflict.cause]}
								{conflict.detail ? ` (${conflict.detail})` : ''}. {CONFLICT_STATUS_LABELS[conflict.status]}
								{conflict.decisionReason ? ` : ${conflict.decisionReason}` : ''}
							</p>
							<DecideForm conflictId={conflict.id} lastResult={actionData?.conflictId === conflict.id ? actionData.result : undefined} />
						</li>
					))}
				</ul>
			)}
		</>
	)
}

function InviteForm({ themes, lastResult }: { themes: { id: string; label: string }[]; lastResult: SubmissionResult<string[]> | null | undefined }) {
	const [form, fields] = useForm({ id: 'invite-juror', lastResult: lastResult ?? undefined, shouldValidate: 'onSubmit' })
	// What the person ticked is kept when the form comes back refused.
	const initial = fields.themeIds.initialValue as string[] | string | undefined
	const chosenThemes = new Set(Array.isArray(initial) ? initial : initial ? [initial] : [])
	return (
		<Form method="post" {...getFormProps(form)}>
			<h4>Inviter un juré</h4>
			<FormErrors id={`${form.id}-form-error`} errors={form.errors} />
			<input type="hidden" name="intent" value="invite" />
			<Field label="Adresse e-mail" errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off', required: true }} />
			<SelectField
				label="Profil"
				errors={fields.kind.errors}
				selectProps={{ ...getSelectProps(fields.kind), required: true }}
				placeholder="Choisir…"
				options={JUROR_KINDS.map((kind) => ({ value: kind, label: JUROR_KIND_LABELS[kind] }))}
			/>
			{themes.length > 0 ? (
				<fieldset>
					<legend>Thèmes qu’il ou elle connaît</legend>
					{themes.map((theme) => (
						<label key={theme.id} className="checkbox">
							<input type="checkbox" name={fields.themeIds.name} value={theme.id} defaultChecked={chosenThemes.has(theme.id)} /> {theme.label}
						</label>
					))}
					<ErrorList errors={fields.themeIds.errors} />
				</fieldset>
			) : null}
			<Field
				label="Départements connus"
				hint="Numéros séparés par des virgules, par exemple 38, 69, 2A."
				errors={fields.territories.errors}
				inputProps={{ ...getInputProps(fields.territories, { type: 'text' }) }}
			/>
			<Field
				label="Charge maximale (dossiers)"
				hint="Laissez vide pour ne pas en fixer."
				errors={fields.maxLoad.errors}
				inputProps={{ ...getInputProps(fields.maxLoad, { type: 'number' }), min: 1, inputMode: 'numeric' }}
			/>
			<label className="checkbox">
				<input {...getInputProps(fields.isChair, { type: 'checkbox' })} /> Préside le jury
			</label>
			<p>
				<button type="submit">Envoyer l’invitation</button>
			</p>
		</Form>
	)
}

function DecideForm({ conflictId, lastResult }: { conflictId: string; lastResult: SubmissionResult<string[]> | null | undefined }) {
	const [form, fields] = useForm({ id: `decide-${conflictId}`, lastResult: lastResult ?? undefined, shouldValidate: 'onSubmit' })
	return (
		<Form method="post" {...getFormProps(form)}>
			<FormErrors id={`${form.id}-form-error`} errors={form.errors} />
			<input type="hidden" name="intent" value="decide-conflict" />
			<input type="hidden" name="conflictId" value={conflictId} />
			<TextareaField label="Motif de la décision" errors={fields.reason.errors} textareaProps={{ ...getTextareaProps(fields.reason), rows: 2, required: true }} />
			<ErrorList errors={fields.decision.errors} />
			<button type="submit" name="decision" value="confirm">
				Confirmer le conflit
			</button>{' '}
			<button type="submit" name="decision" value="dismiss">
				Écarter le conflit
			</button>
		</Form>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
