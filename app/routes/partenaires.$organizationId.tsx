import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { forbidden, getOptionalUser, notFound, requireUser } from '#app/auth/permissions.server.ts'
import { can, type PolicyUser } from '#app/auth/policy/index.ts'
import { DirectoryAttribution, ProfileDetails } from '#app/components/directory.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, FormErrors, SelectField, TextareaField } from '#app/components/forms.tsx'
import { startContact, threadUrl } from '#app/domain/directory/contacts.server.ts'
import { ContactSchema, LIMITS, RecommendSchema } from '#app/domain/directory/options.ts'
import { recommendPartner, territoryAssociations } from '#app/domain/directory/recommendations.server.ts'
import { getDirectoryProfile, publishedProjectsOf } from '#app/domain/directory/search.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.profile.name} — Annuaire des partenaires — Ensemble` : 'Annuaire des partenaires — Ensemble' }]

const isSupporterStaff = (user: PolicyUser) => user.memberships.some((m) => can(user, 'recommend', { kind: 'directory', organizationId: m.organizationId }).allowed)

/** The profile, published — or not yet, for its own members (a preview). 404 for anyone else. */
async function visibleProfile(user: PolicyUser | null, organizationId: string) {
	const profile = organizationId.length <= 100 ? await getDirectoryProfile(organizationId) : null
	if (!profile) notFound('Cette association n’est pas dans l’annuaire des partenaires.')
	const isMember = user ? can(user, 'preview-profile', { kind: 'directory', organizationId }).allowed : false
	if (!profile.publishedAt && !isMember) notFound('Cette association n’est pas dans l’annuaire des partenaires.')
	return { profile, isMember }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await getOptionalUser(request)
	const { profile, isMember } = await visibleProfile(user, params.organizationId!)
	const published = profile.publishedAt !== null
	const canContact = Boolean(user && published && can(user, 'contact', { kind: 'directory', organizationId: profile.id }).allowed)
	const [projects, territory] = await Promise.all([
		publishedProjectsOf(profile.id),
		user && published && isSupporterStaff(user) ? territoryAssociations(user, profile.id) : Promise.resolve(null),
	])
	return json({
		profile: {
			id: profile.id,
			name: profile.name,
			sector: profile.sector,
			commune: profile.commune,
			departement: profile.departement,
			presentation: profile.presentation,
			communes: profile.communes,
			publics: profile.publics,
			themes: profile.themes,
			offers: profile.offers,
			needs: profile.needs,
			offerDetails: profile.offerDetails,
			needDetails: profile.needDetails,
		},
		published,
		isMember,
		signedIn: Boolean(user),
		canContact,
		senderAssociations: canContact && user ? user.memberships.filter((m) => can(user, 'preview-profile', { kind: 'directory', organizationId: m.organizationId }).allowed).map((m) => ({ value: m.organizationId, label: m.organizationName })) : [],
		projects,
		territory: territory?.map((a) => ({ value: a.id, label: `${a.name}${a.commune ? ` — ${a.commune}` : ''}${a.departement ? ` (${a.departement})` : ''}` })) ?? null,
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const { profile } = await visibleProfile(user, params.organizationId!)
	const formData = await readFormData(request)
	const intent = formData.get('intent')
	if (intent === 'contact') {
		const submission = parseSubmission(formData, { schema: ContactSchema })
		if (submission.status !== 'success') return json({ form: 'contact' as const, result: submission.reply() }, { status: 400 })
		const outcome = await startContact({ user, organizationId: profile.id, ...submission.value })
		if (!outcome.ok) {
			if (outcome.notFound) notFound(outcome.message)
			const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return json({ form: 'contact' as const, result: reply }, { status: 409 })
		}
		return redirectWithToast(threadUrl(outcome.contactId), {
			title: 'Message envoyé',
			description: `Les référents de ${profile.name} sont prévenus par e-mail, sans votre adresse. Leur réponse arrivera ici.`,
		})
	}
	if (intent === 'recommend') {
		if (!isSupporterStaff(user)) forbidden('Seules les structures d’accompagnement suggèrent des partenaires.')
		const submission = parseSubmission(formData, { schema: RecommendSchema })
		if (submission.status !== 'success') return json({ form: 'recommend' as const, result: submission.reply() }, { status: 400 })
		const outcome = await recommendPartner({ user, recommendedOrganizationId: profile.id, ...submission.value })
		if (!outcome.ok) {
			const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
			return json({ form: 'recommend' as const, result: reply }, { status: 409 })
		}
		return redirectWithToast(`/partenaires/${profile.id}`, { title: 'Suggestion envoyée', description: 'Les référents de l’association la reçoivent par e-mail et la retrouvent sur le portail.' })
	}
	throw new Response('Action inconnue sur cette page.', { status: 400 })
}

export default function PartnerProfilePage() {
	const data = useLoaderData<typeof loader>()
	const location = useLocation()
	const { profile } = data
	return (
		<>
			<p>
				<Link to="/partenaires">← Annuaire des partenaires</Link>
			</p>
			{!data.published ? (
				<p className="notice" role="note">
					<strong>Profil non publié</strong> : seuls les membres de l’association voient cet aperçu.{' '}
					<Link to={`/associations/${profile.id}/profil`}>Le publier ou le modifier</Link>
				</p>
			) : null}
			<h1>{profile.name}</h1>
			<ProfileDetails profile={profile} />

			<h2>Projets portés ensemble sur Ensemble</h2>
			{data.projects.length === 0 ? (
				<p className="muted">Aucun projet publié pour l’instant.</p>
			) : (
				<ul>
					{data.projects.map((project) => (
						<li key={project.id}>
							<Link to={`/projets/${project.id}`}>{project.title}</Link> — {project.callTitle}
							{project.publishedAt ? `, publié le ${formatDate(project.publishedAt)}` : ''}
						</li>
					))}
				</ul>
			)}

			{data.published ? (
				<section aria-labelledby="ecrire">
					<h2 id="ecrire">Écrire à cette association</h2>
					{data.canContact ? (
						<ContactForm senderAssociations={data.senderAssociations} />
					) : data.signedIn ? (
						<p className="muted">{data.isMember ? 'Vous êtes membre de cette association.' : 'Vous ne pouvez pas écrire à cette association.'}</p>
					) : (
						<p>
							<Link to={`/connexion?redirectTo=${encodeURIComponent(location.pathname)}`}>Connectez-vous</Link> pour lui écrire par le portail.
						</p>
					)}
				</section>
			) : null}

			{data.territory ? <RecommendForm options={data.territory} /> : null}
			<DirectoryAttribution />
		</>
	)
}

function ContactForm({ senderAssociations }: { senderAssociations: { value: string; label: string }[] }) {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({ id: 'ecrire-association', lastResult: actionData?.form === 'contact' ? actionData.result : undefined })
	return (
		<Form method="post" className="stack" aria-labelledby="ecrire" {...getFormProps(form)}>
			<p className="muted">
				Les référents de l’association reçoivent un e-mail qui ne contient pas votre adresse, et vous répondent ici. Vos adresses ne sont
				montrées, de part et d’autre, qu’après leur première réponse.
			</p>
			<FormErrors id={form.errorId} errors={form.errors} />
			<input type="hidden" name="intent" value="contact" />
			{senderAssociations.length > 0 ? (
				<SelectField
					label="Vous écrivez pour"
					errors={fields.senderOrganizationId.errors}
					selectProps={getSelectProps(fields.senderOrganizationId)}
					options={senderAssociations}
					placeholder="Moi-même"
				/>
			) : null}
			<Field label="Objet" errors={fields.subject.errors} inputProps={{ ...getInputProps(fields.subject, { type: 'text' }), maxLength: LIMITS.subject }} />
			<TextareaField
				label="Message"
				hint={`${LIMITS.message} caractères au plus. N’y mettez pas d’informations personnelles que vous ne voulez pas partager.`}
				errors={fields.message.errors}
				textareaProps={{ ...getTextareaProps(fields.message), rows: 6, maxLength: LIMITS.message }}
			/>
			<div>
				<button type="submit">Envoyer le message</button>
			</div>
		</Form>
	)
}

function RecommendForm({ options }: { options: { value: string; label: string }[] }) {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({ id: 'suggerer-partenaire', lastResult: actionData?.form === 'recommend' ? actionData.result : undefined })
	return (
		<section aria-labelledby="suggerer">
			<h2 id="suggerer">Suggérer ce partenaire à une association de votre territoire</h2>
			{options.length === 0 ? (
				<p className="muted">Aucune autre association de votre territoire n’est inscrite sur le portail.</p>
			) : (
				<Form method="post" className="stack" aria-labelledby="suggerer" {...getFormProps(form)}>
					<FormErrors id={form.errorId} errors={form.errors} />
					<input type="hidden" name="intent" value="recommend" />
					<SelectField
						label="Association à qui le suggérer"
						errors={fields.toOrganizationId.errors}
						selectProps={getSelectProps(fields.toOrganizationId)}
						options={options}
						placeholder="Choisissez une association"
					/>
					<TextareaField
						label="Mot d’accompagnement (facultatif)"
						errors={fields.note.errors}
						textareaProps={{ ...getTextareaProps(fields.note), rows: 3, maxLength: LIMITS.note }}
					/>
					<div>
						<button type="submit">Suggérer ce partenaire</button>
					</div>
				</Form>
			)}
		</section>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
