/**
 * The follow-up's settings of a call (issue 10), set by its funder: the payment plan (the
 * tranches, 70 % at signature and 30 % after the final evaluation by default) and the gap
 * above which a line of the financial report must be explained (15 % by default). The form
 * is read here, every field checked in one pass with its French message. Plain module.
 */
import { z } from 'zod'
import { MAX_TRANCHES, TRANCHE_TRIGGERS, tranchePlanProblem, type TranchePlan, type TrancheTrigger } from '#app/domain/agreements/tranches.ts'

export const TRANCHE_LABEL_MAX = 80

export const STALE_SETTINGS = 'L’appel a été modifié entre-temps : rechargez la page (votre saisie est gardée ci-dessous).'

const raw = z.string().max(10_000).optional()

export const FollowUpSettingsForm = z
	.object({
		version: raw,
		gapThreshold: raw,
		tranches: z.array(z.object({ label: raw, percent: raw, trigger: raw }).optional()).max(MAX_TRANCHES, `Au plus ${MAX_TRANCHES} tranches.`).optional(),
	})
	.transform((input, ctx) => {
		const fail = (path: (string | number)[], message: string) => {
			ctx.addIssue({ code: z.ZodIssueCode.custom, path, message })
		}
		const version = /^\d{1,9}$/.test((input.version ?? '').trim()) ? Number(input.version!.trim()) : null
		if (version === null) fail([], 'Ce formulaire ne dit pas quelle version de l’appel il modifie : rechargez la page.')

		const threshold = (input.gapThreshold ?? '').trim().replace(/\s*%$/, '')
		const gapThresholdPercent = /^\d{1,3}$/.test(threshold) ? Number(threshold) : null
		if (gapThresholdPercent === null || gapThresholdPercent < 1 || gapThresholdPercent > 100) fail(['gapThreshold'], 'Indiquez un pourcentage entier entre 1 et 100.')

		const plan: TranchePlan = []
		const triggers = TRANCHE_TRIGGERS.map((t) => t.value as string)
		;(input.tranches ?? []).forEach((row, index) => {
			const label = (row?.label ?? '').trim().replace(/\s+/g, ' ')
			const percentText = (row?.percent ?? '').trim().replace(/\s*%$/, '')
			// A row left blank is no tranche.
			if (!label && !percentText) return
			if (!label) fail(['tranches', index, 'label'], 'Nommez cette tranche (par exemple « Solde »).')
			else if (label.length > TRANCHE_LABEL_MAX) fail(['tranches', index, 'label'], `${TRANCHE_LABEL_MAX} caractères au plus.`)
			const percent = /^\d{1,3}$/.test(percentText) ? Number(percentText) : null
			if (percent === null || percent < 1 || percent > 100) fail(['tranches', index, 'percent'], 'Un pourcentage entier entre 1 et 100.')
			const trigger = row?.trigger ?? ''
			if (!triggers.includes(trigger)) fail(['tranches', index, 'trigger'], 'Choisissez ce qui déclenche cette tranche.')
			plan.push({ label, percent: percent ?? 0, trigger: trigger as TrancheTrigger })
		})
		const problem = tranchePlanProblem(plan)
		// The rows' own messages say more; the plan's rule (100 %, at least one) is the form's.
		if (problem && plan.every((t) => t.percent > 0)) fail(['tranches'], problem)
		return { version: version ?? 0, gapThresholdPercent: gapThresholdPercent ?? 0, plan }
	})

export type FollowUpSettings = z.output<typeof FollowUpSettingsForm>
