import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type FieldMetadata } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { restoreKeptInput, requireUserKeepingInput } from '#app/auth/keep-input.server.ts'
import { requireUser } from '#app/auth/permissions.server.ts'
import { ApplicationNav, QuestionsSection, ReadOnlySectionPage, ReadOnlyNotice } from '#app/components/application-view.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, Field, FormErrors, SaveButton, SelectField, TextareaField } from '#app/components/forms.tsx'
import { answersSchema, textLimit } from '#app/domain/applications/application-forms.ts'
import { getApplicationForEditor, getDossierForUser, mayEdit } from '#app/domain/applications/access.server.ts'
import { loadCallRequirements } from '#app/domain/applications/read-model.server.ts'
import { saveAnswers } from '#app/domain/applications/sections.server.ts'
import { YES_NO } from '#app/domain/applications/options.ts'
import { readAnswers, type Answers, type CallQuestion } from '#app/domain/applications/rules.ts'
import { refusedSectionSave } from '#app/domain/applications/section-save.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Questions de l’appel — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const { access, dossier } = await getDossierForUser({ id: params.applicationId!, user }, { history: false })
	const { application } = access
	const { details, reopened } = dossier
	const { questions } = details.call
	// What was typed when the session expired comes back in the form (app/auth/keep-input.server.ts).
	const kept = await restoreKeptInput(request, user)
	return json({
		keptResult: kept ? parseWithZod(kept, { schema: answersSchema(questions) }).reply() : null,
		id: application.id,
		isLead: access.isLead,
		editable: await mayEdit(access, async () => reopened.includes('answers')),
		version: application.answersVersion,
		questions,
		answers: readAnswers(application.answers),
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUserKeepingInput(request)
	const { application } = await getApplicationForEditor({ id: params.applicationId!, user })
	const { questions } = await loadCallRequirements(application.callId)
	const submission = parseSubmission(await readFormData(request), { schema: answersSchema(questions) })
	if (submission.status !== 'success') return json({ result: submission.reply(), conflict: null }, { status: 400 })
	const outcome = await saveAnswers({ id: application.id, user, input: submission.value })
	if (!outcome.ok) return refusedSectionSave(submission, outcome)
	return redirectWithToast(`/candidatures/${application.id}/questions`, { title: 'Section « Questions de l’appel » enregistrée' })
}

/** A stored answer as typed back in the form (numbers the French way). */
function toInput(value: string | number | undefined) {
	if (value === undefined) return ''
	return typeof value === 'number' ? String(value).replace('.', ',') : value
}

function display(question: CallQuestion, value: string | number | undefined) {
	if (value === undefined || value === '') return 'Sans réponse'
	if (question.type === 'yes_no') return YES_NO.find((o) => o.value === value)?.label ?? String(value)
	return toInput(value)
}

function QuestionField({ question, meta }: { question: CallQuestion; meta: FieldMetadata<string> }) {
	const label = `${question.label}${question.required ? '' : ' (facultatif)'}`
	switch (question.type) {
		case 'short_text':
			return <Field label={label} errors={meta.errors} inputProps={{ ...getInputProps(meta, { type: 'text' }), maxLength: textLimit(question) }} />
		case 'long_text':
			return (
				<TextareaField
					label={label}
					hint={`${textLimit(question).toLocaleString('fr-FR')} caractères au plus.`}
					errors={meta.errors}
					textareaProps={{ ...getTextareaProps(meta), rows: 6 }}
				/>
			)
		case 'number':
			return <Field label={label} hint="En chiffres, par exemple 12 ou 12,5." errors={meta.errors} inputProps={{ ...getInputProps(meta, { type: 'text' }), inputMode: 'decimal' }} />
		case 'choice':
			return (
				<SelectField
					label={label}
					errors={meta.errors}
					selectProps={getSelectProps(meta)}
					options={(question.choices ?? []).map((c) => ({ value: c, label: c }))}
					placeholder="Choisissez"
				/>
			)
		case 'yes_no':
			return (
				<fieldset>
					<legend>{label}</legend>
					{getCollectionProps(meta, { type: 'radio', options: YES_NO.map((o) => o.value) }).map((props) => (
						<label key={props.key} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
							<input {...props} key={props.key} />
							{YES_NO.find((o) => o.value === props.value)?.label}
						</label>
					))}
					<ErrorList id={meta.errorId} errors={meta.errors} />
				</fieldset>
			)
	}
}

export default function QuestionsPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	// A save refused because the dossier closed meanwhile stays in the form, with what was typed.
	if (!data.editable && !actionData) {
		const section = { questions: data.questions, answers: data.answers }
		return <ReadOnlySectionPage title="Questions de l’appel" id={data.id} isLead={data.isLead} name="section-questions" inputs={section} render={() => <QuestionsSection {...section} />} />
	}
	return <QuestionsForm data={data} actionData={actionData} />
}

function QuestionsForm({ data, actionData }: { data: SerializeFrom<typeof loader>; actionData: SerializeFrom<typeof action> | undefined }) {
	const schema = answersSchema(data.questions)
	const [form, fields] = useForm({
		id: 'questions',
		lastResult: actionData?.result ?? data.keptResult,
		defaultValue: { answers: Object.fromEntries(data.questions.map((q) => [q.id, toInput(data.answers[q.id])])) },
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
	})
	const answerFields = fields.answers.getFieldset() as Record<string, FieldMetadata<string>>
	const conflict = actionData?.conflict as { current: Answers; version: number } | null | undefined
	return (
		<>
			<h1>Questions de l’appel</h1>
			<ApplicationNav id={data.id} isLead={data.isLead} />
			{!data.editable ? <ReadOnlyNotice isLead={data.isLead} /> : null}
			{data.questions.length === 0 ? <p>Cet appel à projets ne pose pas de question particulière.</p> : null}
			{conflict ? (
				<section className="card" aria-labelledby="version-enregistree">
					<h2 id="version-enregistree">Version enregistrée par l’autre personne</h2>
					<dl className="facts">
						{data.questions.map((q) => (
							<div key={q.id} style={{ display: 'contents' }}>
								<dt>{q.label}</dt>
								<dd style={{ whiteSpace: 'pre-line' }}>{display(q, conflict.current[q.id])}</dd>
							</div>
						))}
					</dl>
				</section>
			) : null}
			{data.questions.length > 0 ? (
				<Form method="post" className="stack" {...getFormProps(form)}>
					<FormErrors id={form.errorId} errors={form.errors} />
					<input type="hidden" name="version" value={conflict?.version ?? data.version} key={conflict?.version ?? data.version} />
					<fieldset disabled={!data.editable} className="stack" style={{ border: 'none', padding: 0 }}>
						{data.questions.map((question) => (
							<QuestionField key={question.id} question={question} meta={answerFields[question.id]!} />
						))}
						{data.editable ? (
							<SaveButton />
						) : null}
					</fieldset>
				</Form>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
