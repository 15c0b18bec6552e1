/**
 * The procès-verbal of a deliberation (issue 9), drawn from a plain data object
 * (app/domain/deliberation/minutes.server.ts loads it): jury, conflicts, method, ranking,
 * decisions, envelope, the chair's validation and the amendments after the close. A draft
 * (« Projet ») while the call is in deliberation; the stored file once it is decided.
 */
import { formatCents, formatDateTime } from '#app/utils/format.ts'
import { createPdf, FONT, facts, finish, heading, table, type Pdf } from './pdf-document.ts'

export type MinutesDossier = { title: string; leadName: string; amountCents: number | null; motivation: string | null }

export type MinutesData = {
	draft: boolean
	/** Dossiers left out because the reader (a chair) is in conflict with them: their version says so, and nothing more. */
	hiddenForConflict?: number
	callTitle: string
	funderName: string
	/** When the draft was drawn, or when the deliberation closed. */
	date: Date
	jurors: { name: string; kind: string; isChair: boolean }[]
	conflicts: { jurorName: string; applicationTitle: string; source: string; cause: string; detail: string; status: string; decisionReason: string | null }[]
	method: {
		criteria: { label: string; weight: number; scaleMax: number }[]
		rankingScore: 'raw' | 'calibrated'
		calibration: { shrinkage: number; source: string; noiseSd: number | null; offsetSd: number | null }
		disagreementThreshold: number
		interval: { seed: number; draws: number; level: number }
		lottery: { seed: number; drawnAt: Date | null; order: string[]; funded: string[] } | null
	}
	ranking: {
		rank: number | null
		interval: { low: number; high: number } | null
		title: string
		leadName: string
		raw: number | null
		calibrated: number | null
		evaluations: number
		spread: number | null
		requestedCents: number | null
		proposedCents: number
	}[]
	decisions: { selected: MinutesDossier[]; waitlisted: MinutesDossier[]; rejected: MinutesDossier[] }
	envelope: { envelopeCents: number | null; usedCents: number; remainingCents: number | null }
	/** The jury has an active chair; without one, no validation is required (and the minutes say so). */
	hasChair: boolean
	validation: { name: string; at: Date } | null
	amendments: { at: Date; title: string; from: string; to: string; fromAmountCents: number | null; toAmountCents: number | null; reason: string; by: string }[]
}

const SOURCE_LABELS: Record<string, string> = { estimated: 'estimé sur les données (REML)', default: 'valeur par défaut (trop peu de données)', fixed: 'fixé' }

const score = (value: number | null) => (value === null ? '—' : value.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }))

export function renderMinutes(data: MinutesData): Pdf {
	const title = `${data.draft ? 'Projet de procès-verbal' : 'Procès-verbal'} de délibération — ${data.callTitle}`
	const doc = createPdf({ title, subject: data.callTitle })
	if (data.draft) {
		doc.font(FONT.bold).fontSize(12).fillColor('#b91c1c').text('Projet — document de travail, la délibération n’est pas close.').fillColor('#111827').moveDown(0.3)
	}
	if (data.hiddenForConflict) {
		const n = data.hiddenForConflict
		doc.font(FONT.bold).fontSize(11).fillColor('#92400e')
		doc.text(`Version de lecture : ${n === 1 ? 'un dossier ne vous est pas présenté' : `${n} dossiers ne vous sont pas présentés`} (conflit d’intérêts) ; les totaux portent sur les autres.`)
		doc.fillColor('#111827').moveDown(0.3)
	}
	doc.font(FONT.bold).fontSize(18).text(data.draft ? 'Projet de procès-verbal de délibération' : 'Procès-verbal de délibération')
	doc.font(FONT.regular).fontSize(10).fillColor('#4b5563').text(`Appel à projets « ${data.callTitle} » — ${data.funderName}`)
	doc.fillColor('#111827').moveDown(0.5)
	facts(doc, [[data.draft ? 'Établi le' : 'Délibération close le', `${formatDateTime(data.date)} (heure de Paris)`]])

	heading(doc, 'Composition du jury')
	if (data.jurors.length === 0) doc.text('Aucun juré.')
	else
		table(
			doc,
			[
				{ label: 'Juré·e', width: 0.45 },
				{ label: 'Profil', width: 0.35 },
				{ label: 'Rôle', width: 0.2 },
			],
			data.jurors.map((j) => [j.name, j.kind, j.isChair ? 'Présidence' : 'Membre']),
			9,
		)

	heading(doc, 'Conflits d’intérêts et déports')
	if (data.conflicts.length === 0) doc.text('Aucun conflit d’intérêts relevé ni déclaré.')
	else
		table(
			doc,
			[
				{ label: 'Juré·e', width: 0.17 },
				{ label: 'Dossier', width: 0.2 },
				{ label: 'Origine et cause', width: 0.28 },
				{ label: 'Décision', width: 0.35 },
			],
			data.conflicts.map((c) => [
				c.jurorName,
				c.applicationTitle,
				`${c.source} — ${c.cause}${c.detail ? ` (${c.detail})` : ''}`,
				`${c.status}${c.decisionReason ? ` : ${c.decisionReason}` : ''}`,
			]),
			9,
		)

	heading(doc, 'Méthode')
	const { method } = data
	doc.text('Critères de la grille et leurs poids :')
	for (const criterion of method.criteria) doc.text(`• ${criterion.label} — poids ${criterion.weight}, noté sur ${criterion.scaleMax}`, { indent: 12 })
	doc.moveDown(0.3)
	facts(doc, [
		['Classement', method.rankingScore === 'calibrated' ? 'sur la note calibrée (les notes brutes sont données à côté)' : 'sur la note brute (les notes calibrées sont données à côté)'],
		[
			'Calibrage',
			`décalage de chaque juré estimé et retiré avec rétrécissement, λ = ${method.calibration.shrinkage.toLocaleString('fr-FR', { maximumFractionDigits: 3 })} (${SOURCE_LABELS[method.calibration.source] ?? method.calibration.source}) ; σ = ${score(method.calibration.noiseSd)}, τ = ${score(method.calibration.offsetSd)} points sur 100`,
		],
		['Seuil de désaccord', `écart supérieur à ${method.disagreementThreshold} points sur 100 entre deux évaluations`],
		['Intervalles de rang', `${method.interval.draws} tirages simulés, graine ${method.interval.seed}, niveau ${Math.round(method.interval.level * 100)} %`],
	])
	if (method.lottery) {
		facts(doc, [
			['Tirage au sort', `graine ${method.lottery.seed}${method.lottery.drawnAt ? `, tiré le ${formatDateTime(method.lottery.drawnAt)}` : ''}`],
			['Ordre tiré', method.lottery.order.length ? method.lottery.order.map((t, i) => `${i + 1}. ${t}`).join(' ; ') : 'aucun dossier à départager'],
			['Financés par le tirage', method.lottery.funded.length ? method.lottery.funded.join(' ; ') : 'aucun'],
		])
	} else facts(doc, [['Tirage au sort', 'aucun']])

	heading(doc, 'Classement')
	table(
		doc,
		[
			{ label: 'Rang (intervalle)', width: 0.11 },
			{ label: 'Projet', width: 0.2 },
			{ label: 'Chef de file', width: 0.14 },
			{ label: 'Brute', width: 0.075, align: 'right' },
			{ label: 'Calibrée', width: 0.09, align: 'right' },
			{ label: 'Éval.', width: 0.06, align: 'right' },
			{ label: 'Écart', width: 0.07, align: 'right' },
			{ label: 'Demandé', width: 0.125, align: 'right' },
			{ label: 'Proposé', width: 0.125, align: 'right' },
		],
		data.ranking.map((r) => [
			r.rank === null ? '—' : `${r.rank}${r.interval ? ` (${r.interval.low}–${r.interval.high})` : ''}`,
			r.title,
			r.leadName,
			score(r.raw),
			score(r.calibrated),
			String(r.evaluations),
			score(r.spread),
			formatCents(r.requestedCents),
			formatCents(r.proposedCents),
		]),
		8,
	)

	heading(doc, 'Décisions')
	decisionList(doc, 'Retenus', data.decisions.selected, true)
	decisionList(doc, 'Liste d’attente (dans l’ordre)', data.decisions.waitlisted, false, true)
	decisionList(doc, 'Non retenus', data.decisions.rejected, false)

	heading(doc, 'Enveloppe')
	facts(doc, [
		['Enveloppe', data.envelope.envelopeCents === null ? 'non fixée' : formatCents(data.envelope.envelopeCents)],
		['Montant attribué', formatCents(data.envelope.usedCents)],
		['Reste', data.envelope.remainingCents === null ? '—' : formatCents(data.envelope.remainingCents)],
	])

	heading(doc, 'Validation de la présidence du jury')
	if (data.validation) doc.text(`Décisions validées par ${data.validation.name}, présidence du jury, le ${formatDateTime(data.validation.at)}.`)
	else if (!data.hasChair) doc.text('Le jury n’a pas de présidence en fonction : la validation de la présidence n’était pas requise.')
	else doc.text('La présidence du jury n’a pas encore validé les décisions.')

	if (data.amendments.length > 0) {
		heading(doc, 'Modifications après la clôture')
		table(
			doc,
			[
				{ label: 'Date', width: 0.17 },
				{ label: 'Dossier', width: 0.2 },
				{ label: 'Changement', width: 0.25 },
				{ label: 'Motif', width: 0.23 },
				{ label: 'Par', width: 0.15 },
			],
			data.amendments.map((a) => [
				formatDateTime(a.at),
				a.title,
				`${a.from}${a.fromAmountCents !== null ? ` (${formatCents(a.fromAmountCents)})` : ''} → ${a.to}${a.toAmountCents !== null ? ` (${formatCents(a.toAmountCents)})` : ''}`,
				a.reason,
				a.by,
			]),
			9,
		)
	}

	finish(doc, data.draft ? `Projet de procès-verbal — ${data.callTitle}` : `Procès-verbal — ${data.callTitle}`)
	return doc
}

function decisionList(doc: Pdf, label: string, dossiers: MinutesDossier[], withAmount: boolean, numbered = false) {
	doc.font(FONT.bold).text(`${label} : ${dossiers.length}`).font(FONT.regular)
	if (dossiers.length === 0) {
		doc.moveDown(0.3)
		return
	}
	table(
		doc,
		[
			{ label: numbered ? 'Ordre' : '', width: 0.07 },
			{ label: 'Projet', width: 0.3 },
			{ label: 'Chef de file', width: 0.2 },
			{ label: withAmount ? 'Montant' : '', width: 0.13, align: 'right' },
			{ label: 'Motivation', width: 0.3 },
		],
		dossiers.map((d, i) => [numbered ? String(i + 1) : '', d.title, d.leadName, withAmount ? formatCents(d.amountCents) : '', d.motivation || '—']),
		9,
	)
}

