/**
 * The decision letter (issue 9): one per association of a consortium, naming the whole
 * consortium, the project, the decision, the amount when retained, the motivation, then the
 * call's letter text (what comes next) and the funder's signature. Every value is printed
 * as text: pdfkit draws characters, nothing is interpreted.
 */
import { formatCents, formatDate } from '#app/utils/format.ts'
import { createPdf, facts, finish, FONT, heading, type Pdf } from './pdf-document.ts'

export type DecisionLetterData = {
	reference: string
	funderName: string
	callTitle: string
	projectTitle: string
	recipient: string
	consortium: { name: string; isLead: boolean }[]
	decision: 'selected' | 'waitlisted' | 'rejected'
	amountGrantedCents: number | null
	waitlistPosition: number | null
	motivation: string
	/** The template, filled in: the letter's title and its paragraphs. */
	title: string
	paragraphs: string[]
	date: Date
}

/**
 * pdfkit lays out each word once per document (a cache on its embedded font). Five hundred
 * letters of a call share most of their words: one cache per font for the process, so a
 * word is shaped once, not once per letter (the bulk sending spent a fifth of its time
 * there). A run is read-only once cached (pdfkit copies a position before changing it).
 * Bounded: the caches start afresh every thousand letters (names and titles differ).
 */
let sharedLayouts = new Map<string, Record<string, unknown>>()
let lettersSinceReset = 0

function shareLayouts(doc: Pdf) {
	if (++lettersSinceReset > 1000) {
		sharedLayouts = new Map()
		lettersSinceReset = 0
	}
	for (const font of [FONT.regular, FONT.bold]) {
		doc.font(font)
		const embedded = (doc as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font
		if (!embedded?.layoutCache) continue
		let cache = sharedLayouts.get(font)
		if (!cache) {
			cache = Object.create(null) as Record<string, unknown>
			sharedLayouts.set(font, cache)
		}
		embedded.layoutCache = cache
	}
}

const DECISION_TEXT = { selected: 'Projet retenu', waitlisted: 'Projet placé sur liste d’attente', rejected: 'Projet non retenu' } as const

/** Streams the letter: collect it with toBuffer. */
export function renderDecisionLetter(data: DecisionLetterData): Pdf {
	const doc = createPdf({ title: `${data.title} — ${data.projectTitle}`, subject: data.callTitle })
	shareLayouts(doc)
	doc.font(FONT.bold).fontSize(12).fillColor('#111827').text(data.funderName)
	doc.font(FONT.regular).fontSize(10).fillColor('#4b5563').text(`Appel à projets « ${data.callTitle} »`)
	doc.moveDown(0.8).fillColor('#111827')
	doc.text(`Le ${formatDate(data.date)}`, { align: 'right' })
	doc.moveDown(0.5)
	doc.font(FONT.bold).text('À l’attention de : ', { continued: true }).font(FONT.regular).text(data.recipient)
	doc.moveDown()
	doc.font(FONT.bold).fontSize(15).text(data.title)
	doc.font(FONT.regular).fontSize(10).moveDown(0.5)

	const rows: [string, string][] = [
		['Projet', data.projectTitle],
		['Décision', DECISION_TEXT[data.decision]],
	]
	if (data.decision === 'selected') rows.push(['Montant accordé', formatCents(data.amountGrantedCents)])
	if (data.decision === 'waitlisted' && data.waitlistPosition !== null) rows.push(['Rang sur la liste d’attente', String(data.waitlistPosition)])
	rows.push(['Référence du dossier', data.reference])
	facts(doc, rows)

	heading(doc, 'Associations du consortium', 11)
	for (const member of data.consortium) {
		doc.text(`•  ${member.name}${member.isLead ? ' (chef de file)' : ''}`, { indent: 6 })
	}

	heading(doc, 'Motivation de la décision', 11)
	doc.text(data.motivation || '—')

	doc.moveDown()
	for (const paragraph of data.paragraphs) doc.text(paragraph, { align: 'justify' }).moveDown(0.6)
	doc.moveDown()
	doc.font(FONT.bold).text(`Pour ${data.funderName}`, { align: 'right' })
	finish(doc, `Ensemble — courrier de décision ${data.reference}`)
	return doc
}
