/**
 * Publishing the project in the public showcase (issue 12), from its dossier: once the
 * evaluation is approved, the consortium writes the public texts and each association
 * consents through one of its référents (or withdraws). The project appears on /projets
 * only when all have consented. Works without JavaScript: three plain forms.
 */
import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { forbidden, requireUser } from '#app/auth/permissions.server.ts'
import { refusedFor } from '#app/auth/policy/index.ts'
import { ApplicationNav } from '#app/components/application-view.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors, TextareaField } from '#app/components/forms.tsx'
import { PUBLICATION_FIELDS, PUBLICATION_LIMITS, PUBLICATION_MESSAGES, PublicationTextsSchema } from '#app/domain/showcase/publication-form.ts'
import { consentToPublication, decidePublication, publicationView, requirePublication, savePublicationTexts, withdrawPublicationConsent } from '#app/domain/showcase/publication.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { db } from '#db/client.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Publication du projet — ${data.view.application.title} — Ensemble` : 'Publication du projet — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	const access = await requirePublication(db, user, params.applicationId!)
	const mine = new Set(access.user.memberships.map((m) => m.organizationId))
	return json({
		view: publicationView(access),
		inConsortium: access.members.some((m) => mine.has(m.organizationId)),
		isLead: access.members.some((m) => m.role === 'lead' && mine.has(m.organizationId)),
	})
}

type Answer = { form: 'texts' | 'consent' | 'page'; message: string | null; result?: ReturnType<ReturnType<typeof parseSubmission>['reply']>; saved?: { summary: string; results: string; lessons: string } }

const single = (formData: FormData, name: string) => {
	const values = formData.getAll(name)
	return values.length === 1 && typeof values[0] === 'string' ? values[0] : null
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	// 404 before the body is read for anyone who may not know of this dossier.
	const access = await requirePublication(db, user, params.applicationId!)
	const applicationId = access.application.id
	const page = `/candidatures/${applicationId}/publication`
	const formData = await readFormData(request)
	const intent = single(formData, 'intent')

	if (intent === 'texts') {
		// The texts are the consortium's (the funder reads them): anyone else is refused before the form is read.
		if (refusedFor(decidePublication(access, 'edit-publication'), 'not-member')) forbidden(PUBLICATION_MESSAGES.notMember)
		const submission = parseSubmission(formData, { schema: PublicationTextsSchema })
		if (submission.status !== 'success') return json<Answer>({ form: 'texts', message: null, result: submission.reply() }, { status: 400 })
		const { version, intent: _, ...texts } = submission.value
		const outcome = await savePublicationTexts({ user, applicationId, version, texts })
		if (!outcome.ok) {
			return json<Answer>({ form: 'texts', message: outcome.message, result: submission.reply({ formErrors: [outcome.message] }), saved: 'stale' in outcome ? outcome.current : undefined }, { status: 409 })
		}
		return redirectWithToast(page, {
			title: outcome.changed ? 'Textes enregistrés' : 'Aucune modification',
			description:
				outcome.publication === 'unpublished'
					? 'Le projet est retiré de la vitrine le temps que les autres associations relisent les textes et redonnent leur accord.'
					: outcome.cleared > 0
						? 'Les autres associations relisent les nouveaux textes et redonnent leur accord.'
						: undefined,
		})
	}

	if (intent === 'consent' || intent === 'withdraw') {
		const organizationId = single(formData, 'organizationId')
		if (!organizationId || !access.members.some((m) => m.organizationId === organizationId)) {
			return json<Answer>({ form: 'consent', message: 'Cette association ne fait pas partie du consortium : rechargez la page.' }, { status: 400 })
		}
		const version = Number(single(formData, 'version'))
		const outcome =
			intent === 'consent'
				? await consentToPublication({ user, applicationId, organizationId, version: Number.isSafeInteger(version) ? version : -1 })
				: await withdrawPublicationConsent({ user, applicationId, organizationId })
		if (!outcome.ok) return json<Answer>({ form: 'consent', message: outcome.message }, { status: 409 })
		return redirectWithToast(page, {
			title: intent === 'consent' ? 'Accord donné' : 'Accord retiré',
			description:
				outcome.publication === 'published'
					? 'Toutes les associations ont donné leur accord : le projet est publié dans la vitrine des projets.'
					: outcome.publication === 'unpublished'
						? 'Le projet est retiré de la vitrine des projets.'
						: undefined,
		})
	}

	return json<Answer>({ form: 'page', message: 'Action inconnue sur cette page : rechargez-la.' }, { status: 400 })
}

type View = ReturnType<typeof useLoaderData<typeof loader>>['view']

export default function PublicationPage() {
	const { view, inConsortium, isLead } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const allConsented = view.associations.every((a) => a.consentedAt)
	return (
		<>
			<h1>Publier le projet</h1>
			<p className="muted">{view.application.title}</p>
			{inConsortium ? <ApplicationNav id={view.application.id} isLead={isLead} followUp publication /> : null}
			{actionData?.form === 'page' ? <FormErrors id="page-error" errors={actionData.message ? [actionData.message] : undefined} /> : null}
			<p>
				La <Link to="/projets">vitrine des projets</Link> montre à tous, sans compte, les projets retenus que leurs associations ont choisi de
				partager : ce que vous avez fait, ce que cela a donné et ce que vous avez appris — y compris ce qui n’a pas marché. Jamais le nom
				d’une personne ni une adresse.
			</p>
			{view.closedMessage ? (
				<p className="card">{view.closedMessage}</p>
			) : (
				<>
					<section aria-labelledby="etat" className="card">
						<h2 id="etat">Où en est la publication</h2>
						{view.publishedAt ? (
							<p>
								<strong>Publié</strong> depuis le {formatDate(view.publishedAt)} : <Link to={`/projets/${view.application.id}`}>voir la page publique du projet</Link>.
							</p>
						) : (
							<p>
								<strong>Pas encore publié.</strong>{' '}
								{view.complete
									? allConsented
										? ''
										: 'Le projet sera publié quand chaque association du consortium aura donné son accord.'
									: 'Écrivez d’abord les trois textes ; puis chaque association du consortium donne son accord.'}
							</p>
						)}
						<p className="muted">Modifier les textes demande à nouveau l’accord des autres associations : chacune consent au texte qu’elle a lu.</p>
					</section>
					<Consents view={view} />
					<Texts view={view} />
				</>
			)}
		</>
	)
}

function Consents({ view }: { view: View }) {
	const actionData = useActionData<typeof action>()
	return (
		<section aria-labelledby="accords">
			<h2 id="accords">L’accord de chaque association</h2>
			{actionData?.form === 'consent' ? <FormErrors id="consent-error" errors={actionData.message ? [actionData.message] : undefined} /> : null}
			<ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
				{view.associations.map((a) => (
					<li key={a.organizationId} className="card">
						<p style={{ margin: 0 }}>
							<strong>{a.name}</strong>
							{a.lead ? ' (chef de file)' : ''} — {a.consentedAt ? `accord donné le ${formatDate(a.consentedAt)}` : 'accord pas encore donné'}
						</p>
						{a.canAnswer ? (
							<Form method="post" style={{ marginTop: 8 }}>
								<input type="hidden" name="organizationId" value={a.organizationId} />
								<input type="hidden" name="version" value={view.version} />
								{a.consentedAt ? (
									<button type="submit" name="intent" value="withdraw" className="secondary">
										{`Retirer l’accord de ${a.name}`}
									</button>
								) : view.complete ? (
									<button type="submit" name="intent" value="consent">
										{`Donner l’accord de ${a.name}`}
									</button>
								) : (
									<span className="muted">Les trois textes doivent être écrits avant l’accord.</span>
								)}
							</Form>
						) : null}
					</li>
				))}
			</ul>
		</section>
	)
}

function Texts({ view }: { view: View }) {
	const actionData = useActionData<typeof action>()
	const answer = actionData?.form === 'texts' ? actionData : undefined
	const [form, fields] = useForm({
		id: 'textes-publics',
		lastResult: answer?.result,
		defaultValue: { ...view.texts, version: view.version },
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: PublicationTextsSchema }),
	})
	const textarea = (name: keyof typeof PUBLICATION_LIMITS, rows: number) => {
		const meta = fields[name]
		return (
			<TextareaField
				label={PUBLICATION_FIELDS[name].label}
				hint={`${PUBLICATION_FIELDS[name].hint} Au plus ${PUBLICATION_LIMITS[name].toLocaleString('fr-FR')} caractères.`}
				errors={meta.errors}
				textareaProps={{ ...getTextareaProps(meta), rows, maxLength: PUBLICATION_LIMITS[name], readOnly: !view.canEdit }}
			/>
		)
	}
	return (
		<section aria-labelledby="textes">
			<h2 id="textes">Les textes publics</h2>
			{answer?.saved ? (
				<div className="card">
					<h3>Textes enregistrés par l’autre personne</h3>
					{(['summary', 'results', 'lessons'] as const).map((name) => (
						<div key={name}>
							<h4>{PUBLICATION_FIELDS[name].label}</h4>
							<p style={{ whiteSpace: 'pre-line' }}>{answer.saved![name] || '—'}</p>
						</div>
					))}
				</div>
			) : null}
			{view.canEdit ? null : <p className="muted">Seules les associations du consortium écrivent ces textes.</p>}
			<Form method="post" className="stack" {...getFormProps(form)}>
				{/* The hidden version has no field of its own to show its error next to. */}
				<FormErrors id={form.errorId} errors={[...(form.errors ?? []), ...(fields.version.errors ?? [])]} />
				<input type="hidden" name="intent" value="texts" />
				<input type="hidden" name="version" value={view.version} key={view.version} />
				{textarea('summary', 5)}
				{textarea('results', 8)}
				{textarea('lessons', 8)}
				{view.canEdit ? (
					<div>
						<button type="submit">Enregistrer les textes</button>
					</div>
				) : null}
			</Form>
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
