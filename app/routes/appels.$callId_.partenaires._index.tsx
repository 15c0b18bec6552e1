import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { getOptionalUser, requireUser } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { AssociationChoice, ErrorList, Field, FormErrors, TextareaField } from '#app/components/forms.tsx'
import { createAnnouncement, listOpenAnnouncements } from '#app/domain/partners/announcements.server.ts'
import { takesAnnouncements } from '#app/domain/partners/context.server.ts'
import { answerPlace, getDrawForAssociations, volunteerForDraw, withdrawFromDraw } from '#app/domain/partners/draw.server.ts'
import { ANNOUNCEMENT_LISTS, AnnouncementSchema, LIMITS, PLACE_STATUS_LABELS } from '#app/domain/partners/forms.ts'
import { PlaceSchema, VolunteerSchema } from '#app/domain/partners/page-forms.ts'
import { formatDate, formatDateTime } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Je cherche des partenaires — ${data.call.title} — Ensemble` : 'Je cherche des partenaires — Ensemble' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await getOptionalUser(request)
	const page = Number(new URL(request.url).searchParams.get('page') ?? '1')
	const list = await listOpenAnnouncements({ callId: params.callId!, page })
	const draw = await getDrawForAssociations({ callId: list.call.id, user })
	const associations = user ? user.memberships.filter((m) => m.kind === 'association').map((m) => ({ value: m.organizationId, label: m.organizationName })) : []
	return json({
		call: { id: list.call.id, title: list.call.title, open: takesAnnouncements(list.call, new Date()) },
		themes: list.themes.map((t) => ({ value: t.id, label: t.label })),
		announcements: list.announcements,
		page: list.page,
		pageCount: list.pageCount,
		total: list.total,
		draw,
		viewer: user ? { associations } : null,
		loginUrl: `/connexion?${new URLSearchParams({ redirectTo: `/appels/${list.call.id}/partenaires` })}`,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const callId = params.callId!
	const formData = await readFormData(request, { lists: ANNOUNCEMENT_LISTS })
	const here = `/appels/${callId}/partenaires`
	switch (formData.get('intent')) {
		case 'announce': {
			const submission = parseSubmission(formData, { schema: AnnouncementSchema })
			if (submission.status !== 'success') return json({ intent: 'announce', result: submission.reply() }, { status: 400 })
			const { intent: _intent, ...input } = submission.value
			const outcome = await createAnnouncement({ user, callId, ...input })
			if (!outcome.ok) {
				const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
				return json({ intent: 'announce', result: reply }, { status: 409 })
			}
			return redirectWithToast(`${here}/${outcome.announcementId}`, { title: 'Annonce publiée', description: 'Les associations intéressées vous répondent depuis cette page ; vous êtes prévenu·e par e-mail.' })
		}
		case 'volunteer':
		case 'withdraw-volunteer': {
			const submission = parseSubmission(formData, { schema: VolunteerSchema })
			if (submission.status !== 'success') return json({ intent: 'draw', result: submission.reply() }, { status: 400 })
			const input = { user, callId, organizationId: submission.value.organizationId }
			const outcome = submission.value.intent === 'volunteer' ? await volunteerForDraw(input) : await withdrawFromDraw(input)
			if (!outcome.ok) return json({ intent: 'draw', result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 })
			return redirectWithToast(here, { title: submission.value.intent === 'volunteer' ? 'Votre association est volontaire pour le tirage au sort' : 'Votre association ne participe plus au tirage au sort' })
		}
		case 'confirm-place':
		case 'decline-place': {
			const submission = parseSubmission(formData, { schema: PlaceSchema })
			if (submission.status !== 'success') return json({ intent: 'draw', result: submission.reply() }, { status: 400 })
			const answer = submission.value.intent === 'confirm-place' ? 'confirm' : 'decline'
			const outcome = await answerPlace({ user, callId, placeId: submission.value.placeId, answer })
			if (!outcome.ok) return json({ intent: 'draw', result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 })
			return redirectWithToast(here, {
				title: answer === 'confirm' ? 'Place confirmée' : 'Place déclinée',
				description: answer === 'confirm' ? 'Vous serez prévenu·e quand tout votre groupe aura confirmé.' : outcome.refilled ? 'Elle revient à l’association suivante de la liste d’attente.' : 'Personne n’attendait sur la liste : la place reste vide.',
			})
		}
		default:
			return json({ intent: 'none', result: { status: 'error' as const, error: { '': ['Action inconnue : rechargez la page.'] } } }, { status: 400 })
	}
}

export default function PartnersPage() {
	const data = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to={`/appels/${data.call.id}`}>← {data.call.title}</Link>
			</p>
			<h1>Je cherche des partenaires</h1>
			<p>
				Des associations annoncent ici le projet qu’elles veulent construire pour cet appel et les partenaires qu’elles cherchent. Répondez à une annonce depuis sa
				page : l’association qui l’a publiée pourra vous inviter dans son dossier. Aucune coordonnée n’est affichée.
			</p>

			<section aria-labelledby="annonces">
				<h2 id="annonces">Annonces ouvertes ({data.total})</h2>
				{data.announcements.length === 0 ? (
					<p>Aucune annonce pour le moment.</p>
				) : (
					<ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
						{data.announcements.map((a) => (
							<li key={a.id} className="card">
								<h3 style={{ marginTop: 0 }}>
									<Link to={a.id}>{a.title}</Link>
								</h3>
								<p className="muted">
									{a.profilePath ? <Link to={a.profilePath}>{a.organizationName}</Link> : a.organizationName}
									{a.departement ? ` · département ${a.departement}` : ''} · publiée le {formatDate(a.createdAt)}
								</p>
								{a.themes.length > 0 ? <p>Thèmes : {a.themes.join(', ')}</p> : null}
								<p style={{ overflowWrap: 'anywhere' }}>
									<strong>Recherche :</strong> {a.lookingFor.length > 300 ? `${a.lookingFor.slice(0, 300)}…` : a.lookingFor}
								</p>
							</li>
						))}
					</ul>
				)}
				{data.pageCount > 1 ? (
					<nav aria-label="Pages des annonces" className="pagination">
						{data.page > 1 ? <Link to={`?page=${data.page - 1}`}>← Page précédente</Link> : null} <span>
							Page {data.page} sur {data.pageCount}
						</span>{' '}
						{data.page < data.pageCount ? <Link to={`?page=${data.page + 1}`}>Page suivante →</Link> : null}
					</nav>
				) : null}
			</section>

			<section aria-labelledby="publier">
				<h2 id="publier">Publier une annonce</h2>
				{!data.call.open ? (
					<p>Cet appel n’accepte plus d’annonce : sa date limite est passée.</p>
				) : !data.viewer ? (
					<p>
						<Link to={data.loginUrl}>Connectez-vous</Link> pour publier une annonce ou répondre au nom de votre association.
					</p>
				) : data.viewer.associations.length === 0 ? (
					<p>
						Pour publier une annonce, <Link to="/associations/nouvelle">inscrivez d’abord votre association</Link>, ou demandez à son référent de vous inviter.
					</p>
				) : (
					<AnnounceForm associations={data.viewer.associations} themes={data.themes} />
				)}
			</section>

			{data.draw ? <DrawSection draw={data.draw} signedIn={Boolean(data.viewer)} loginUrl={data.loginUrl} /> : null}
		</>
	)
}

function AnnounceForm({ associations, themes }: { associations: { value: string; label: string }[]; themes: { value: string; label: string }[] }) {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'annonce',
		lastResult: actionData?.intent === 'announce' ? actionData.result : undefined,
		defaultValue: { organizationId: associations.length === 1 ? associations[0]!.value : '' },
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: AnnouncementSchema }),
	})
	return (
		<Form method="post" className="stack" {...getFormProps(form)}>
			<FormErrors id={form.errorId} errors={form.errors} />
			<input type="hidden" name="intent" value="announce" />
			<AssociationChoice associations={associations} errors={fields.organizationId.errors} selectProps={getSelectProps(fields.organizationId)} />
			<Field label="Titre de l’annonce" hint={`Au plus ${LIMITS.title.max} caractères.`} errors={fields.title.errors} inputProps={{ ...getInputProps(fields.title, { type: 'text' }), maxLength: LIMITS.title.max }} />
			<TextareaField
				label="Le projet que vous voulez construire"
				hint={`Ce que vous voulez faire, avec qui, où. Au plus ${LIMITS.project.max.toLocaleString('fr-FR')} caractères.`}
				errors={fields.project.errors}
				textareaProps={{ ...getTextareaProps(fields.project), rows: 5, maxLength: LIMITS.project.max }}
			/>
			<TextareaField
				label="Les partenaires que vous cherchez"
				hint={`Quel type d’association, quelles compétences, quel public. Au plus ${LIMITS.lookingFor.max.toLocaleString('fr-FR')} caractères.`}
				errors={fields.lookingFor.errors}
				textareaProps={{ ...getTextareaProps(fields.lookingFor), rows: 4, maxLength: LIMITS.lookingFor.max }}
			/>
			{themes.length > 0 ? (
				<fieldset>
					<legend>Thèmes de l’appel concernés (facultatif)</legend>
					{getCollectionProps(fields.themeIds, { type: 'checkbox', options: themes.map((t) => t.value) }).map((props) => (
						<label key={props.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
							<input {...props} key={props.key} style={{ marginTop: 6 }} />
							<span>{themes.find((t) => t.value === props.value)!.label}</span>
						</label>
					))}
					<ErrorList id={fields.themeIds.errorId} errors={fields.themeIds.errors} />
				</fieldset>
			) : null}
			<div>
				<button type="submit">Publier l’annonce</button>
			</div>
		</Form>
	)
}

type DrawData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['draw']>

function DrawSection({ draw, signedIn, loginUrl }: { draw: DrawData; signedIn: boolean; loginUrl: string }) {
	const actionData = useActionData<typeof action>()
	const errors = actionData?.intent === 'draw' && actionData.result.status === 'error' ? Object.values(actionData.result.error ?? {}).flat().filter((e): e is string => Boolean(e)) : undefined
	return (
		<section aria-labelledby="tirage">
			<h2 id="tirage">Tirage au sort de partenaires</h2>
			<p>
				Le financeur propose un tirage au sort entre associations volontaires d’un même département : des groupes de {draw.groupSize} associations qui ne se
				connaissent pas forcément, pour construire un projet ensemble. Chaque association tirée a 14 jours pour confirmer ; une place laissée libre revient à la
				suivante de la liste d’attente.
			</p>
			<p>
				{draw.volunteerCount} association{draw.volunteerCount > 1 ? 's' : ''} volontaire{draw.volunteerCount > 1 ? 's' : ''}.{' '}
				{draw.drawn ? 'Le tirage a eu lieu.' : 'Le tirage n’a pas encore eu lieu.'}
			</p>
			<FormErrors id="tirage-erreurs" errors={errors} />
			{!signedIn ? (
				<p>
					<Link to={loginUrl}>Connectez-vous</Link> pour inscrire votre association au tirage.
				</p>
			) : (
				draw.associations.map((a) => (
					<div key={a.organizationId} className="card stack">
						<h3 style={{ marginTop: 0 }}>{a.name}</h3>
						{a.place ? (
							<>
								<p>
									Votre association a une place dans un groupe : {PLACE_STATUS_LABELS[a.place.status]}
									{a.place.status === 'pending' ? ` — à confirmer avant le ${formatDateTime(a.place.confirmBy)}.` : '.'}
								</p>
								{a.place.status === 'pending' && !a.place.expired ? (
									<div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
										<Form method="post">
											<input type="hidden" name="placeId" value={a.place.id} />
											<button type="submit" name="intent" value="confirm-place">
												Confirmer notre place
											</button>
										</Form>
										<Form method="post">
											<input type="hidden" name="placeId" value={a.place.id} />
											<button type="submit" name="intent" value="decline-place" className="secondary">
												Décliner
											</button>
										</Form>
									</div>
								) : null}
								{a.group ? (
									<>
										<p>Votre groupe est complet. Construisez votre projet ensemble : l’une de vous crée le dossier sur la page de l’appel et invite les autres.</p>
										<ul>
											{a.group.members.map((m) => (
												<li key={m.name}>{m.profilePath ? <Link to={m.profilePath}>{m.name}</Link> : m.name}</li>
											))}
										</ul>
									</>
								) : null}
							</>
						) : a.waitingPosition ? (
							<p>Votre association est sur la liste d’attente de son département (rang {a.waitingPosition}) : une place libérée lui reviendra dans cet ordre.</p>
						) : draw.drawn ? (
							<p>{a.volunteered ? 'Votre association n’a pas été placée dans un groupe.' : 'Votre association ne participait pas au tirage.'}</p>
						) : !draw.open ? (
							<p>Les inscriptions au tirage sont closes.</p>
						) : a.volunteered ? (
							<Form method="post">
								<p>Votre association est volontaire.</p>
								<input type="hidden" name="organizationId" value={a.organizationId} />
								<button type="submit" name="intent" value="withdraw-volunteer" className="secondary">
									Retirer notre candidature au tirage
								</button>
							</Form>
						) : (
							<Form method="post">
								<input type="hidden" name="organizationId" value={a.organizationId} />
								<button type="submit" name="intent" value="volunteer">
									{`Inscrire ${a.name} au tirage`}
								</button>
							</Form>
						)}
					</div>
				))
			)}
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
