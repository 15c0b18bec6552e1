/**
 * Everything the portal holds about one person (issue 13, docs/decisions/030): their
 * account, memberships and juries, what they wrote (messages, evaluations, opinions,
 * announcements, signatures…), the emails sent to them and the audit events about them.
 * Only what they wrote or what is about them: another person's message in the same thread,
 * another person's address, a dossier's content written by the association stay out.
 *
 * Each section is bounded (SECTION_LIMIT rows, AUDIT_LIMIT for the history), newest first;
 * a section cut short says so (`truncated`) in the JSON and in the PDF.
 */
import { ownJurorRowsWhere, ownMembershipsWhere } from '#app/auth/policy/visibility.server.ts'
import { and, desc, eq, inArray, or } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { AUDIT_LABELS } from '#app/domain/audit-labels.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { maskOtherAddresses } from './audit-scrub.ts'
import { db } from '#db/client.server.ts'
import {
	agreements,
	agreementSignatures,
	applicationMembers,
	applicationMessages,
	applications,
	auditEvents,
	calls,
	criteria,
	evaluations,
	invitations,
	jurors,
	juryAssignments,
	juryConflicts,
	memberships,
	organizations,
	outboxMessages,
	partnerAnnouncements,
	partnerAnswers,
	partnerContactMessages,
	partnerContactReports,
	partnerContacts,
	partnerDrawVolunteers,
	partnerRecommendations,
	projectPublicationConsents,
	scores,
	sessions,
	supporterOpinions,
	users,
} from '#db/schema/index.ts'

export const SECTION_LIMIT = 1000
export const AUDIT_LIMIT = 5000

export type Section<T> = { items: T[]; truncated: boolean; limit: number }

function capped<T>(rows: T[], limit: number): Section<T> {
	return { items: rows.slice(0, limit), truncated: rows.length > limit, limit }
}

type Row = Record<string, unknown>

export type PersonalDataExport = {
	exportedAt: string
	account: { id: string; email: string; displayName: string; createdAt: string; emailVerifiedAt: string | null; platformRole: string | null }
	sessions: Section<{ expiresAt: string }>
	memberships: Section<Row>
	jurorSeats: Section<Row>
	invitationsReceived: Section<Row>
	dossiersCreated: Section<Row>
	consortiumCommitments: Section<Row>
	dossierMessages: Section<Row>
	directoryMessages: Section<Row>
	directoryReports: Section<Row>
	juryEvaluations: Section<Row>
	juryConflictDeclarations: Section<Row>
	supporterOpinions: Section<Row>
	partnerRecommendations: Section<Row>
	announcements: Section<Row>
	announcementAnswers: Section<Row>
	drawVolunteering: Section<Row>
	agreementSignatures: Section<Row>
	evaluationParts: Section<Row>
	publicationConsents: Section<Row>
	emailsSent: Section<Row>
	auditEvents: Section<Row>
}

/** Section keys in the order the page and the PDF show them, with their French titles. */
export const SECTION_TITLES: Record<Exclude<keyof PersonalDataExport, 'exportedAt' | 'account'>, string> = {
	sessions: 'Sessions ouvertes',
	memberships: 'Associations et structures dont vous êtes membre',
	jurorSeats: 'Jurys où vous siégez ou avez siégé',
	invitationsReceived: 'Invitations reçues à votre adresse',
	dossiersCreated: 'Dossiers que vous avez créés',
	consortiumCommitments: 'Engagements confirmés pour votre association',
	dossierMessages: 'Vos messages dans les dossiers',
	directoryMessages: 'Vos messages dans l’annuaire des partenaires',
	directoryReports: 'Signalements dans l’annuaire (faits par vous ou vous concernant)',
	juryEvaluations: 'Vos évaluations de juré·e',
	juryConflictDeclarations: 'Conflits d’intérêts que vous avez déclarés',
	supporterOpinions: 'Avis que vous avez rédigés (accompagnement)',
	partnerRecommendations: 'Partenaires que vous avez suggérés',
	announcements: 'Vos annonces « Je cherche des partenaires »',
	announcementAnswers: 'Vos réponses aux annonces',
	drawVolunteering: 'Inscriptions au tirage au sort de partenaires',
	agreementSignatures: 'Conventions que vous avez signées',
	evaluationParts: 'Parties d’évaluation de fin de projet que vous avez enregistrées',
	publicationConsents: 'Accords de publication donnés',
	emailsSent: 'E-mails qui vous ont été envoyés',
	auditEvents: 'Historique : actions faites par vous ou sur votre compte',
}

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null)

export async function collectPersonalData(userId: string, now = new Date()): Promise<PersonalDataExport | null> {
	const [user] = await db.select().from(users).where(eq(users.id, userId))
	if (!user || user.deletedAt) return null
	const limit = SECTION_LIMIT + 1
	const seats = await db.select({ id: jurors.id }).from(jurors).where(ownJurorRowsWhere({ id: userId }))
	const seatIds = seats.map((s) => s.id)
	const senderOrganization = alias(organizations, 'sender_organization')

	const [
		sessionRows,
		membershipRows,
		jurorRows,
		invitationRows,
		dossierRows,
		commitmentRows,
		messageRows,
		directoryRows,
		reportRows,
		assignmentRows,
		conflictRows,
		opinionRows,
		recommendationRows,
		announcementRows,
		answerRows,
		volunteerRows,
		signatureRows,
		evaluationRows,
		consentRows,
		emailRows,
		auditRows,
	] = await Promise.all([
		db.select({ expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.expiresAt)).limit(limit),
		db
			.select({ organization: organizations.name, kind: organizations.kind, role: memberships.role, since: memberships.createdAt })
			.from(memberships)
			.innerJoin(organizations, eq(organizations.id, memberships.organizationId))
			.where(ownMembershipsWhere({ id: userId }))
			.orderBy(organizations.name)
			.limit(limit),
		db
			.select({ call: calls.title, kind: jurors.kind, status: jurors.status, isChair: jurors.isChair, territories: jurors.territories, maxLoad: jurors.maxLoad, since: jurors.createdAt })
			.from(jurors)
			.innerJoin(calls, eq(calls.id, jurors.callId))
			.where(ownJurorRowsWhere({ id: userId }))
			.orderBy(desc(jurors.createdAt))
			.limit(limit),
		db
			.select({ kind: invitations.kind, organization: organizations.name, call: calls.title, role: invitations.role, sentAt: invitations.createdAt, acceptedAt: invitations.acceptedAt, declinedAt: invitations.declinedAt, cancelledAt: invitations.cancelledAt })
			.from(invitations)
			.leftJoin(organizations, eq(organizations.id, invitations.organizationId))
			.leftJoin(calls, eq(calls.id, invitations.callId))
			.where(eq(invitations.email, user.email))
			.orderBy(desc(invitations.createdAt))
			.limit(limit),
		db
			.select({ title: applications.title, call: calls.title, leadOrganization: organizations.name, status: applications.status, createdAt: applications.createdAt })
			.from(applications)
			.innerJoin(calls, eq(calls.id, applications.callId))
			.innerJoin(organizations, eq(organizations.id, applications.leadOrganizationId))
			.where(eq(applications.createdById, userId))
			.orderBy(desc(applications.createdAt))
			.limit(limit),
		db
			.select({ dossier: applications.title, organization: organizations.name, role: applicationMembers.role, roleDescription: applicationMembers.roleDescription, contribution: applicationMembers.contribution, message: applicationMembers.message, confirmedAt: applicationMembers.confirmedAt })
			.from(applicationMembers)
			.innerJoin(applications, eq(applications.id, applicationMembers.applicationId))
			.leftJoin(organizations, eq(organizations.id, applicationMembers.organizationId))
			.where(eq(applicationMembers.confirmedById, userId))
			.orderBy(desc(applicationMembers.confirmedAt))
			.limit(limit),
		db
			.select({ dossier: applications.title, side: applicationMessages.side, body: applicationMessages.body, sentAt: applicationMessages.createdAt })
			.from(applicationMessages)
			.innerJoin(applications, eq(applications.id, applicationMessages.applicationId))
			.where(eq(applicationMessages.authorId, userId))
			.orderBy(desc(applicationMessages.createdAt))
			.limit(limit),
		db
			.select({ conversation: partnerContacts.subject, to: organizations.name, from: senderOrganization.name, body: partnerContactMessages.body, sentAt: partnerContactMessages.createdAt })
			.from(partnerContactMessages)
			.innerJoin(partnerContacts, eq(partnerContacts.id, partnerContactMessages.contactId))
			.innerJoin(organizations, eq(organizations.id, partnerContacts.recipientOrganizationId))
			.leftJoin(senderOrganization, eq(senderOrganization.id, partnerContacts.senderOrganizationId))
			.where(eq(partnerContactMessages.authorUserId, userId))
			.orderBy(desc(partnerContactMessages.createdAt))
			.limit(limit),
		db
			.select({ organization: organizations.name, byYou: partnerContactReports.reporterUserId, about: partnerContactReports.reportedUserId, reason: partnerContactReports.reason, reportedAt: partnerContactReports.createdAt, liftedAt: partnerContactReports.liftedAt })
			.from(partnerContactReports)
			.innerJoin(organizations, eq(organizations.id, partnerContactReports.organizationId))
			.where(or(eq(partnerContactReports.reporterUserId, userId), eq(partnerContactReports.reportedUserId, userId)))
			.orderBy(desc(partnerContactReports.createdAt))
			.limit(limit),
		seatIds.length === 0
			? []
			: db
					.select({ id: juryAssignments.id, dossier: applications.title, call: calls.title, generalOpinion: juryAssignments.generalOpinion, weightedScore: juryAssignments.weightedScore, startedAt: juryAssignments.startedAt, submittedAt: juryAssignments.submittedAt })
					.from(juryAssignments)
					.innerJoin(applications, eq(applications.id, juryAssignments.applicationId))
					.innerJoin(calls, eq(calls.id, applications.callId))
					.where(inArray(juryAssignments.jurorId, seatIds))
					.orderBy(desc(juryAssignments.createdAt))
					.limit(limit),
		seatIds.length === 0
			? []
			: db
					.select({ dossier: applications.title, cause: juryConflicts.cause, detail: juryConflicts.detail, status: juryConflicts.status, declaredAt: juryConflicts.createdAt })
					.from(juryConflicts)
					.innerJoin(applications, eq(applications.id, juryConflicts.applicationId))
					.where(and(inArray(juryConflicts.jurorId, seatIds), eq(juryConflicts.source, 'declared')))
					.orderBy(desc(juryConflicts.createdAt))
					.limit(limit),
		db
			.select({ dossier: applications.title, verdict: supporterOpinions.verdict, text: supporterOpinions.text, updatedAt: supporterOpinions.updatedAt })
			.from(supporterOpinions)
			.innerJoin(applications, eq(applications.id, supporterOpinions.applicationId))
			.where(eq(supporterOpinions.authorId, userId))
			.orderBy(desc(supporterOpinions.updatedAt))
			.limit(limit),
		db
			.select({ suggestedTo: organizations.name, note: partnerRecommendations.note, createdAt: partnerRecommendations.createdAt })
			.from(partnerRecommendations)
			.innerJoin(organizations, eq(organizations.id, partnerRecommendations.toOrganizationId))
			.where(eq(partnerRecommendations.recommendedById, userId))
			.orderBy(desc(partnerRecommendations.createdAt))
			.limit(limit),
		db
			.select({ call: calls.title, organization: organizations.name, title: partnerAnnouncements.title, project: partnerAnnouncements.project, lookingFor: partnerAnnouncements.lookingFor, status: partnerAnnouncements.status, createdAt: partnerAnnouncements.createdAt })
			.from(partnerAnnouncements)
			.innerJoin(calls, eq(calls.id, partnerAnnouncements.callId))
			.innerJoin(organizations, eq(organizations.id, partnerAnnouncements.organizationId))
			.where(eq(partnerAnnouncements.authorUserId, userId))
			.orderBy(desc(partnerAnnouncements.createdAt))
			.limit(limit),
		db
			.select({ announcement: partnerAnnouncements.title, organization: organizations.name, message: partnerAnswers.message, status: partnerAnswers.status, createdAt: partnerAnswers.createdAt })
			.from(partnerAnswers)
			.innerJoin(partnerAnnouncements, eq(partnerAnnouncements.id, partnerAnswers.announcementId))
			.innerJoin(organizations, eq(organizations.id, partnerAnswers.organizationId))
			.where(eq(partnerAnswers.authorUserId, userId))
			.orderBy(desc(partnerAnswers.createdAt))
			.limit(limit),
		db
			.select({ call: calls.title, organization: organizations.name, departement: partnerDrawVolunteers.departement, volunteeredAt: partnerDrawVolunteers.createdAt, withdrawnAt: partnerDrawVolunteers.withdrawnAt })
			.from(partnerDrawVolunteers)
			.innerJoin(calls, eq(calls.id, partnerDrawVolunteers.callId))
			.innerJoin(organizations, eq(organizations.id, partnerDrawVolunteers.organizationId))
			.where(eq(partnerDrawVolunteers.volunteeredById, userId))
			.orderBy(desc(partnerDrawVolunteers.createdAt))
			.limit(limit),
		db
			.select({ dossier: applications.title, organization: organizations.name, signerName: agreementSignatures.signerName, signerQuality: agreementSignatures.signerQuality, version: agreementSignatures.version, signedAt: agreementSignatures.signedAt })
			.from(agreementSignatures)
			.innerJoin(agreements, eq(agreements.id, agreementSignatures.agreementId))
			.innerJoin(applications, eq(applications.id, agreements.applicationId))
			.leftJoin(organizations, eq(organizations.id, agreementSignatures.organizationId))
			.where(eq(agreementSignatures.signerUserId, userId))
			.orderBy(desc(agreementSignatures.signedAt))
			.limit(limit),
		db
			.select({ dossier: applications.title, organization: organizations.name, answers: evaluations.answers, submittedAt: evaluations.submittedAt, updatedAt: evaluations.updatedAt })
			.from(evaluations)
			.innerJoin(applications, eq(applications.id, evaluations.applicationId))
			.leftJoin(organizations, eq(organizations.id, evaluations.organizationId))
			.where(eq(evaluations.updatedById, userId))
			.orderBy(desc(evaluations.updatedAt))
			.limit(limit),
		db
			.select({ dossier: applications.title, organization: organizations.name, consentedAt: projectPublicationConsents.consentedAt })
			.from(projectPublicationConsents)
			.innerJoin(applications, eq(applications.id, projectPublicationConsents.applicationId))
			.innerJoin(organizations, eq(organizations.id, projectPublicationConsents.organizationId))
			.where(eq(projectPublicationConsents.userId, userId))
			.orderBy(desc(projectPublicationConsents.consentedAt))
			.limit(limit),
		db
			.select({ subject: outboxMessages.subject, template: outboxMessages.template, queuedAt: outboxMessages.createdAt, sentAt: outboxMessages.sentAt })
			.from(outboxMessages)
			.where(eq(outboxMessages.toAddress, user.email))
			.orderBy(desc(outboxMessages.createdAt))
			.limit(limit),
		db
			.select({ action: auditEvents.action, subjectType: auditEvents.subjectType, subjectId: auditEvents.subjectId, byYou: auditEvents.actorUserId, data: auditEvents.data, at: auditEvents.createdAt })
			.from(auditEvents)
			.where(or(eq(auditEvents.actorUserId, userId), and(eq(auditEvents.subjectType, 'user'), eq(auditEvents.subjectId, userId))))
			.orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
			.limit(AUDIT_LIMIT + 1),
	])

	// The scores of the evaluations shown (criterion, value, the juror's comment).
	const assignmentIds = assignmentRows.slice(0, SECTION_LIMIT).map((a) => a.id)
	const scoreRows =
		assignmentIds.length === 0
			? []
			: await db
					.select({ assignmentId: scores.assignmentId, criterion: criteria.label, value: scores.value, comment: scores.comment })
					.from(scores)
					.innerJoin(criteria, eq(criteria.id, scores.criterionId))
					.where(inArray(scores.assignmentId, assignmentIds))
					.orderBy(criteria.position)

	const dates = <T extends Row>(rows: T[]) => rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value])))
	return {
		exportedAt: now.toISOString(),
		account: { id: user.id, email: user.email, displayName: user.displayName, createdAt: user.createdAt.toISOString(), emailVerifiedAt: iso(user.emailVerifiedAt), platformRole: user.platformRole },
		sessions: capped(sessionRows.map((s) => ({ expiresAt: s.expiresAt.toISOString() })), SECTION_LIMIT),
		memberships: capped(dates(membershipRows), SECTION_LIMIT),
		jurorSeats: capped(dates(jurorRows), SECTION_LIMIT),
		invitationsReceived: capped(dates(invitationRows), SECTION_LIMIT),
		dossiersCreated: capped(dates(dossierRows), SECTION_LIMIT),
		consortiumCommitments: capped(dates(commitmentRows), SECTION_LIMIT),
		dossierMessages: capped(dates(messageRows), SECTION_LIMIT),
		directoryMessages: capped(dates(directoryRows), SECTION_LIMIT),
		directoryReports: capped(
			dates(reportRows).map(({ byYou, about, ...rest }) => ({ ...rest, madeByYou: byYou === userId, aboutYou: about === userId })),
			SECTION_LIMIT,
		),
		juryEvaluations: capped(
			dates(assignmentRows).map(({ id, ...rest }) => ({ ...rest, scores: scoreRows.filter((s) => s.assignmentId === id).map(({ assignmentId: _, ...score }) => score) })),
			SECTION_LIMIT,
		),
		juryConflictDeclarations: capped(dates(conflictRows), SECTION_LIMIT),
		supporterOpinions: capped(dates(opinionRows), SECTION_LIMIT),
		partnerRecommendations: capped(dates(recommendationRows), SECTION_LIMIT),
		announcements: capped(dates(announcementRows), SECTION_LIMIT),
		announcementAnswers: capped(dates(answerRows), SECTION_LIMIT),
		drawVolunteering: capped(dates(volunteerRows), SECTION_LIMIT),
		agreementSignatures: capped(dates(signatureRows), SECTION_LIMIT),
		evaluationParts: capped(dates(evaluationRows), SECTION_LIMIT),
		publicationConsents: capped(dates(consentRows), SECTION_LIMIT),
		emailsSent: capped(dates(emailRows), SECTION_LIMIT),
		auditEvents: capped(
			dates(auditRows).map(({ byYou, data, ...rest }) => ({ label: AUDIT_LABELS[rest.action as string] ?? rest.action, ...rest, data: maskOtherAddresses(data, user.email), byYou: byYou === userId })),
			AUDIT_LIMIT,
		),
	}
}

/** The export, recorded in the audit history (who downloaded their data, in which format). */
export async function exportPersonalData(userId: string, format: 'json' | 'pdf'): Promise<PersonalDataExport | null> {
	const data = await collectPersonalData(userId)
	if (!data) return null
	await recordAudit(db, { actorUserId: userId, action: 'personal_data.exported', subjectType: 'user', subjectId: userId, data: { format } })
	return data
}

/** The counts shown on the page before downloading. */
export function sectionSummary(data: PersonalDataExport) {
	return (Object.keys(SECTION_TITLES) as (keyof typeof SECTION_TITLES)[]).map((key) => ({
		key,
		title: SECTION_TITLES[key],
		count: data[key].items.length,
		truncated: data[key].truncated,
		limit: data[key].limit,
	}))
}
