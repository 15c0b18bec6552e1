/**
 * The consortium's part of the end-of-project evaluation (issue 10), section by section: what
 * was done and the timetable as carried out, the publics reached against those planned, each
 * indicator's target against what was reached, the difficulties met (seed 000's categories,
 * with what was done about them) and the financial report in the CERFA 15059 layout. Any
 * co-porter writes it, saved as it goes: each section's schema checks the values given, and
 * `consortiumPartProblems` says, against the application's plan, what is still missing. Pure.
 */
import { z } from 'zod'
import { amount } from '#app/domain/applications/application-forms.ts'
import { isoDate, text } from './fields.ts'
import { type ConsortiumSection, DIFFICULTY_CATEGORIES } from './options.ts'
import { reportProblems, type ReportLine } from './financial-report.ts'

const count = z
	.string()
	.optional()
	.transform((v, ctx) => {
		const raw = v?.replace(/\s/g, '') ?? ''
		if (raw === '') return null
		if (!/^\d{1,7}$/.test(raw)) {
			ctx.addIssue({ code: 'custom', message: 'Indiquez un nombre entier de personnes.' })
			return z.NEVER
		}
		return Number(raw)
	})

export const REPORT_LISTS = { timetable: 20, indicators: 20, lines: 40, coFunders: 20 } as const

export const SECTION_SCHEMAS = {
	realisation: z.object({
		whatWasDone: text(5000, 'Ce qui a été réalisé'),
		timetable: z.array(z.object({ actualDate: isoDate, note: text(500, 'Remarque') })).max(REPORT_LISTS.timetable).default([]),
	}),
	publics: z.object({ publicsReached: text(2000, 'Publics touchés'), participantsReached: count }),
	indicateurs: z.object({ indicators: z.array(z.object({ reached: text(200, 'Résultat atteint'), comment: text(500, 'Commentaire') })).max(REPORT_LISTS.indicators).default([]) }),
	difficultes: z.object({
		difficultiesMet: z.enum(['oui', 'non'], { errorMap: () => ({ message: 'Répondez par oui ou par non.' }) }).optional(),
		...Object.fromEntries(DIFFICULTY_CATEGORIES.map((c) => [c.value, text(1000, c.label)])),
	}),
	financier: z.object({
		charges: z.array(z.object({ actual: amount('Montant réalisé'), explanation: text(1000, 'Explication de l’écart') })).max(REPORT_LISTS.lines).default([]),
		products: z.array(z.object({ actual: amount('Montant réalisé'), explanation: text(1000, 'Explication de l’écart') })).max(REPORT_LISTS.lines).default([]),
		coFunders: z.array(z.object({ name: text(200, 'Co-financeur'), amount: amount('Montant obtenu') })).max(REPORT_LISTS.coFunders).default([]),
	}),
} satisfies Record<ConsortiumSection, z.ZodTypeAny>

export type ConsortiumPart = { [S in ConsortiumSection]?: z.infer<(typeof SECTION_SCHEMAS)[S]> }

/** What the application planned, which the report is written against. */
export type ReportPlan = {
	timetable: { label: string; date: string }[]
	indicators: { label: string; target: string }[]
	expectedParticipants: number | null
	charges: { account: string; label: string; amountCents: number }[]
	products: { account: string; label: string; amountCents: number }[]
}

export type ConsortiumProblem = { section: ConsortiumSection; field: string; message: string }

/** The financial report's lines: the plan's budget lines with what was carried out. */
export function financialLines(plan: ReportPlan, part: ConsortiumPart, side: 'charges' | 'products'): ReportLine[] {
	const answers = part.financier?.[side] ?? []
	return plan[side].map((line, index) => ({
		account: line.account,
		label: line.label,
		plannedCents: line.amountCents,
		actualCents: answers[index]?.actual ?? null,
		explanation: answers[index]?.explanation ?? '',
	}))
}

/** What is missing before the consortium's part is complete, section by section, in French. */
export function consortiumPartProblems(part: ConsortiumPart, plan: ReportPlan, gapThresholdPercent: number): ConsortiumProblem[] {
	const problems: ConsortiumProblem[] = []
	const add = (section: ConsortiumSection, field: string, message: string) => problems.push({ section, field, message })
	if (!part.realisation?.whatWasDone) add('realisation', 'whatWasDone', 'Décrivez ce qui a été réalisé.')
	plan.timetable.forEach((step, index) => {
		if (!part.realisation?.timetable[index]?.actualDate) add('realisation', `timetable[${index}].actualDate`, `Indiquez quand l’étape « ${step.label} » a eu lieu (ou dites-le en remarque).`)
	})
	if (!part.publics?.publicsReached) add('publics', 'publicsReached', 'Décrivez les publics touchés.')
	if (part.publics?.participantsReached === null || part.publics?.participantsReached === undefined) add('publics', 'participantsReached', 'Indiquez le nombre de participants touchés.')
	plan.indicators.forEach((indicator, index) => {
		if (!part.indicateurs?.indicators[index]?.reached) add('indicateurs', `indicators[${index}].reached`, `Indiquez le résultat atteint pour « ${indicator.label} ».`)
	})
	const difficulties = part.difficultes as (Record<string, string> & { difficultiesMet?: 'oui' | 'non' }) | undefined
	if (!difficulties?.difficultiesMet) add('difficultes', 'difficultiesMet', 'Indiquez si le consortium a rencontré des difficultés.')
	else if (difficulties.difficultiesMet === 'oui' && !DIFFICULTY_CATEGORIES.some((c) => difficulties[c.value])) {
		add('difficultes', 'difficultiesMet', 'Décrivez au moins une difficulté rencontrée et ce qui a été fait.')
	}
	for (const side of ['charges', 'products'] as const) {
		for (const problem of reportProblems(financialLines(plan, part, side), gapThresholdPercent)) {
			add('financier', `${side}[${problem.index}].${problem.field}`, problem.message)
		}
	}
	return problems
}

