/**
 * The récépissé de dépôt: built from the application as it is submitted, rendered with
 * pdfkit, stored under `receipts/<applicationId>` and attached to the submission emails.
 *
 * Storage is not transactional: the PDF is written inside the submission transaction,
 * BEFORE it commits. If the transaction rolls back, the file stays but nothing points to it
 * (the application is still a draft, the download route answers 404 for a draft); a retry
 * overwrites it with the receipt of the submission that commits.
 */
import { toBuffer } from '#app/services/pdf/pdf-document.ts'
import { renderSubmissionReceipt, type ReceiptData } from '#app/services/pdf/submission-receipt.ts'
import { getStorage, type StoredStream } from '#app/services/storage.server.ts'
import type { OutboxAttachment } from '#db/schema/index.ts'
import { formatCents } from '#app/utils/format.ts'
import { budgetTotals, coFundersOf, type BudgetData } from './rules.ts'

export const receiptKey = (applicationId: string) => `receipts/${applicationId}`
export const RECEIPT_FILENAME = 'recepisse-de-depot.pdf'

export type ReceiptMember = {
	name: string | null
	role: 'lead' | 'co_carrier'
	status: string
	organizationId: string | null
	siret: string | null
	rna: string | null
	roleDescription: string
	contribution: string
	budgetShareCents: number | null
}

/** A short reference the associations can quote: the start of the application's id. */
export function receiptReference(applicationId: string) {
	return applicationId.replace(/-/g, '').slice(0, 10).toUpperCase()
}

export function buildReceiptData(input: {
	application: { id: string; title: string }
	call: { title: string; funderName: string }
	members: ReceiptMember[]
	budget: BudgetData
	submittedAt: Date
}): ReceiptData {
	const totals = budgetTotals(input.budget)
	return {
		reference: receiptReference(input.application.id),
		callTitle: input.call.title,
		funderName: input.call.funderName,
		projectTitle: input.application.title,
		submittedAt: input.submittedAt,
		associations: input.members
			.filter((m) => m.status === 'confirmed' && m.organizationId)
			.map((m) => ({
				name: m.name ?? '',
				isLead: m.role === 'lead',
				siret: m.siret,
				rna: m.rna,
				roleDescription: m.roleDescription,
				contribution: [m.contribution, m.budgetShareCents !== null ? `Part du budget : ${formatCents(m.budgetShareCents)}` : null]
					.filter(Boolean)
					.join('\n'),
			})),
		budget: {
			totalChargesCents: totals.charges,
			totalProduitsCents: totals.products,
			amountRequestedCents: input.budget.amountRequestedCents ?? 0,
			coFunders: coFundersOf(input.budget),
		},
	}
}

/** Renders and stores the receipt (overwriting any earlier attempt); returns the email attachment that points to it. */
export async function storeReceipt(applicationId: string, data: ReceiptData): Promise<OutboxAttachment> {
	const pdf = await toBuffer(renderSubmissionReceipt(data))
	const storageKey = receiptKey(applicationId)
	await getStorage().put(storageKey, pdf)
	return { filename: RECEIPT_FILENAME, contentType: 'application/pdf', storageKey }
}

/** The stored receipt, opened for a download (null when it is missing). */
export async function openReceipt(applicationId: string): Promise<StoredStream | null> {
	return getStorage().getStream(receiptKey(applicationId))
}
