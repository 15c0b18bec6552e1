/**
 * The juror's space (/jury, issue 8): the calls whose jury the person sits on (active
 * seat), their dossiers with progress, their own conflicts, and for the chair the jury's
 * conflicts to decide. Four statements, each with the policy's clauses in its WHERE.
 */
import { and, asc, eq } from 'drizzle-orm'
import { can, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { jurorApplicationsWhere, seatedJurorsWhere } from '#app/auth/policy/visibility.server.ts'
import { db } from '#db/client.server.ts'
import { applications, calls, jurors, juryAssignments, juryConflicts } from '#db/schema/index.ts'
import { listConflicts } from './conflicts.server.ts'
import { isScoringOpen, progressOf } from './evaluation.ts'

type Actor = { id: string } | PolicyUser


/** /jury: the calls whose jury the person sits on, their dossiers with progress, their conflicts; the chair's conflicts to decide. */
export async function getJurorSpace(input: { user: Actor }) {
	const user = await policyUserOf(db, input.user)
	if (user.jurorCallIds.length === 0) return { seats: [] }
	const [seats, dossiers, ownConflicts, chairConflicts] = await Promise.all([
		db
			.select({ jurorId: jurors.id, isChair: jurors.isChair, callId: calls.id, callTitle: calls.title, callStatus: calls.status, funderId: calls.funderId, juryEndsOn: calls.juryEndsOn })
			.from(jurors)
			.innerJoin(calls, eq(calls.id, jurors.callId))
			.where(seatedJurorsWhere(user))
			.orderBy(asc(calls.title), asc(calls.id)),
		// Only what the policy lets the juror open: a dossier in conflict is not listed (nor counted).
		db
			.select({
				applicationId: applications.id,
				callId: applications.callId,
				title: applications.title,
				startedAt: juryAssignments.startedAt,
				submittedAt: juryAssignments.submittedAt,
			})
			.from(juryAssignments)
			.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
			.innerJoin(applications, eq(applications.id, juryAssignments.applicationId))
			.where(and(seatedJurorsWhere(user), eq(jurors.callId, applications.callId), jurorApplicationsWhere(user)))
			.orderBy(asc(applications.title), asc(applications.id)),
		db
			.select({ id: juryConflicts.id, callId: jurors.callId, applicationTitle: applications.title, cause: juryConflicts.cause, status: juryConflicts.status })
			.from(juryConflicts)
			.innerJoin(jurors, eq(jurors.id, juryConflicts.jurorId))
			.innerJoin(applications, eq(applications.id, juryConflicts.applicationId))
			.where(seatedJurorsWhere(user))
			.orderBy(asc(applications.title)),
		chairConflictsOf(user),
	])
	return {
		seats: seats.map((seat) => {
			const mine = dossiers.filter((d) => d.callId === seat.callId).map((d) => ({ ...d, progress: progressOf(d) }))
			return {
				...seat,
				scoringOpen: isScoringOpen(seat.callStatus),
				// The chair's way into the deliberation, as the policy answers it.
				canViewDeliberation: can(user, 'view-deliberation', { kind: 'deliberation', callId: seat.callId, funderId: seat.funderId, status: seat.callStatus, viewerIsChair: seat.isChair }).allowed,
				dossiers: mine,
				left: mine.filter((d) => d.progress !== 'sent').length,
				ownConflicts: ownConflicts.filter((c) => c.callId === seat.callId),
				chairConflicts: seat.isChair ? chairConflicts.filter((c) => c.callId === seat.callId) : [],
			}
		}),
	}
}

/**
 * The conflicts of the juries the person chairs (the chair's seat read with
 * seatedJurorsWhere): who, which dossier (its title only), the cause, the status; whether
 * the person may decide each (never their own).
 */
async function chairConflictsOf(user: PolicyUser) {
	const chairCalls = db.select({ callId: jurors.callId }).from(jurors).where(and(seatedJurorsWhere(user), eq(jurors.isChair, true)))
	const rows = await listConflicts(chairCalls)
	return rows.map(({ funderId, jurorUserId, ...row }) => ({
		...row,
		canDecide: can(user, 'decide-conflict', { kind: 'jury-conflict', callId: row.callId, funderId, jurorUserId, viewerIsChair: true }).allowed,
	}))
}
