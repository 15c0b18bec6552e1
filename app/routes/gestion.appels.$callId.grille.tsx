import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { notFound, requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallHeader } from '#app/components/call-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, Field, FormErrors, TextareaField } from '#app/components/forms.tsx'
import { CRITERIA_LISTS, CriteriaSchema, sentVersion } from '#app/domain/calls/call-form.ts'
import { blankRowCount, MAX_CRITERIA } from '#app/domain/calls/call-rules.ts'
import { getCallForStaff, saveCriteria } from '#app/domain/calls/call-management.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Grille de notation — ${data?.title ?? 'Appel à projets'} — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const found = await getCallForStaff({ user, callId: params.callId! })
	if (!found) notFound('Cet appel à projets n’existe pas ou ne relève pas de votre financeur.')
	const rows = found.criteria.map((c) => ({
		id: c.id,
		label: c.label,
		description: c.description,
		weight: String(c.weight),
		scaleMax: String(c.scaleMax),
	}))
	const blank = { id: '', label: '', description: '', weight: '1', scaleMax: '5' }
	return json({
		callId: found.call.id,
		title: found.call.title,
		editable: found.gridEditable,
		criteria: found.criteria.map((c) => ({ id: c.id, label: c.label, description: c.description, weight: c.weight, scaleMax: c.scaleMax })),
		version: found.call.criteriaVersion,
		defaultValue: { criteria: [...rows, ...Array.from({ length: blankRowCount(rows.length, MAX_CRITERIA) }, () => blank)] },
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const callId = params.callId!
	const formData = await readFormData(request, { lists: CRITERIA_LISTS })
	const submission = parseSubmission(formData, { schema: CriteriaSchema })
	// The refused form keeps the version it was read at, unless someone saved since (a conflict).
	const version = sentVersion(formData.get('version'))
	if (submission.status !== 'success') return json({ version, result: submission.reply() }, { status: 400 })
	const outcome = await saveCriteria({ user, callId, ...submission.value })
	if (!outcome.ok) {
		const current = 'conflict' in outcome ? outcome.currentVersion : version
		return json({ version: current, result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 })
	}
	return redirectWithToast(`/gestion/appels/${callId}/grille`, { title: 'Grille de notation enregistrée' })
}

export default function CriteriaPage() {
	const { callId, title, editable, criteria, version, defaultValue } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const totalWeight = criteria.reduce((sum, c) => sum + c.weight, 0)
	return (
		<>
			<CallHeader callId={callId} title={title} />
			<h2>Grille de notation du jury</h2>
			<p className="muted">
				Chaque juré note chaque critère de 0 à sa note maximale ; la moyenne est pondérée par les coefficients
				{criteria.length > 0 ? ` (total des coefficients : ${totalWeight})` : ''}.
			</p>
			{editable ? (
				<CriteriaForm key={version} version={actionData?.version ?? version} defaultValue={defaultValue} lastResult={actionData?.result} />
			) : (
				<>
					<p>Le jury a commencé : la grille ne change plus.</p>
					<table>
						<thead>
							<tr>
								<th scope="col">Critère</th>
								<th scope="col">Coefficient</th>
								<th scope="col">Note maximale</th>
							</tr>
						</thead>
						<tbody>
							{criteria.map((c) => (
								<tr key={c.id}>
									<th scope="row">
										{c.label}
										{c.description ? <p className="muted" style={{ margin: 0, fontWeight: 'normal' }}>{c.description}</p> : null}
									</th>
									<td>{c.weight}</td>
									<td>{c.scaleMax}</td>
								</tr>
							))}
						</tbody>
					</table>
				</>
			)}
		</>
	)
}

function CriteriaForm({
	version,
	defaultValue,
	lastResult,
}: {
	/** The version of the grid the form edits: a save on an older one is refused (see saveCriteria). */
	version: number
	defaultValue: { criteria: { id: string; label: string; description: string; weight: string; scaleMax: string }[] }
	lastResult: SubmissionResult<string[]> | undefined
}) {
	const [form, fields] = useForm({
		id: 'grille',
		defaultValue,
		lastResult,
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: CriteriaSchema }),
	})
	return (
		<Form method="post" className="stack" {...getFormProps(form)} aria-describedby={form.errors ? form.errorId : undefined}>
			<FormErrors id={form.errorId} errors={form.errors} />
			<input type="hidden" name="intent" value="save-criteria" />
			<input type="hidden" name="version" value={version} key={version} />
			<p className="hint" style={{ margin: 0 }}>
				{`${MAX_CRITERIA} critères au plus. Videz l’intitulé et la description d’un critère pour le retirer. Enregistrez pour obtenir d’autres lignes vides.`}
			</p>
			<ErrorList errors={fields.criteria.errors} />
			{fields.criteria.getFieldList().map((criterion, index) => {
				const row = criterion.getFieldset()
				return (
					<fieldset key={criterion.key} className="stack">
						<legend>Critère {index + 1}</legend>
						<input {...getInputProps(row.id, { type: 'hidden' })} />
						<Field label="Intitulé" errors={row.label.errors} inputProps={getInputProps(row.label, { type: 'text' })} />
						<TextareaField
							label="Description (facultatif)"
							hint="Ce que le jury regarde pour noter ce critère."
							errors={row.description.errors}
							textareaProps={{ ...getTextareaProps(row.description), rows: 3 }}
						/>
						<div className="grid-2">
							<Field
								label="Coefficient"
								hint="Entre 1 et 100."
								errors={row.weight.errors}
								inputProps={{ ...getInputProps(row.weight, { type: 'text' }), inputMode: 'numeric' }}
							/>
							<Field
								label="Note maximale"
								hint="Le critère est noté de 0 à cette valeur (entre 2 et 100)."
								errors={row.scaleMax.errors}
								inputProps={{ ...getInputProps(row.scaleMax, { type: 'text' }), inputMode: 'numeric' }}
							/>
						</div>
					</fieldset>
				)
			})}
			<div>
				<button type="submit">Enregistrer la grille</button>
			</div>
		</Form>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
