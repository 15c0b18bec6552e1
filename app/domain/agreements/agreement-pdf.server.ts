/**
 * The grant agreement (convention de subvention) as a PDF (issue 10): the current version of
 * the text from the follow-up's read model — the funder and every co-porter, the project, the
 * amount and its split, the tranches and the 60-day rule, the reporting obligations and dates,
 * whether it is mandatory — then the signatures of this version, and the version and its
 * SHA-256 in the footer of every page, so a printed copy names the text that was signed.
 * Every value is printed as text, wrapped to the page; many parties paginate.
 */
import { notFound } from '#app/auth/permissions.server.ts'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { fileSlug, followUpForDocument } from '#app/domain/follow-up/documents.server.ts'
import { type FollowUpView } from '#app/domain/follow-up/follow-up-view.server.ts'
import { createPdf, facts, finish, FONT, heading, MARGIN, table, toBuffer, type Pdf } from '#app/services/pdf/pdf-document.ts'
import { formatCents, formatDate, formatDateTime, formatSiret } from '#app/utils/format.ts'
import { AGREEMENT_MANDATORY_ABOVE_CENTS, triggerLabel } from './tranches.ts'

type AgreementView = NonNullable<FollowUpView['agreement']>

const ROLE_LABELS = { lead: 'Chef de file', co_carrier: 'Co-porteur', funder: 'Financeur' } as const
const STATUS_NOTES: Record<string, string> = {
	awaiting_signatures: 'Version en attente de signatures : elle n’engage les parties qu’une fois signée par toutes.',
	cancelled: 'Convention annulée : ce document n’engage plus les parties.',
}

/** "SIRET 732 829 320 00074 · RNA W691234567", or what the association has of them. */
export function identifiersOf(party: { siret: string | null; rna: string | null }): string {
	const ids = [party.siret ? `SIRET ${formatSiret(party.siret)}` : null, party.rna ? `RNA ${party.rna}` : null].filter(Boolean)
	return ids.length > 0 ? ids.join(' · ') : 'SIRET et RNA non renseignés'
}

const percent = (value: number) => `${value.toLocaleString('fr-FR')} %`

/** Keeps a block on one page when it fits on one: a signature is not cut in two. */
function keepTogether(doc: Pdf, height: number) {
	if (doc.y + height > doc.page.height - MARGIN) doc.addPage()
}

export function renderAgreement(view: Pick<FollowUpView, 'application' | 'call'> & { agreement: AgreementView }): Pdf {
	const { agreement } = view
	const { content } = agreement
	const doc = createPdf({ title: `Convention de subvention — ${content.project.title}`, subject: `Appel à projets « ${content.call.title} »` })

	doc.font(FONT.bold).fontSize(12).fillColor('#111827').text(content.funder.name)
	doc.font(FONT.regular).fontSize(10).fillColor('#4b5563').text(`Appel à projets « ${content.call.title} »`)
	doc.fillColor('#111827').moveDown(0.8)
	doc.font(FONT.bold).fontSize(18).text('Convention de subvention')
	doc.font(FONT.regular).fontSize(10).text(`Version ${agreement.version}${agreement.signedAt ? `, signée par toutes les parties le ${formatDate(agreement.signedAt)}` : ''}`)
	const note = STATUS_NOTES[agreement.status]
	if (note) doc.moveDown(0.3).font(FONT.bold).fillColor('#92400e').text(note).fillColor('#111827').font(FONT.regular)

	// Each party's représentant·e: the person who signed this version for it, else the association's référent·e named in the text.
	const representative = (organizationId: string | null) => {
		const signature = agreement.parties.find((p) => p.organizationId === organizationId)?.signature
		if (signature) return `représentée par ${signature.signerName}${signature.signerQuality ? `, ${signature.signerQuality}` : ''}`
		const named = content.parties.find((p) => p.organizationId === organizationId)?.representative
		return named ? `représentée par ${named} (référent·e)` : null
	}
	heading(doc, 'Entre les parties')
	doc.text('Le financeur :')
	const funderRepresentative = representative(null)
	facts(doc, [[content.funder.name, `${content.funder.siret ? `SIRET ${formatSiret(content.funder.siret)}` : 'SIRET non renseigné'}${funderRepresentative ? ` — ${funderRepresentative}` : ''}`]])
	doc.moveDown(0.4).text(`Et les associations qui co-portent le projet (${content.parties.length}) :`)
	const split = content.parties.some((p) => p.shareCents !== null)
	table(
		doc,
		[
			{ label: 'Association', width: split ? 0.34 : 0.42 },
			{ label: 'SIRET / RNA', width: split ? 0.3 : 0.36 },
			{ label: 'Rôle', width: split ? 0.16 : 0.22 },
			...(split ? [{ label: 'Part de la subvention', width: 0.2, align: 'right' as const }] : []),
		],
		content.parties.map((p) => {
			const by = representative(p.organizationId)
			return [by ? `${p.name}, ${by}` : p.name, identifiersOf(p), ROLE_LABELS[p.role], ...(split ? [formatCents(p.shareCents)] : [])]
		}),
	)

	heading(doc, 'Article 1 — Objet')
	doc.text('Le financeur soutient le projet suivant, porté en coopération par les associations ci-dessus :')
	doc.moveDown(0.3).font(FONT.bold).text(content.project.title).font(FONT.regular)
	if (content.project.summary) doc.text(content.project.summary)

	heading(doc, 'Article 2 — Montant de la subvention')
	facts(doc, [['Montant attribué', formatCents(content.amountCents)]])
	if (split) {
		doc.text('Le consortium répartit la subvention entre ses associations :')
		for (const party of content.parties) doc.text(`•  ${party.name} : ${formatCents(party.shareCents)}`, { indent: 6 })
	} else doc.text('La subvention est versée à l’association chef de file pour l’ensemble du consortium.')

	heading(doc, 'Article 3 — Versement')
	table(
		doc,
		[
			{ label: 'Tranche', width: 0.28 },
			{ label: 'Part', width: 0.1, align: 'right' },
			{ label: 'Montant', width: 0.2, align: 'right' },
			{ label: 'Déclenchement', width: 0.42 },
		],
		content.tranches.map((t) => [t.label, percent(t.percent), formatCents(t.amountCents), triggerLabel(t.trigger)]),
	)
	doc.text(`Chaque tranche est versée dans un délai de ${content.paymentDelayDays} jours à compter de ce qui la déclenche. Une tranche liée à l’évaluation finale n’est versée qu’une fois celle-ci approuvée.`)

	heading(doc, 'Article 4 — Durée et obligations de compte rendu')
	facts(doc, [
		['Début du projet', formatDate(content.dates.projectStartsOn)],
		['Fin du projet', formatDate(content.dates.projectEndsOn)],
		['Remise de l’évaluation de fin de projet', formatDate(content.dates.evaluationDueOn)],
	])
	doc.moveDown(0.3).text('Au plus tard à cette date, le consortium remet dans le portail :')
	for (const line of [
		'l’évaluation du projet : ce qui a été réalisé et son calendrier, les publics touchés, les indicateurs, les difficultés rencontrées ;',
		'le compte rendu financier, selon le modèle CERFA n° 15059 : chaque ligne du budget, prévu et réalisé, l’écart expliqué au-delà du seuil fixé par l’appel, les co-financements obtenus ;',
		'l’évaluation de la coopération par chaque association, pour sa propre part, par son ou sa référent·e.',
	]) {
		doc.text(`•  ${line}`, { indent: 6 })
	}

	heading(doc, 'Article 5 — Cadre légal')
	doc.text(
		content.mandatory
			? `Le montant de la subvention dépasse ${formatCents(AGREEMENT_MANDATORY_ABOVE_CENTS)} : la présente convention est obligatoire (loi n° 2000-321 du 12 avril 2000, article 10 ; décret n° 2001-495).`
			: `Le montant de la subvention ne dépasse pas ${formatCents(AGREEMENT_MANDATORY_ABOVE_CENTS)} : la convention n’est pas obligatoire (loi n° 2000-321 du 12 avril 2000, article 10) ; elle est proposée pour préciser les engagements de chacun.`,
	)

	heading(doc, 'Signatures')
	doc.text(`Chaque partie signe dans le portail Ensemble la version ${agreement.version} de ce texte, identifiée par son empreinte SHA-256 :`)
	doc.font(FONT.regular).fontSize(8).text(agreement.digest).fontSize(10).moveDown(0.5)
	for (const party of agreement.parties) {
		keepTogether(doc, 60)
		doc.font(FONT.bold).text(`${party.name} (${ROLE_LABELS[party.role].toLowerCase()})`).font(FONT.regular)
		const signature = party.signature
		if (signature) {
			const by = signature.signerQuality ? `${signature.signerName}, ${signature.signerQuality}` : signature.signerName
			doc.text(`Signé par ${by}, le ${formatDateTime(signature.signedAt)} (heure de Paris)`, { indent: 6 })
		} else doc.fillColor('#92400e').text('En attente de signature', { indent: 6 }).fillColor('#111827')
		doc.moveDown(0.5)
	}

	finish(doc, `Ensemble — convention de subvention, version ${agreement.version}`, `SHA-256 ${agreement.digest}`)
	return doc
}

/** The current version's PDF for a reader of the follow-up; 404 when no agreement is drawn up yet. */
export async function agreementPdfFor(input: { user: { id: string } | PolicyUser; applicationId: string; staffCallId?: string }) {
	const view = await followUpForDocument(input)
	if (!view.agreement) notFound('La convention de ce dossier n’est pas encore établie.')
	const data = await toBuffer(renderAgreement({ ...view, agreement: view.agreement }))
	return { data, filename: `convention-${fileSlug(view.application.title)}-v${view.agreement.version}.pdf` }
}
