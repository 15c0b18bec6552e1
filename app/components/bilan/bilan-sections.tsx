/**
 * The bilan's parts on the page (issue 11), from the same structure as the PDF and the XLSX
 * (bilan-text.ts `sideBySide`): each block's chart, then its figures as a table — one column
 * per call and the difference when two are compared. On a phone each row becomes a card
 * (data-label cells), so nothing scrolls sideways.
 */
import { BilanBars } from '#app/components/bilan/bilan-bars.tsx'
import type { SideBySide } from '#app/domain/bilan/bilan-text.ts'

export function BilanSections({ view }: { view: SideBySide }) {
	const { labels } = view
	const compared = labels.b !== null
	return (
		<>
			{view.sections.map((section) => (
				<section key={section.key} aria-labelledby={`bilan-${section.key}`} className="bilan-section">
					<h2 id={`bilan-${section.key}`}>{section.title}</h2>
					{section.blocks.map((block) => (
						<div key={block.key} className="bilan-block">
							<h3 id={`bilan-${section.key}-${block.key}`}>{block.title}</h3>
							{block.note ? <p className="muted">{capitalize(block.note)}.</p> : null}
							{block.chart ? <BilanBars id={`bilan-${section.key}-${block.key}-graphique`} title={block.title} chart={block.chart} labels={labels} /> : null}
							<table className="bilan-table">
								<caption className="visually-hidden">{`${block.title} : les chiffres`}</caption>
								<thead>
									<tr>
										<th scope="col">Indicateur</th>
										<th scope="col">{compared ? labels.a : 'Valeur'}</th>
										{compared ? (
											<>
												<th scope="col">{labels.b}</th>
												<th scope="col">{`Écart (${labels.a} − ${labels.b})`}</th>
											</>
										) : null}
									</tr>
								</thead>
								<tbody>
									{block.rows.map((row) => (
										<tr key={row.key}>
											<th scope="row">
												{row.label}
												{row.note ? <span className="muted bilan-note"> — {row.note}</span> : null}
											</th>
											<td data-label={compared ? labels.a : 'Valeur'}>{row.a ? row.a.text : 'sans objet'}</td>
											{compared ? (
												<>
													<td data-label={labels.b!}>{row.b ? row.b.text : 'sans objet'}</td>
													<td data-label="Écart">{row.difference ? row.difference.text : '—'}</td>
												</>
											) : null}
										</tr>
									))}
								</tbody>
							</table>
						</div>
					))}
				</section>
			))}
		</>
	)
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
