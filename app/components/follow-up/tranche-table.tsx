/**
 * The payment tranches of a dossier with where each stands (issue 10), the same on the
 * consortium's agreement page and on the funder's follow-up page: its share and amount, what
 * triggers it or the day it was triggered, its due date with the 60-day clock (clockText), and
 * its payment or its state. Read from the follow-up's read model; a card per tranche on a phone
 * (data-label cells). `TrancheDue` and `tranchePaymentText` also serve the call's list of tranches.
 */
import { type TrancheState, triggerLabel } from '#app/domain/agreements/tranches.ts'
import { clockText, TRANCHE_STATE_LABELS } from '#app/domain/follow-up/follow-up-labels.ts'
import { formatCents, formatDate } from '#app/utils/format.ts'

type Tranche = {
	id: string
	label: string
	trigger: string
	percent: number
	amountCents: number
	state: TrancheState
	daysLeft: number | null
	triggeredAt: string | null
	dueAt: string | null
	paidOn: string | null
	paidAmountCents: number | null
	reference: string | null
}

/** The due date and its clock: « 12 mai 2027 (J-60) », a late one in bold « en retard de 3 jours ». */
export function TrancheDue({ tranche }: { tranche: Pick<Tranche, 'state' | 'daysLeft' | 'dueAt'> }) {
	const clock = tranche.state === 'due' || tranche.state === 'late' ? clockText(tranche) : null
	const date = tranche.dueAt ? formatDate(tranche.dueAt) : '—'
	if (clock === null) return <>{date}</>
	// One text node where it can be, so the cell reads (and is found) as one phrase.
	return tranche.state === 'late' ? (
		<>
			{`${date} `}
			<strong className="field-error">{clock}</strong>
		</>
	) : (
		<>{`${date} (${clock})`}</>
	)
}

// A tranche not yet triggered says what it waits for.
const WAITING_FOR: Record<string, string> = {
	signature: 'En attente de la signature de la convention',
	final_evaluation: 'En attente de l’approbation de l’évaluation de fin de projet',
}

/** The payment as recorded (« Payée le … : 4 200,00 €, réf. … »), or the tranche's state. */
export function tranchePaymentText(tranche: Pick<Tranche, 'state' | 'trigger' | 'paidOn' | 'paidAmountCents' | 'reference'>): string {
	if (tranche.state === 'waiting') return WAITING_FOR[tranche.trigger] ?? TRANCHE_STATE_LABELS.waiting
	if (!tranche.paidOn) return TRANCHE_STATE_LABELS[tranche.state]
	// A no-break space before the colon, as French sets it: the line never starts with « : ».
	return `Payée le ${formatDate(tranche.paidOn)}\u00a0: ${formatCents(tranche.paidAmountCents)}${tranche.reference ? `, réf. ${tranche.reference}` : ''}`
}

export function TrancheTable({ tranches }: { tranches: readonly Tranche[] }) {
	return (
		<table className="follow-up-table">
			<caption className="visually-hidden">Tranches de versement de la subvention</caption>
			<thead>
				<tr>
					<th scope="col">Tranche</th>
					<th scope="col">Montant</th>
					<th scope="col">Déclenchement</th>
					<th scope="col">Échéance</th>
					<th scope="col">Paiement</th>
				</tr>
			</thead>
			<tbody>
				{tranches.map((t) => (
					<tr key={t.id}>
						<th scope="row">{`${t.label} (${t.percent} %)`}</th>
						<td data-label="Montant" className="num">{formatCents(t.amountCents)}</td>
						<td data-label="Déclenchement">{t.triggeredAt ? `le ${formatDate(t.triggeredAt)}` : triggerLabel(t.trigger)}</td>
						<td data-label="Échéance">
							<TrancheDue tranche={t} />
						</td>
						<td data-label="Paiement">{tranchePaymentText(t)}</td>
					</tr>
				))}
			</tbody>
		</table>
	)
}
