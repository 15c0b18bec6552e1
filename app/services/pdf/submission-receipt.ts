/** The récépissé de dépôt: proof, for every association of the consortium, of what was submitted and when. */
import { formatCents, formatDateTime, formatSiret } from '#app/utils/format.ts'
import { createPdf, facts, finish, heading, table, type Pdf } from './pdf-document.ts'

export type ReceiptData = {
	reference: string
	callTitle: string
	funderName: string
	projectTitle: string
	submittedAt: Date
	associations: {
		name: string
		isLead: boolean
		siret: string | null
		rna: string | null
		roleDescription: string
		contribution: string
	}[]
	budget: {
		totalChargesCents: number
		totalProduitsCents: number
		amountRequestedCents: number
		coFunders: { name: string; amountCents: number }[]
	}
}

/** Streams the receipt: pipe it to a response or collect it with toBuffer. */
export function renderSubmissionReceipt(data: ReceiptData): Pdf {
	const doc = createPdf({ title: `Récépissé de dépôt — ${data.projectTitle}`, subject: data.callTitle })
	doc.font('DejaVu-Bold').fontSize(18).text('Récépissé de dépôt')
	doc.font('DejaVu').fontSize(10).fillColor('#4b5563').text(`Appel à projets « ${data.callTitle} » — ${data.funderName}`)
	doc.fillColor('#111827').moveDown()

	facts(doc, [
		['Projet', data.projectTitle],
		['Référence du dossier', data.reference],
		['Déposé le', `${formatDateTime(data.submittedAt)} (heure de Paris)`],
	])

	heading(doc, 'Associations du consortium')
	table(
		doc,
		[
			{ label: 'Association', width: 0.28 },
			{ label: 'SIRET / RNA', width: 0.2 },
			{ label: 'Rôle (qui fait quoi)', width: 0.3 },
			{ label: 'Contribution', width: 0.22 },
		],
		data.associations.map((a) => [
			`${a.name}${a.isLead ? '\n(chef de file)' : '\n(co-porteur)'}`,
			[a.siret ? `SIRET ${formatSiret(a.siret)}` : null, a.rna ? `RNA ${a.rna}` : null].filter(Boolean).join('\n') || '—',
			a.roleDescription || '—',
			a.contribution || '—',
		]),
	)

	heading(doc, 'Budget prévisionnel')
	facts(doc, [
		['Total des charges', formatCents(data.budget.totalChargesCents)],
		['Total des produits', formatCents(data.budget.totalProduitsCents)],
		['Montant demandé à cet appel', formatCents(data.budget.amountRequestedCents)],
	])
	if (data.budget.coFunders.length > 0) {
		doc.moveDown(0.5)
		table(
			doc,
			[
				{ label: 'Autres cofinanceurs', width: 0.7 },
				{ label: 'Montant', width: 0.3, align: 'right' },
			],
			data.budget.coFunders.map((f) => [f.name, formatCents(f.amountCents)]),
		)
	}

	doc.moveDown()
	doc
		.font('DejaVu-Oblique')
		.fontSize(9)
		.fillColor('#4b5563')
		.text(
			'Ce récépissé atteste le dépôt du dossier avant la date limite. Il ne préjuge ni de sa recevabilité ni de la décision du financeur.',
		)
	finish(doc, `Ensemble — récépissé ${data.reference}`)
	return doc
}
