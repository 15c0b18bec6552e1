/**
 * The grant agreement of a retained dossier (issue 10): drawn up by the funder's staff from
 * the decision, signed by the référent of each association of the consortium and by the
 * funder, each signature bound to the digest of the version read. The last signature moves
 * the agreement to `signed` and the application to `agreement_signed`, and releases the
 * tranches paid at signature (their 60-day clock starts) — all in its transaction.
 */
import { and, asc, eq } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { forbidden } from '#app/auth/permissions.server.ts'
import { applicationTransitions } from '#app/domain/applications/lifecycle.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { agreementTransitions, paymentTransitions } from '#app/domain/follow-up/lifecycles.ts'
import { decideFollowUp, requireFollowUp } from '#app/domain/follow-up/access.server.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { canFire } from '#app/domain/lifecycle/transitions.ts'
import { db, type Executor } from '#db/client.server.ts'
import { agreements, agreementSignatures, payments } from '#db/schema/index.ts'
import { agreementDigest, agreementProblem, buildAgreementContent, type AgreementContent } from './agreement-content.ts'
import { SIGNER_NAME_MAX } from './agreement-forms.ts'

type Actor = { id: string } | PolicyUser
export type AgreementRefusal = { ok: false; message: string; field?: 'signerName' | 'signerQuality' }

export { SIGNER_NAME_MAX }

/** Staff draw up the agreement (version 1) and the tranches from the call's plan. */
export async function openAgreement(input: { user: Actor; applicationId: string }): Promise<{ ok: true; agreementId: string } | AgreementRefusal> {
	return db.transaction(async (tx) => {
		const access = await requireFollowUp(tx, input.user, input.applicationId, 'update')
		if (!decideFollowUp(access, 'manage-follow-up').allowed) forbidden('Seul le financeur établit la convention.')
		if (access.application.status !== 'selected') return { ok: false as const, message: 'La convention s’établit pour un dossier retenu, avant sa signature.' }
		if (access.agreement) return { ok: false as const, message: 'La convention de ce dossier est déjà établie.' }
		const drawn = drawUp(access)
		if (!drawn.ok) return { ok: false as const, message: drawn.message }
		const { content } = drawn
		const [agreement] = await tx
			.insert(agreements)
			.values({ applicationId: access.application.id, content, contentSha256: agreementDigest(content), createdById: access.user.id })
			.returning({ id: agreements.id })
		await writeTranches(tx, access.application.id, content)
		await recordAudit(tx, { actorUserId: access.user.id, action: 'agreement.opened', subjectType: 'agreement', subjectId: agreement!.id, data: { applicationId: access.application.id, version: 1 } })
		return { ok: true as const, agreementId: agreement!.id }
	})
}

/**
 * One party signs the version it read (`digest`): an association through its référent
 * (`organizationId`), the funder through its staff (null). A text changed meanwhile is refused
 * (the signer reads it again); a second signature of the same version is refused.
 */
export async function signAgreement(input: {
	user: Actor
	applicationId: string
	organizationId: string | null
	digest: string
	signerName: string
	signerQuality: string
	now?: Date
}): Promise<{ ok: true; complete: boolean } | AgreementRefusal> {
	const signerName = input.signerName.trim()
	const signerQuality = input.signerQuality.trim()
	if (!signerName) return { ok: false, field: 'signerName', message: 'Indiquez vos prénom et nom : ils figurent sur la convention signée.' }
	if (signerName.length > SIGNER_NAME_MAX) return { ok: false, field: 'signerName', message: `${SIGNER_NAME_MAX} caractères au plus.` }
	if (signerQuality.length > SIGNER_NAME_MAX) return { ok: false, field: 'signerQuality', message: `${SIGNER_NAME_MAX} caractères au plus.` }
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const access = await requireFollowUp(tx, input.user, input.applicationId, 'update')
		if (!decideFollowUp(access, 'sign-agreement', { organizationId: input.organizationId }).allowed) forbidden('Seul le référent de l’association, ou le financeur pour lui-même, signe.')
		const agreement = access.agreement
		if (!agreement || agreement.status !== 'awaiting_signatures') return { ok: false as const, message: 'Cette convention n’attend pas de signature.' }
		if (input.digest !== agreement.contentSha256) return { ok: false as const, message: 'Le texte de la convention a changé depuis votre lecture : relisez-le avant de signer.' }
		const [signed] = await tx
			.insert(agreementSignatures)
			.values({ agreementId: agreement.id, version: agreement.version, contentSha256: agreement.contentSha256, organizationId: input.organizationId, signerUserId: access.user.id, signerName, signerQuality, signedAt: now })
			.onConflictDoNothing()
			.returning({ id: agreementSignatures.id })
		if (!signed) return { ok: false as const, message: 'Cette version de la convention est déjà signée pour cette partie.' }
		await recordAudit(tx, {
			actorUserId: access.user.id,
			action: 'agreement.signature_added',
			subjectType: 'agreement',
			subjectId: agreement.id,
			data: { version: agreement.version, organizationId: input.organizationId, signerName },
		})
		// The parties named in the version signed, not today's consortium.
		const parties = (agreement.content as AgreementContent).parties.map((p) => p.organizationId)
		const complete = await allSigned(tx, agreement.id, agreement.version, parties)
		if (complete) await completeAgreement(tx, { agreementId: agreement.id, applicationId: access.application.id, userId: access.user.id, now, byStaff: input.organizationId === null })
		return { ok: true as const, complete }
	})
}

/** Every association of the consortium and the funder signed this version. */
async function allSigned(tx: Executor, agreementId: string, version: number, organizationIds: string[]): Promise<boolean> {
	const rows = await tx
		.select({ organizationId: agreementSignatures.organizationId })
		.from(agreementSignatures)
		.where(and(eq(agreementSignatures.agreementId, agreementId), eq(agreementSignatures.version, version)))
	const signed = new Set(rows.map((r) => r.organizationId))
	return signed.has(null) && organizationIds.every((id) => signed.has(id))
}

/** The last signature: the agreement signed, the application moved, the tranches due at signature released. */
async function completeAgreement(tx: Executor, input: { agreementId: string; applicationId: string; userId: string; now: Date; byStaff: boolean }) {
	const actor = { userId: input.userId, capacities: [input.byStaff ? ('funder-staff' as const) : ('referent:member' as const)] }
	await fire(tx, agreementTransitions.complete, { id: input.agreementId, actor, checked: ['all-signed'], set: { signedAt: input.now } })
	await fire(tx, applicationTransitions.agreementSigned, { id: input.applicationId, actor, checked: ['all-signed'] })
	const due = await tx
		.select({ id: payments.id })
		.from(payments)
		.where(and(eq(payments.applicationId, input.applicationId), eq(payments.trigger, 'signature'), eq(payments.status, 'waiting')))
		.orderBy(asc(payments.position))
	// Released by the signature itself, whoever signed last: the clock's capacity.
	const release = { userId: input.userId, capacities: ['system' as const] }
	for (const tranche of due) {
		await fire(tx, paymentTransitions.release, { id: tranche.id, actor: release, checked: ['trigger-happened'], set: { triggeredAt: input.now } })
	}
}

/**
 * Staff revise the text before everyone has signed (the consortium's split changed, the call's
 * dates moved, an amendment changed the amount): the content is drawn up again from the live
 * data, a new version with its digest; the signatures of earlier versions stay on record but
 * no longer count — every party signs again. Refused when nothing changed.
 */
export async function reviseAgreement(input: { user: Actor; applicationId: string; reason: string }): Promise<{ ok: true; version: number } | AgreementRefusal> {
	const reason = input.reason.trim()
	if (!reason) return { ok: false, message: 'Indiquez ce qui change : chaque partie le lira avant de signer de nouveau.' }
	return db.transaction(async (tx) => {
		const access = await requireFollowUp(tx, input.user, input.applicationId, 'update')
		if (!decideFollowUp(access, 'manage-follow-up').allowed) forbidden('Seul le financeur modifie la convention.')
		const agreement = access.agreement
		if (!agreement || agreement.status !== 'awaiting_signatures') return { ok: false as const, message: 'Seule une convention en attente de signatures se modifie.' }
		const drawn = drawUp(access)
		if (!drawn.ok) return { ok: false as const, message: drawn.message }
		const digest = agreementDigest(drawn.content)
		if (digest === agreement.contentSha256) return { ok: false as const, message: 'Le texte de la convention est inchangé : rien à faire signer de nouveau.' }
		const version = agreement.version + 1
		await fire(tx, agreementTransitions.revise, {
			id: agreement.id,
			actor: { userId: access.user.id, capacities: ['funder-staff'] },
			reason,
			set: { version, content: drawn.content, contentSha256: digest },
			// The text each earlier signature is bound to stays readable from the history.
			data: { version, previous: { version: agreement.version, contentSha256: agreement.contentSha256, content: agreement.content } },
		})
		await writeTranches(tx, access.application.id, drawn.content)
		return { ok: true as const, version }
	})
}

/** The tranches of the text, from scratch: nothing is released before every signature, so none is lost. */
async function writeTranches(tx: Executor, applicationId: string, content: AgreementContent) {
	await tx.delete(payments).where(and(eq(payments.applicationId, applicationId), eq(payments.status, 'waiting')))
	await tx
		.insert(payments)
		.values(content.tranches.map((t, position) => ({ applicationId, position, label: t.label, trigger: t.trigger, percent: t.percent, amountCents: t.amountCents })))
}

/**
 * The dossier's agreement is void (the consortium gave its grant up, or an amendment no longer
 * retains it): cancelled with the reason, its tranches not yet released dropped. Called in the
 * transaction of that change; nothing when there is no agreement.
 */
export async function cancelAgreementOf(tx: Executor, input: { applicationId: string; userId: string | null; reason: string }) {
	const [agreement] = await tx.select({ id: agreements.id, status: agreements.status }).from(agreements).where(eq(agreements.applicationId, input.applicationId))
	if (!agreement || !canFire(agreementTransitions.cancel, agreement.status)) return
	// A consequence of the change that voids it, whoever made it: the clock's capacity, the person kept in the audit.
	await fire(tx, agreementTransitions.cancel, { id: agreement.id, actor: { userId: input.userId, capacities: ['system'] }, reason: input.reason })
	await tx.delete(payments).where(and(eq(payments.applicationId, input.applicationId), eq(payments.status, 'waiting')))
}

/** The agreement's text from the live data of the dossier, its consortium and its call. */
function drawUp(access: Awaited<ReturnType<typeof requireFollowUp>>): { ok: false; message: string } | { ok: true; content: AgreementContent } {
	const parties = access.members.map((m) => ({ organizationId: m.organizationId!, name: m.name, siret: m.siret, rna: m.rna, role: m.role, shareCents: m.grantShareCents, representative: m.representative }))
	const facts = { amountCents: access.application.amountGrantedCents ?? 0, parties }
	const problem = agreementProblem(facts)
	if (problem) return { ok: false, message: problem }
	return {
		ok: true,
		content: buildAgreementContent({
			funder: { name: access.funderName, siret: access.funderSiret },
			call: { title: access.call.title },
			project: { title: access.application.title, summary: access.application.summary },
			...facts,
			dates: { projectStartsOn: access.call.projectStartsOn, projectEndsOn: access.call.projectEndsOn, evaluationDueOn: access.call.evaluationDueOn },
			plan: access.call.tranchePlan,
		}),
	}
}
