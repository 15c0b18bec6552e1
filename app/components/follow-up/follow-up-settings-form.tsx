/**
 * The follow-up's settings of a call (issue 10) on the funder's follow-up page: the payment
 * plan, a row per tranche (a blank row adds one), and the financial report's gap threshold.
 * A refused form comes back with its messages next to the fields and what was typed.
 */
import { Form } from '@remix-run/react'
import { Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { MAX_TRANCHES, TRANCHE_TRIGGERS, type TranchePlan } from '#app/domain/agreements/tranches.ts'

export type SettingsReply = { intent: 'settings'; formErrors: string[]; fieldErrors: Record<string, string[]>; values: Record<string, string> }

export function FollowUpSettingsForm({ call, reply }: { call: { version: number; tranchePlan: TranchePlan; reportGapThresholdPercent: number }; reply: SettingsReply | null }) {
	const value = (name: string, saved: string) => (reply ? (reply.values[name] ?? '') : saved)
	const rows = Math.min(MAX_TRANCHES, Math.max(call.tranchePlan.length + 1, 3))
	return (
		<Form method="post" className="stack" aria-labelledby="reglages-titre">
			<h2 id="reglages-titre">Versements et compte rendu : réglages de l’appel</h2>
			<p className="muted">
				Le plan s’applique aux conventions établies ensuite, et à une convention en attente de signatures quand vous en établissez une nouvelle version. Une ligne laissée vide
				n’est pas une tranche.
			</p>
			<FormErrors id="reglages-erreur" errors={[...(reply?.formErrors ?? []), ...(reply?.fieldErrors.tranches ?? [])]} />
			<input type="hidden" name="intent" value="settings" />
			<input type="hidden" name="version" value={reply?.values.version ?? call.version} />
			{Array.from({ length: rows }, (_, index) => {
				const saved = call.tranchePlan[index]
				const name = (field: string) => `tranches[${index}].${field}`
				return (
					<fieldset key={index} className="stack">
						<legend>{`Tranche ${index + 1}`}</legend>
						<Field label="Intitulé" errors={reply?.fieldErrors[name('label')]} inputProps={{ id: `tranche-${index}-label`, name: name('label'), maxLength: 80, defaultValue: value(name('label'), saved?.label ?? '') }} />
						<Field
							label="Part du montant (%)"
							errors={reply?.fieldErrors[name('percent')]}
							inputProps={{ id: `tranche-${index}-percent`, name: name('percent'), inputMode: 'numeric', defaultValue: value(name('percent'), saved ? String(saved.percent) : '') }}
						/>
						<SelectField
							label="Versée"
							errors={reply?.fieldErrors[name('trigger')]}
							options={TRANCHE_TRIGGERS}
							selectProps={{ id: `tranche-${index}-trigger`, name: name('trigger'), defaultValue: value(name('trigger'), saved?.trigger ?? 'signature') }}
						/>
					</fieldset>
				)
			})}
			<Field
				label="Écart à expliquer dans le compte rendu financier (%)"
				hint="Au-delà de cet écart entre le prévu et le réalisé d’une ligne, le consortium doit l’expliquer."
				errors={reply?.fieldErrors.gapThreshold}
				inputProps={{ id: 'reglages-seuil', name: 'gapThreshold', inputMode: 'numeric', defaultValue: value('gapThreshold', String(call.reportGapThresholdPercent)) }}
			/>
			<div>
				<button type="submit" className="secondary">
					Enregistrer les réglages
				</button>
			</div>
		</Form>
	)
}
