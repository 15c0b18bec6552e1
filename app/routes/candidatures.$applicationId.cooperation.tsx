import { getCollectionProps, getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { restoreKeptInput, requireUserKeepingInput } from '#app/auth/keep-input.server.ts'
import { requireUser } from '#app/auth/permissions.server.ts'
import { ApplicationNav, CooperationSection, ReadOnlySectionPage, ReadOnlyNotice } from '#app/components/application-view.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, Field, FormErrors, SaveButton, TextareaField } from '#app/components/forms.tsx'
import { COOPERATION_LISTS, CooperationSchema } from '#app/domain/applications/application-forms.ts'
import { getApplicationForEditor, getDossierForUser, mayEdit } from '#app/domain/applications/access.server.ts'
import { saveCooperation } from '#app/domain/applications/sections.server.ts'
import { COOPERATION_TOPICS, INVOLVEMENT_FORMS, OTHER_PARTNER_KINDS, SHARING_LEVELS, TRIGGERS } from '#app/domain/applications/options.ts'
import { readCooperation } from '#app/domain/applications/rules.ts'
import { refusedSectionSave } from '#app/domain/applications/section-save.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Coopération — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const { access, dossier } = await getDossierForUser({ id: params.applicationId!, user }, { history: false })
	const { application } = access
	// What was typed when the session expired comes back in the form (app/auth/keep-input.server.ts).
	const kept = await restoreKeptInput(request, user)
	return json({
		keptResult: kept ? parseWithZod(kept, { schema: CooperationSchema }).reply() : null,
		id: application.id,
		isLead: access.isLead,
		editable: await mayEdit(access, async () => dossier.reopened.includes('cooperation')),
		version: application.cooperationVersion,
		cooperation: readCooperation(application.cooperation),
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUserKeepingInput(request)
	const { application } = await getApplicationForEditor({ id: params.applicationId!, user })
	const submission = parseSubmission(await readFormData(request, { lists: COOPERATION_LISTS }), { schema: CooperationSchema })
	if (submission.status !== 'success') return json({ result: submission.reply(), conflict: null }, { status: 400 })
	const outcome = await saveCooperation({ id: application.id, user, input: submission.value })
	if (!outcome.ok) return refusedSectionSave(submission, outcome)
	return redirectWithToast(`/candidatures/${application.id}/cooperation`, { title: 'Section « Coopération » enregistrée' })
}

function Choices({
	legend,
	hint,
	meta,
	options,
	type,
}: {
	legend: string
	hint?: string
	meta: Parameters<typeof getCollectionProps>[0]
	options: readonly { value: string; label: string; definition?: string }[]
	type: 'checkbox' | 'radio'
}) {
	return (
		<fieldset>
			<legend>{legend}</legend>
			{hint ? <p className="hint muted">{hint}</p> : null}
			{getCollectionProps(meta, { type, options: options.map((o) => o.value) }).map((props) => {
				const option = options.find((o) => o.value === props.value)!
				return (
					<label key={props.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
						<input {...props} key={props.key} style={{ marginTop: 6 }} />
						<span>
							{option.label}
							{option.definition ? <span className="muted"> — {option.definition}</span> : null}
						</span>
					</label>
				)
			})}
			<ErrorList id={meta.errorId} errors={meta.errors} />
		</fieldset>
	)
}

export default function CooperationPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	// A save refused because the dossier closed meanwhile stays in the form, with what was typed.
	if (!data.editable && !actionData) {
		const section = { cooperation: data.cooperation }
		return <ReadOnlySectionPage title="Coopération" id={data.id} isLead={data.isLead} name="section-cooperation" inputs={section} render={() => <CooperationSection {...section} />} />
	}
	return <CooperationForm data={data} actionData={actionData} />
}

function CooperationForm({ data, actionData }: { data: SerializeFrom<typeof loader>; actionData: SerializeFrom<typeof action> | undefined }) {
	const [form, fields] = useForm({
		id: 'cooperation',
		lastResult: actionData?.result ?? data.keptResult,
		defaultValue: { ...data.cooperation },
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: CooperationSchema }),
	})
	const topics = fields.topics.getFieldset()
	const conflict = actionData?.conflict
	return (
		<>
			<h1>Coopération</h1>
			<ApplicationNav id={data.id} isLead={data.isLead} />
			{!data.editable ? <ReadOnlyNotice isLead={data.isLead} /> : null}
			{conflict ? (
				<section className="card" aria-labelledby="version-enregistree">
					<h2 id="version-enregistree">Version enregistrée par l’autre personne</h2>
					<dl className="facts">
						<dt>Niveau de partage</dt>
						<dd>{SHARING_LEVELS.find((l) => l.value === conflict.current.level)?.label ?? '—'}</dd>
						{COOPERATION_TOPICS.map((topic) => (
							<div key={topic.value} style={{ display: 'contents' }}>
								<dt>{topic.label}</dt>
								<dd style={{ whiteSpace: 'pre-line' }}>{conflict.current.topics[topic.value] || '—'}</dd>
							</div>
						))}
					</dl>
				</section>
			) : null}
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="version" value={conflict?.version ?? data.version} key={conflict?.version ?? data.version} />
				<fieldset disabled={!data.editable} className="stack" style={{ border: 'none', padding: 0 }}>
					<Choices legend="Niveau de partage entre les associations" meta={fields.level} options={SHARING_LEVELS} type="radio" />
					<Choices
						legend="Ce qui a déclenché la coopération"
						hint="Plusieurs réponses possibles."
						meta={fields.triggers}
						options={TRIGGERS}
						type="checkbox"
					/>
					<fieldset>
						<legend>Pense-pas-bête de la coopération</legend>
						<p className="hint muted">
							Les douze sujets à régler entre partenaires : dites pour chacun ce que vous avez convenu. Les conseils d’associations qui ont déjà
							coopéré : <Link to="/cooperer">le pense-pas-bête de la coopération</Link>.
						</p>
						{COOPERATION_TOPICS.map((topic) => {
							const meta = topics[topic.value]!
							return <TextareaField key={topic.value} label={topic.label} errors={meta.errors} textareaProps={{ ...getTextareaProps(meta), rows: 3 }} />
						})}
					</fieldset>
					<Choices legend="Formes d’implication prévues des co-porteurs" meta={fields.involvementForms} options={INVOLVEMENT_FORMS} type="checkbox" />
					<Field label="Autre forme d’implication (à préciser)" errors={fields.involvementOther.errors} inputProps={getInputProps(fields.involvementOther, { type: 'text' })} />
					<Choices legend="Autres partenaires mobilisés" hint="Au-delà des associations." meta={fields.otherPartners} options={OTHER_PARTNER_KINDS} type="checkbox" />
					<TextareaField
						label="Précisions sur les autres partenaires"
						errors={fields.otherPartnersDetails.errors}
						textareaProps={{ ...getTextareaProps(fields.otherPartnersDetails), rows: 3 }}
					/>
					{data.editable ? (
						<SaveButton />
					) : null}
				</fieldset>
			</Form>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
