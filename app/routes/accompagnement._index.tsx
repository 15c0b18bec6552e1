import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireSupporterStaff } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { listOpenCalls } from '#app/domain/calls/calls.server.ts'
import { sectorLabel } from '#app/domain/organizations/sectors.ts'
import { getStructures, listAssociationsForSupporters } from '#app/domain/organizations/staff.server.ts'
import { listDossiersForSupporter } from '#app/domain/supporters/opinions.server.ts'
import { VERDICT_LABELS } from '#app/domain/supporters/opinions.ts'
import { formatDateTime } from '#app/utils/format.ts'

export const meta: MetaFunction = () => [{ title: 'Accompagnement — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	const { user, supporters } = await requireSupporterStaff(request)
	const structures = await getStructures(supporters.map((s) => s.organizationId))
	const [openCalls, associations, dossiers] = await Promise.all([
		listOpenCalls(),
		listAssociationsForSupporters(structures.map((s) => s.territory)),
		listDossiersForSupporter(user),
	])
	return json({ structures, openCalls, associations, dossiers })
}

export default function SupporterSpace() {
	const { structures, openCalls, associations, dossiers } = useLoaderData<typeof loader>()
	return (
		<>
			<h1>Espace d’accompagnement</h1>
			<section aria-labelledby="structures">
				<h2 id="structures">{structures.length > 1 ? 'Vos structures' : 'Votre structure'}</h2>
				{structures.map((structure) => (
					<div key={structure.id} className="card">
						<h3>{structure.name}</h3>
						<dl className="facts">
							<dt>Territoire</dt>
							<dd>{structure.territory || '—'}</dd>
							<dt>Contact</dt>
							<dd>{structure.contactEmail ?? '—'}</dd>
						</dl>
					</div>
				))}
			</section>

			<section aria-labelledby="dossiers-accompagnes">
				<h2 id="dossiers-accompagnes">Dossiers que vous accompagnez</h2>
				<p className="muted">
					Les dossiers déposés dont le consortium a nommé votre structure comme structure d’accompagnement. Votre avis est lu par le financeur et le jury ; le
					consortium sait seulement qu’il a été donné. Il reste modifiable jusqu’à la délibération du jury.
				</p>
				{dossiers.length === 0 ? (
					<p>Aucun dossier déposé ne vous a encore nommé.</p>
				) : (
					<ul className="stack" style={{ listStyle: 'none', padding: 0 }}>
						{dossiers.map((dossier) => (
							<li key={dossier.id} className="card">
								<h3 style={{ marginTop: 0, overflowWrap: 'anywhere' }}>{dossier.title}</h3>
								<p style={{ margin: 0 }}>
									{dossier.callTitle} — {dossier.funderName}
								</p>
								<p className="muted" style={{ margin: 0 }}>
									{dossier.associations.join(', ')} · accompagné par {dossier.structureName}
								</p>
								<p style={{ margin: '8px 0 0' }}>
									{dossier.verdict ? `Votre avis : ${VERDICT_LABELS[dossier.verdict]} (le ${formatDateTime(dossier.opinionUpdatedAt!)})` : 'Avis pas encore donné'}
									{' — '}
									<Link to={`/accompagnement/dossiers/${dossier.id}/avis`} aria-label={`${linkLabel(dossier)} sur « ${dossier.title} »`}>
										{linkLabel(dossier)}
									</Link>
								</p>
							</li>
						))}
					</ul>
				)}
			</section>

			<section aria-labelledby="appels">
				<h2 id="appels">Appels à projets ouverts</h2>
				{openCalls.length === 0 ? (
					<p>Aucun appel à projets n’est ouvert en ce moment.</p>
				) : (
					<table aria-labelledby="appels">
						<thead>
							<tr>
								<th scope="col">Appel</th>
								<th scope="col">Financeur</th>
								<th scope="col">Territoire</th>
								<th scope="col">Thèmes</th>
								<th scope="col">Date limite de dépôt (heure de Paris)</th>
							</tr>
						</thead>
						<tbody>
							{openCalls.map((call) => (
								<tr key={call.id}>
									<th scope="row">{call.title}</th>
									<td>{call.funderName}</td>
									<td>{call.territory || '—'}</td>
									<td>{call.themes.join(', ') || '—'}</td>
									<td>{call.deadlineAt ? formatDateTime(call.deadlineAt) : 'Non fixée'}</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</section>

			<section aria-labelledby="associations">
				<h2 id="associations">Associations du territoire</h2>
				<p className="muted">
					{associations.scope === 'territory'
						? `Associations inscrites sur Ensemble dont le siège est dans ${associations.departements.length > 1 ? 'les départements' : 'le département'} ${associations.departements.join(', ')}, d’après le territoire de votre structure.`
						: 'Le territoire de votre structure ne mentionne aucun numéro de département : toutes les associations inscrites sur Ensemble sont listées.'}{' '}
					Leurs candidatures ne sont visibles que par elles.
				</p>
				{associations.associations.length === 0 ? (
					<p>Aucune association pour l’instant.</p>
				) : (
					<table aria-labelledby="associations">
						<thead>
							<tr>
								<th scope="col">Association</th>
								<th scope="col">Commune</th>
								<th scope="col">Département</th>
								<th scope="col">Secteur</th>
							</tr>
						</thead>
						<tbody>
							{associations.associations.map((association) => (
								<tr key={association.id}>
									<th scope="row">{association.name}</th>
									<td>{[association.postalCode, association.commune].filter(Boolean).join(' ') || '—'}</td>
									<td>{association.departement ?? '—'}</td>
									<td>{sectorLabel(association.sector)}</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</section>
		</>
	)
}

const linkLabel = (dossier: { editable: boolean; verdict: string | null }) => (dossier.editable ? (dossier.verdict ? 'Modifier l’avis' : 'Donner un avis') : 'Lire l’avis')

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
