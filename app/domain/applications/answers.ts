/**
 * An answer to a call's question as people read it: the dossier pages (consortium and
 * funder) and the exports show the same text.
 */
import type { CallQuestion } from './rules.ts'

const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 })

/** '' when not answered; "Oui"/"Non" for yes/no; numbers in French notation. */
export function answerText(question: Pick<CallQuestion, 'type'>, answer: string | number | null | undefined): string {
	if (answer === null || answer === undefined || answer === '') return ''
	if (question.type === 'yes_no') return answer === 'oui' ? 'Oui' : answer === 'non' ? 'Non' : String(answer)
	if (typeof answer === 'number') return decimal.format(answer)
	return answer
}

/** A file size as people read it: "840 Ko", "2,5 Mo". */
export function sizeLabel(bytes: number): string {
	return bytes >= 1024 * 1024
		? `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`
		: `${Math.max(1, Math.round(bytes / 1024))} Ko`
}
