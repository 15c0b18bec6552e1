/**
 * The platform admin's journal (issue 13): the audit events of the whole portal, newest
 * first, filtered by a GET form that works without JavaScript, 50 per page; exportable as
 * CSV or XLSX with the same filters (admin.journal[.]csv.tsx, admin.journal[.]xlsx.tsx).
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { Link } from '#app/components/link.tsx'
import { requirePlatformAdmin } from '#app/auth/permissions.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Field, SelectField } from '#app/components/forms.tsx'
import { actionOptionsByCategory, AUDIT_CATEGORIES } from '#app/domain/audit-log/categories.ts'
import { auditFiltersQuery, JOURNAL_EXPORT_CAP, JOURNAL_PAGE_SIZE, readAuditFilters, readCursor, SUBJECT_TYPES } from '#app/domain/audit-log/filters.ts'
import { listJournal } from '#app/domain/audit-log/journal.server.ts'
import { journalEntry } from '#app/domain/audit-log/presentation.ts'
import { formatInteger } from '#app/utils/format.ts'

export const meta: MetaFunction = () => [{ title: 'Journal d’audit — Administration — Ensemble' }]

const CATEGORY_OPTIONS = Object.entries(AUDIT_CATEGORIES).map(([value, label]) => ({ value, label }))
const SUBJECT_OPTIONS = Object.entries(SUBJECT_TYPES).map(([value, label]) => ({ value, label }))

export async function loader({ request }: LoaderFunctionArgs) {
	await requirePlatformAdmin(request)
	const params = new URL(request.url).searchParams
	const { filters, errors, values } = readAuditFilters(params)
	const page = await listJournal({ filters, cursor: readCursor(params) })
	return json({
		values,
		errors,
		query: auditFiltersQuery(filters).toString(),
		entries: page.rows.map(journalEntry),
		olderCursor: page.olderCursor,
		newerCursor: page.newerCursor,
	})
}

export default function JournalPage() {
	const { values, errors, query, entries, olderCursor, newerCursor } = useLoaderData<typeof loader>()
	const withQuery = (extra: Record<string, string>) => {
		const params = new URLSearchParams(query)
		for (const [name, value] of Object.entries(extra)) params.set(name, value)
		const text = params.toString()
		return text ? `?${text}` : ''
	}
	const filtered = query !== ''
	const errorsOf = (name: keyof typeof errors) => (errors[name] ? [errors[name]] : undefined)
	return (
		<>
			<p>
				<Link to="/admin">← Administration</Link>
			</p>
			<h1>Journal d’audit</h1>
			<p className="muted">
				Ce qui s’est passé sur le portail, du plus récent au plus ancien : connexions et échecs de connexion, rôles donnés et retirés, exports de
				données, décisions, et chaque étape des appels, des dossiers et du jury. Heures de Paris.
			</p>

			<section aria-labelledby="journal-filtres">
				<h2 id="journal-filtres">Filtrer</h2>
				<Form method="get" className="grid-2" style={{ alignItems: 'end' }}>
					<SelectField
						label="Catégorie"
						errors={errorsOf('categorie')}
						placeholder="Toutes les catégories"
						options={CATEGORY_OPTIONS}
						selectProps={{ id: 'journal-categorie', name: 'categorie', defaultValue: errors.categorie ? '' : values.categorie }}
					/>
					<SelectField
						label="Action"
						errors={errorsOf('action')}
						placeholder="Toutes les actions"
						options={[]}
						groups={actionOptionsByCategory().map((group) => ({ label: group.label, options: group.actions }))}
						selectProps={{ id: 'journal-action', name: 'action', defaultValue: errors.action ? '' : values.action }}
					/>
					<Field
						label="Personne"
						hint="Une partie du nom ou de l’adresse e-mail de l’auteur ou du compte concerné ; l’adresse entière retrouve aussi les tentatives de connexion sur une adresse sans compte."
						errors={errorsOf('personne')}
						inputProps={{ id: 'journal-personne', name: 'personne', type: 'search', defaultValue: values.personne, maxLength: 100 }}
					/>
					<SelectField
						label="Type de sujet"
						errors={errorsOf('sujet')}
						placeholder="Tous les sujets"
						options={SUBJECT_OPTIONS}
						selectProps={{ id: 'journal-sujet', name: 'sujet', defaultValue: errors.sujet ? '' : values.sujet }}
					/>
					<Field label="Identifiant du sujet" errors={errorsOf('sujetId')} inputProps={{ id: 'journal-sujetId', name: 'sujetId', defaultValue: values.sujetId, maxLength: 100 }} />
					<Field label="Du" errors={errorsOf('du')} inputProps={{ id: 'journal-du', name: 'du', type: 'date', defaultValue: values.du }} />
					<Field label="Au (inclus)" errors={errorsOf('au')} inputProps={{ id: 'journal-au', name: 'au', type: 'date', defaultValue: values.au }} />
					<div>
						<button type="submit">Filtrer</button> {filtered ? <Link to="/admin/journal">Retirer les filtres</Link> : null}
					</div>
				</Form>
			</section>

			<section aria-labelledby="journal-export">
				<h2 id="journal-export">Exporter</h2>
				<p>
					<a href={`/admin/journal.csv${query ? `?${query}` : ''}`} download>
						Exporter en CSV
					</a>{' '}
					·{' '}
					<a href={`/admin/journal.xlsx${query ? `?${query}` : ''}`} download>
						Exporter en XLSX
					</a>
				</p>
				<p className="hint">
					Avec les filtres ci-dessus ; au plus {formatInteger(JOURNAL_EXPORT_CAP)} événements, les plus récents (resserrez les dates pour
					remonter plus loin). L’export est lui-même inscrit au journal.
				</p>
			</section>

			<section aria-labelledby="journal-evenements">
				<h2 id="journal-evenements">Événements</h2>
				{entries.length === 0 ? (
					<p>{filtered ? 'Aucun événement ne correspond à ces filtres.' : 'Aucun événement pour l’instant.'}</p>
				) : (
					<table aria-labelledby="journal-evenements" className="journal">
						<thead>
							<tr>
								<th scope="col">Date</th>
								<th scope="col">Auteur</th>
								<th scope="col">Action</th>
								<th scope="col">Sujet</th>
								<th scope="col">Détails</th>
							</tr>
						</thead>
						<tbody>
							{entries.map((entry) => (
								<tr key={entry.id}>
									<td data-label="Date" className="when">
										<time dateTime={entry.iso}>{entry.when}</time>
									</td>
									<td data-label="Auteur">
										{entry.actor.name}
										{entry.actor.email ? (
											<>
												<br />
												<span className="muted">{entry.actor.email}</span>
											</>
										) : null}
									</td>
									<td data-label="Action">
										{entry.label}
										<br />
										<span className="muted">{entry.category}</span>
									</td>
									<td data-label="Sujet">
										{entry.subjectHref ? <Link to={entry.subjectHref}>{entry.subject}</Link> : entry.subject}{' '}
										<Link to={`/admin/journal?${new URLSearchParams({ sujet: entry.subjectType, sujetId: entry.subjectId }).toString()}`} className="muted">
											(son journal)
										</Link>
									</td>
									<td data-label="Détails">{entry.details || '—'}</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
				{olderCursor || newerCursor ? (
					<nav aria-label="Pages du journal" className="pagination">
						<p>
							{newerCursor ? <Link to={`/admin/journal${withQuery({ apres: newerCursor })}`}>← Plus récents</Link> : null}
							{newerCursor && olderCursor ? ' · ' : null}
							{olderCursor ? <Link to={`/admin/journal${withQuery({ avant: olderCursor })}`}>Plus anciens →</Link> : null}
						</p>
						<p className="hint">{JOURNAL_PAGE_SIZE} événements par page.</p>
					</nav>
				) : null}
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
