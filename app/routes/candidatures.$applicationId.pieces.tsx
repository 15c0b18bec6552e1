import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireUser } from '#app/auth/permissions.server.ts'
import { ApplicationNav } from '#app/components/application-view.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ErrorList, FormErrors } from '#app/components/forms.tsx'
import { addAttachment, attachmentsPageOf, deleteAttachment, getAttachmentReader, getAttachmentWriter } from '#app/domain/applications/attachments.server.ts'
import { sizeLabel } from '#app/domain/applications/answers.ts'
import { isEditable } from '#app/domain/applications/rules.ts'
import { attachmentItem } from '#app/domain/dossier-messages/requests.ts'
import { parseUpload } from '#app/services/multipart.server.ts'
import { ACCEPTED_EXTENSIONS, MAX_UPLOAD_BYTES } from '#app/services/uploads.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readFormData, requireAcceptedForm } from '#app/utils/form-data.server.ts'

export const meta: MetaFunction = () => [{ title: 'Pièces jointes — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const { access, dossier } = await getAttachmentReader({ id: params.applicationId!, user })
	const { application } = access
	const { reopened: reopenedNow, ...page } = attachmentsPageOf(dossier, access)
	const editable = isEditable(application.status)
	// Kinds the funder reopened on a submitted dossier (a request for a missing piece): replaceable, not removable.
	const reopened = access.isLead ? reopenedNow : []
	return json({
		id: application.id,
		isLead: access.isLead,
		editable,
		reopened,
		...page,
		slots: page.slots.map((slot) => ({ ...slot, canUpload: slot.mine && (editable || reopened.includes(attachmentItem(slot.key))) })),
		accept: ACCEPTED_EXTENSIONS.map((e) => `.${e}`).join(','),
		maxMegabytes: Math.round(MAX_UPLOAD_BYTES / 1024 / 1024),
	})
}

type ActionData = { slot: string | null; error: string }

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	// Who may write is decided before the body is read: 404 outside the consortium, 403 for a partner asked for nothing.
	const { application } = await getAttachmentWriter({ id: params.applicationId!, user })
	const back = `/candidatures/${application.id}/pieces`
	if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
		const formData = requireAcceptedForm(await readFormData(request))
		const attachmentId = formData.get('attachmentId')
		if (formData.get('intent') !== 'delete' || typeof attachmentId !== 'string' || !attachmentId) {
			return json<ActionData>({ slot: null, error: 'Choisissez un fichier à envoyer.' }, { status: 400 })
		}
		const outcome = await deleteAttachment({ id: application.id, user, attachmentId })
		if (!outcome.ok) return json<ActionData>({ slot: null, error: outcome.message }, { status: 409 })
		return redirectWithToast(back, { title: 'Pièce jointe supprimée' })
	}
	const slot = new URL(request.url).searchParams.get('slot')
	const upload = await parseUpload(request)
	if (!upload.ok) return json<ActionData>({ slot, error: upload.message }, { status: upload.status })
	const target = typeof upload.formData.get('slot') === 'string' ? (upload.formData.get('slot') as string) : slot
	if (!target) return json<ActionData>({ slot, error: 'Pièce inconnue : rechargez la page.' }, { status: 400 })
	if (!upload.file || upload.file.data.length === 0) {
		return json<ActionData>({ slot: target, error: 'Choisissez un fichier à envoyer.' }, { status: 400 })
	}
	const outcome = await addAttachment({ id: application.id, user, slot: target, filename: upload.file.filename, data: upload.file.data })
	if (!outcome.ok) return json<ActionData>({ slot: target, error: outcome.message }, { status: 400 })
	return redirectWithToast(back, { title: 'Pièce jointe enregistrée' })
}


export default function PiecesPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const busy = navigation.state === 'submitting'
	return (
		<>
			<h1>Pièces jointes</h1>
			<ApplicationNav id={data.id} isLead={data.isLead} />
			<p className="muted">
				Formats acceptés : PDF, images (PNG, JPEG, WebP), documents bureautiques (Word, Excel, PowerPoint, OpenDocument). {data.maxMegabytes} Mo au plus par
				fichier. Le type est vérifié d’après le contenu du fichier, pas d’après son nom.
			</p>
			{!data.editable ? (
				<p className="card">Ce dossier n’est plus en brouillon : ses pièces jointes ne sont plus modifiables.</p>
			) : !data.isLead ? (
				<p className="card">Vous déposez ici les pièces de votre association ; les autres pièces sont déposées par leur association ou par le chef de file.</p>
			) : null}
			{actionData && !actionData.slot ? <FormErrors id="pieces-erreur" errors={[actionData.error]} /> : null}
			{data.requiredCount === 0 ? <p>Cet appel à projets ne demande aucune pièce jointe.</p> : null}
			{data.slots.map((slot) => {
				const inputId = `fichier-${slot.id.replace(/[^a-z0-9_-]/gi, '-')}`
				const error = actionData?.slot === slot.id ? [actionData.error] : undefined
				return (
					<section key={slot.id} className="card" aria-labelledby={`${inputId}-titre`}>
						<h2 id={`${inputId}-titre`} style={{ fontSize: '1.1rem' }}>
							{slot.givenBy === 'each' ? `${slot.label} — ${slot.organizationName}` : slot.label}
						</h2>
						{slot.file ? (
							<p>
								<a href={`/candidatures/${data.id}/pieces/${slot.file.id}`}>{slot.file.filename}</a> ({sizeLabel(slot.file.sizeBytes)}, déposé le{' '}
								{formatDateTime(slot.file.createdAt)})
							</p>
						) : (
							<p className="muted">Pas encore de fichier.</p>
						)}
						{slot.canUpload ? (
							<div className="stack">
								<Form method="post" encType="multipart/form-data" action={`?slot=${encodeURIComponent(slot.id)}`} className="stack">
									<input type="hidden" name="slot" value={slot.id} />
									<div className="field">
										<label htmlFor={inputId}>{slot.file ? `Remplacer le fichier « ${slot.label} »` : `Fichier « ${slot.label} »`}</label>
										<input
											id={inputId}
											type="file"
											name="file"
											accept={data.accept}
											required
											aria-invalid={error ? true : undefined}
											aria-describedby={error ? `${inputId}-error` : undefined}
										/>
										<ErrorList id={`${inputId}-error`} errors={error} />
									</div>
									<div>
										<button type="submit" disabled={busy}>
											Envoyer
										</button>
									</div>
								</Form>
								{slot.file && data.editable ? (
									<Form method="post">
										<input type="hidden" name="intent" value="delete" />
										<input type="hidden" name="attachmentId" value={slot.file.id} />
										<button type="submit" className="secondary" disabled={busy}>
											Supprimer « {slot.file.filename} »
										</button>
									</Form>
								) : null}
							</div>
						) : null}
					</section>
				)
			})}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
