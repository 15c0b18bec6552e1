/**
 * Horizontal bars of a total split by group (the envelope by theme or département, the
 * bilan's shares), rendered on the server as plain SVG: no script, no scale library (the
 * scale is one division). Readable without colour: each bar carries its label above it and
 * its figure beside it; the SVG is an image titled and described for screen readers, and
 * the same figures follow as a table. The drawing is 360 units wide and scales down, so it
 * fits a 390 px screen.
 */
import { useId } from 'react'

export type ShareBar = { label: string; value: number; /** A second figure for the table (e.g. the number of dossiers). */ count?: number }

const WIDTH = 360
const ROW = 40
const BAR = 14
const LABEL_SPACE = 18
/** Room kept right of the longest bar for its figure. */
const FIGURE_SPACE = 110

export function ShareBars({
	title,
	bars,
	format,
	total,
	groupLabel,
	valueLabel,
	countLabel,
	note,
}: {
	title: string
	/** The table's first column (« Thème », « Département »). */
	groupLabel: string
	bars: readonly ShareBar[]
	format: (value: number) => string
	/** What the shares are compared with (e.g. the envelope); default: the largest bar. */
	total?: number | null
	valueLabel: string
	countLabel?: string
	note?: string
}) {
	const id = useId()
	if (bars.length === 0) return null
	const scale = Math.max(total ?? 0, ...bars.map((b) => b.value), 1)
	const track = WIDTH - FIGURE_SPACE
	const height = bars.length * ROW + 4
	const percent = (value: number) => (total ? ` (${Math.round((value / total) * 1000) / 10} %)`.replace('.', ',') : '')
	const description = bars.map((b) => `${b.label} : ${format(b.value)}${percent(b.value)}`).join(' ; ')
	return (
		<figure className="share-bars" aria-labelledby={`${id}-caption`}>
			<figcaption id={`${id}-caption`}>
				<strong>{title}</strong>
				{note ? <span className="muted"> — {note}</span> : null}
			</figcaption>
			<svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" style={{ maxWidth: 560, display: 'block' }}>
				<title id={`${id}-title`}>{title}</title>
				<desc id={`${id}-desc`}>{description}</desc>
				{bars.map((bar, index) => {
					const y = index * ROW + 2
					const width = Math.max(bar.value > 0 ? 2 : 0, Math.round((bar.value / scale) * track))
					return (
						<g key={bar.label} aria-hidden="true">
							<text x={0} y={y + 12} fontSize="12" fill="currentColor">
								{bar.label.length > 48 ? `${bar.label.slice(0, 47)}…` : bar.label}
							</text>
							{/* The track shows the whole (the envelope): the bar's share reads without colour. */}
							<rect x={0} y={y + LABEL_SPACE} width={track} height={BAR} fill="none" stroke="#6b7280" strokeWidth="1" />
							<rect x={0} y={y + LABEL_SPACE} width={width} height={BAR} fill="#1d4ed8" />
							<text x={track + 6} y={y + LABEL_SPACE + 11} fontSize="12" fill="currentColor">
								{format(bar.value)}
							</text>
						</g>
					)
				})}
			</svg>
			<div className="table-scroll">
				<table aria-label={title}>
					<thead>
						<tr>
							<th scope="col">{groupLabel}</th>
							<th scope="col">{valueLabel}</th>
							{countLabel ? <th scope="col">{countLabel}</th> : null}
						</tr>
					</thead>
					<tbody>
						{bars.map((bar) => (
							<tr key={bar.label}>
								<th scope="row">{bar.label}</th>
								<td>
									{format(bar.value)}
									{percent(bar.value)}
								</td>
								{countLabel ? <td>{bar.count ?? '—'}</td> : null}
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</figure>
	)
}
