/**
 * The call's bilan as a PDF (issue 11), from the one `CallBilan` (never the database) and the
 * wording of bilan-text.ts, so it says what the page and the XLSX say. A4, DejaVu embedded
 * (pdf-document.ts). Each block: its title and base, a horizontal bar chart drawn as vectors,
 * then its figures as a table. Readable in black and white: every bar carries its text and
 * figure, sits in an outlined 0–100 % track, and the compared call's bars are hatched, not
 * merely another colour. A chart is never cut by a page break (one taller than a page breaks
 * between bars); a table row is never split and its header comes back on each page.
 */
import { createPdf, finish, FONT, MARGIN, table, toBuffer, type Pdf } from '#app/services/pdf/pdf-document.ts'
import { type CallBilan } from './bilan-model.ts'
import { sideBySide, type BilanBar, type SideBySide, type SideBySideBlock, type SideBySideChart, type SideBySideRow } from './bilan-text.ts'
import { MIN_ANSWERS_FOR_PERCENT } from './shares.ts'

const INK = '#111827'
const MUTED = '#4b5563'
const BAR = '#374151'
const TRACK = '#9ca3af'
const BAR_HEIGHT = 8

type Column = { label: string; width: number; align?: 'left' | 'right' }

export async function renderBilanPdf(bilan: CallBilan, comparison: CallBilan | null): Promise<Buffer> {
	return toBuffer(drawBilan(sideBySide(bilan, comparison)))
}

function drawBilan(view: SideBySide): Pdf {
	const { a, b, labels } = view
	const doc = createPdf({ title: b ? `${a.title} comparé à « ${b.call.title} »` : a.title, subject: a.call.title })

	doc.font(FONT.bold).fontSize(18).fillColor(INK).text(a.title)
	doc.font(FONT.regular).fontSize(10).fillColor(MUTED).text(a.subtitle)
	if (b) {
		doc.moveDown(0.3).font(FONT.bold).fillColor(INK).text(`Comparé avec l’appel « ${b.call.title} »`)
		doc.font(FONT.regular).fillColor(MUTED).text(b.subtitle)
		doc.text(`Colonnes « ${labels.a} » et « ${labels.b} » ; l’écart est ${labels.a} moins ${labels.b}, en points pour les pourcentages.`)
	}
	doc
		.moveDown(0.3)
		.fontSize(9)
		.text(`Les pourcentages sont ceux des répondants, donnés avec leur compte et leur base ; avec moins de ${MIN_ANSWERS_FOR_PERCENT} réponses, le compte seul est donné.`)
	doc.fillColor(INK).fontSize(10)

	for (const section of view.sections) {
		ensure(doc, 120)
		doc.moveDown(0.8).font(FONT.bold).fontSize(15).fillColor(INK).text(section.title, MARGIN).moveDown(0.2)
		for (const block of section.blocks) drawBlock(doc, view, block)
	}

	finish(doc, b ? `Bilan — ${a.call.title} comparé à ${b.call.title}` : `Bilan — ${a.call.title}`)
	return doc
}

const usableWidth = (doc: Pdf) => doc.page.width - MARGIN * 2
const bottom = (doc: Pdf) => doc.page.height - MARGIN
const pageRoom = (doc: Pdf) => doc.page.height - MARGIN * 2

function ensure(doc: Pdf, height: number) {
	if (doc.y + height > bottom(doc)) doc.addPage()
}

function heightOf(doc: Pdf, text: string, font: string, size: number, width: number) {
	return doc.font(font).fontSize(size).heightOfString(text || ' ', { width })
}

function drawBlock(doc: Pdf, view: SideBySide, block: SideBySideBlock) {
	const width = usableWidth(doc)
	const headerHeight = 8 + heightOf(doc, block.title, FONT.bold, 11, width) + (block.note ? heightOf(doc, block.note, FONT.italic, 8.5, width) : 0) + 4
	const chart = block.chart && block.chart.bars.length > 0 ? chartLayout(doc, view, block.chart) : null
	const chartHeight = chart ? chart.legend + chart.items.reduce((sum, item) => sum + item.height, 0) + 6 : 0
	// The title, its note and the whole chart on one page; a chart taller than a page keeps at least its first bar with the title.
	if (headerHeight + chartHeight <= pageRoom(doc)) ensure(doc, headerHeight + chartHeight)
	else ensure(doc, headerHeight + (chart ? chart.legend + chart.items[0]!.height : 40))

	doc.moveDown(0.5).font(FONT.bold).fontSize(11).fillColor(INK).text(block.title, MARGIN, doc.y, { width })
	if (block.note) doc.font(FONT.italic).fontSize(8.5).fillColor(MUTED).text(block.note, MARGIN, doc.y, { width })
	doc.y += 4
	if (chart) drawChart(doc, view, chart)
	drawTable(doc, view, block.rows)
}

type Layout = {
	scale: SideBySideChart['scale']
	max: number
	legend: number
	items: { label: string; height: number; series: { bar: BilanBar | null; text: string; height: number; hatched: boolean }[] }[]
}

const LABEL_SHARE = 0.34
const TRACK_SHARE = 0.3
const GAP = 6

function chartLayout(doc: Pdf, view: SideBySide, chart: SideBySideChart): Layout {
	const width = usableWidth(doc)
	const labelWidth = width * LABEL_SHARE - GAP
	const textWidth = width * (1 - LABEL_SHARE - TRACK_SHARE) - GAP
	const compared = view.b !== null
	const { a: prefixA, b: prefixB } = barPrefixes(view)
	const max = Math.max(0, ...chart.bars.flatMap((bar) => [bar.a?.value ?? 0, bar.b?.value ?? 0]))
	const items = chart.bars.map((bar) => {
		const sides = compared
			? [
					{ bar: bar.a, prefix: `${prefixA} : `, hatched: false },
					{ bar: bar.b, prefix: `${prefixB} : `, hatched: true },
				]
			: [{ bar: bar.a, prefix: '', hatched: false }]
		const series = sides.map(({ bar: side, prefix, hatched }) => {
			const text = `${prefix}${side ? side.text : '—'}`
			return { bar: side, text, hatched, height: Math.max(BAR_HEIGHT, heightOf(doc, text, FONT.regular, 8, textWidth)) + 3 }
		})
		const height = Math.max(heightOf(doc, bar.label, FONT.regular, 9, labelWidth), series.reduce((sum, s) => sum + s.height, 0)) + 5
		return { label: bar.label, height, series }
	})
	// Short labels side by side on one line; long ones (titles) one under the other.
	const legend = !compared ? 0 : prefixA === view.labels.a ? 16 : 28
	return { scale: chart.scale, max, legend, items }
}

/** Each bar's text names its call: by the label when short (« 2012 »), else by a letter the legend explains. */
function barPrefixes(view: SideBySide): { a: string; b: string } {
	const { a, b } = view.labels
	return a.length <= 12 && (b ?? '').length <= 12 ? { a, b: b ?? '' } : { a: 'A', b: 'B' }
}

function drawChart(doc: Pdf, view: SideBySide, chart: Layout) {
	const width = usableWidth(doc)
	const trackX = MARGIN + width * LABEL_SHARE
	const trackWidth = width * TRACK_SHARE - GAP
	const textX = trackX + trackWidth + GAP
	const textWidth = width * (1 - LABEL_SHARE - TRACK_SHARE) - GAP
	const legend = () => {
		if (!view.b) return
		const top = doc.y
		const prefixes = barPrefixes(view)
		const stacked = prefixes.a !== view.labels.a
		let x = MARGIN
		let y = top
		for (const [label, hatched] of [
			[stacked ? `${prefixes.a} : ${view.labels.a}` : view.labels.a, false],
			[stacked ? `${prefixes.b} : ${view.labels.b}` : view.labels.b!, true],
		] as const) {
			drawBar(doc, x, y + 1, 18, hatched)
			doc.rect(x, y + 1, 18, BAR_HEIGHT).lineWidth(0.5).strokeColor(BAR).stroke()
			doc.font(FONT.regular).fontSize(8).fillColor(INK).text(label, x + 22, y, { width: width - 22, height: 10, ellipsis: true, lineBreak: false })
			if (stacked) y += 12
			else x += 22 + doc.widthOfString(label) + 18
		}
		doc.x = MARGIN
		doc.y = top + chart.legend
	}
	legend()
	for (const item of chart.items) {
		if (doc.y + item.height > bottom(doc)) {
			doc.addPage()
			legend()
		}
		const top = doc.y
		doc.font(FONT.regular).fontSize(9).fillColor(INK).text(item.label, MARGIN, top, { width: width * LABEL_SHARE - GAP })
		let y = top
		for (const series of item.series) {
			doc.rect(trackX, y + 1, trackWidth, BAR_HEIGHT).lineWidth(0.5).strokeColor(TRACK).stroke()
			const value = series.bar
			const fill = !value ? 0 : chart.scale === 'percent' ? (value.percent === null ? 0 : value.percent / 100) : chart.max > 0 ? value.value / chart.max : 0
			if (fill > 0) drawBar(doc, trackX, y + 1, Math.max(1, Math.min(1, fill) * trackWidth), series.hatched)
			doc.font(FONT.regular).fontSize(8).fillColor(INK).text(series.text, textX, y, { width: textWidth })
			y += series.height
		}
		doc.x = MARGIN
		doc.y = top + item.height
	}
	doc.y += 6
}

/** A solid bar, or a hatched one (diagonal lines in an outline) for the compared call. */
function drawBar(doc: Pdf, x: number, y: number, length: number, hatched: boolean) {
	if (!hatched) {
		doc.rect(x, y, length, BAR_HEIGHT).fillColor(BAR).fill()
		return
	}
	doc.save()
	doc.rect(x, y, length, BAR_HEIGHT).clip()
	for (let offset = -BAR_HEIGHT; offset < length; offset += 3) {
		doc
			.moveTo(x + offset, y + BAR_HEIGHT)
			.lineTo(x + offset + BAR_HEIGHT, y)
			.lineWidth(0.7)
			.strokeColor(BAR)
			.stroke()
	}
	doc.restore()
	doc.rect(x, y, length, BAR_HEIGHT).lineWidth(0.7).strokeColor(BAR).stroke()
}

function drawTable(doc: Pdf, view: SideBySide, rows: SideBySideRow[]) {
	if (rows.length === 0) return
	const label = (row: SideBySideRow) => (row.note ? `${row.label} (${row.note})` : row.label)
	const columns: Column[] = view.b
		? [
				{ label: 'Figure', width: 0.31 },
				{ label: view.labels.a, width: 0.26 },
				{ label: view.labels.b!, width: 0.26 },
				// The first page says which way: « l’écart est 2012 moins 2013 ».
				{ label: 'Écart', width: 0.17, align: 'right' },
			]
		: [
				{ label: 'Figure', width: 0.5 },
				{ label: 'Valeur', width: 0.5 },
			]
	const cells = rows.map((row) => (view.b ? [label(row), row.a?.text ?? '—', row.b?.text ?? '—', row.difference?.text ?? '—'] : [label(row), row.a?.text ?? '—']))
	table(doc, columns, cells, 8.5)
}

