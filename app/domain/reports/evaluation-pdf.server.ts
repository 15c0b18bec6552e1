/**
 * The end-of-project evaluation as a PDF (issue 10), from the follow-up's read model: the
 * consortium's sections — what was done with the timetable planned vs carried out, the publics,
 * the indicators, the difficulties by category with what was done, the financial report in
 * the CERFA 15059 layout (each line prévu / réalisé / écart € / écart % / explication, the
 * totals, the co-financers) — then each association's own part with the labels of the form,
 * the status and its dates. Sent to every association when the lead sends the evaluation;
 * readable in the portal once the report exists (a draft says so).
 */
import { notFound } from '#app/auth/permissions.server.ts'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { fileSlug, followUpForDocument } from '#app/domain/follow-up/documents.server.ts'
import { type FollowUpView } from '#app/domain/follow-up/follow-up-view.server.ts'
import { createPdf, facts, finish, FONT, heading, MARGIN, table, toBuffer, type Pdf } from '#app/services/pdf/pdf-document.ts'
import { formatCents, formatDate, formatDateTime, formatInteger } from '#app/utils/format.ts'
import { type AssociationPart } from './association-part.ts'
import { financialLines } from './consortium-part.ts'
import { lineGap, reportTotals, type ReportLine } from './financial-report.ts'
import { CONSORTIUM_SECTIONS, CONTINUE_CHOICES, DIFFICULTY_CATEGORIES, INTEREST_LEVELS, INVOLVEMENT_FORMS, OTHER_PARTNER_KINDS, YES_NO_ANSWERS } from './options.ts'

type ReportView = NonNullable<FollowUpView['report']>
export type EvaluationPdfView = Pick<FollowUpView, 'application' | 'call' | 'funder' | 'members' | 'plan'> & { report: ReportView }

export const REPORT_STATUS_LABELS: Record<string, string> = {
	open: 'En cours de rédaction',
	submitted: 'Envoyée, en attente de relecture par le financeur',
	changes_requested: 'Modifications demandées par le financeur',
	approved: 'Approuvée',
}
const ROLE_LABELS: Record<string, string> = { lead: 'chef de file', co_carrier: 'co-porteur' }
const NOT_GIVEN = 'Non renseigné'

const labelOf = (list: readonly { value: string; label: string }[], value: string | undefined | null) => (value ? (list.find((o) => o.value === value)?.label ?? value) : NOT_GIVEN)
const labelsOf = (list: readonly { value: string; label: string }[], values: readonly string[] | undefined) =>
	values && values.length > 0 ? values.map((v) => labelOf(list, v)).join(' ; ') : NOT_GIVEN
const textOr = (value: string | null | undefined) => (value && value.trim() ? value : NOT_GIVEN)
/** A day of the plan ('2027-09-08'), or the text the consortium wrote if it is not one. */
const day = (value: string | null | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value || '—')
const signedCents = (cents: number | null) => (cents === null ? '—' : `${cents > 0 ? '+' : ''}${formatCents(cents)}`)
const signedPercent = (value: number | null) => (value === null ? '—' : `${value > 0 ? '+' : ''}${value.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`)

function paragraph(doc: Pdf, label: string, value: string) {
	doc.font(FONT.bold).text(label).font(FONT.regular).text(value).moveDown(0.3)
}

/** A table's title and header are not left alone at the foot of a page. */
function room(doc: Pdf, height = 90) {
	if (doc.y + height > doc.page.height - MARGIN) doc.addPage()
}

function financialTable(doc: Pdf, title: string, lines: ReportLine[], threshold: number) {
	room(doc)
	doc.font(FONT.bold).text(title).font(FONT.regular).moveDown(0.2)
	if (lines.length === 0) {
		doc.text('Aucune ligne au budget prévisionnel.').moveDown(0.3)
		return
	}
	const totals = reportTotals(lines, threshold)
	// Six columns of amounts: a smaller size keeps each amount on one line.
	doc.fontSize(8.5)
	table(
		doc,
		[
			{ label: 'Ligne', width: 0.22 },
			{ label: 'Prévu', width: 0.14, align: 'right' },
			{ label: 'Réalisé', width: 0.14, align: 'right' },
			{ label: 'Écart €', width: 0.15, align: 'right' },
			{ label: 'Écart %', width: 0.11, align: 'right' },
			{ label: 'Explication', width: 0.24 },
		],
		[
			...lines.map((line) => {
				const gap = lineGap(line, threshold)
				return [`${line.account} – ${line.label}`, formatCents(line.plannedCents), formatCents(line.actualCents), signedCents(gap.gapCents), signedPercent(gap.gapPercent), line.explanation || '—']
			}),
			['Total', formatCents(totals.plannedCents), formatCents(totals.actualCents), signedCents(totals.gapCents), signedPercent(totals.gapPercent), ''],
		],
	)
	doc.fontSize(10)
}

function associationPart(doc: Pdf, member: ReportView['associations'][number]) {
	const a: Partial<AssociationPart> = member.answers
	heading(doc, `${member.name} (${ROLE_LABELS[member.role] ?? member.role})`, 12)
	if (member.updatedAt) doc.fillColor('#4b5563').text(`Dernière modification : ${formatDateTime(member.updatedAt)}`).fillColor('#111827')
	if (member.missing.length > 0) doc.fillColor('#92400e').text(`${member.missing.length} réponse${member.missing.length > 1 ? 's' : ''} à donner.`).fillColor('#111827')
	doc.moveDown(0.2)
	const forms = labelsOf(INVOLVEMENT_FORMS, a.involvementForms)
	facts(doc, [
		['Formes d’implication', a.involvementOther ? `${forms} (autre : ${a.involvementOther})` : forms],
		['Intérêt trouvé à coopérer', labelOf(INTEREST_LEVELS, a.interest)],
		['D’autres partenaires mobilisés', labelOf(YES_NO_ANSWERS, a.mobilisedOthers)],
		...(a.mobilisedOthers === 'oui' ? [['Lesquels', labelsOf(OTHER_PARTNER_KINDS, a.otherPartners)] as [string, string]] : []),
		['Nouveaux financements grâce à la coopération', labelOf(YES_NO_ANSWERS, a.newFunding)],
		...(a.newFunding === 'oui' ? [['Financements obtenus', textOr(a.newFundingDetails)] as [string, string]] : []),
		['Notoriété accrue', labelOf(YES_NO_ANSWERS, a.notoriety)],
		['Souhait de continuer ensemble', labelOf(CONTINUE_CHOICES, a.continueTogether)],
	])
	doc.moveDown(0.3)
	paragraph(doc, 'Ce que la coopération a apporté à l’association', textOr(a.brought))
	paragraph(doc, 'Ce qu’elle ferait autrement', textOr(a.differently))
}

export function renderEvaluation(view: EvaluationPdfView): Pdf {
	const { report, plan } = view
	const answers = report.consortium.answers
	const threshold = view.call.reportGapThresholdPercent
	const doc = createPdf({ title: `Évaluation de fin de projet — ${view.application.title}`, subject: `Appel à projets « ${view.call.title} »` })

	doc.font(FONT.bold).fontSize(12).fillColor('#111827').text(view.funder.name)
	doc.font(FONT.regular).fontSize(10).fillColor('#4b5563').text(`Appel à projets « ${view.call.title} »`)
	doc.fillColor('#111827').moveDown(0.8)
	doc.font(FONT.bold).fontSize(18).text('Évaluation de fin de projet')
	doc.fontSize(13).text(view.application.title).font(FONT.regular).fontSize(10).moveDown(0.4)
	facts(doc, [
		['État', REPORT_STATUS_LABELS[report.status] ?? report.status],
		['À remettre le', formatDate(report.dueOn)],
		['Envoyée le', report.submittedAt ? formatDateTime(report.submittedAt) : 'pas encore envoyée'],
		...(report.reviewedAt ? [['Approuvée le', formatDateTime(report.reviewedAt)] as [string, string]] : []),
		['Montant attribué', formatCents(view.application.amountGrantedCents)],
	])
	doc.moveDown(0.3).font(FONT.bold).text('Associations du consortium').font(FONT.regular)
	for (const member of view.members) doc.text(`•  ${member.name} (${ROLE_LABELS[member.role] ?? member.role})`, { indent: 6 })
	if (report.status === 'changes_requested' && report.reviewMessage) {
		doc.moveDown(0.4).font(FONT.bold).fillColor('#92400e').text('Modifications demandées').font(FONT.regular).text(report.reviewMessage).fillColor('#111827')
	}

	// Réalisation and timetable.
	heading(doc, CONSORTIUM_SECTIONS.realisation)
	paragraph(doc, 'Ce qui a été réalisé', textOr(answers.realisation?.whatWasDone))
	if (plan.timetable.length > 0) {
		room(doc)
		table(
			doc,
			[
				{ label: 'Étape', width: 0.34 },
				{ label: 'Prévue', width: 0.2 },
				{ label: 'Réalisée', width: 0.2 },
				{ label: 'Remarque', width: 0.26 },
			],
			plan.timetable.map((step, i) => {
				const done = answers.realisation?.timetable[i]
				return [step.label, day(step.date), day(done?.actualDate), done?.note || '—']
			}),
		)
	}

	heading(doc, CONSORTIUM_SECTIONS.publics)
	facts(doc, [
		['Participants prévus', formatInteger(plan.expectedParticipants)],
		['Participants touchés', formatInteger(answers.publics?.participantsReached)],
	])
	doc.moveDown(0.3)
	paragraph(doc, 'Publics touchés', textOr(answers.publics?.publicsReached))

	heading(doc, CONSORTIUM_SECTIONS.indicateurs)
	if (plan.indicators.length === 0) doc.text('Aucun indicateur prévu au dossier.')
	else {
		room(doc)
		table(
			doc,
			[
				{ label: 'Indicateur', width: 0.3 },
				{ label: 'Cible', width: 0.2 },
				{ label: 'Atteint', width: 0.2 },
				{ label: 'Commentaire', width: 0.3 },
			],
			plan.indicators.map((indicator, i) => {
				const reached = answers.indicateurs?.indicators[i]
				return [indicator.label, indicator.target || '—', reached?.reached || '—', reached?.comment || '—']
			}),
		)
	}

	heading(doc, CONSORTIUM_SECTIONS.difficultes)
	const difficulties = answers.difficultes as (Record<string, string> & { difficultiesMet?: string }) | undefined
	facts(doc, [['Le consortium a rencontré des difficultés', labelOf(YES_NO_ANSWERS, difficulties?.difficultiesMet)]])
	doc.moveDown(0.3)
	for (const category of DIFFICULTY_CATEGORIES) {
		const text = difficulties?.[category.value]
		if (text) paragraph(doc, category.label, text)
	}

	heading(doc, `${CONSORTIUM_SECTIONS.financier} (CERFA n° 15059)`)
	doc.text(`Un écart de plus de ${threshold} % entre le prévu et le réalisé est expliqué.`).moveDown(0.3)
	financialTable(doc, 'Charges', financialLines(plan, answers, 'charges'), threshold)
	financialTable(doc, 'Produits', financialLines(plan, answers, 'products'), threshold)
	const coFunders = answers.financier?.coFunders ?? []
	doc.font(FONT.bold).text('Co-financements obtenus').font(FONT.regular)
	if (coFunders.length === 0) doc.text('Aucun co-financement déclaré.')
	for (const coFunder of coFunders) doc.text(`•  ${coFunder.name || '—'} : ${formatCents(coFunder.amount)}`, { indent: 6 })

	heading(doc, 'La coopération vue par chaque association')
	for (const member of report.associations) associationPart(doc, member)

	finish(doc, `Ensemble — évaluation de fin de projet « ${view.application.title.slice(0, 60)} »`)
	return doc
}

export function evaluationPdfName(title: string) {
	return `evaluation-${fileSlug(title)}.pdf`
}

/** The evaluation's PDF for a reader of the follow-up; 404 while no evaluation is opened. */
export async function evaluationPdfFor(input: { user: { id: string } | PolicyUser; applicationId: string; staffCallId?: string }) {
	const view = await followUpForDocument(input)
	if (!view.report) notFound('L’évaluation de ce dossier n’est pas encore ouverte.')
	const data = await toBuffer(renderEvaluation({ ...view, report: view.report }))
	return { data, filename: evaluationPdfName(view.application.title) }
}
