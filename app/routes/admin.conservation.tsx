import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requirePlatformAdmin } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { retentionOverview } from '#app/domain/personal-data/retention.server.ts'
import { formatDateTime, formatInteger } from '#app/utils/format.ts'

export const meta: MetaFunction = () => [{ title: 'Conservation des données — Administration — Ensemble' }]

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePlatformAdmin(request)
	return json(await retentionOverview())
}

export default function RetentionPage() {
	const { runs, accountDeletions, accountDeletionsTotal, settings } = useLoaderData<typeof loader>()
	return (
		<>
			<p>
				<Link to="/admin">← Administration</Link>
			</p>
			<h1>Conservation des données</h1>
			<p>
				Les brouillons jamais déposés sont supprimés {settings.draftMonths} mois après la clôture de leur appel (réglage{' '}
				<code>RETENTION_DRAFT_MONTHS</code>) ; les référents de l’association chef de file sont prévenus par e-mail un mois avant, une seule fois.
				Le traitement passe une fois par jour. Les comptes sont supprimés par leurs titulaires, immédiatement.{' '}
				<Link to="/confidentialite">Page « Confidentialité »</Link>
			</p>

			<h2>Passages du traitement</h2>
			{runs.length === 0 ? (
				<p>Aucun passage pour l’instant.</p>
			) : (
				<div className="table-scroll">
					<table>
						<thead>
							<tr>
								<th scope="col">Passage</th>
								<th scope="col">Brouillons prévenus</th>
								<th scope="col">Brouillons supprimés</th>
								<th scope="col">Comptes supprimés depuis le passage précédent</th>
							</tr>
						</thead>
						<tbody>
							{runs.map((run) => (
								<tr key={run.id}>
									<td data-label="Passage">
										{formatDateTime(run.startedAt)}
										{run.error ? <span className="field-error"> — échec : {run.error}</span> : null}
									</td>
									<td data-label="Brouillons prévenus">
										{formatInteger(run.draftsWarned)}
										<Items items={run.warned} total={run.draftsWarned} />
									</td>
									<td data-label="Brouillons supprimés">
										{formatInteger(run.draftsDeleted)}
										<Items items={run.deleted} total={run.draftsDeleted} />
									</td>
									<td data-label="Comptes supprimés">{formatInteger(run.accountsDeleted)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			{runs.length >= 60 ? <p className="muted">Les 60 derniers passages sont affichés.</p> : null}

			<h2>Comptes supprimés</h2>
			<p>
				{formatInteger(accountDeletionsTotal)} compte{accountDeletionsTotal > 1 ? 's' : ''} supprimé{accountDeletionsTotal > 1 ? 's' : ''} au total. Un compte
				supprimé n’est plus connu que par son identifiant (pseudonyme) : ni nom ni adresse.
			</p>
			{accountDeletions.length > 0 ? (
				<ul>
					{accountDeletions.map((deletion) => (
						<li key={deletion.userId}>
							{formatDateTime(deletion.at)} — identifiant <code>{deletion.userId}</code>
						</li>
					))}
				</ul>
			) : null}
			{accountDeletionsTotal > accountDeletions.length ? <p className="muted">Les {accountDeletions.length} plus récents sont affichés.</p> : null}
		</>
	)
}

function Items({ items, total }: { items: { applicationId: string; title: string; callTitle: string; organizationName: string }[]; total: number }) {
	if (items.length === 0) return null
	return (
		<details>
			<summary>Voir</summary>
			<ul>
				{items.map((item) => (
					<li key={item.applicationId}>
						« {item.title} » ({item.organizationName}, appel « {item.callTitle} »)
					</li>
				))}
			</ul>
			{total > items.length ? <p className="muted">Les {items.length} premiers sur {total}.</p> : null}
		</details>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
