/**
 * The lifecycles of « Je cherche des partenaires » and of the tirage au sort (issue 12, seed
 * 004), read by the one engine (app/domain/lifecycle/engine.server.ts), which alone moves
 * their statuses.
 *
 * Requirements checked by the domain function before it fires:
 * - 'call-open': the call is published and its deadline has not passed;
 * - 'answer-open': the announcement is still open (an answer is decided only while it is);
 * - 'confirm-by-passed': the place's 14 days are over (also part of the job's guarded update).
 */
import { defineLifecycle } from '#app/domain/lifecycle/transitions.ts'

export const ANNOUNCEMENT_STATUSES = ['open', 'closed'] as const
export type AnnouncementStatus = (typeof ANNOUNCEMENT_STATUSES)[number]
export const ANSWER_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const
export type AnswerStatus = (typeof ANSWER_STATUSES)[number]
export const PLACE_STATUSES = ['pending', 'confirmed', 'declined', 'expired'] as const
export type PlaceStatus = (typeof PLACE_STATUSES)[number]

export type PartnersRequirement = 'call-open' | 'answer-open' | 'confirm-by-passed'

export const announcementTransitions = defineLifecycle('partner-announcement', {
	/** The announcer found its partners, or gave up: no more answers. */
	close: { from: ['open'], to: 'closed', by: ['association:announcer'], requires: [], action: 'partner_announcement.closed' },
} as const satisfies Record<string, { from: readonly AnnouncementStatus[]; to: AnnouncementStatus; requires: readonly (PartnersRequirement | 'reason')[] } & Record<string, unknown>>)

export const answerTransitions = defineLifecycle('partner-answer', {
	/** The responder is invited on the announcer's draft in the same transaction. */
	accept: { from: ['pending'], to: 'accepted', by: ['association:announcer'], requires: ['call-open', 'answer-open'], action: 'partner_answer.accepted' },
	/** The reason is optional: kept in status_reason and told to the responder when given. */
	decline: { from: ['pending'], to: 'declined', by: ['association:announcer'], requires: [], action: 'partner_answer.declined' },
	withdraw: { from: ['pending'], to: 'withdrawn', by: ['association:responder'], requires: [], action: 'partner_answer.withdrawn' },
} as const satisfies Record<string, { from: readonly AnswerStatus[]; to: AnswerStatus; requires: readonly (PartnersRequirement | 'reason')[] } & Record<string, unknown>>)

export const placeTransitions = defineLifecycle('partner-draw-place', {
	confirm: { from: ['pending'], to: 'confirmed', by: ['association:drawn'], requires: [], action: 'partner_draw_place.confirmed' },
	/** Declined or expired, the place goes to the next volunteer of the département's waiting list. */
	decline: { from: ['pending'], to: 'declined', by: ['association:drawn'], requires: [], action: 'partner_draw_place.declined' },
	expire: { from: ['pending'], to: 'expired', by: ['system'], requires: ['confirm-by-passed'], action: 'partner_draw_place.expired' },
} as const satisfies Record<string, { from: readonly PlaceStatus[]; to: PlaceStatus; requires: readonly (PartnersRequirement | 'reason')[] } & Record<string, unknown>>)
