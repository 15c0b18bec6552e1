import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallHeader } from '#app/components/call-nav.tsx'
import { ShareBars } from '#app/components/charts/share-bars.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FormErrors } from '#app/components/forms.tsx'
import { getDrawForStaff, launchDraw, setDrawSettings } from '#app/domain/partners/draw.server.ts'
import { DrawSettingsSchema, PLACE_STATUS_LABELS } from '#app/domain/partners/forms.ts'
import { DrawLaunchSchema } from '#app/domain/partners/page-forms.ts'
import { formatDateTime, formatInteger } from '#app/utils/format.ts'
import { parseSubmission, readFormData } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Tirage au sort des partenaires — ${data?.call.title ?? 'Appel à projets'} — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	return json(await getDrawForStaff({ user, callId: params.callId! }))
}

export async function action({ request, params }: ActionFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const callId = params.callId!
	// 404 for another funder's call, before reading the form.
	await getDrawForStaff({ user, callId })
	const formData = await readFormData(request)
	const here = `/gestion/appels/${callId}/tirage`
	if (formData.get('intent') === 'settings') {
		const submission = parseSubmission(formData, { schema: DrawSettingsSchema })
		if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
		const outcome = await setDrawSettings({ user, callId, enabled: submission.value.enabled, groupSize: submission.value.groupSize })
		if (!outcome.ok) return json({ result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 })
		return redirectWithToast(here, { title: 'Réglages du tirage enregistrés' })
	}
	const submission = parseSubmission(formData, { schema: DrawLaunchSchema })
	if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
	const outcome = await launchDraw({ user, callId })
	if (!outcome.ok) return json({ result: submission.reply({ formErrors: [outcome.message] }) }, { status: 409 })
	return redirectWithToast(here, { title: 'Tirage effectué', description: `${outcome.groups} groupe(s) formé(s), ${outcome.placed} association(s) prévenue(s) par e-mail.` })
}

export default function DrawPage() {
	const data = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const errors = actionData?.result.status === 'error' ? Object.values(actionData.result.error ?? {}).flat().filter((e): e is string => Boolean(e)) : undefined
	const active = data.volunteers.filter((v) => !v.withdrawnAt)
	const byDepartement = Object.entries(
		active.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v.departement]: (acc[v.departement] ?? 0) + 1 }), {}),
	).map(([label, value]) => ({ label, value }))
	const reproduce = data.draw
		? `drawPartnerGroups({\n  seed: '${data.draw.seed}',\n  groupSize: ${data.draw.groupSize},\n  volunteers: [\n${data.draw.volunteerIds
				.map((id) => `    { organizationId: '${id}', departement: '${data.volunteers.find((v) => v.organizationId === id)?.departement ?? '?'}' },`)
				.join('\n')}\n  ],\n})`
		: ''
	return (
		<>
			<CallHeader callId={data.call.id} title={data.call.title} />
			<h2>Tirage au sort des partenaires</h2>
			<p>
				Proposé par la Résolution 12 : les associations volontaires d’un même département sont tirées au sort en groupes de deux ou trois pour construire un projet
				ensemble. Chacune a 14 jours pour confirmer ; une place déclinée ou non confirmée revient à la suivante de la liste d’attente de son département.
			</p>
			<FormErrors id="tirage-erreurs" errors={errors} />

			<section aria-labelledby="reglages">
				<h3 id="reglages">Réglages</h3>
				{data.draw ? (
					<p>
						Tirage {data.call.enabled ? 'activé' : 'désactivé'}, groupes de {data.call.groupSize} associations. Le tirage a eu lieu : les réglages ne changent plus.
					</p>
				) : (
					<Form method="post" className="stack">
						<input type="hidden" name="intent" value="settings" />
						<label style={{ display: 'flex', gap: 8 }}>
							<input type="checkbox" name="enabled" value="on" defaultChecked={data.call.enabled} />
							<span>Proposer le tirage au sort sur la page « Je cherche des partenaires » de l’appel</span>
						</label>
						<fieldset>
							<legend>Taille des groupes</legend>
							{[2, 3].map((size) => (
								<label key={size} style={{ display: 'flex', gap: 8 }}>
									<input type="radio" name="groupSize" value={size} defaultChecked={data.call.groupSize === size} />
									<span>{size} associations</span>
								</label>
							))}
						</fieldset>
						<div>
							<button type="submit">Enregistrer les réglages</button>
						</div>
					</Form>
				)}
			</section>

			<section aria-labelledby="volontaires">
				<h3 id="volontaires">Associations volontaires ({active.length})</h3>
				{byDepartement.length > 0 ? (
					<ShareBars title="Volontaires par département" groupLabel="Département" valueLabel="Volontaires" bars={byDepartement} format={(v) => formatInteger(v)} />
				) : null}
				{data.volunteers.length === 0 ? (
					<p>Aucune association volontaire pour le moment.</p>
				) : (
					<div className="table-scroll">
						<table>
							<caption>Par département, dans l’ordre donné au tirage (identifiant)</caption>
							<thead>
								<tr>
									<th scope="col">Association</th>
									<th scope="col">Département</th>
									<th scope="col">Inscrite le</th>
									<th scope="col">État</th>
								</tr>
							</thead>
							<tbody>
								{data.volunteers.map((v) => (
									<tr key={v.organizationId}>
										<td>{v.name}</td>
										<td>{v.departement}</td>
										<td>{formatDateTime(v.createdAt)}</td>
										<td>{v.withdrawnAt ? `retirée le ${formatDateTime(v.withdrawnAt)}` : 'volontaire'}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
				{!data.draw && data.call.enabled ? (
					<Form method="post">
						<input type="hidden" name="intent" value="draw" />
						<button type="submit">Lancer le tirage au sort</button>
					</Form>
				) : null}
			</section>

			{data.draw ? (
				<section aria-labelledby="resultat">
					<h3 id="resultat">Résultat du tirage du {formatDateTime(data.draw.drawnAt)}</h3>
					<p>
						Graine : <code>{data.draw.seed}</code> · groupes de {data.draw.groupSize}
					</p>
					{data.groups.length === 0 ? <p>Aucun groupe : aucun département ne comptait assez de volontaires.</p> : null}
					{data.groups.map((group) => (
						<div key={group.id} className="card">
							<h4 style={{ marginTop: 0 }}>
								{`Département ${group.departement}, groupe ${group.position}${group.formed ? ' — complet' : ''}`}
							</h4>
							<ul>
								{group.places.map((p) => (
									<li key={p.id}>
										{p.name} : {PLACE_STATUS_LABELS[p.status]}
										{p.status === 'pending' ? `, à confirmer avant le ${formatDateTime(p.confirmBy)}` : ''}
										{p.replacesPlaceId ? ' (remplaçante, depuis la liste d’attente)' : ''}
									</li>
								))}
							</ul>
							{group.emptySlots > 0 ? (
								<p>
									{group.emptySlots} place{group.emptySlots > 1 ? 's restent vides' : ' reste vide'} : la liste d’attente du département est épuisée.
								</p>
							) : null}
						</div>
					))}
					<h4>Listes d’attente</h4>
					<ul>
						{data.waitingLists.map((w) => (
							<li key={w.departement}>
								Département {w.departement} : {w.names.length > 0 ? w.names.join(', ') : 'vide'}
							</li>
						))}
					</ul>
					<details>
						<summary>Comment vérifier ce tirage</summary>
						<p>
							Le tirage est reproductible : la fonction <code>drawPartnerGroups</code> (app/domain/partners/draw.ts) redonne les mêmes groupes à partir de la graine, de la
							taille des groupes et des volontaires dans l’ordre enregistré. Dans chaque département, les volontaires sont mélangés (Fisher–Yates, générateur
							splitmix64 initialisé par la graine combinée au code du département), puis découpés en groupes ; le reste forme la liste d’attente.
						</p>
						<pre style={{ overflowX: 'auto', maxWidth: '100%' }} tabIndex={0} aria-label="Appel de la fonction qui reproduit le tirage">
							{reproduce}
						</pre>
					</details>
				</section>
			) : null}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
