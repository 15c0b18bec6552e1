/**
 * How the grant is split between the associations of a retained consortium (issue 10): the
 * agreement names « the amount, its split between associations if the consortium sets one ».
 * The lead's référent sets it (the policy's 'set-grant-split'), before the agreement is
 * signed: every confirmed association gets a share and the shares make the amount granted
 * (agreementProblem, the rule the agreement itself is drawn up with), or none has one.
 *
 * Changing it while the agreement awaits signatures does not touch the agreement: its text is
 * the version each party reads and signs; the funder's staff, told by email, issue a new
 * version (reviseAgreement draws the text up again from these shares) and everyone signs again.
 */
import { eq } from 'drizzle-orm'
import { refusedFor, type PolicyUser } from '#app/auth/policy/index.ts'
import { forbidden } from '#app/auth/permissions.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { staffEmails } from '#app/domain/dossier-messages/thread.server.ts'
import { decideFollowUp, requireFollowUp } from '#app/domain/follow-up/access.server.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { formatCents } from '#app/utils/format.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers } from '#db/schema/index.ts'
import { agreementProblem } from './agreement-content.ts'
import { GRANT_SPLIT_MAX_SHARES } from './grant-split-form.ts'

type Actor = { id: string } | PolicyUser
export type GrantShare = { organizationId: string; amountCents: number }
/** A refusal; `shareIndex` names the share (in the order given) the message is about. */
export type GrantSplitRefusal = { ok: false; message: string; shareIndex?: number; status?: true }
export type GrantSplitOutcome = { ok: true; changed: boolean; agreementAwaitingSignatures: boolean } | GrantSplitRefusal

const RELOAD = 'La liste des associations a changé : rechargez la page.'

export async function setGrantSplit(input: { user: Actor; applicationId: string; shares: readonly GrantShare[] | null }): Promise<GrantSplitOutcome> {
	// Bounded before anything is read: a split names each association once, with a whole count of cents.
	const { shares } = input
	if (shares !== null) {
		if (!Array.isArray(shares) || shares.length === 0 || shares.length > GRANT_SPLIT_MAX_SHARES) return { ok: false, message: RELOAD }
		for (const [index, share] of shares.entries()) {
			if (typeof share?.organizationId !== 'string' || share.organizationId.length > 100) return { ok: false, message: RELOAD }
			if (!Number.isSafeInteger(share.amountCents)) return { ok: false, shareIndex: index, message: 'Indiquez la part en euros, en chiffres.' }
			if (share.amountCents < 0) return { ok: false, shareIndex: index, message: 'La part d’une association ne peut pas être négative.' }
		}
	}
	return db.transaction(async (tx) => {
		const access = await requireFollowUp(tx, input.user, input.applicationId, 'update')
		const decision = decideFollowUp(access, 'set-grant-split')
		if (refusedFor(decision, 'status')) {
			return { ok: false as const, status: true as const, message: 'La répartition de la subvention ne se modifie plus : la convention est signée (ou le dossier n’est plus en attente de convention).' }
		}
		if (!decision.allowed) forbidden('Seul le ou la référent·e de l’association chef de file fixe la répartition de la subvention.')

		const members = access.members
		const amountCents = access.application.amountGrantedCents ?? 0
		if (amountCents > 0 && shares) {
			const seen = new Set<string>()
			for (const [index, share] of shares.entries()) {
				if (!members.some((m) => m.organizationId === share.organizationId)) return { ok: false as const, shareIndex: index, message: 'Cette association ne fait pas partie du consortium : rechargez la page.' }
				if (seen.has(share.organizationId)) return { ok: false as const, shareIndex: index, message: 'Cette association figure deux fois : rechargez la page.' }
				seen.add(share.organizationId)
				if (share.amountCents > amountCents) return { ok: false as const, shareIndex: index, message: 'Une part ne peut pas dépasser le montant attribué.' }
			}
			const missing = members.filter((m) => !seen.has(m.organizationId!))
			if (missing.length > 0) return { ok: false as const, message: `Indiquez la part de ${missing.map((m) => m.name).join(', ')}.` }
		}
		const shareOf = (organizationId: string) => (shares ? (shares.find((s) => s.organizationId === organizationId)?.amountCents ?? null) : null)
		// The agreement's own rule: every share or none, adding up to the amount granted.
		const parties = members.map((m) => ({ organizationId: m.organizationId!, name: m.name, siret: m.siret, rna: m.rna, role: m.role, shareCents: shareOf(m.organizationId!) }))
		const problem = agreementProblem({ amountCents, parties })
		if (problem) return { ok: false as const, message: problem }

		const changed = members.some((m) => m.grantShareCents !== shareOf(m.organizationId!))
		if (changed) {
			for (const member of members) await tx.update(applicationMembers).set({ grantShareCents: shareOf(member.organizationId!) }).where(eq(applicationMembers.id, member.id))
			await recordAudit(tx, {
				actorUserId: access.user.id,
				action: 'grant_split.set',
				subjectType: 'application',
				subjectId: access.application.id,
				data: {
					shares: shares ? members.map((m) => ({ organizationId: m.organizationId, amountCents: shareOf(m.organizationId!) })) : null,
					previous: members.map((m) => ({ organizationId: m.organizationId, amountCents: m.grantShareCents })),
				},
			})
		}
		const agreementAwaitingSignatures = access.agreement?.status === 'awaiting_signatures'
		// The text awaiting signatures names the former split: the funder's staff learn it, to issue a new version.
		if (changed && agreementAwaitingSignatures) {
			const lead = members.find((m) => m.role === 'lead')
			const split = shares ? members.map((m) => `${m.name} : ${formatCents(shareOf(m.organizationId!))}`).join(', ') : 'plus de répartition, la subvention est versée à l’association chef de file'
			for (const to of await staffEmails(tx, access.call.funderId)) {
				await enqueueEmail(tx, {
					to,
					template: 'grant-split-changed',
					data: {
						applicationTitle: access.application.title,
						callTitle: access.call.title,
						leadName: lead?.name ?? '',
						split,
						url: `${appUrl()}/gestion/appels/${access.call.id}/suivi/${access.application.id}`,
					},
				})
			}
		}
		return { ok: true as const, changed, agreementAwaitingSignatures }
	})
}
