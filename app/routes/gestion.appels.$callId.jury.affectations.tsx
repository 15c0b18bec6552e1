import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallNav } from '#app/components/call-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { AssignmentPreviewCard } from '#app/components/assignment-preview.tsx'
import { CALL_STATUS_LABELS } from '#app/domain/calls/call-status.ts'
import {
	AddAssignmentSchema,
	ApplySchema,
	JURORS_PER_APPLICATION_MAX,
	JurySettingsSchema,
	MoveAssignmentSchema,
	PROGRESS_LABELS,
	RemoveAssignmentSchema,
	SCORES_VISIBILITIES,
	SCORES_VISIBILITY_LABELS,
} from '#app/domain/jury/assignment-rules.ts'
import {
	addAssignment,
	applyAssignment,
	moveAssignment,
	previewAssignment,
	removeAssignment,
	updateJurySettings,
	type AssignmentPreview,
} from '#app/domain/jury/assignment.server.ts'
import { JUROR_KIND_LABELS, JUROR_KINDS } from '#app/domain/jury/composition.ts'
import { getAssignmentPage, remindLateJurors } from '#app/domain/jury/progress.server.ts'
import { formatDate, formatInteger } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { pluralize } from '#app/utils/pluralize.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

/** How many dossiers short of jurors (or pairs removed) the preview lists; the rest are counted. */
const SHOWN_IN_LISTS = 100

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Affectations du jury — ${data?.call.title ?? 'Appel à projets'} — Ensemble` }]

function readPage(url: URL) {
	const page = Number(url.searchParams.get('page') ?? '1')
	return Number.isInteger(page) && page > 0 ? page : 1
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	return json(await getAssignmentPage({ user, callId: params.callId!, page: readPage(new URL(request.url)) }))
}

type Intent = 'settings' | 'preview' | 'apply' | 'add' | 'remove' | 'move' | 'remind'
type ActionData = { intent: Intent | null; result: SubmissionResult<string[]> | null; message: string | null; preview: AssignmentPreview | null }
const reply = (data: Partial<ActionData>, status: number) => json<ActionData>({ intent: null, result: null, message: null, preview: null, ...data }, { status })

export async function action({ request, params }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const callId = params.callId!
	const url = new URL(request.url)
	const back = `/gestion/appels/${callId}/jury/affectations${readPage(url) > 1 ? `?page=${readPage(url)}` : ''}`
	const formData = await readFormData(request)
	const intent = formData.get('intent')

	if (intent === 'settings') {
		const submission = parseSubmission(formData, { schema: JurySettingsSchema })
		if (submission.status !== 'success') return reply({ intent, result: submission.reply() }, 400)
		const { intent: _intent, ...settings } = submission.value
		const outcome = await updateJurySettings({ user, callId, settings })
		if (!outcome.ok) {
			const result = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return reply({ intent, result }, 409)
		}
		return redirectWithToast(back, { title: 'Réglages du jury enregistrés' })
	}
	if (intent === 'preview') {
		const outcome = await previewAssignment({ user, callId })
		if (!outcome.ok) return reply({ intent, message: outcome.message }, 409)
		// A call may have 2,000 dossiers: the page receives the beginning of each list and its length.
		const { preview } = outcome
		const cut = <T,>(list: T[]) => list.slice(0, SHOWN_IN_LISTS)
		return reply({ intent, preview: { ...preview, short: cut(preview.short), groupShort: cut(preview.groupShort), removed: cut(preview.removed) } }, 200)
	}
	if (intent === 'apply') {
		const submission = parseSubmission(formData, { schema: ApplySchema })
		if (submission.status !== 'success') return reply({ intent, message: 'Prévisualisez d’abord l’affectation, puis appliquez-la depuis l’aperçu.' }, 400)
		const outcome = await applyAssignment({ user, callId, expected: submission.value })
		if (!outcome.ok) return reply({ intent, message: outcome.message }, 409)
		return redirectWithToast(back, {
			title: 'Affectation appliquée',
			description: `${pluralize(outcome.added, 'nouvelle affectation', 'nouvelles affectations')}, ${pluralize(outcome.emails, 'juré prévenu', 'jurés prévenus')} par e-mail.`,
		})
	}
	if (intent === 'add' || intent === 'move') {
		const submission = parseSubmission(formData, { schema: intent === 'add' ? AddAssignmentSchema : MoveAssignmentSchema })
		if (submission.status !== 'success') return reply({ intent, result: submission.reply() }, 400)
		const value = submission.value as { applicationId: string; jurorId: string } | { assignmentId: string; toJurorId: string }
		const outcome = 'applicationId' in value ? await addAssignment({ user, callId, ...value }) : await moveAssignment({ user, callId, ...value })
		if (!outcome.ok) return reply({ intent, result: submission.reply({ formErrors: [outcome.message] }) }, 409)
		return redirectWithToast(back, { title: intent === 'add' ? 'Dossier confié au juré' : 'Dossier déplacé', description: 'Le juré a été prévenu par e-mail.' })
	}
	if (intent === 'remove') {
		const submission = parseSubmission(formData, { schema: RemoveAssignmentSchema })
		if (submission.status !== 'success') return reply({ intent, message: 'Choisissez l’affectation à retirer.' }, 400)
		const outcome = await removeAssignment({ user, callId, assignmentId: submission.value.assignmentId })
		if (!outcome.ok) return reply({ intent, message: outcome.message }, 409)
		return redirectWithToast(back, { title: 'Affectation retirée' })
	}
	if (intent === 'remind') {
		const outcome = await remindLateJurors({ user, callId })
		if (!outcome.ok) return reply({ intent, message: outcome.message }, 409)
		return redirectWithToast(back, {
			title: outcome.emails === 0 ? 'Aucun juré à relancer' : 'Jurés relancés',
			description: outcome.emails === 0 ? 'Toutes les évaluations confiées sont envoyées.' : `${pluralize(outcome.emails, 'e-mail de rappel envoyé', 'e-mails de rappel envoyés')}.`,
		})
	}
	return reply({ message: 'Action inconnue.' }, 400)
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>

export default function AssignmentsPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { call } = data
	const base = `/gestion/appels/${call.id}/jury`
	const messageFor = (intent: Intent) => (actionData?.intent === intent && actionData.message ? [actionData.message] : undefined)
	return (
		<>
			<p>
				<Link to={base}>← Jury</Link>
			</p>
			<h1>{call.title}</h1>
			<CallNav callId={call.id} />
			<h2>Affectations du jury</h2>
			<p>
				Étape de l’appel : {CALL_STATUS_LABELS[call.status] ?? call.status}
				{call.juryEndsOn ? ` · fin du jury le ${formatDate(call.juryEndsOn)}` : ''}
			</p>
			{actionData && !actionData.intent && actionData.message ? <FormErrors id="page-error" errors={[actionData.message]} /> : null}
			{!data.atJury ? <p className="hint">Les affectations se font pendant l’étape « Jury » : ouvrez d’abord le jury depuis la page « Jury ».</p> : null}

			<SettingsForm call={call} editable={data.settingsEditable} lastResult={actionData?.intent === 'settings' ? actionData.result : null} />

			<section aria-labelledby="automatique">
				<h3 id="automatique">Affectation automatique</h3>
				<p className="hint">
					{call.jurorsPerApplication} juré{call.jurorsPerApplication > 1 ? 's' : ''} par dossier, charges équilibrées, maximum de chaque juré respecté, jamais un
					juré en conflit d’intérêts (ouvert ou confirmé), thèmes connus préférés. Un nouveau passage garde les affectations existantes et ne comble que
					les manques (par exemple après le départ d’un juré).
				</p>
				<FormErrors id="preview-error" errors={messageFor('preview') ?? messageFor('apply')} />
				{data.atJury ? (
					<Form method="post">
						<button type="submit" name="intent" value="preview">
							Prévisualiser
						</button>
					</Form>
				) : null}
				{actionData?.preview ? <AssignmentPreviewCard preview={actionData.preview} /> : null}
			</section>

			<Progress data={data} messageFor={messageFor} />
			<ByDossier data={data} messageFor={messageFor} />
			{data.atJury ? <ManualForms data={data} actionData={actionData} /> : null}
		</>
	)
}

function SettingsForm({ call, editable, lastResult }: { call: PageData['call']; editable: boolean; lastResult: SubmissionResult<string[]> | null | undefined }) {
	const [form, fields] = useForm({
		id: 'jury-settings',
		lastResult: lastResult ?? undefined,
		shouldValidate: 'onSubmit',
		defaultValue: {
			jurorsPerApplication: String(call.jurorsPerApplication),
			requiredJurorKind: call.requiredJurorKind ?? '',
			juryScoresVisibility: call.juryScoresVisibility,
		},
	})
	const visibility = (fields.juryScoresVisibility.initialValue as string | undefined) ?? call.juryScoresVisibility
	return (
		<section aria-labelledby="reglages">
			<h3 id="reglages">Réglages du jury</h3>
			<Form method="post" {...getFormProps(form)}>
				<FormErrors id={`${form.id}-form-error`} errors={form.errors} />
				<input type="hidden" name="intent" value="settings" />
				<input type="hidden" name="version" value={call.version} />
				<Field
					label="Jurés par dossier"
					hint={`De 1 à ${JURORS_PER_APPLICATION_MAX}.`}
					errors={fields.jurorsPerApplication.errors}
					inputProps={{ ...getInputProps(fields.jurorsPerApplication, { type: 'number' }), min: 1, max: JURORS_PER_APPLICATION_MAX, inputMode: 'numeric', required: true, disabled: !editable }}
				/>
				<SelectField
					label="Au moins un juré de ce type par dossier"
					errors={fields.requiredJurorKind.errors}
					selectProps={{ ...getSelectProps(fields.requiredJurorKind), disabled: !editable }}
					placeholder="Aucune règle"
					options={JUROR_KINDS.map((kind) => ({ value: kind, label: JUROR_KIND_LABELS[kind] }))}
				/>
				<fieldset disabled={!editable}>
					<legend>Un juré voit les notes des autres jurés d’un dossier</legend>
					{SCORES_VISIBILITIES.map((value) => (
						<label key={value} className="checkbox">
							<input type="radio" name={fields.juryScoresVisibility.name} value={value} defaultChecked={visibility === value} /> {SCORES_VISIBILITY_LABELS[value]}
						</label>
					))}
					<ErrorList errors={fields.juryScoresVisibility.errors} />
				</fieldset>
				{editable ? (
					<p>
						<button type="submit">Enregistrer les réglages</button>
					</p>
				) : (
					<p className="hint">La délibération a commencé : les réglages du jury ne changent plus.</p>
				)}
			</Form>
		</section>
	)
}

function Progress({ data, messageFor }: { data: PageData; messageFor: (intent: Intent) => string[] | undefined }) {
	const { jurors, totals } = data
	const withUnsent = jurors.filter((j) => j.status === 'active' && j.unsent > 0).length
	return (
		<section aria-labelledby="par-jure">
			<h3 id="par-jure">Avancement par juré</h3>
			<dl className="facts">
				<dt>Évaluations envoyées</dt>
				<dd>{`${formatInteger(totals.sent)} sur ${formatInteger(totals.assignments)}`}</dd>
				<dt>{`Dossiers avec leurs ${data.call.jurorsPerApplication} jurés`}</dt>
				<dd>{`${formatInteger(totals.complete)} sur ${formatInteger(totals.dossiers)}`}</dd>
				<dt>Dossiers sans juré</dt>
				<dd>{formatInteger(totals.none)}</dd>
			</dl>
			{jurors.length === 0 ? (
				<p>Aucun juré ne siège au jury.</p>
			) : (
				<div className="table-scroll">
					<table>
						<thead>
							<tr>
								<th scope="col">Juré</th>
								<th scope="col">Charge</th>
								<th scope="col">Envoyées</th>
								<th scope="col">En cours</th>
								<th scope="col">À envoyer</th>
							</tr>
						</thead>
						<tbody>
							{jurors.map((j) => (
								<tr key={j.id}>
									<th scope="row">
										{j.name}
										{j.status !== 'active' ? <span className="muted"> (ne siège plus : ses évaluations envoyées sont gardées)</span> : null}
									</th>
									<td data-label="Charge">
										{formatInteger(j.total)}
										{j.maxLoad !== null ? ` / ${formatInteger(j.maxLoad)} au plus` : ''}
									</td>
									<td data-label="Envoyées">{`${j.sent}/${j.total}`}</td>
									<td data-label="En cours">{formatInteger(j.started)}</td>
									<td data-label="À envoyer">{j.unsent === 0 ? '—' : `${formatInteger(j.unsent)}${j.late ? ' — en retard (le jury est terminé)' : ''}`}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{data.atJury ? (
				<Form method="post">
					<FormErrors id="remind-error" errors={messageFor('remind')} />
					<p className="hint">
						Un e-mail à chaque juré qui a des évaluations à envoyer ({pluralize(withUnsent, 'juré', 'jurés')} aujourd’hui).{' '}
						{data.call.juryReminderSentAt ? 'Le rappel automatique, 3 jours avant la fin du jury, est déjà parti.' : 'Un rappel automatique part aussi 3 jours avant la fin du jury.'}
					</p>
					<button type="submit" name="intent" value="remind" className="secondary">
						Relancer les jurés en retard
					</button>
				</Form>
			) : null}
		</section>
	)
}

function pageHref(base: string, page: number) {
	return page > 1 ? `${base}?page=${page}` : base
}

function Pagination({ page, pageCount, base }: { page: number; pageCount: number; base: string }) {
	if (pageCount <= 1) return null
	return (
		<nav aria-label="Pages des dossiers" className="pagination">
			<p>
				{page > 1 ? <Link to={pageHref(base, page - 1)}>← Page précédente</Link> : null}
				{page > 1 ? ' · ' : null}
				<span aria-current="page">{`Page ${page} sur ${pageCount}`}</span>
				{page < pageCount ? ' · ' : null}
				{page < pageCount ? <Link to={pageHref(base, page + 1)}>Page suivante →</Link> : null}
			</p>
		</nav>
	)
}

function ByDossier({ data, messageFor }: { data: PageData; messageFor: (intent: Intent) => string[] | undefined }) {
	const base = `/gestion/appels/${data.call.id}/jury/affectations`
	const action = data.page > 1 ? `${base}?page=${data.page}` : base
	return (
		<section aria-labelledby="par-dossier">
			<h3 id="par-dossier">Affectations par dossier</h3>
			<FormErrors id="remove-error" errors={messageFor('remove')} />
			{data.dossiers.length === 0 ? (
				<p>Aucun dossier n’est soumis au jury.</p>
			) : (
				<>
					<Pagination page={data.page} pageCount={data.pageCount} base={base} />
					<div className="table-scroll">
						<table>
							<thead>
								<tr>
									<th scope="col">Dossier</th>
									<th scope="col">Jurés</th>
									<th scope="col">Avancement</th>
								</tr>
							</thead>
							<tbody>
								{data.dossiers.map((d) => (
									<tr key={d.id}>
										<th scope="row">
											<Link to={`/gestion/appels/${data.call.id}/candidatures/${d.id}`}>{d.title}</Link>
										</th>
										<td data-label="Jurés">
											{d.assignments.length === 0 ? (
												'Aucun juré'
											) : (
												<ul style={{ margin: 0, paddingLeft: '1.2em' }}>
													{d.assignments.map((a) => (
														<li key={a.id}>
															{a.jurorName}
															{a.active ? '' : ' (ne siège plus)'}
															{a.inConflict ? ' (en conflit d’intérêts : à retirer ou déplacer)' : ''} : {a.progress === 'sent' ? (
																<Link to={`/gestion/appels/${data.call.id}/jury/evaluations/${a.id}`} aria-label={`Évaluation envoyée de ${a.jurorName} sur « ${d.title} »`}>
																	envoyée
																</Link>
															) : (
																PROGRESS_LABELS[a.progress].toLowerCase()
															)}
															{a.progress !== 'sent' && data.atJury ? (
																<Form method="post" action={action} style={{ display: 'inline' }}>
																	<input type="hidden" name="assignmentId" value={a.id} />{' '}
																	<button type="submit" name="intent" value="remove" className="secondary" aria-label={`Retirer « ${d.title} » à ${a.jurorName}`}>
																		Retirer
																	</button>
																</Form>
															) : null}
														</li>
													))}
												</ul>
											)}
										</td>
										<td data-label="Avancement">{`${d.sent}/${d.total} envoyée${d.sent > 1 ? 's' : ''}`}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
					<p className="hint">Une évaluation envoyée ne se retire ni ne se déplace : rouvrez-la d’abord depuis sa page. Celles d’un juré qui a quitté le jury sont gardées.</p>
					<Pagination page={data.page} pageCount={data.pageCount} base={base} />
				</>
			)}
		</section>
	)
}

function ManualForms({ data, actionData }: { data: PageData; actionData: ReturnType<typeof useActionData<typeof action>> }) {
	const active = data.jurors.filter((j) => j.status === 'active')
	const jurorOptions = active.map((j) => ({ value: j.id, label: `${j.name} (${j.total}${j.maxLoad !== null ? ` / ${j.maxLoad}` : ''})` }))
	const movable = data.dossiers.flatMap((d) => d.assignments.filter((a) => a.active && a.progress !== 'sent').map((a) => ({ value: a.id, label: `« ${d.title} » — ${a.jurorName}` })))
	const base = `/gestion/appels/${data.call.id}/jury/affectations`
	const action = data.page > 1 ? `${base}?page=${data.page}` : base
	const [addForm, addFields] = useForm({ id: 'add-assignment', lastResult: actionData?.intent === 'add' ? (actionData.result ?? undefined) : undefined, shouldValidate: 'onSubmit' })
	const [moveForm, moveFields] = useForm({ id: 'move-assignment', lastResult: actionData?.intent === 'move' ? (actionData.result ?? undefined) : undefined, shouldValidate: 'onSubmit' })
	if (data.dossiers.length === 0 || active.length === 0) return null
	return (
		<section aria-labelledby="a-la-main">
			<h3 id="a-la-main">À la main</h3>
			<p className="hint">Les dossiers proposés sont ceux de cette page. Le juré reçoit un e-mail pour chaque dossier ajouté ou déplacé vers lui.</p>
			<div className="grid-2">
				<Form method="post" action={action} {...getFormProps(addForm)}>
					<h4>Confier un dossier à un juré</h4>
					<FormErrors id={`${addForm.id}-form-error`} errors={addForm.errors} />
					<input type="hidden" name="intent" value="add" />
					<SelectField
						label="Dossier"
						errors={addFields.applicationId.errors}
						selectProps={{ ...getSelectProps(addFields.applicationId), required: true }}
						placeholder="Choisir…"
						options={data.dossiers.map((d) => ({ value: d.id, label: `${d.title} (${d.total} juré${d.total > 1 ? 's' : ''})` }))}
					/>
					<SelectField label="Juré (dossiers / maximum)" errors={addFields.jurorId.errors} selectProps={{ ...getSelectProps(addFields.jurorId), required: true }} placeholder="Choisir…" options={jurorOptions} />
					<button type="submit">Confier le dossier</button>
				</Form>
				{movable.length > 0 ? (
					<Form method="post" action={action} {...getFormProps(moveForm)}>
						<h4>Déplacer un dossier vers un autre juré</h4>
						<FormErrors id={`${moveForm.id}-form-error`} errors={moveForm.errors} />
						<input type="hidden" name="intent" value="move" />
						<SelectField label="Affectation à déplacer" errors={moveFields.assignmentId.errors} selectProps={{ ...getSelectProps(moveFields.assignmentId), required: true }} placeholder="Choisir…" options={movable} />
						<SelectField label="Nouveau juré" errors={moveFields.toJurorId.errors} selectProps={{ ...getSelectProps(moveFields.toJurorId), required: true }} placeholder="Choisir…" options={jurorOptions} />
						<button type="submit">Déplacer le dossier</button>
					</Form>
				) : null}
			</div>
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
