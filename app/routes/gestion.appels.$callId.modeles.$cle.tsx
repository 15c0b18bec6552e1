import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallNav } from '#app/components/call-nav.tsx'
import { ConfirmStep, isConfirmed } from '#app/components/confirm-step.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors, TextareaField } from '#app/components/forms.tsx'
import { getTemplate, previewTemplate, requireTemplateKey, resetTemplate, saveTemplate } from '#app/domain/letters/templates.server.ts'
import { BODY_MAX, kindOf, PLACEHOLDERS, placeholdersFor, SUBJECT_LABEL, SUBJECT_MAX, TEMPLATE_LABELS, templateFormSchema } from '#app/domain/letters/templates.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
	{ title: `${data ? TEMPLATE_LABELS[data.key] : 'Texte'} — ${data?.call.title ?? 'Appel à projets'} — Ensemble` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const key = requireTemplateKey(params.cle)
	const { call, template } = await getTemplate({ user, callId: params.callId!, key })
	const dossier = new URL(request.url).searchParams.get('dossier') ?? undefined
	const { choices, preview } = await previewTemplate({ user, callId: call.id, key, text: template, applicationId: dossier })
	return json({ call, key, template: { subject: template.subject, body: template.body, version: template.version, row: template.id ?? '', custom: template.custom }, choices, preview })
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const key = requireTemplateKey(params.cle)
	const callId = params.callId!
	const here = `/gestion/appels/${callId}/modeles/${key}`
	const formData = await readFormData(request)
	const intent = formData.get('intent')
	if (intent === 'reset') {
		if (!isConfirmed(formData)) {
			await getTemplate({ user, callId, key }) // 404 for a call that is not the person's
			return json({ intent: 'confirm-reset' as const, result: null, preview: null, version: null }, { status: 200 })
		}
		const outcome = await resetTemplate({ user, callId, key })
		return redirectWithToast(here, { title: outcome.changed ? 'Texte par défaut rétabli' : 'Ce message utilisait déjà le texte par défaut' })
	}
	const submission = parseSubmission(formData, { schema: templateFormSchema(key) })
	const sent = { version: Number(formData.get('version')) || 0, row: String(formData.get('row') ?? '') }
	if (intent !== 'save' && intent !== 'preview') {
		return json({ intent: 'save' as const, result: submission.reply({ formErrors: ['Action inconnue : rechargez la page.'] }), preview: null, version: sent }, { status: 400 })
	}
	if (submission.status !== 'success') return json({ intent, result: submission.reply(), preview: null, version: sent }, { status: 400 })
	const { subject, body, version, row } = submission.value
	if (intent === 'preview') {
		// Nothing saved: the text typed, filled from a dossier of the call, next to the form that keeps it.
		const dossier = String(formData.get('dossier') ?? '') || undefined
		const { preview } = await previewTemplate({ user, callId, key, text: { subject, body }, applicationId: dossier })
		return json({ intent, result: submission.reply(), preview, version: sent })
	}
	const outcome = await saveTemplate({ user, callId, key, subject, body, version, row })
	if (!outcome.ok) {
		return json(
			{ intent, result: submission.reply({ formErrors: [outcome.message] }), preview: null, version: { version: outcome.currentVersion, row: outcome.currentRow } },
			{ status: 409 },
		)
	}
	return redirectWithToast(here, { title: 'Texte enregistré' })
}

export default function TemplatePage() {
	const { call, key, template, choices, preview: savedPreview } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const here = `/gestion/appels/${call.id}/modeles/${key}`
	const kind = kindOf(key)
	const preview = actionData?.preview ?? savedPreview
	const version = actionData?.version ?? { version: template.version, row: template.row }
	return (
		<>
			<p>
				<Link to={`/gestion/appels/${call.id}/modeles`}>← Textes des e-mails et courriers</Link>
			</p>
			<h1>{call.title}</h1>
			<CallNav callId={call.id} />
			<h2>{TEMPLATE_LABELS[key]}</h2>
			<p className="muted">{template.custom ? 'Texte adapté pour cet appel.' : 'Texte par défaut d’Ensemble.'}</p>
			{kind === 'letter' ? (
				<p>
					Le courrier rappelle toujours, avant ce texte, le projet, la décision, le montant accordé ou le rang sur la liste d’attente, les
					associations du consortium et la motivation ; il est signé au nom du financeur.
				</p>
			) : (
				<p>L’e-mail part à chaque référent·e de chaque association du consortium, avec le courrier de décision en pièce jointe et un lien vers le dossier.</p>
			)}

			<TemplateForm
				key={`${version.row}:${version.version}`}
				templateKey={key}
				kind={kind}
				version={version}
				defaultValue={{ subject: template.subject, body: template.body }}
				lastResult={actionData && 'result' in actionData ? (actionData.result ?? undefined) : undefined}
				choices={choices}
				previewId={preview?.applicationId}
			/>

			<section aria-labelledby="champs">
				<h3 id="champs">Champs disponibles</h3>
				<p className="hint">Écrivez un champ entre doubles accolades : il est remplacé, pour chaque association, par sa valeur.</p>
				<dl className="facts">
					{placeholdersFor(key).map((name) => (
						<div key={name} style={{ display: 'contents' }}>
							<dt>
								<code>{`{{${name}}}`}</code>
							</dt>
							<dd>{PLACEHOLDERS[name]}</dd>
						</div>
					))}
				</dl>
			</section>

			<section aria-labelledby="apercu" className="card">
				<h3 id="apercu">Aperçu</h3>
				{preview ? (
					<>
						<p className="muted">
							{`Avec le dossier « ${preview.title} », pour l’association ${preview.recipient}${actionData?.preview ? ' (texte en cours, non enregistré)' : ''}.`}
						</p>
						<p>
							<strong>{`${kind === 'email' ? 'Objet : ' : ''}${preview.subject}`}</strong>
						</p>
						{preview.body.split(/\n\s*\n/).map((paragraph, index) => (
							<p key={index} style={{ whiteSpace: 'pre-line' }}>
								{paragraph}
							</p>
						))}
						{kind === 'letter' ? (
							<p>
								<a href={`${here}/apercu.pdf?dossier=${preview.applicationId}`}>Voir le courrier en PDF (texte enregistré)</a>
							</p>
						) : null}
					</>
				) : (
					<p>Aucun dossier recevable ni décidé dans cet appel : l’aperçu sera possible dès qu’il y en aura un.</p>
				)}
			</section>

			<section aria-labelledby="defaut">
				<h3 id="defaut">Texte par défaut</h3>
				{actionData?.intent === 'confirm-reset' ? (
					<ConfirmStep id="confirmer-defaut" title="Revenir au texte par défaut ?" fields={{ intent: 'reset' }} confirmLabel="Oui, revenir au texte par défaut" cancelTo={here}>
						<p>Le texte adapté pour cet appel sera perdu.</p>
					</ConfirmStep>
				) : template.custom ? (
					<Form method="post">
						<input type="hidden" name="intent" value="reset" />
						<button type="submit" className="secondary">
							Revenir au texte par défaut
						</button>
					</Form>
				) : (
					<p>Ce message utilise le texte par défaut.</p>
				)}
			</section>
		</>
	)
}

function TemplateForm({
	templateKey,
	kind,
	version,
	defaultValue,
	lastResult,
	choices,
	previewId,
}: {
	templateKey: Parameters<typeof templateFormSchema>[0]
	kind: 'email' | 'letter'
	version: { version: number; row: string }
	defaultValue: { subject: string; body: string }
	lastResult: SubmissionResult<string[]> | undefined
	choices: { id: string; title: string }[]
	previewId: string | undefined
}) {
	const schema = templateFormSchema(templateKey)
	const [form, fields] = useForm({
		id: 'modele',
		defaultValue,
		lastResult,
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema }),
	})
	return (
		<Form method="post" className="stack" {...getFormProps(form)} aria-describedby={form.errors ? form.errorId : undefined}>
			<FormErrors id={form.errorId} errors={form.errors} />
			<input type="hidden" name="version" value={version.version} />
			<input type="hidden" name="row" value={version.row} />
			<Field
				label={SUBJECT_LABEL[kind]}
				hint={`${SUBJECT_MAX} caractères au plus.`}
				errors={fields.subject.errors}
				inputProps={{ ...getInputProps(fields.subject, { type: 'text' }), maxLength: SUBJECT_MAX }}
			/>
			<TextareaField
				label="Texte"
				hint={`Séparez les paragraphes par une ligne vide. ${BODY_MAX} caractères au plus.`}
				errors={fields.body.errors}
				textareaProps={{ ...getTextareaProps(fields.body), rows: 16, maxLength: BODY_MAX }}
			/>
			{choices.length > 1 ? (
				<div className="field">
					<label htmlFor="dossier">Dossier de l’aperçu</label>
					<select id="dossier" name="dossier" defaultValue={previewId}>
						{choices.map((choice) => (
							<option key={choice.id} value={choice.id}>
								{choice.title}
							</option>
						))}
					</select>
				</div>
			) : null}
			<div className="form-actions">
				<button type="submit" name="intent" value="save">
					Enregistrer
				</button>
				<button type="submit" name="intent" value="preview" className="secondary">
					Aperçu sans enregistrer
				</button>
			</div>
		</Form>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
