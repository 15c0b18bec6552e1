/**
 * The call's bilan for its funder's staff (issue 11): every figure of the 2012 bilan and the
 * new ones, each chart followed by its table, and — with `?comparer=<id>` — another call of
 * the same funder side by side. The same figures as the PDF and the XLSX (bilan-text.ts).
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { requireFunderStaff } from '#app/auth/permissions.server.ts'
import { BilanSections } from '#app/components/bilan/bilan-sections.tsx'
import { CallHeader } from '#app/components/call-nav.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ServerCached } from '#app/components/server-cached.tsx'
import { loadBilanPage, readComparison } from '#app/domain/bilan/bilan-page.server.ts'
import { sideBySideOnce } from '#app/domain/bilan/bilan-text.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Bilan — ${data?.bilan.call.title ?? 'Appel à projets'} — Ensemble` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
	const { user } = await requireFunderStaff(request)
	const compareWith = readComparison(request.url)
	const page = await loadBilanPage({ user, callId: params.callId!, compareWith })
	// The figures travel, not their wording: the page words them as the PDF and the XLSX do.
	return json({ bilan: page.bilan, comparison: page.comparison, comparable: page.comparable, comparisonRefused: page.comparisonRefused, viewKey: page.viewKey })
}

export default function BilanPage() {
	const { bilan, comparison, comparable, comparisonRefused, viewKey } = useLoaderData<typeof loader>()
	const view = sideBySideOnce(viewKey, bilan, comparison)
	const comparedId = comparison?.call.id ?? null
	const call = view.a.call
	const base = `/gestion/appels/${call.id}`
	const query = comparedId ? `?comparer=${encodeURIComponent(comparedId)}` : ''
	return (
		<>
			<CallHeader callId={call.id} title={call.title} />
			<h2>Bilan de l’appel</h2>
			<p>
				{view.a.subtitle}
				{call.imported ? ' Appel passé importé d’un tableur : ses chiffres sont ceux du fichier.' : ''}
			</p>
			<p className="muted">
				Chaque pourcentage est celui des répondants, donné avec son nombre et sa base ; en dessous de 5 réponses, seul le nombre est donné.
			</p>
			<ul className="bilan-downloads">
				<li>
					<a href={`${base}/bilan.pdf${query}`}>Télécharger le bilan (PDF)</a>
				</li>
				<li>
					<a href={`${base}/bilan.xlsx${query}`}>Télécharger le bilan (XLSX, une feuille par partie)</a>
				</li>
				<li>
					<a href={`${base}/donnees-ouvertes/subventions-scdl.csv`}>Données ouvertes : subventions au format SCDL (CSV, une ligne par association bénéficiaire)</a>
				</li>
				<li>
					<a href={`${base}/donnees-ouvertes/subventions-360giving.json`}>Données ouvertes : subventions au format 360Giving (JSON, une subvention par consortium)</a>
				</li>
			</ul>
			{comparable.length > 0 ? (
				<Form method="get" className="bilan-compare">
					<label htmlFor="comparer">Comparer avec un autre appel du même financeur</label>
					<div className="inline-fields">
						<select id="comparer" name="comparer" defaultValue={comparedId ?? ''} aria-describedby={comparisonRefused ? 'comparer-erreur' : undefined}>
							<option value="">Pas de comparaison</option>
							{comparable.map((c) => (
								<option key={c.id} value={c.id}>
									{c.year ? `${c.title} (${c.year})` : c.title}
								</option>
							))}
						</select>
						<button type="submit">Afficher</button>
					</div>
					{comparisonRefused ? (
						<p id="comparer-erreur" className="field-error">
							Cet appel ne peut pas être comparé : choisissez un autre appel de votre financeur dans la liste.
						</p>
					) : null}
				</Form>
			) : null}
			{/* The same figures for every request until the call's data changes: rendered once per version. */}
			<ServerCached name="bilan" inputs={viewKey} className="bilan-body" render={() => <BilanSections view={view} />} />
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
