import type { Executor } from '#db/client.server.ts'
import { invitations } from '#db/schema/index.ts'
import { consumeRateLimit } from '#app/domain/rate-limit.server.ts'
import { EMAIL_LIMITS, waitMessage } from '#app/domain/rate-limit.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { generateToken } from '#app/utils/tokens.server.ts'

export const INVITATION_TTL_MS = 14 * 24 * 3600_000

/**
 * Stores an invitation to join an organisation (only the token's hash) and queues its
 * email, in the caller's transaction. Accepted at /invitations/:token.
 */
export async function createMemberInvitation(
	tx: Executor,
	input: {
		organization: { id: string; name: string }
		email: string
		role: 'referent' | 'member' | 'staff'
		roleLabel: string
		inviter: { id: string; displayName: string }
	},
): Promise<{ invitationId: string; token: string }> {
	const { token, tokenHash } = generateToken()
	const [invitation] = await tx
		.insert(invitations)
		.values({
			kind: 'organization_member',
			email: input.email,
			organizationId: input.organization.id,
			role: input.role,
			tokenHash,
			invitedById: input.inviter.id,
			expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
		})
		.returning({ id: invitations.id })
	await enqueueEmail(tx, {
		to: input.email,
		template: 'organization-invitation',
		data: {
			organizationName: input.organization.name,
			inviterName: input.inviter.displayName,
			roleLabel: input.roleLabel,
			url: `${appUrl()}/invitations/${token}`,
		},
	})
	return { invitationId: invitation!.id, token }
}

/**
 * Invitation emails are limited per invited address and per inviter (their source), for
 * organisation members, staff and application partners alike. Returns the French refusal,
 * or null when the invitation may go. Counted in the caller's transaction.
 */
export async function invitationLimit(tx: Executor, input: { email: string; inviterId: string }): Promise<string | null> {
	const byInviter = await consumeRateLimit(tx, `invite:user:${input.inviterId}`, EMAIL_LIMITS.invitationsPerInviter)
	if (!byInviter.ok) return `Vous avez envoyé beaucoup d’invitations aujourd’hui. ${waitMessage(byInviter.retryAfterSeconds)}`
	const byAddress = await consumeRateLimit(tx, `invite:email:${input.email}`, EMAIL_LIMITS.invitationsPerAddress)
	if (!byAddress.ok) return `Cette adresse a déjà reçu plusieurs invitations récemment. ${waitMessage(byAddress.retryAfterSeconds)}`
	return null
}
