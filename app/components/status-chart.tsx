import { formatInteger } from '#app/utils/format.ts'

/**
 * A horizontal bar chart in plain SVG (no script). The SVG is an image whose text
 * alternative gives every figure; the same figures are also printed next to the bars.
 */
export function BarChart({ title, bars }: { title: string; bars: { label: string; value: number }[] }) {
	if (bars.length === 0) return null
	const max = Math.max(...bars.map((b) => b.value), 1)
	const rowHeight = 28
	const labelWidth = 190
	const barWidth = 300
	const width = labelWidth + barWidth + 60
	const height = bars.length * rowHeight + 8
	const description = `${title} : ${bars.map((b) => `${b.label} ${formatInteger(b.value)}`).join(', ')}.`
	return (
		<figure style={{ margin: '16px 0' }}>
			<svg role="img" aria-label={description} viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width, display: 'block' }}>
				{bars.map((bar, index) => {
					const y = index * rowHeight + 4
					const w = Math.round((bar.value / max) * barWidth)
					return (
						<g key={bar.label}>
							<text x={labelWidth - 8} y={y + 17} textAnchor="end" fontSize="13" fill="currentColor">
								{bar.label}
							</text>
							<rect x={labelWidth} y={y + 4} width={Math.max(w, bar.value > 0 ? 2 : 0)} height={rowHeight - 10} fill="#1d4ed8" rx="2" />
							<text x={labelWidth + w + 6} y={y + 17} fontSize="13" fill="currentColor">
								{formatInteger(bar.value)}
							</text>
						</g>
					)
				})}
			</svg>
			<figcaption className="muted">{title}</figcaption>
		</figure>
	)
}
