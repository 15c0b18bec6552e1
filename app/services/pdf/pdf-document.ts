/**
 * The base of every PDF Ensemble makes: A4, DejaVu fonts embedded (full French typography:
 * accents, œ, «  », €, narrow no-break spaces), a header and page numbers.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import * as fontkit from 'fontkit'
import PDFDocument from 'pdfkit'

const require = createRequire(import.meta.url)
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf')

export const FONT = { regular: 'DejaVu', bold: 'DejaVu-Bold', italic: 'DejaVu-Oblique' } as const
export const MARGIN = 56

export type Pdf = InstanceType<typeof PDFDocument>

type Fonts = Record<keyof typeof FONT, unknown>
let parsedFonts: Fonts | undefined

/**
 * Parsing DejaVu takes tens of milliseconds: parse each font once per process and hand
 * pdfkit the parsed font (it accepts fontkit objects), so a receipt at the deadline rush
 * costs only its layout and subset.
 */
function fonts(): Fonts {
	const load = (file: string) => fontkit.create(readFileSync(path.join(fontDir, file)))
	parsedFonts ??= { regular: load('DejaVuSans.ttf'), bold: load('DejaVuSans-Bold.ttf'), italic: load('DejaVuSans-Oblique.ttf') }
	return parsedFonts
}

export function createPdf(meta: { title: string; subject?: string }): Pdf {
	const doc = new PDFDocument({
		size: 'A4',
		margin: MARGIN,
		bufferPages: true,
		lang: 'fr-FR',
		info: { Title: meta.title, Subject: meta.subject ?? meta.title, Author: 'Ensemble', Creator: 'Ensemble' },
	})
	const parsed = fonts()
	// pdfkit's types only list paths and buffers; its FontFactory also takes a fontkit font.
	doc.registerFont(FONT.regular, parsed.regular as string)
	doc.registerFont(FONT.bold, parsed.bold as string)
	doc.registerFont(FONT.italic, parsed.italic as string)
	doc.font(FONT.regular).fontSize(10)
	return doc
}

export function heading(doc: Pdf, text: string, size = 14) {
	doc.moveDown(0.6).font(FONT.bold).fontSize(size).fillColor('#111827').text(text).moveDown(0.3)
	doc.font(FONT.regular).fontSize(10)
}

/** Label: value lines, the label in bold. */
export function facts(doc: Pdf, rows: [string, string][]) {
	for (const [label, value] of rows) {
		doc.font(FONT.bold).text(`${label} : `, { continued: true }).font(FONT.regular).text(value)
	}
}

/**
 * A table with a header row, columns getting the given share of the width. The header comes
 * back at the top of every page the table runs onto, never stays alone at the bottom of one,
 * and rows are never split across pages (a row taller than a page is the one exception).
 */
export function table(doc: Pdf, columns: { label: string; width: number; align?: 'left' | 'right' }[], rows: string[][], size = 10) {
	const usable = doc.page.width - MARGIN * 2
	const widths = columns.map((c) => c.width * usable)
	const bottom = () => doc.page.height - MARGIN
	const heightOf = (cells: string[], bold: boolean) =>
		Math.max(...cells.map((cell, i) => doc.font(bold ? FONT.bold : FONT.regular).fontSize(size).heightOfString(cell || ' ', { width: widths[i]! - 6 }))) + 6
	const draw = (cells: string[], bold: boolean) => {
		const height = heightOf(cells, bold)
		const top = doc.y
		let x = MARGIN
		cells.forEach((cell, i) => {
			doc.font(bold ? FONT.bold : FONT.regular).fontSize(size).fillColor('#111827').text(cell, x + 3, top + 3, { width: widths[i]! - 6, align: columns[i]!.align ?? 'left' })
			x += widths[i]!
		})
		doc.moveTo(MARGIN, top + height).lineTo(MARGIN + usable, top + height).lineWidth(0.5).strokeColor('#9ca3af').stroke()
		doc.x = MARGIN
		doc.y = top + height
	}
	const header = columns.map((c) => c.label)
	if (doc.y + heightOf(header, true) + (rows[0] ? heightOf(rows[0], false) : 0) > bottom()) doc.addPage()
	draw(header, true)
	for (const row of rows) {
		if (doc.y + heightOf(row, false) > bottom()) {
			doc.addPage()
			draw(header, true)
		}
		draw(row, false)
	}
	doc.font(FONT.regular).fontSize(10).moveDown(0.5)
}

/** Footer on every page: the document's name and "page n / N", and a second line when given (a digest). */
export function finish(doc: Pdf, footer: string, detail?: string) {
	const range = doc.bufferedPageRange()
	for (let i = 0; i < range.count; i++) {
		doc.switchToPage(range.start + i)
		// Writing below the bottom margin would make pdfkit start a new page.
		doc.page.margins.bottom = 0
		const bottom = doc.page.height - MARGIN / 2 - (detail ? 16 : 10)
		doc.font(FONT.regular).fontSize(8).fillColor('#4b5563')
		doc.text(`${footer} — page ${i + 1} / ${range.count}`, MARGIN, bottom, { width: doc.page.width - MARGIN * 2, align: 'center', lineBreak: false })
		if (detail) doc.fontSize(7).text(detail, MARGIN, bottom + 10, { width: doc.page.width - MARGIN * 2, align: 'center', lineBreak: false })
	}
	doc.end()
}

export function toBuffer(doc: Pdf): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = []
		doc.on('data', (chunk: Buffer) => chunks.push(chunk))
		doc.on('end', () => resolve(Buffer.concat(chunks)))
		doc.on('error', reject)
	})
}
