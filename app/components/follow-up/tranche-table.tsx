/**
 * The payment tranches of a dossier with where each stands (issue 10): waiting for its trigger,
 * due with the days left of its 60-day clock, late, or paid. Read from the follow-up's read
 * model; a card per tranche on a phone (data-label cells).
 */
import { TRANCHE_TRIGGERS } from '#app/domain/agreements/tranches.ts'
import { formatCents, formatDate } from '#app/utils/format.ts'

type Tranche = {
	id: string
	label: string
	trigger: string
	percent: number
	amountCents: number
	state: 'waiting' | 'due' | 'late' | 'paid'
	daysLeft: number | null
	dueAt: string | null
	paidOn: string | null
	paidAmountCents: number | null
	reference: string | null
}

// Figures keep to one line: the table's cells otherwise wrap anywhere (app.css).
const NOWRAP = { whiteSpace: 'nowrap' } as const

const triggerLabel = (trigger: string) => TRANCHE_TRIGGERS.find((t) => t.value === trigger)?.label ?? trigger

/** Where the tranche stands, in plain French. */
export function trancheStateText(tranche: Pick<Tranche, 'state' | 'daysLeft' | 'dueAt' | 'paidOn' | 'trigger'>): string {
	switch (tranche.state) {
		case 'paid':
			return `Versée le ${formatDate(tranche.paidOn)}`
		case 'due':
			return `À verser avant le ${formatDate(tranche.dueAt)} (J-${tranche.daysLeft ?? 0})`
		case 'late':
			return `En retard : à verser avant le ${formatDate(tranche.dueAt)}`
		case 'waiting':
			return tranche.trigger === 'signature' ? 'En attente de la signature de la convention' : 'En attente de l’approbation de l’évaluation de fin de projet'
	}
}

export function TrancheTable({ tranches }: { tranches: readonly Tranche[] }) {
	return (
		<table>
			<caption className="visually-hidden">Tranches de versement de la subvention</caption>
			<thead>
				<tr>
					<th scope="col">Tranche</th>
					<th scope="col" style={NOWRAP}>Part</th>
					<th scope="col" style={NOWRAP}>Montant</th>
					<th scope="col">Déclenchée</th>
					<th scope="col">État</th>
				</tr>
			</thead>
			<tbody>
				{tranches.map((t) => (
					<tr key={t.id}>
						<th scope="row">{t.label}</th>
						<td data-label="Part" style={NOWRAP}>{`${t.percent} %`}</td>
						<td data-label="Montant" style={NOWRAP}>
							{formatCents(t.amountCents)}
							{t.state === 'paid' && t.paidAmountCents !== null && t.paidAmountCents !== t.amountCents ? ` (versé : ${formatCents(t.paidAmountCents)})` : ''}
						</td>
						<td data-label="Déclenchée">{triggerLabel(t.trigger)}</td>
						<td data-label="État">
							{t.state === 'late' ? <strong className="field-error">{trancheStateText(t)}</strong> : trancheStateText(t)}
							{t.state === 'paid' && t.reference ? ` — référence ${t.reference}` : ''}
						</td>
					</tr>
				))}
			</tbody>
		</table>
	)
}
