/**
 * What the close of a deliberation needs (issue 9), as pure rules: the page lists the same
 * sentences the close refuses with, so staff and the chair see what is missing before they try.
 */
import { formatCents } from '#app/utils/format.ts'

export type ClosingFacts = {
	/** Recevable dossiers still without a decision (status admissible). */
	undecided: number
	/** The jury has an active chair: then their validation is required. */
	hasChair: boolean
	/** The chair validated the decisions as they stand (cleared by any later decision). */
	validated: boolean
	retainedCents: number
	envelopeCents: number | null
}

/** Why the chair cannot validate yet (empty: they can). */
export function validationBlockers(facts: Pick<ClosingFacts, 'undecided'>): string[] {
	return facts.undecided > 0 ? [undecidedSentence(facts.undecided)] : []
}

/** Why staff cannot close yet, one French sentence each (empty: they can). */
export function closeBlockers(facts: ClosingFacts): string[] {
	const missing: string[] = []
	if (facts.undecided > 0) missing.push(undecidedSentence(facts.undecided))
	if (facts.envelopeCents !== null && facts.retainedCents > facts.envelopeCents) {
		missing.push(`Les montants retenus (${formatCents(facts.retainedCents)}) dépassent l’enveloppe de ${formatCents(facts.envelopeCents)}.`)
	}
	if (facts.hasChair && !facts.validated) missing.push('La présidence du jury n’a pas validé les décisions.')
	return missing
}

function undecidedSentence(count: number): string {
	return count === 1 ? '1 dossier n’a pas de décision.' : `${count} dossiers n’ont pas de décision.`
}

/** The refusal shown when the close is attempted with something missing. */
export function closeRefusal(missing: string[]): string {
	return `La délibération ne peut pas être close : ${missing.map((m) => m.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase())).join(' ; ')}.`
}
