import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { restoreKeptInput, requireUserKeepingInput } from '#app/auth/keep-input.server.ts'
import { requireUser } from '#app/auth/permissions.server.ts'
import { ApplicationNav, ProjectSection, projectSectionOf, ReadOnlySectionPage, ReadOnlyNotice } from '#app/components/application-view.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, Field, FormErrors, SaveButton, SelectField, TextareaField } from '#app/components/forms.tsx'
import { PROJECT_LISTS, ProjectSchema } from '#app/domain/applications/application-forms.ts'
import { getApplicationForEditor, getDossierForUser, mayEdit } from '#app/domain/applications/access.server.ts'
import { projectOf, saveProject } from '#app/domain/applications/sections.server.ts'
import { TERRITORY_KINDS } from '#app/domain/applications/options.ts'
import { formatDate, formatInteger } from '#app/utils/format.ts'
import { refusedSectionSave } from '#app/domain/applications/section-save.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Projet — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const { access, dossier } = await getDossierForUser({ id: params.applicationId!, user }, { history: false })
	const { application } = access
	const { details, reopened } = dossier
	const { call, members } = details
	// What was typed when the session expired comes back in the form (app/auth/keep-input.server.ts).
	const kept = await restoreKeptInput(request, user)
	const editable = await mayEdit(access, async () => reopened.includes('project'))
	return json({
		keptResult: kept ? parseWithZod(kept, { schema: ProjectSchema }).reply() : null,
		id: application.id,
		isLead: access.isLead,
		editable,
		version: application.projectVersion,
		project: projectOf(application),
		themes: call.themes,
		// The section as the dossier's view shows it, for a viewer who may not edit it.
		section: editable ? null : projectSectionOf(details),
		associations: members.filter((m) => m.organizationId && m.status !== 'declined' && m.status !== 'withdrawn').map((m) => ({ organizationId: m.organizationId!, name: m.name! })),
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUserKeepingInput(request)
	const { application } = await getApplicationForEditor({ id: params.applicationId!, user })
	const submission = parseSubmission(await readFormData(request, { lists: PROJECT_LISTS }), { schema: ProjectSchema })
	if (submission.status !== 'success') return json({ result: submission.reply(), conflict: null }, { status: 400 })
	const outcome = await saveProject({ id: application.id, user, input: submission.value })
	if (!outcome.ok) return refusedSectionSave(submission, outcome)
	return redirectWithToast(`/candidatures/${application.id}/projet`, { title: 'Section « Projet » enregistrée' })
}

/** The stored rows, then blank ones (at least 2, 3 rows in all), never past the list's maximum. */
const pad = <T,>(items: T[], empty: T, max: number) => [...items, ...Array.from({ length: Math.min(Math.max(2, 3 - items.length), max - items.length) }, () => empty)].slice(0, max)

export default function ProjectPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	// A save refused because the dossier closed meanwhile stays in the form, with what was typed.
	if (!data.editable && !actionData) {
		const section = data.section!
		return <ReadOnlySectionPage title="Projet" id={data.id} isLead={data.isLead} name="section-projet" inputs={section} render={() => <ProjectSection {...section} />} />
	}
	return <ProjectForm data={data} actionData={actionData} />
}

function ProjectForm({ data, actionData }: { data: SerializeFrom<typeof loader>; actionData: SerializeFrom<typeof action> | undefined }) {
	const { project } = data
	const [form, fields] = useForm({
		id: 'projet',
		lastResult: actionData?.result ?? data.keptResult,
		defaultValue: {
			title: project.title,
			summary: project.summary,
			themeIds: project.themeIds,
			territory: project.territory,
			territoryKind: project.territoryKind,
			publics: project.publics,
			expectedParticipants: project.expectedParticipants === null ? '' : String(project.expectedParticipants),
			collectiveObjectives: project.collectiveObjectives,
			specificObjectives: data.associations.map((a) => ({
				organizationId: a.organizationId,
				text: project.specificObjectives.find((o) => o.organizationId === a.organizationId)?.text ?? '',
			})),
			indicators: pad(project.indicators, { label: '', target: '' }, PROJECT_LISTS.indicators.max),
			timetable: pad(project.timetable, { label: '', date: '' }, PROJECT_LISTS.timetable.max),
		},
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: ProjectSchema }),
	})
	const objectives = fields.specificObjectives.getFieldList()
	const indicators = fields.indicators.getFieldList()
	const timetable = fields.timetable.getFieldList()
	const conflict = actionData?.conflict
	return (
		<>
			<h1>Projet</h1>
			<ApplicationNav id={data.id} isLead={data.isLead} />
			{!data.editable ? <ReadOnlyNotice isLead={data.isLead} /> : null}
			{conflict ? (
				<section className="card" aria-labelledby="version-enregistree">
					<h2 id="version-enregistree">Version enregistrée par l’autre personne</h2>
					<dl className="facts">
						<dt>Titre</dt>
						<dd>{conflict.current.title}</dd>
						<dt>Résumé</dt>
						<dd style={{ whiteSpace: 'pre-line' }}>{conflict.current.summary || '—'}</dd>
						<dt>Territoire</dt>
						<dd>{conflict.current.territory || '—'}</dd>
						<dt>Publics</dt>
						<dd style={{ whiteSpace: 'pre-line' }}>{conflict.current.publics || '—'}</dd>
						<dt>Personnes attendues</dt>
						<dd>{formatInteger(conflict.current.expectedParticipants)}</dd>
						<dt>Objectifs collectifs</dt>
						<dd style={{ whiteSpace: 'pre-line' }}>{conflict.current.collectiveObjectives || '—'}</dd>
						<dt>Indicateurs</dt>
						<dd>{conflict.current.indicators.map((i) => `${i.label} (${i.target})`).join(' ; ') || '—'}</dd>
						<dt>Échéancier</dt>
						<dd>{conflict.current.timetable.map((s) => `${formatDate(s.date)} : ${s.label}`).join(' ; ') || '—'}</dd>
					</dl>
				</section>
			) : null}
			<Form method="post" className="stack" {...getFormProps(form)}>
				<FormErrors id={form.errorId} errors={form.errors} />
				<input type="hidden" name="version" value={conflict?.version ?? data.version} key={conflict?.version ?? data.version} />
				<fieldset disabled={!data.editable} className="stack" style={{ border: 'none', padding: 0 }}>
					<Field label="Titre du projet" errors={fields.title.errors} inputProps={getInputProps(fields.title, { type: 'text' })} />
					<TextareaField label="Résumé" hint="Quelques lignes : ce que le projet fait, avec qui, pour qui." errors={fields.summary.errors} textareaProps={{ ...getTextareaProps(fields.summary), rows: 5 }} />
					<fieldset>
						<legend>Thèmes de l’appel</legend>
						{getCollectionProps(fields.themeIds, { type: 'checkbox', options: data.themes.map((t) => t.id) }).map((props) => (
							<label key={props.key} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
								<input {...props} key={props.key} />
								{data.themes.find((t) => t.id === props.value)?.label}
							</label>
						))}
						<ErrorList id={fields.themeIds.errorId} errors={fields.themeIds.errors} />
					</fieldset>
					<TextareaField
						label="Territoire"
						hint="Communes, départements, quartiers concernés."
						errors={fields.territory.errors}
						textareaProps={{ ...getTextareaProps(fields.territory), rows: 2 }}
					/>
					<SelectField
						label="Type de territoire"
						errors={fields.territoryKind.errors}
						selectProps={getSelectProps(fields.territoryKind)}
						options={TERRITORY_KINDS}
						placeholder="Choisissez"
					/>
					<TextareaField label="Publics visés" errors={fields.publics.errors} textareaProps={{ ...getTextareaProps(fields.publics), rows: 3 }} />
					<Field
						label="Nombre de personnes attendues"
						errors={fields.expectedParticipants.errors}
						inputProps={{ ...getInputProps(fields.expectedParticipants, { type: 'text' }), inputMode: 'numeric' }}
					/>
					<TextareaField
						label="Objectifs collectifs"
						hint="Ce que les associations visent ensemble."
						errors={fields.collectiveObjectives.errors}
						textareaProps={{ ...getTextareaProps(fields.collectiveObjectives), rows: 4 }}
					/>
					<fieldset>
						<legend>Objectifs spécifiques de chaque association</legend>
						{objectives.map((item, index) => {
							const f = item.getFieldset()
							const name = data.associations[index]?.name ?? ''
							return (
								<div key={item.key}>
									<input type="hidden" name={f.organizationId.name} value={data.associations[index]?.organizationId ?? ''} />
									<TextareaField label={name} errors={f.text.errors} textareaProps={{ ...getTextareaProps(f.text), rows: 2 }} />
								</div>
							)
						})}
					</fieldset>
					<fieldset>
						<legend>Indicateurs de réussite</legend>
						<p className="hint muted">{`${PROJECT_LISTS.indicators.max} au plus. Laissez vides les lignes inutiles.`}</p>
						{indicators.map((item, index) => {
							const f = item.getFieldset()
							return (
								<div key={item.key} className="grid-2">
									<Field label={`Indicateur ${index + 1}`} errors={f.label.errors} inputProps={getInputProps(f.label, { type: 'text' })} />
									<Field label={`Cible de l’indicateur ${index + 1}`} errors={f.target.errors} inputProps={getInputProps(f.target, { type: 'text' })} />
								</div>
							)
						})}
					</fieldset>
					<fieldset>
						<legend>Échéancier</legend>
						<p className="hint muted">{`Les étapes du projet, avec leur date (${PROJECT_LISTS.timetable.max} au plus). Laissez vides les lignes inutiles.`}</p>
						{timetable.map((item, index) => {
							const f = item.getFieldset()
							return (
								<div key={item.key} className="grid-2">
									<Field label={`Étape ${index + 1}`} errors={f.label.errors} inputProps={getInputProps(f.label, { type: 'text' })} />
									<Field label={`Date de l’étape ${index + 1}`} errors={f.date.errors} inputProps={getInputProps(f.date, { type: 'date' })} />
								</div>
							)
						})}
					</fieldset>
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
