/** The small forms of the partners' pages (one button each): Zod schemas shared by browser and server. */
import { z } from 'zod'

const id = z.string({ required_error: 'Rechargez la page.' }).trim().min(1, 'Rechargez la page.').max(64, 'Rechargez la page.')

export const VolunteerSchema = z.object({ intent: z.enum(['volunteer', 'withdraw-volunteer']), organizationId: id })
export const PlaceSchema = z.object({ intent: z.enum(['confirm-place', 'decline-place']), placeId: id })
export const AnswerIdSchema = z.object({ intent: z.enum(['accept', 'withdraw-answer']), answerId: id })
export const CloseSchema = z.object({ intent: z.literal('close') })
export const DrawLaunchSchema = z.object({ intent: z.literal('draw') })
