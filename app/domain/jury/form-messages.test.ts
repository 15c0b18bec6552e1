/**
 * A value outside a list (a hand-made POST, a stale page) is refused with the field's own
 * French message, never Zod's English default (« Invalid enum value… »).
 */
import { expect, test } from 'vitest'
import { JurySettingsSchema } from './assignment-rules.ts'
import { JurorSettingsSchema } from './composition.ts'
import { DecideConflictSchema, DeclareConflictSchema } from './conflicts.ts'
import { EvaluationSchema } from './evaluation.ts'

function messagesOf(result: { success: boolean; error?: { issues: { message: string }[] } }) {
	expect(result.success).toBe(false)
	return result.error!.issues.map((issue) => issue.message)
}

test('les listes du jury refusent une valeur inconnue avec leur message en français', () => {
	expect(
		messagesOf(JurySettingsSchema.safeParse({ intent: 'settings', version: 1, jurorsPerApplication: 3, requiredJurorKind: 'pirate', juryScoresVisibility: 'x' })),
	).toEqual(['Choisissez un profil de la liste.', 'Choisissez quand un juré voit les notes des autres.'])
	expect(messagesOf(JurorSettingsSchema.safeParse({ kind: 'pirate' }))).toEqual(['Choisissez le profil du juré.'])
	expect(messagesOf(DeclareConflictSchema.safeParse({ intent: 'declare-conflict', applicationId: 'a', type: '<script>', detail: 'Lien.' }))).toEqual(['Choisissez le type de lien.'])
	expect(messagesOf(DecideConflictSchema.safeParse({ intent: 'decide-conflict', conflictId: 'c', decision: 'maybe', reason: 'Motif.' }))).toEqual([
		'Choisissez « confirmer » ou « écarter ».',
	])
	expect(messagesOf(EvaluationSchema.safeParse({ intent: 'drop', version: 1, generalOpinion: '' }))).toEqual(['Action inconnue : rechargez la page.'])
})
