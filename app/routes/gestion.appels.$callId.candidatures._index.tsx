import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { CallHeader } from '#app/components/call-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { StaticPart } from '#app/components/static-part.tsx'
import { BarChart } from '#app/components/status-chart.tsx'
import { filtersQuery, readFilters, readPage, VISIBLE_STATUSES, type ListFilters } from '#app/domain/applications/instruction.ts'
import { listApplicationsForStaff } from '#app/domain/applications/instruction.server.ts'
import { APPLICATION_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { formatCents, formatDateTime, formatInteger } from '#app/utils/format.ts'
import { pluralize } from '#app/utils/pluralize.ts'
import { staticPart } from '#app/utils/static-parts.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Candidatures — ${data?.call.title ?? 'Appel à projets'} — Gestion — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const searchParams = new URL(request.url).searchParams
	const filters = readFilters(searchParams)
	const list = await listApplicationsForStaff({ user, callId: params.callId!, filters, page: readPage(searchParams) })
	return json({
		call: { id: list.call.id, title: list.call.title, status: list.call.status },
		filters,
		themes: list.themes,
		departements: list.departements,
		total: list.total,
		matching: list.matching,
		page: list.page,
		pageCount: list.pageCount,
		counts: list.counts,
		shown: list.applications.length,
		// Fifty rows, the same until the call's data changes: rendered once per content (decision
		// 033); read-only, so their HTML, not their data, goes to the page (decision 045).
		rows: staticPart(
			request,
			'staff-list-rows',
			// The rows as the list keeps them: copied for the render only when their HTML is not kept.
			{ applications: list.applications, base: `/gestion/appels/${list.call.id}` },
			({ applications, base }) => <ListRows applications={applications} base={base} />,
			// The list's version names its rows (and its call, hence the links' base).
			{ version: list.version },
		),
	})
}

/** The same filters, on another page of the list. */
function pageHref(listPath: string, query: string, page: number) {
	const params = new URLSearchParams(query)
	if (page > 1) params.set('page', String(page))
	else params.delete('page')
	const search = params.toString()
	return `${listPath}${search ? `?${search}` : ''}`
}

function Pagination({ page, pageCount, href }: { page: number; pageCount: number; href: (page: number) => string }) {
	return (
		<nav aria-label="Pages de la liste" className="pagination">
			<p>
				{page > 1 ? <Link to={href(page - 1)}>← Page précédente</Link> : null}
				{page > 1 ? ' · ' : null}
				<span aria-current="page">{`Page ${page} sur ${pageCount}`}</span>
				{page < pageCount ? ' · ' : null}
				{page < pageCount ? <Link to={href(page + 1)}>Page suivante →</Link> : null}
			</p>
		</nav>
	)
}

export default function CallApplicationsPage() {
	const data = useLoaderData<typeof loader>()
	const { call, filters, counts } = data
	const base = `/gestion/appels/${call.id}`
	const withFilters = (changes: Partial<ListFilters>) => `${base}/candidatures${filtersQuery({ ...filters, ...changes })}`
	const filtered = filters.status !== null || filters.themeId !== null || filters.departement !== null
	const countedTotal = counts.reduce((sum, c) => sum + c.count, 0)
	const shown = counts.filter((c) => c.count > 0)
	const query = filtersQuery(filters)
	return (
		<>
			<CallHeader callId={call.id} title={call.title} />
			<h2>Candidatures</h2>
			<p className="muted">
				Les dossiers en brouillon appartiennent aux associations jusqu’à leur dépôt : ils n’apparaissent pas ici. Un dossier retiré par son
				chef de file reste listé, avec le statut « Retiré ».
			</p>

			<section aria-labelledby="repartition">
				<h3 id="repartition">Répartition par statut</h3>
				{data.total === 0 ? (
					<p>Aucune candidature n’a encore été déposée à cet appel.</p>
				) : (
					<>
						<p>
							{pluralize(countedTotal, 'candidature déposée', 'candidatures déposées')}
							{filters.themeId || filters.departement ? ' pour le thème et le département choisis' : ''}
							{countedTotal !== data.total ? ` (sur ${formatInteger(data.total)} en tout)` : ''}.
						</p>
						{shown.length > 0 ? (
							<>
								<ul className="tags" aria-label="Nombre de candidatures par statut">
									{shown.map((c) => (
										<li key={c.status}>
											<Link to={withFilters({ status: c.status })} aria-current={filters.status === c.status ? 'true' : undefined}>
												{`${APPLICATION_STATUS_LABELS[c.status]} : ${formatInteger(c.count)}`}
											</Link>
										</li>
									))}
								</ul>
								<BarChart title="Candidatures par statut" bars={shown.map((c) => ({ label: APPLICATION_STATUS_LABELS[c.status] ?? c.status, value: c.count }))} />
							</>
						) : null}
					</>
				)}
			</section>

			<section aria-labelledby="filtres">
				<h3 id="filtres">Filtrer</h3>
				<Form method="get" className="grid-2" style={{ alignItems: 'end' }}>
					<div className="field">
						<label htmlFor="filtre-statut">Statut</label>
						<select id="filtre-statut" name="statut" defaultValue={filters.status ?? ''}>
							<option value="">Tous les statuts</option>
							{VISIBLE_STATUSES.map((status) => (
								<option key={status} value={status}>
									{APPLICATION_STATUS_LABELS[status]}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="filtre-theme">Thème</label>
						<select id="filtre-theme" name="theme" defaultValue={filters.themeId ?? ''}>
							<option value="">Tous les thèmes</option>
							{data.themes.map((theme) => (
								<option key={theme.id} value={theme.id}>
									{theme.label}
								</option>
							))}
						</select>
					</div>
					<div className="field">
						<label htmlFor="filtre-departement">Département d’une association du consortium</label>
						<select id="filtre-departement" name="departement" defaultValue={filters.departement ?? ''}>
							<option value="">Tous les départements</option>
							{data.departements.map((departement) => (
								<option key={departement} value={departement}>
									{departement}
								</option>
							))}
							{filters.departement && !data.departements.includes(filters.departement) ? (
								<option value={filters.departement}>{filters.departement}</option>
							) : null}
						</select>
					</div>
					<div>
						<button type="submit">Filtrer</button> {filtered ? <Link to={`${base}/candidatures`}>Retirer les filtres</Link> : null}
					</div>
				</Form>
			</section>

			<section aria-labelledby="liste">
				<h3 id="liste">
					{pluralize(data.matching, 'candidature', 'candidatures')}
					{filtered ? ' correspondant aux filtres' : ''}
				</h3>
				{data.pageCount > 1 ? <Pagination page={data.page} pageCount={data.pageCount} href={(page) => pageHref(`${base}/candidatures`, query, page)} /> : null}
				<p>
					Exporter {filtered ? 'ces candidatures (avec les filtres)' : 'les candidatures'} :{' '}
					<a href={`${base}/export/candidatures.xlsx${query}`} download>
						classeur Excel / LibreOffice (.xlsx, avec les membres des consortiums)
					</a>
					{' · '}
					<a href={`${base}/export/candidatures.csv${query}`} download>
						candidatures (.csv)
					</a>
					{' · '}
					<a href={`${base}/export/membres.csv${query}`} download>
						membres des consortiums (.csv)
					</a>
				</p>
				{data.shown === 0 ? (
					<p>Aucune candidature ne correspond{filtered ? ' à ces filtres' : ''}.</p>
				) : (
					<div style={{ overflowX: 'auto' }}>
						<table>
							<thead>
								<tr>
									<th scope="col">Projet</th>
									<th scope="col">Chef de file</th>
									<th scope="col">Co-porteurs confirmés</th>
									<th scope="col">Thèmes</th>
									<th scope="col">Départements</th>
									<th scope="col">Montant demandé</th>
									<th scope="col">Statut</th>
									<th scope="col">Déposé le</th>
								</tr>
							</thead>
							<StaticPart as="tbody" part={data.rows} />
						</table>
					</div>
				)}
				{data.pageCount > 1 ? <Pagination page={data.page} pageCount={data.pageCount} href={(page) => pageHref(`${base}/candidatures`, query, page)} /> : null}
			</section>
		</>
	)
}

type ListRow = SerializeFrom<Awaited<ReturnType<typeof listApplicationsForStaff>>['applications'][number]>

/** The list's rows, with no React context (a StaticPart): plain links; each cell names its column, so a phone shows a row as a card. */
function ListRows({ applications, base }: { applications: ListRow[]; base: string }) {
	return (
		<>
			{applications.map((a) => (
				<tr key={a.id}>
					<th scope="row">
						<a href={`${base}/candidatures/${a.id}`}>{a.title}</a>
						{a.flaggedAt !== null ? (
							<>
								<br />
								<strong>Signalé : à examiner</strong>
							</>
						) : null}
					</th>
					<td data-label="Chef de file">{a.leadName}</td>
					<td data-label="Co-porteurs confirmés">{formatInteger(a.coCarrierCount)}</td>
					<td data-label="Thèmes">{a.themes.join(', ') || '—'}</td>
					<td data-label="Départements">{a.departements.join(', ') || '—'}</td>
					<td data-label="Montant demandé" style={{ whiteSpace: 'nowrap' }}>
						{formatCents(a.amountRequestedCents)}
					</td>
					<td data-label="Statut">{APPLICATION_STATUS_LABELS[a.status] ?? a.status}</td>
					<td data-label="Déposé le">{formatDateTime(a.submittedAt)}</td>
				</tr>
			))}
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
