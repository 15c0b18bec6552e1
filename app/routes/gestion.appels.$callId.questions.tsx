import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { notFound, requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallHeader } from '#app/components/call-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, Field, FormErrors, SelectField, TextareaField } from '#app/components/forms.tsx'
import { BLANK_ROWS, QUESTION_TYPE_LABELS, QUESTION_TYPES, QUESTIONS_LISTS, QuestionsSchema, sentVersion } from '#app/domain/calls/call-form.ts'
import { MAX_QUESTIONS } from '#app/domain/calls/call-rules.ts'
import { getCallForStaff, saveQuestions } from '#app/domain/calls/call-management.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Questions aux candidats — ${data?.title ?? 'Appel à projets'} — Ensemble` }]

type Row = { id: string; label: string; type: string; required: string; maxLength: string; choices: string }

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const found = await getCallForStaff({ user, callId: params.callId! })
	if (!found) notFound('Cet appel à projets n’existe pas ou ne relève pas de votre financeur.')
	const rows: Row[] = found.questions.map((q) => ({
		id: q.id,
		label: q.label,
		type: q.type,
		required: q.required ? 'on' : '',
		maxLength: q.maxLength === null ? '' : String(q.maxLength),
		choices: (q.choices ?? []).join('\n'),
	}))
	const blank: Row = { id: '', label: '', type: 'long_text', required: 'on', maxLength: '', choices: '' }
	const blanks = Math.max(0, Math.min(BLANK_ROWS, MAX_QUESTIONS - rows.length))
	return json({
		callId: found.call.id,
		title: found.call.title,
		editable: found.editable,
		applicationCount: found.applicationCount,
		questions: rows,
		version: found.call.questionsVersion,
		defaultValue: { questions: [...rows, ...Array.from({ length: blanks }, () => blank)] },
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const callId = params.callId!
	const formData = await readFormData(request, { lists: QUESTIONS_LISTS })
	const submission = parseSubmission(formData, { schema: QuestionsSchema })
	// The refused form keeps the version it was read at, unless someone saved since (a conflict).
	const version = sentVersion(formData.get('version'))
	if (submission.status !== 'success') return json({ version, result: submission.reply() }, { status: 400 })
	const outcome = await saveQuestions({ user, callId, ...submission.value })
	if (!outcome.ok) {
		const current = 'conflict' in outcome ? outcome.currentVersion : version
		return json({ version: current, result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 })
	}
	return redirectWithToast(`/gestion/appels/${callId}/questions`, { title: 'Questions enregistrées' })
}

export default function QuestionsPage() {
	const { callId, title, editable, applicationCount, questions, version, defaultValue } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<>
			<CallHeader callId={callId} title={title} />
			<h2>Questions aux candidats</h2>
			<p className="muted">
				En plus du dossier commun (projet, coopération, budget), l’appel peut poser jusqu’à {MAX_QUESTIONS} questions qui lui sont
				propres.
				{applicationCount > 0
					? ' Des associations ont commencé à répondre : vous pouvez ajouter des questions ou les reformuler, pas en retirer ni changer leur type.'
					: ''}
			</p>
			{editable ? (
				<QuestionsForm key={version} version={actionData?.version ?? version} defaultValue={defaultValue} lastResult={actionData?.result} />
			) : (
				<>
					<p>L’appel est clos : ses questions ne changent plus.</p>
					<ol>
						{questions.map((q) => (
							<li key={q.id}>
								{q.label} — {QUESTION_TYPE_LABELS[q.type]}
								{q.required ? '' : ' (facultatif)'}
							</li>
						))}
					</ol>
				</>
			)}
		</>
	)
}

function QuestionsForm({
	version,
	defaultValue,
	lastResult,
}: {
	/** The version of the questions the form edits: a save on an older one is refused (see saveQuestions). */
	version: number
	defaultValue: { questions: Row[] }
	lastResult: SubmissionResult<string[]> | undefined
}) {
	const [form, fields] = useForm({
		id: 'questions',
		defaultValue,
		lastResult,
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: QuestionsSchema }),
	})
	return (
		<Form method="post" className="stack" {...getFormProps(form)} aria-describedby={form.errors ? form.errorId : undefined}>
			<FormErrors id={form.errorId} errors={form.errors} />
			<input type="hidden" name="intent" value="save-questions" />
			<input type="hidden" name="version" value={version} key={version} />
			<p className="hint" style={{ margin: 0 }}>
				Videz le texte d’une question pour la retirer. Enregistrez pour obtenir d’autres lignes vides.
			</p>
			<ErrorList errors={fields.questions.errors} />
			{fields.questions.getFieldList().map((question, index) => {
				const row = question.getFieldset()
				const requiredId = `${row.required.id}`
				return (
					<fieldset key={question.key} className="stack">
						<legend>Question {index + 1}</legend>
						<input {...getInputProps(row.id, { type: 'hidden' })} />
						<TextareaField label="Question" errors={row.label.errors} textareaProps={{ ...getTextareaProps(row.label), rows: 2 }} />
						<SelectField label="Type de réponse" errors={row.type.errors} selectProps={getSelectProps(row.type)} options={QUESTION_TYPES} />
						<Field
							label="Nombre maximum de caractères"
							hint="Obligatoire pour un texte long (exemple : 2000) ; facultatif pour un texte court (500 au plus) ; vide pour les autres types."
							errors={row.maxLength.errors}
							inputProps={{ ...getInputProps(row.maxLength, { type: 'text' }), inputMode: 'numeric' }}
						/>
						<TextareaField
							label="Choix proposés"
							hint="Pour une question « Choix dans une liste » seulement : un choix par ligne, deux au moins."
							errors={row.choices.errors}
							textareaProps={{ ...getTextareaProps(row.choices), rows: 3 }}
						/>
						<div className="field">
							<label htmlFor={requiredId}>
								<input {...getInputProps(row.required, { type: 'checkbox' })} id={requiredId} /> Réponse obligatoire
							</label>
						</div>
					</fieldset>
				)
			})}
			<div>
				<button type="submit">Enregistrer les questions</button>
			</div>
		</Form>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
