/**
 * The end-of-project evaluation as the consortium writes it (issue 10): its status and due
 * date, what is still missing, the consortium's part section by section (any co-porter) and
 * each association's own part (its référent only), each its own form saved on its own —
 * through a fetcher with JavaScript, so the page neither jumps nor loses what is typed in the
 * other sections —, then the lead's référent sends it. Everything the reader may do is the
 * read model's answer (loadFollowUpView), from the policy.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useFetcher, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import type { ReactNode } from 'react'
import { forbidden, requireUser } from '#app/auth/permissions.server.ts'
import { refusedFor } from '#app/auth/policy/index.ts'
import { ApplicationNav } from '#app/components/application-view.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { AssociationPartFields } from '#app/components/follow-up/association-part-fields.tsx'
import { ConsortiumSectionFields, savedFormValues } from '#app/components/follow-up/consortium-part-fields.tsx'
import { AssociationPartAnswers, ConsortiumSectionAnswers } from '#app/components/follow-up/evaluation-answers.tsx'
import { type Financial, financialReport } from '#app/components/follow-up/financial-report-fields.tsx'
import { fieldAnchor, formState } from '#app/components/form-state.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { decideFollowUp, requireFollowUp } from '#app/domain/follow-up/access.server.ts'
import { loadFollowUpView } from '#app/domain/follow-up/follow-up-view.server.ts'
import { AssociationPartSchema } from '#app/domain/reports/association-part.ts'
import { SECTION_SCHEMAS } from '#app/domain/reports/consortium-part.ts'
import { saveAssociationPart, saveConsortiumSection, submitReport } from '#app/domain/reports/evaluation-report.server.ts'
import { associationPartTitle, associationSection, CONSORTIUM_SECTIONS, type ConsortiumSection } from '#app/domain/reports/options.ts'
import { isConsortiumSection, REPORT_FORM_LISTS, REPORT_FORM_MESSAGES, reportErrorMap, versionOf, withoutEmpty } from '#app/domain/reports/report-forms.ts'
import { formatDate, formatDateTime } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { db } from '#db/client.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Évaluation de fin de projet — ${data.view.application.title} — Ensemble` : 'Évaluation — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const access = await requireFollowUp(db, user, params.applicationId!)
	const view = await loadFollowUpView(db, access)
	return json({ view, financial: financialReport(view.plan, view.report?.consortium.answers ?? {}, view.call.reportGapThresholdPercent) })
}

type Answer = {
	/** Which form the answer is for: a consortium section, `association:<id>`, 'submit', or 'page'. */
	form: string
	ok: boolean
	message: string | null
	result: ReturnType<ReturnType<typeof parseSubmission>['reply']> | null
	stale: boolean
	problems: { section: string; field: string; message: string }[] | null
}
const answer = (a: Partial<Answer> & { form: string }, status = 200) => json<Answer>({ ok: false, message: null, result: null, stale: false, problems: null, ...a }, { status })

/** One value of a field the page posts once; null when absent or repeated. */
const single = (formData: FormData, name: string) => {
	const values = formData.getAll(name)
	return values.length === 1 && typeof values[0] === 'string' ? values[0] : null
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	// 404 before anything is read for anyone who may not know of this follow-up.
	const access = await requireFollowUp(db, user, params.applicationId!)
	const applicationId = access.application.id
	const formData = await readFormData(request, { lists: REPORT_FORM_LISTS })
	const intent = single(formData, 'intent')

	if (intent === 'consortium-section') {
		const section = single(formData, 'section')
		if (!isConsortiumSection(section)) return answer({ form: 'page', message: REPORT_FORM_MESSAGES.unknownSection }, 400)
		// The consortium's part is the co-porters' (the funder reads it): anyone else is refused before the form is read.
		if (refusedFor(decideFollowUp(access, 'edit-consortium-part', { section }), 'not-member')) forbidden('Seules les associations du consortium rédigent sa partie de l’évaluation.')
		const submission = parseSubmission(formData, { schema: SECTION_SCHEMAS[section], errorMap: reportErrorMap })
		if (submission.status !== 'success') return answer({ form: section, message: REPORT_FORM_MESSAGES.invalid, result: submission.reply() }, 400)
		const version = versionOf(single(formData, 'version'))
		if (version === null) return answer({ form: section, message: REPORT_FORM_MESSAGES.version, result: submission.reply() }, 400)
		const outcome = await saveConsortiumSection({ user, applicationId, section, version, values: withoutEmpty(submission.payload) })
		if (!outcome.ok) return answer({ form: section, message: outcome.message, result: submission.reply(), stale: 'stale' in outcome }, 409)
		return answer({ form: section, ok: true, message: `Section « ${CONSORTIUM_SECTIONS[section]} » enregistrée.` })
	}

	if (intent === 'association-part') {
		const organizationId = single(formData, 'organizationId')
		const member = access.members.find((m) => m.organizationId === organizationId)
		if (!organizationId || !member) return answer({ form: 'page', message: REPORT_FORM_MESSAGES.unknownPart }, 400)
		const form = associationSection(organizationId)
		// Only its référent answers for an association: anyone else is refused whatever they sent.
		const decision = decideFollowUp(access, 'edit-association-part', { organizationId, section: form })
		if (refusedFor(decision, 'not-referent') || refusedFor(decision, 'not-member')) forbidden('Seul le ou la référent·e de l’association répond pour elle.')
		const submission = parseSubmission(formData, { schema: AssociationPartSchema, errorMap: reportErrorMap })
		if (submission.status !== 'success') return answer({ form, message: REPORT_FORM_MESSAGES.invalid, result: submission.reply() }, 400)
		const version = versionOf(single(formData, 'version'))
		if (version === null) return answer({ form, message: REPORT_FORM_MESSAGES.version, result: submission.reply() }, 400)
		const outcome = await saveAssociationPart({ user, applicationId, organizationId, version, values: withoutEmpty(submission.payload) })
		if (!outcome.ok) return answer({ form, message: outcome.message, result: submission.reply(), stale: 'stale' in outcome }, 409)
		return answer({ form, ok: true, message: `${associationPartTitle(member.name)} enregistrée.` })
	}

	if (intent === 'submit') {
		const outcome = await submitReport({ user, applicationId })
		if (!outcome.ok) return answer({ form: 'submit', message: outcome.message, problems: outcome.problems ?? null }, 409)
		return redirectWithToast(`/candidatures/${applicationId}/evaluation`, {
			title: 'Évaluation envoyée',
			description: 'Le financeur la relit ; chaque association en reçoit une copie.',
		})
	}

	return answer({ form: 'page', message: 'Action inconnue sur cette page : rechargez-la.' }, 400)
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>
type Report = NonNullable<Data['view']['report']>

const REPORT_STATUS_LABELS: Record<string, string> = {
	open: 'En cours de rédaction',
	submitted: 'Envoyée au financeur, en cours de relecture',
	changes_requested: 'Modifications demandées par le financeur',
	approved: 'Approuvée',
}

export default function EvaluationPage() {
	const { view, financial } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const { report } = view
	const isLead = view.members.some((m) => m.role === 'lead' && view.viewerOrganizationIds.includes(m.organizationId))
	return (
		<>
			<h1>Évaluation de fin de projet</h1>
			<p className="muted">{view.application.title}</p>
			{view.viewerOrganizationIds.length > 0 ? <ApplicationNav id={view.application.id} isLead={isLead} followUp publication={view.report?.status === 'approved'} /> : null}
			{view.viewerOrganizationIds.length > 0 && view.report?.status === 'approved' ? (
				<p className="card">
					L’évaluation est approuvée : racontez le projet à d’autres associations.{' '}
					<Link to={`/candidatures/${view.application.id}/publication`}>Publier le projet dans la vitrine des projets</Link> (avec l’accord de chaque association).
				</p>
			) : null}
			{actionData?.form === 'page' ? <FormErrors id="page-error" errors={actionData.message ? [actionData.message] : undefined} /> : null}
			{report === null ? (
				<p className="card">
					{`L’évaluation de fin de projet s’ouvre à la fin du projet${view.call.projectEndsOn ? ` (le ${formatDate(view.call.projectEndsOn)})` : ''} : elle sera à remettre au plus tard le ${
						view.call.evaluationDueOn ? formatDate(view.call.evaluationDueOn) : 'sixième mois qui suit la fin du projet'
					}.`}
				</p>
			) : (
				<ReportPage view={view} report={report} financial={financial} />
			)}
		</>
	)
}

function ReportPage({ view, report, financial }: { view: Data['view']; report: Report; financial: Financial }) {
	const actionData = useActionData<typeof action>()
	const titleOf = (section: string) =>
		CONSORTIUM_SECTIONS[section as ConsortiumSection] ?? associationPartTitle(report.associations.find((a) => a.section === section)?.name ?? '')
	const editableSections = new Set([...report.sections.filter((s) => s.canEdit).map((s) => s.section as string), ...report.associations.filter((a) => a.canEdit).map((a) => a.section)])
	const anchorOf = (problem: { section: string; field: string }) => (editableSections.has(problem.section) ? fieldAnchor(problem.section, problem.field) : fieldAnchor('section', problem.section))
	return (
		<>
			<dl className="facts">
				<dt>Statut</dt>
				<dd>
					{REPORT_STATUS_LABELS[report.status] ?? report.status}
					{report.submittedAt && report.status !== 'open' ? ` — envoyée le ${formatDateTime(report.submittedAt)}` : ''}
					{report.status === 'approved' && report.reviewedAt ? ` — approuvée le ${formatDateTime(report.reviewedAt)}` : ''}
				</dd>
				<dt>À remettre au plus tard le</dt>
				<dd>
					{formatDate(report.dueOn)}
					{report.late ? (
						<>
							{' — '}
							<strong className="field-error">en retard</strong>
						</>
					) : null}
				</dd>
			</dl>
			{report.submittedAt ? (
				<p>
					<a href={`/candidatures/${view.application.id}/evaluation.pdf`}>Télécharger l’évaluation envoyée (PDF)</a>
				</p>
			) : null}
			{report.status === 'changes_requested' ? (
				<section className="card" aria-labelledby="demande-financeur">
					<h2 id="demande-financeur">Ce que le financeur demande de reprendre</h2>
					<p style={{ whiteSpace: 'pre-line' }}>{report.reviewMessage}</p>
					<p>Sections rouvertes :</p>
					<ul>
						{report.reopenedSections.map((section) => (
							<li key={section}>
								<a href={`#${fieldAnchor('section', section)}`}>{titleOf(section)}</a>
							</li>
						))}
					</ul>
					<p className="muted">Les autres sections restent telles qu’envoyées.</p>
				</section>
			) : null}

			{report.status === 'open' || report.status === 'changes_requested' ? (
				<section aria-labelledby="reste">
					<h2 id="reste">Ce qu’il reste à compléter</h2>
					{report.problems.length === 0 ? (
						<p>Rien ne manque : l’évaluation peut être envoyée par le ou la référent·e de l’association chef de file.</p>
					) : (
						<ul>
							{report.problems.map((problem, index) => (
								<li key={index}>
									<a href={`#${anchorOf(problem)}`}>{`${titleOf(problem.section)} : ${problem.message}`}</a>
								</li>
							))}
						</ul>
					)}
					{report.mayEverSubmit ? <SubmitForm canSubmit={report.canSubmit} /> : null}
					{actionData?.form === 'submit' ? (
						<div className="form-error" role="alert">
							<p style={{ margin: 0 }}>{actionData.message}</p>
							{actionData.problems?.length ? (
								<ul>
									{actionData.problems.map((problem, index) => (
										<li key={index}>{`${titleOf(problem.section)} : ${problem.message}`}</li>
									))}
								</ul>
							) : null}
						</div>
					) : null}
				</section>
			) : null}

			<h2>La partie du consortium</h2>
			<p className="muted">Toute personne membre d’une association du consortium peut la rédiger. Chaque section s’enregistre séparément.</p>
			{report.sections.map((s) => {
				const section = s.section as ConsortiumSection
				const answers = (report.consortium.answers[section] ?? {}) as Record<string, unknown>
				return (
					<SectionBlock key={section} id={fieldAnchor('section', section)} title={s.title} note={s.reopened && report.status === 'changes_requested' ? 'Rouverte par le financeur' : null}>
						{s.canEdit ? (
							<SectionForm
								formKey={section}
								hidden={{ intent: 'consortium-section', section }}
								version={report.consortium.version}
								saved={savedFormValues(section, answers, financial)}
								savedView={<ConsortiumSectionAnswers section={section} answers={report.consortium.answers} plan={view.plan} financial={financial} />}
							>
								{(state) => <ConsortiumSectionFields section={section} state={state} plan={view.plan} financial={financial} />}
							</SectionForm>
						) : (
							<ConsortiumSectionAnswers section={section} answers={report.consortium.answers} plan={view.plan} financial={financial} />
						)}
					</SectionBlock>
				)
			})}

			<h2>La partie de chaque association</h2>
			<p className="muted">Chaque association dit comment elle a vécu la coopération ; seul·e son ou sa référent·e répond pour elle.</p>
			{report.associations.map((part) => (
				<SectionBlock
					key={part.organizationId}
					id={fieldAnchor('section', part.section)}
					title={`${part.name}${part.role === 'lead' ? ' (chef de file)' : ''}`}
					note={part.reopened && report.status === 'changes_requested' ? 'Rouverte par le financeur' : null}
				>
					{part.canEdit ? (
						<SectionForm
							formKey={part.section}
							hidden={{ intent: 'association-part', organizationId: part.organizationId }}
							version={part.version}
							saved={part.answers}
							savedView={<AssociationPartAnswers answers={part.answers} started={part.version > 1} />}
						>
							{(state) => <AssociationPartFields state={state} />}
						</SectionForm>
					) : (
						<AssociationPartAnswers answers={part.answers} started={part.version > 1} />
					)}
				</SectionBlock>
			))}
		</>
	)
}

function SectionBlock({ id, title, note, children }: { id: string; title: string; note: string | null; children: ReactNode }) {
	return (
		<section aria-labelledby={`${id}-titre`} className="card" id={id}>
			<h3 id={`${id}-titre`}>
				{title}
				{note ? <span className="muted">{` — ${note}`}</span> : null}
			</h3>
			{children}
		</section>
	)
}

/**
 * One section's own form: with JavaScript a fetcher saves it without leaving the page (what is
 * typed elsewhere stays); without, a plain POST answered by the page with the outcome.
 */
function SectionForm({
	formKey,
	hidden,
	version,
	saved,
	savedView,
	children,
}: {
	formKey: string
	hidden: Record<string, string>
	version: number
	saved: Record<string, unknown>
	savedView: ReactNode
	children: (state: ReturnType<typeof formState>) => ReactNode
}) {
	const fetcher = useFetcher<typeof action>()
	const actionData = useActionData<typeof action>()
	const outcome = fetcher.data ?? (actionData?.form === formKey ? actionData : undefined)
	const state = formState(formKey, outcome?.result, saved)
	const errorId = fieldAnchor(formKey, 'erreurs')
	const fieldMessages = outcome?.result?.error ? Object.values(outcome.result.error).flatMap((e) => e ?? []) : []
	const errors = outcome && !outcome.ok && outcome.message ? [outcome.message, ...new Set(fieldMessages)] : undefined
	return (
		<fetcher.Form method="post" className="stack" style={{ maxWidth: 'none' }} noValidate aria-describedby={errors ? errorId : undefined}>
			<FormErrors id={errorId} errors={errors} />
			{outcome?.stale ? (
				<details open>
					<summary>Les réponses enregistrées entre-temps</summary>
					{savedView}
				</details>
			) : null}
			{Object.entries(hidden).map(([name, value]) => (
				<input key={name} type="hidden" name={name} value={value} />
			))}
			{/* The version last loaded: a save here or elsewhere on the page brings the new one. */}
			<input type="hidden" name="version" value={version} />
			{children(state)}
			<div className="form-actions">
				<button type="submit">Enregistrer</button>
				<p className="form-status" role="status">
					{fetcher.state !== 'idle' ? 'Enregistrement…' : outcome?.ok ? outcome.message : ''}
				</p>
			</div>
		</fetcher.Form>
	)
}

function SubmitForm({ canSubmit }: { canSubmit: boolean }) {
	return (
		<Form method="post" className="stack">
			<input type="hidden" name="intent" value="submit" />
			<p className="muted" style={{ margin: 0 }}>
				{canSubmit
					? 'Une fois envoyée, l’évaluation n’est plus modifiable, sauf les sections que le financeur rouvrirait.'
					: 'Le bouton s’active quand plus rien ne manque ci-dessus.'}
			</p>
			<div>
				<button type="submit" disabled={!canSubmit}>
					Envoyer l’évaluation au financeur
				</button>
			</div>
		</Form>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
