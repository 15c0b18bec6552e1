import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { forbidden, notFound, requireUser } from '#app/auth/permissions.server.ts'
import { can, refusedFor, type PolicyUser } from '#app/auth/policy/index.ts'
import { CheckboxGroup, DirectoryAttribution, ProfileDetails } from '#app/components/directory.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors, TextareaField } from '#app/components/forms.tsx'
import { LIMITS, PROFILE_LISTS, ProfileSchema, PUBLICS, RESOURCES, THEMES } from '#app/domain/directory/options.ts'
import { getOwnProfile, profileFormValues, saveProfile, setProfilePublished } from '#app/domain/directory/profiles.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Profil public de ${data.organization.name} — Ensemble` : 'Profil public — Ensemble' }]

/** Members read the profile page; only référents change it. Outsiders do not learn the association exists. */
function check(user: PolicyUser, organizationId: string, action: 'preview-profile' | 'edit-profile') {
	const decision = can(user, action, { kind: 'directory', organizationId })
	if (refusedFor(decision, 'not-member')) notFound()
	if (!decision.allowed) forbidden('Seuls les référents de l’association modifient son profil public.')
}

export async function loader({ request, params }: LoaderFunctionArgs) {
	const user = await requireUser(request)
	check(user, params.organizationId!, 'preview-profile')
	const row = await getOwnProfile(params.organizationId!)
	if (!row || row.organization.kind !== 'association') notFound()
	const canEdit = can(user, 'edit-profile', { kind: 'directory', organizationId: row.organization.id }).allowed
	const { profile, organization } = row
	return json({
		organization: { id: organization.id, name: organization.name },
		canEdit,
		saved: profile !== null,
		publishedAt: profile?.publishedAt ?? null,
		located: profile ? profile.latitude !== null : null,
		seat: [organization.commune, organization.departement ? `(${organization.departement})` : null].filter(Boolean).join(' '),
		values: profileFormValues(profile),
	})
}

export async function action({ request, params }: ActionFunctionArgs) {
	const user = await requireUser(request)
	const organizationId = params.organizationId!
	check(user, organizationId, 'edit-profile')
	const formData = await readFormData(request, { lists: PROFILE_LISTS })
	const intent = formData.get('intent')
	if (intent === 'publish' || intent === 'unpublish') {
		const outcome = await setProfilePublished({ user, organizationId, published: intent === 'publish' })
		if (!outcome.ok) return json({ result: null, publishError: outcome.message }, { status: 409 })
		return redirectWithToast(`/associations/${organizationId}/profil`, {
			title: intent === 'publish' ? 'Profil publié' : 'Profil retiré de l’annuaire',
			description: intent === 'publish' ? 'Votre association apparaît dans l’annuaire des partenaires.' : 'Votre association n’apparaît plus dans l’annuaire ; son profil est gardé.',
		})
	}
	if (intent !== 'save') throw new Response('Action inconnue sur cette page.', { status: 400 })
	const submission = parseSubmission(formData, { schema: ProfileSchema })
	if (submission.status !== 'success') return json({ result: submission.reply(), publishError: null }, { status: 400 })
	const outcome = await saveProfile({ user, organizationId, values: submission.value })
	if (!outcome.ok) {
		const reply = outcome.field ? submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }) : submission.reply({ formErrors: [outcome.message] })
		return json({ result: reply, publishError: null }, { status: 409 })
	}
	return redirectWithToast(`/associations/${organizationId}/profil`, {
		title: 'Profil enregistré',
		description: outcome.located
			? 'Pensez à le publier pour qu’il apparaisse dans l’annuaire.'
			: 'La commune du siège de l’association n’a pas été trouvée : la recherche « à N km de » ne la trouvera pas. Vérifiez-la dans « Modifier le profil de l’association ».',
	})
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [])

export default function AssociationPublicProfilePage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({ id: 'profil-public', lastResult: actionData?.result ?? undefined, defaultValue: data.values })
	const { organization } = data
	return (
		<>
			<p>
				<Link to={`/associations/${organization.id}`}>← {organization.name}</Link>
			</p>
			<h1>Profil public dans l’annuaire des partenaires</h1>
			<p>
				{data.publishedAt ? (
					<>
						<strong>Publié</strong> depuis le {formatDate(data.publishedAt)} : les visiteurs de l’annuaire le lisent.{' '}
						<Link to={`/partenaires/${organization.id}`}>Voir le profil publié</Link>
					</>
				) : (
					<>
						<strong>Non publié</strong> : personne en dehors de l’association ne le voit.{' '}
						{data.saved ? <Link to={`/partenaires/${organization.id}`}>Aperçu du profil</Link> : null}
					</>
				)}
			</p>
			<p className="muted">
				L’annuaire ne montre jamais l’adresse, l’e-mail ni le téléphone de l’association. Il indique sa commune
				{data.seat ? ` (${data.seat})` : ''} et son département ; les autres associations vous écrivent par le portail.
			</p>
			{data.located === false ? (
				<p className="notice">
					La commune du siège n’a pas été trouvée : la recherche par distance ne trouvera pas votre association. Corrigez-la dans{' '}
					<Link to={`/associations/${organization.id}/modifier`}>le profil de l’association</Link>, puis enregistrez ce profil à nouveau.
				</p>
			) : null}

			{data.canEdit ? (
				<>
					<FormErrors id="publication-erreur" errors={actionData?.publishError ? [actionData.publishError] : undefined} />
					<Form method="post">
						<input type="hidden" name="intent" value={data.publishedAt ? 'unpublish' : 'publish'} />
						<button type="submit">{data.publishedAt ? 'Retirer le profil de l’annuaire' : 'Publier le profil dans l’annuaire'}</button>
					</Form>
					<h2 id="modifier-profil">Modifier le profil</h2>
					<Form method="post" className="stack" aria-labelledby="modifier-profil" {...getFormProps(form)}>
						<FormErrors id={form.errorId} errors={form.errors} />
						<input type="hidden" name="intent" value="save" />
						<TextareaField
							label="Présentation"
							hint={`Ce que fait votre association, ce qu’elle aimerait construire avec d’autres (${LIMITS.presentation} caractères au plus).`}
							errors={fields.presentation.errors}
							textareaProps={{ ...getTextareaProps(fields.presentation), rows: 6, maxLength: LIMITS.presentation }}
						/>
						<TextareaField
							label="Communes où elle agit (facultatif)"
							hint={`Une commune par ligne, ${LIMITS.communes} au plus. Pour un nom que plusieurs départements partagent, ajoutez le département : « Vienne (38) ».`}
							errors={fields.communes.errors}
							textareaProps={{ ...getTextareaProps(fields.communes), rows: 3 }}
						/>
						<CheckboxGroup name="publics" legend="Publics" options={PUBLICS} checked={asList(fields.publics.initialValue)} errors={fields.publics.errors} />
						<CheckboxGroup name="themes" legend="Thèmes sur lesquels elle veut travailler" options={THEMES} checked={asList(fields.themes.initialValue)} errors={fields.themes.errors} />
						<CheckboxGroup name="offers" legend="Ce qu’elle peut proposer" options={RESOURCES} checked={asList(fields.offers.initialValue)} errors={fields.offers.errors} />
						<TextareaField
							label="Précisions sur ce qu’elle propose (facultatif)"
							errors={fields.offerDetails.errors}
							textareaProps={{ ...getTextareaProps(fields.offerDetails), rows: 3, maxLength: LIMITS.details }}
						/>
						<CheckboxGroup name="needs" legend="Ce qu’elle cherche" options={RESOURCES} checked={asList(fields.needs.initialValue)} errors={fields.needs.errors} />
						<TextareaField
							label="Précisions sur ce qu’elle cherche (facultatif)"
							errors={fields.needDetails.errors}
							textareaProps={{ ...getTextareaProps(fields.needDetails), rows: 3, maxLength: LIMITS.details }}
						/>
						<div>
							<button type="submit">Enregistrer le profil</button>
						</div>
					</Form>
				</>
			) : (
				<>
					<p className="muted">Seuls les référents de l’association modifient et publient ce profil.</p>
					<ProfileDetails
						profile={{
							id: organization.id,
							name: organization.name,
							sector: null,
							commune: null,
							departement: null,
							...data.values,
							communes: data.values.communes ? data.values.communes.split('\n') : [],
						}}
					/>
				</>
			)}
			<DirectoryAttribution />
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
