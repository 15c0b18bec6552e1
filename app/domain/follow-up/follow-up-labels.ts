/**
 * The follow-up's statuses in French (issue 10), for the staff's pages and the payments
 * export. Plain module.
 */
import type { TrancheState } from '#app/domain/agreements/tranches.ts'

export const AGREEMENT_STATUS_LABELS: Record<string, string> = {
	awaiting_signatures: 'En attente de signatures',
	signed: 'Signée',
	cancelled: 'Annulée',
}

export const TRANCHE_STATE_LABELS: Record<TrancheState, string> = {
	waiting: 'En attente de son déclenchement',
	due: 'À payer',
	late: 'En retard',
	paid: 'Payée',
}

export const REPORT_STATUS_LABELS: Record<string, string> = {
	open: 'En cours de rédaction',
	submitted: 'Envoyée, à relire',
	changes_requested: 'Modifications demandées',
	approved: 'Approuvée',
}

/** « J-12 », « échéance aujourd’hui », « en retard de 3 jours »: the 60-day clock of a due tranche. */
export function clockText(tranche: { state: TrancheState; daysLeft: number | null }): string | null {
	if (tranche.daysLeft === null) return null
	if (tranche.state === 'late') {
		const days = -tranche.daysLeft
		return `en retard de ${days} jour${days > 1 ? 's' : ''}`
	}
	return tranche.daysLeft === 0 ? 'échéance aujourd’hui' : `J-${tranche.daysLeft}`
}
