/**
 * A bilan block's chart (issue 11): horizontal bars of one call, or of two calls side by side
 * (the second hatched, so that black and white or a colour-blind reader tells them apart),
 * drawn on the server as plain SVG. Each bar carries its figure in text; a share with too few
 * answers gets no bar, only its count. The SVG is an image titled and described for screen
 * readers; the same figures follow as a table. 360 units wide, scaled down on a phone.
 */
import type { SideBySideChart } from '#app/domain/bilan/bilan-text.ts'

const WIDTH = 360
const LABEL = 16
const BAR = 12
const GAP = 10
const TRACK = 200
/** Past this, a label is cut in the drawing (whole in the table and the description). */
const LABEL_CHARS = 58

const short = (label: string) => (label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label)

type Bar = NonNullable<SideBySideChart['bars'][number]['a']>

function figure(bar: Bar, scale: SideBySideChart['scale']): string {
	if (scale === 'max') return bar.text
	if (bar.percent === null) return `${bar.value} (trop peu de réponses)`
	return `${String(bar.percent).replace('.', ',')} %`
}

/** `id` prefixes the drawing's own ids: derived from the block, not useId, so the part can be rendered alone (ServerCached). */
export function BilanBars({ id, title, chart, labels }: { id: string; title: string; chart: SideBySideChart; labels: { a: string; b: string | null } }) {
	const series = labels.b === null ? (['a'] as const) : (['a', 'b'] as const)
	if (chart.bars.length === 0) return null
	const max = Math.max(1, ...chart.bars.flatMap((bar) => series.map((s) => bar[s]?.value ?? 0)))
	const length = (bar: Bar) => {
		const fraction = chart.scale === 'percent' ? (bar.percent === null ? 0 : bar.percent / 100) : bar.value / max
		return Math.round(fraction * TRACK)
	}
	const rowHeight = LABEL + series.length * (BAR + 4) + GAP
	const height = chart.bars.length * rowHeight
	const description = chart.bars
		.map((bar) => `${bar.label} : ${series.map((s) => `${labels.b === null ? '' : `${labels[s]} `}${bar[s] ? bar[s]!.text : 'sans objet'}`).join(', ')}`)
		.join(' ; ')
	return (
		<figure className="bilan-bars">
			{labels.b !== null ? (
				<p className="bilan-bars-legend" aria-hidden="true">
					<span className="swatch swatch-a" /> {labels.a} <span className="swatch swatch-b" /> {labels.b}
				</p>
			) : null}
			<svg className="bilan-chart" role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${height}`} width="100%">
				<title id={`${id}-title`}>{title}</title>
				<desc id={`${id}-desc`}>{description}</desc>
				<defs>
					<pattern id={`${id}-hatch`} patternUnits="userSpaceOnUse" width="5" height="5" patternTransform="rotate(45)">
						<rect width="5" height="5" fill="#fff" />
						<line x1="0" y1="0" x2="0" y2="5" stroke="#1d4f91" strokeWidth="2.5" />
					</pattern>
				</defs>
				{chart.bars.map((bar, index) => {
					const top = index * rowHeight
					return (
						<g key={bar.key}>
							<text x="0" y={top + 12}>
								{short(bar.label)}
							</text>
							{series.map((s, k) => {
								const value = bar[s]
								const y = top + LABEL + k * (BAR + 4)
								return (
									<g key={s}>
										<rect className="track" x="0" y={y} width={TRACK} height={BAR} />
										{value && length(value) > 0 ? <rect className={`bar bar-${s}`} x="0" y={y} width={length(value)} height={BAR} fill={s === 'a' ? undefined : `url(#${id}-hatch)`} /> : null}
										<text className="value" x={TRACK + 6} y={y + BAR - 2}>
											{value ? figure(value, chart.scale) : 'sans objet'}
										</text>
									</g>
								)
							})}
						</g>
					)
				})}
			</svg>
		</figure>
	)
}
