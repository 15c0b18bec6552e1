/**
 * The form fields both parts of the end-of-project evaluation share (issue 10): each checks
 * only the value given (the parts are saved as they are written), with its French message.
 * Plain module.
 */
import { z } from 'zod'
import { isIsoDate } from '#app/domain/calls/paris-time.ts'

/** A free text, trimmed, within its bound. */
export const text = (max: number, what: string) =>
	z
		.string()
		.max(max, `${what} : ${max} caractères au plus.`)
		.optional()
		.transform((v) => v?.trim() ?? '')

/** A calendar day 'YYYY-MM-DD', or empty; 30 February is not one. */
export const isoDate = z
	.string()
	.optional()
	.transform((v) => v?.trim() ?? '')
	.refine((v) => v === '' || isIsoDate(v), 'Indiquez une date valide.')
