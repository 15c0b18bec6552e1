/**
 * One retained dossier's follow-up as the funder's page loads it (issue 10): the dossier must
 * be followed and of the call in the address (404 otherwise, as for anyone who may not know
 * of it), and the reader one who manages it — the call's funder staff (403 for a co-porter
 * who happens to be another funder's staff: they know of it, the page is not theirs).
 */
import { forbidden, notFound } from '#app/auth/permissions.server.ts'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { db, type Executor } from '#db/client.server.ts'
import { decideFollowUp, requireFollowUp } from './access.server.ts'
import { loadFollowUpView } from './follow-up-view.server.ts'

const NOT_OF_THIS_CALL = 'Ce suivi n’existe pas pour cet appel, ou vous n’y avez pas accès.'

export async function requireStaffFollowUp(executor: Executor, user: { id: string } | PolicyUser, callId: string, applicationId: string) {
	const access = await requireFollowUp(executor, user, applicationId)
	if (access.application.callId !== callId) notFound(NOT_OF_THIS_CALL)
	if (!decideFollowUp(access, 'manage-follow-up').allowed) forbidden('Cette page est celle du financeur de l’appel.')
	return access
}

export async function getStaffFollowUpPage(input: { user: { id: string } | PolicyUser; callId: string; applicationId: string; now?: Date }) {
	const access = await requireStaffFollowUp(db, input.user, input.callId, input.applicationId)
	return loadFollowUpView(db, access, input.now ?? new Date())
}

/** The checks of the page (404 / 403), before an action reads its form. */
export async function checkStaffFollowUp(input: { user: { id: string } | PolicyUser; callId: string; applicationId: string }) {
	await requireStaffFollowUp(db, input.user, input.callId, input.applicationId)
}
