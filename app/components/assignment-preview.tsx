import { Form } from '@remix-run/react'
import { BarChart } from '#app/components/status-chart.tsx'
import type { AssignmentPreview } from '#app/domain/jury/assignment.server.ts'
import { JUROR_KIND_LABELS } from '#app/domain/jury/composition.ts'
import { formatInteger } from '#app/utils/format.ts'
import { pluralize } from '#app/utils/pluralize.ts'

/**
 * What « Appliquer » would do, shown before it is applied: the load per juror (a table and
 * the house bar chart), the dossiers short of jurors and why, the pairs a re-run drops.
 * The « Appliquer » form carries the settings the preview was computed with.
 */
export function AssignmentPreviewCard({ preview }: { preview: AssignmentPreview }) {
	const kept = preview.removed.filter((r) => r.kept)
	const dropped = preview.removed.filter((r) => !r.kept)
	return (
		<section aria-labelledby="apercu" className="card">
			<h4 id="apercu">Aperçu, avant d’appliquer</h4>
			<p>
				{pluralize(preview.newCount, 'nouvelle affectation', 'nouvelles affectations')} ; {pluralize(preview.keptCount, 'affectation gardée', 'affectations gardées')} ;{' '}
				{pluralize(preview.applications, 'dossier', 'dossiers')} à évaluer, {preview.perApplication} juré{preview.perApplication > 1 ? 's' : ''} par dossier
				{preview.requiredJurorKind ? `, dont au moins un « ${JUROR_KIND_LABELS[preview.requiredJurorKind]} »` : ''}.
			</p>
			<h5>Charge par juré</h5>
			{preview.loads.length === 0 ? (
				<p>Aucun juré ne siège au jury : invitez des jurés depuis la page « Jury ».</p>
			) : (
				<>
					<div className="table-scroll">
						<table>
							<thead>
								<tr>
									<th scope="col">Juré</th>
									<th scope="col">Dossiers</th>
									<th scope="col">Dont nouveaux</th>
									<th scope="col">Maximum</th>
								</tr>
							</thead>
							<tbody>
								{preview.loads.map((l) => (
									<tr key={l.jurorId}>
										<th scope="row">
											{l.name}
											<br />
											<span className="muted">{JUROR_KIND_LABELS[l.kind]}</span>
										</th>
										<td data-label="Dossiers">{formatInteger(l.load)}</td>
										<td data-label="Dont nouveaux">{formatInteger(l.added)}</td>
										<td data-label="Maximum">{l.maxLoad === null ? 'aucun' : formatInteger(l.maxLoad)}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
					<BarChart title="Dossiers par juré après application" bars={preview.loads.map((l) => ({ label: l.name, value: l.load }))} />
				</>
			)}
			<h5>Dossiers en manque de jurés{preview.counts.short > 0 ? ` (${formatInteger(preview.counts.short)})` : ''}</h5>
			{preview.short.length === 0 ? (
				<p>Chaque dossier aura ses {preview.perApplication} jurés.</p>
			) : (
				<ShortList items={preview.short.map((s) => ({ id: s.applicationId, title: s.title, reason: s.reason }))} total={preview.counts.short} />
			)}
			{preview.groupShort.length > 0 ? (
				<>
					<h5>Dossiers sans juré du type demandé</h5>
					<ShortList items={preview.groupShort.map((s) => ({ id: s.applicationId, title: s.title, reason: s.reason }))} total={preview.counts.groupShort} />
				</>
			) : null}
			{dropped.length > 0 ? (
				<>
					<h5>Affectations retirées</h5>
					<ShortList items={dropped.map((r) => ({ id: `${r.jurorId}-${r.applicationId}`, title: `${r.title} — ${r.jurorName}`, reason: r.reason }))} total={dropped.length} />
				</>
			) : null}
			{kept.length > 0 ? (
				<p className="hint">
					{pluralize(kept.length, 'évaluation déjà envoyée est gardée', 'évaluations déjà envoyées sont gardées')} bien que l’aperçu ne la retienne plus.
				</p>
			) : null}
			<Form method="post">
				<input type="hidden" name="jurorsPerApplication" value={preview.perApplication} />
				<input type="hidden" name="requiredJurorKind" value={preview.requiredJurorKind ?? ''} />
				<button type="submit" name="intent" value="apply" disabled={preview.newCount === 0 && dropped.length === 0}>
					Appliquer
				</button>
			</Form>
		</section>
	)
}

function ShortList({ items, total }: { items: { id: string; title: string; reason: string }[]; total: number }) {
	return (
		<>
			<ul>
				{items.map((item) => (
					<li key={item.id}>
						« {item.title} » — {item.reason}
					</li>
				))}
			</ul>
			{total > items.length ? <p className="muted">… et {pluralize(total - items.length, 'autre', 'autres')}.</p> : null}
		</>
	)
}
