/**
 * The past call's own fields, typed on the import page: its title, the year it closed or
 * its closing date (one is enough), its envelope, and the funder when the staff member
 * works for several. The same schema checks the form in the browser and on the server.
 * Plain module.
 */
import { z } from 'zod'
import { parseEuros } from './values.ts'

export const TITLE_MAX = 200
/** The oldest year a past call may have: the portal's funders kept no older spreadsheets. */
export const FIRST_YEAR = 1990

const DATE = /^\d{4}-\d{2}-\d{2}$/

export const PastCallSchema = z
	.object({
		// Checked below with the others, so that every field's error shows at once.
		title: z.string().trim().optional(),
		year: z.string().trim().optional(),
		closingDate: z.string().trim().optional(),
		envelope: z.string().trim().max(30, 'Indiquez un montant en euros.').optional(),
		funderId: z.string().max(100).optional(),
	})
	.superRefine((value, ctx) => {
		const thisYear = new Date().getUTCFullYear()
		if (!value.title) ctx.addIssue({ code: 'custom', path: ['title'], message: 'Indiquez le titre de l’appel.' })
		else if (value.title.length > TITLE_MAX) ctx.addIssue({ code: 'custom', path: ['title'], message: `Le titre compte ${TITLE_MAX} caractères au plus.` })
		if (!value.year && !value.closingDate) {
			ctx.addIssue({ code: 'custom', path: ['year'], message: 'Indiquez l’année de l’appel ou sa date de clôture.' })
		}
		if (value.year && (!/^\d{4}$/.test(value.year) || Number(value.year) < FIRST_YEAR || Number(value.year) > thisYear)) {
			ctx.addIssue({ code: 'custom', path: ['year'], message: `Indiquez une année entre ${FIRST_YEAR} et ${thisYear}.` })
		}
		if (value.closingDate) {
			const date = new Date(`${value.closingDate}T12:00:00Z`)
			if (!DATE.test(value.closingDate) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value.closingDate) {
				ctx.addIssue({ code: 'custom', path: ['closingDate'], message: 'Indiquez une date valide.' })
			} else if (date.getUTCFullYear() < FIRST_YEAR || date.getTime() > Date.now()) {
				ctx.addIssue({ code: 'custom', path: ['closingDate'], message: 'La date de clôture d’un appel passé est… passée : vérifiez-la.' })
			} else if (value.year && /^\d{4}$/.test(value.year) && Number(value.year) !== date.getUTCFullYear()) {
				ctx.addIssue({ code: 'custom', path: ['closingDate'], message: `Cette date n’est pas en ${value.year} : gardez l’année ou la date, ou accordez-les.` })
			}
		}
		if (value.envelope && !parseEuros(value.envelope).ok) {
			ctx.addIssue({ code: 'custom', path: ['envelope'], message: 'Indiquez l’enveloppe en euros, en chiffres (par exemple 150 000).' })
		}
	})
	.transform((value) => ({
		title: value.title!,
		// A closing date, else the year's last day (at noon UTC: the same day in Paris).
		deadlineAt: new Date(value.closingDate ? `${value.closingDate}T12:00:00Z` : `${value.year}-12-31T12:00:00Z`),
		envelopeCents: value.envelope ? (parseEuros(value.envelope) as { ok: true; value: number }).value : null,
		funderId: value.funderId || null,
	}))

export type PastCallFields = z.infer<typeof PastCallSchema>
