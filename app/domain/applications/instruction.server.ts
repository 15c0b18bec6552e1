/**
 * Instruction, funder side: the applications of a call (list, filters, counts, exports),
 * one application read in full, and the admissibility decision.
 *
 * Every function loads the call WITH the funder's ownership in the WHERE clause (the call's
 * funder must be one of the user's funders, else 404), and the application WITH its call
 * and a visible status (drafts belong to the consortium until submitted: 404 too).
 */
import { LRUCache } from 'lru-cache'
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import { type ApplicationResource, can, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { funderApplicationsWhere, funderDossierVisibility } from '#app/auth/policy/visibility.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { defineTable, type Column, type Table } from '#app/services/export/tabular.server.ts'
import { getStorage } from '#app/services/storage.server.ts'
import { formatSiret } from '#app/utils/format.ts'
import { db, type Executor } from '#db/client.server.ts'
import { parseJsonValue } from '#db/json-rows.ts'
import { applicationMembers, applications, attachments, memberships, organizations, themes, users } from '#db/schema/index.ts'
import { consortiumOf } from './consortium-of.ts'
import { findDossier, listMembersOf, loadCallRequirements } from './read-model.server.ts'
import { answerText } from './answers.ts'
import {
	applyFilters,
	checkAdmissibility,
	euros,
	isCallBeforeJury,
	isVisibleToFunder,
	VISIBLE_STATUSES,
	parisTimestamp,
	parisWallClock,
	spreadsheetText,
	type AdmissibilityDecision,
	type ListFilters,
} from './instruction.ts'
import { APPLICATION_STATUS_LABELS, MEMBER_STATUS_LABELS } from './options.ts'
import { openReceipt, receiptReference } from './receipt.server.ts'
import { readAnswers, type CallQuestion } from './rules.ts'

type Actor = { id: string } | PolicyUser

const APPLICATION_NOT_VISIBLE = 'Ce dossier n’existe pas, n’a pas été déposé à cet appel, ou ne relève pas de votre financeur.'

/**
 * The call with its funder's name, and the user as the policy reads them; 404 unless the
 * call belongs to one of the user's funders (the policy's clause in the WHERE).
 */
async function staffCall(executor: Executor, actor: Actor, callId: string, lock = false) {
	const user = await policyUserOf(executor, actor)
	// A share lock: the call cannot enter the jury while a decision is being recorded.
	const { call, funderName, dataVersion } = await requireCallForStaff(executor, user, callId, lock ? 'share' : undefined)
	return { call: { id: call.id, title: call.title, status: call.status, funderName }, funderId: call.funderId, user, dataVersion }
}

/** What the policy decides on for a submitted application of this call. */
function applicationResource(application: { status: string; callId: string }, staff: { funderId: string; call: { status: string } }): ApplicationResource {
	return { kind: 'application', status: application.status, callId: application.callId, funderId: staff.funderId, callStatus: staff.call.status }
}

// ---------------------------------------------------------------------------------------
// The list.

// The columns a list row shows; exports add the answers, the reasons and each member's texts.
const LIST_COLUMNS = {
	id: applications.id,
	title: applications.title,
	status: applications.status,
	submittedAt: applications.submittedAt,
	amountRequestedCents: applications.amountRequestedCents,
	themeIds: applications.themeIds,
	flaggedAt: applications.flaggedAt,
}
const EXPORT_COLUMNS = { ...LIST_COLUMNS, statusReason: applications.statusReason, flagReason: applications.flagReason, answers: applications.answers }
const LIST_MEMBER_COLUMNS = {
	applicationId: applicationMembers.applicationId,
	role: applicationMembers.role,
	status: applicationMembers.status,
	organizationId: applicationMembers.organizationId,
	name: organizations.name,
	siret: organizations.siret,
	rna: organizations.rna,
	departement: organizations.departement,
}
const EXPORT_MEMBER_COLUMNS = {
	...LIST_MEMBER_COLUMNS,
	roleDescription: applicationMembers.roleDescription,
	contribution: applicationMembers.contribution,
	budgetShareCents: applicationMembers.budgetShareCents,
	invitedEmail: applicationMembers.invitedEmail,
}

type ListApplication = { id: string; status: string; themeIds: string[] }
type ListMember = { applicationId: string; role: 'lead' | 'co_carrier'; status: string; organizationId: string | null; name: string | null; siret: string | null; rna: string | null; departement: string | null }

const submittedTo = (callId: string) => and(eq(applications.callId, callId), ne(applications.status, 'draft'))
const APPLICATION_ORDER = [asc(applications.submittedAt), asc(applications.title), asc(applications.id)]
// The lead first, then the partners in the order they were invited.
const MEMBER_ORDER = [sql`case ${applicationMembers.role} when 'lead' then 0 else 1 end`, asc(applicationMembers.createdAt), asc(applicationMembers.id)]
const themesOf = (callId: string) =>
	db.select({ id: themes.id, label: themes.label }).from(themes).where(eq(themes.callId, callId)).orderBy(asc(themes.position), asc(themes.label))

/** The rows of the list or of an export: what the funder may see, with the consortium summed up. */
function toRows<A extends ListApplication, M extends ListMember>(applicationRows: A[], memberRows: M[], themeRows: { id: string; label: string }[]) {
	const themeLabel = new Map(themeRows.map((t) => [t.id, t.label]))
	const membersOf = new Map<string, M[]>()
	for (const member of memberRows) {
		const list = membersOf.get(member.applicationId) ?? []
		list.push(member)
		membersOf.set(member.applicationId, list)
	}
	return applicationRows
		.filter((a) => isVisibleToFunder(a.status))
		.map((a) => {
			const members = membersOf.get(a.id) ?? []
			const lead = members.find((m) => m.role === 'lead')
			// The consortium: the lead and the co-porters that confirmed (not the invited, declined or withdrawn).
			const consortium = members.filter((m) => m.organizationId && (m.role === 'lead' || m.status === 'confirmed'))
			return {
				...a,
				themeIds: a.themeIds.filter((id) => themeLabel.has(id)),
				themes: a.themeIds.map((id) => themeLabel.get(id)).filter((label): label is string => !!label),
				leadName: lead?.name ?? '',
				leadSiret: lead?.siret ?? null,
				leadRna: lead?.rna ?? null,
				coCarrierCount: consortium.filter((m) => m.role === 'co_carrier').length,
				associationNames: consortium.map((m) => m.name ?? ''),
				departements: [...new Set(consortium.map((m) => m.departement).filter((d): d is string => !!d))].sort(),
				members,
			}
		})
}

async function loadRows(callId: string) {
	const [applicationRows, memberRows, themeRows] = await Promise.all([
		db.select(EXPORT_COLUMNS).from(applications).where(submittedTo(callId)).orderBy(...APPLICATION_ORDER),
		db
			.select(EXPORT_MEMBER_COLUMNS)
			.from(applicationMembers)
			.innerJoin(applications, eq(applications.id, applicationMembers.applicationId))
			.leftJoin(organizations, eq(organizations.id, applicationMembers.organizationId))
			.where(submittedTo(callId))
			.orderBy(...MEMBER_ORDER),
		themesOf(callId),
	])
	return { rows: toRows(applicationRows, memberRows, themeRows), themes: themeRows }
}

export type StaffApplicationRow = Awaited<ReturnType<typeof loadRows>>['rows'][number]

/** Rows per page of the funder's list: a gestionnaire reads a page at a time, and filters narrow it. */
export const LIST_PAGE_SIZE = 50

// The consortium as the funder counts it: the lead and the co-porters that confirmed (not the
// invited, declined or withdrawn), with their association. `m`/`o` are the aliases below;
// raw names in the correlated subqueries: drizzle leaves a column unqualified inside a selected field.
const IN_CONSORTIUM = sql.raw(`(m.role = 'lead' or m.status = 'confirmed') and m.organization_id is not null`)

/** The theme, département and (for the rows, not the counts) status filters. */
function listWhere(callId: string, filters: ListFilters, withStatus: boolean) {
	return and(
		submittedTo(callId),
		filters.themeId
			? sql`applications.theme_ids @> jsonb_build_array(${filters.themeId}::text) and exists (select 1 from themes t where t.id = ${filters.themeId} and t.call_id = ${callId})`
			: undefined,
		filters.departement
			? sql`applications.id in (select m.application_id from application_members m join organizations o on o.id = m.organization_id where o.departement = ${filters.departement} and ${IN_CONSORTIUM})`
			: undefined,
		withStatus && filters.status ? eq(applications.status, filters.status) : undefined,
	)
}

/**
 * The applications of a call that its funder's staff may see, filtered, one page of them,
 * with the counts per status (the counts ignore the status filter: they show what each
 * choice would give). Filters, counts and the page are computed by the database, in two
 * statements whatever the size of the call; exports read every row (loadRows).
 */
export async function listApplicationsForStaff(input: { user: Actor; callId: string; filters: ListFilters; page?: number }) {
	// The call's data version is read with the call, before the list: data that changes meanwhile is counted in a later version.
	const { call, dataVersion } = await staffCall(db, input.user, input.callId)
	const key = [call.id, dataVersion, input.filters.status, input.filters.themeId, input.filters.departement, input.page ?? 1].join('|')
	const list = keptLists.get(key) ?? (await computeList(call.id, input.filters, input.page))
	keptLists.set(key, list)
	// `version` names the list's content: the same version, the same rows (a page keeps their HTML under it).
	return { call, ...list, version: key }
}

/**
 * The lists computed, per call data version (decision 032: the triggers count every change of
 * the applications, their members, the organisations' names and départements, the themes),
 * filters and page: a gestionnaire going through a call reads the same pages again, and each
 * took PostgreSQL 6 ms on a 500-dossier call.
 */
const keptLists = new LRUCache<string, Awaited<ReturnType<typeof computeList>>>({ max: 64 })

async function computeList(callId: string, filters: ListFilters, requestedPage: number | undefined) {
	const [summary] = await db
		.select({
			total: sql<number>`(select count(*)::int from applications where ${submittedTo(callId)})`,
			counts: sql<unknown>`(select coalesce(json_agg(json_build_object('status', s.status, 'count', s.n)), '[]'::json) from (select applications.status, count(*)::int as n from applications where ${listWhere(callId, filters, false)} group by applications.status) s)`,
			departements: sql<unknown>`(select coalesce(json_agg(d.departement order by d.departement collate "C"), '[]'::json) from (select distinct o.departement from applications join application_members m on m.application_id = applications.id join organizations o on o.id = m.organization_id where ${submittedTo(callId)} and ${IN_CONSORTIUM} and o.departement is not null) d)`,
			themes: sql<unknown>`(select coalesce(json_agg(json_build_object('id', t.id, 'label', t.label) order by t.position, t.label), '[]'::json) from themes t where t.call_id = ${callId})`,
		})
		.from(sql`(select 1) as one`)
	const themeRows = parseJsonValue<{ id: string; label: string }[]>(summary!.themes)
	const countOf = new Map(parseJsonValue<{ status: string; count: number }[]>(summary!.counts).map((c) => [c.status, Number(c.count)]))
	const counts = VISIBLE_STATUSES.map((status) => ({ status, count: countOf.get(status) ?? 0 }))
	const matching = filters.status ? (countOf.get(filters.status) ?? 0) : counts.reduce((sum, c) => sum + c.count, 0)
	const pageCount = Math.max(1, Math.ceil(matching / LIST_PAGE_SIZE))
	const page = Math.min(Math.max(1, requestedPage ?? 1), pageCount)
	const rows = await db
		.select({
			...LIST_COLUMNS,
			lead: sql<unknown>`(select json_build_object('name', o.name) from application_members m left join organizations o on o.id = m.organization_id where m.application_id = applications.id and m.role = 'lead' limit 1)`,
			coCarrierCount: sql<number>`(select count(*)::int from application_members m where m.application_id = applications.id and m.role = 'co_carrier' and ${IN_CONSORTIUM})`,
			associationNames: sql<unknown>`(select coalesce(json_agg(o.name order by m.role <> 'lead', m.created_at, m.id), '[]'::json) from application_members m join organizations o on o.id = m.organization_id where m.application_id = applications.id and ${IN_CONSORTIUM})`,
			departements: sql<unknown>`(select coalesce(json_agg(d.departement order by d.departement collate "C"), '[]'::json) from (select distinct o.departement from application_members m join organizations o on o.id = m.organization_id where m.application_id = applications.id and ${IN_CONSORTIUM} and o.departement is not null) d)`,
		})
		.from(applications)
		.where(listWhere(callId, filters, true))
		.orderBy(...APPLICATION_ORDER)
		.limit(LIST_PAGE_SIZE)
		.offset((page - 1) * LIST_PAGE_SIZE)
	const themeLabel = new Map(themeRows.map((t) => [t.id, t.label]))
	return {
		themes: themeRows,
		departements: parseJsonValue<string[]>(summary!.departements),
		total: Number(summary!.total),
		matching,
		page,
		pageCount,
		counts,
		applications: rows.map(({ lead: leadJson, associationNames, departements, ...row }) => {
			const lead = parseJsonValue<{ name: string | null } | null>(leadJson)
			return {
				...row,
				themeIds: row.themeIds.filter((id) => themeLabel.has(id)),
				themes: row.themeIds.map((id) => themeLabel.get(id)).filter((label): label is string => !!label),
				leadName: lead?.name ?? '',
				coCarrierCount: Number(row.coCarrierCount),
				associationNames: parseJsonValue<string[]>(associationNames),
				departements: parseJsonValue<string[]>(departements),
			}
		}),
	}
}

// ---------------------------------------------------------------------------------------
// Exports: one row per application; one row per consortium member.

const EURO_FORMAT = '#,##0.00 "€"'
const DATE_FORMAT = 'dd/mm/yyyy hh:mm'

const ROLE_LABELS: Record<string, string> = { lead: 'Chef de file', co_carrier: 'Co-porteur' }

export type ExportFormat = 'csv' | 'xlsx'

function applicationsTable(rows: StaffApplicationRow[], questions: CallQuestion[], format: ExportFormat): Table {
	const text = (value: string) => (format === 'csv' ? spreadsheetText(value) : value)
	// One column per question of the call, the answer as the dossier page shows it.
	const answerColumns = questions.map(
		(question): Column<StaffApplicationRow> => ({
			header: text(question.label),
			value: (r) => text(answerText(question, readAnswers(r.answers)[question.id])) || null,
			width: question.type === 'long_text' ? 60 : 24,
		}),
	)
	return defineTable<StaffApplicationRow>(
		'Candidatures',
		[
			{ header: 'Référence', value: (r) => r.id, width: 38 },
			// The reference printed on the récépissé de dépôt, which the associations quote.
			{ header: 'Référence du récépissé', value: (r) => (r.submittedAt ? receiptReference(r.id) : null), width: 14 },
			{ header: 'Titre du projet', value: (r) => text(r.title), width: 40 },
			{ header: 'Association chef de file', value: (r) => text(r.leadName), width: 32 },
			{ header: 'SIRET du chef de file', value: (r) => (r.leadSiret ? formatSiret(r.leadSiret) : null), width: 20 },
			{ header: 'RNA du chef de file', value: (r) => r.leadRna, width: 14 },
			{ header: 'Co-porteurs confirmés', value: (r) => r.coCarrierCount, numFmt: '0' },
			{ header: 'Associations du consortium', value: (r) => text(r.associationNames.join(' ; ')), width: 48 },
			{ header: 'Thèmes', value: (r) => text(r.themes.join(' ; ')), width: 30 },
			{ header: 'Départements', value: (r) => r.departements.join(', '), width: 14 },
			{ header: 'Montant demandé (€)', value: (r) => euros(r.amountRequestedCents), numFmt: EURO_FORMAT, width: 18 },
			{ header: 'Statut', value: (r) => APPLICATION_STATUS_LABELS[r.status] ?? r.status, width: 18 },
			{ header: 'Motif', value: (r) => (r.statusReason ? text(r.statusReason) : null), width: 40 },
			{
				header: 'Déposé le (heure de Paris)',
				value: (r) => (format === 'xlsx' ? parisWallClock(r.submittedAt) : parisTimestamp(r.submittedAt)),
				numFmt: DATE_FORMAT,
				width: 20,
			},
			{ header: 'Signalement', value: (r) => (r.flagReason ? text(r.flagReason) : null), width: 40 },
			...answerColumns,
		],
		rows,
	)
}

type MemberExportRow = StaffApplicationRow['members'][number] & { applicationTitle: string }

function membersTable(rows: StaffApplicationRow[], format: ExportFormat): Table {
	const text = (value: string) => (format === 'csv' ? spreadsheetText(value) : value)
	const members: MemberExportRow[] = rows.flatMap((r) => r.members.map((m) => ({ ...m, applicationTitle: r.title })))
	return defineTable<MemberExportRow>(
		'Membres des consortiums',
		[
			{ header: 'Référence de la candidature', value: (m) => m.applicationId, width: 38 },
			{ header: 'Titre du projet', value: (m) => text(m.applicationTitle), width: 40 },
			{ header: 'Association', value: (m) => text(m.name ?? m.invitedEmail ?? ''), width: 32 },
			{ header: 'SIRET', value: (m) => (m.siret ? formatSiret(m.siret) : null), width: 20 },
			{ header: 'RNA', value: (m) => m.rna, width: 14 },
			{ header: 'Département', value: (m) => m.departement, width: 12 },
			{ header: 'Rôle', value: (m) => ROLE_LABELS[m.role] ?? m.role, width: 14 },
			{ header: 'Statut', value: (m) => MEMBER_STATUS_LABELS[m.status] ?? m.status, width: 30 },
			{ header: 'Qui fait quoi', value: (m) => (m.roleDescription ? text(m.roleDescription) : null), width: 40 },
			{ header: 'Contribution', value: (m) => (m.contribution ? text(m.contribution) : null), width: 40 },
			{ header: 'Part du budget (€)', value: (m) => euros(m.budgetShareCents), numFmt: EURO_FORMAT, width: 18 },
		],
		members,
	)
}

/**
 * The call an export is taken from, with its data version (decision 032), read before the
 * tables: tables computed after it can only be newer than the version they are kept under.
 * 404 unless the call is one of the user's funders'.
 */
export async function callToExport(input: { user: Actor; callId: string }) {
	const { call, dataVersion } = await staffCall(db, input.user, input.callId)
	return { call, dataVersion }
}

/** The tables of an export of a call the user may export (callToExport), with the filters applied. */
export async function exportTables(callId: string, filters: ListFilters, format: ExportFormat) {
	const [{ rows }, { questions }] = await Promise.all([loadRows(callId), loadCallRequirements(callId)])
	const filtered = applyFilters(rows, filters)
	return { applications: applicationsTable(filtered, questions, format), members: membersTable(filtered, format) }
}

// ---------------------------------------------------------------------------------------
// One application.

/** The application in full, as ApplicationReadOnly shows it; 404 unless visible to this staff member. */
export async function getApplicationForStaff(input: { user: Actor; callId: string; applicationId: string }) {
	const user = await policyUserOf(db, input.user)
	// The same dossier as the consortium's, with its call, in one statement on the conditions of
	// applicationForStaff: of this call, a call of one of the user's funders, never a draft.
	const dossier = await findDossier(db, input.applicationId, funderDossierVisibility(user, input.callId), { side: 'funder', callId: input.callId })
	if (!dossier) notFound(APPLICATION_NOT_VISIBLE)
	const { application, details, detailsVersion, receipt, history, funderId } = dossier
	const call = { id: details.call.id, title: details.call.title, status: details.call.status, funderName: details.call.funderName }
	const resource = applicationResource(application, { funderId, call })
	if (!can(user, 'instruct', resource).allowed) notFound(APPLICATION_NOT_VISIBLE)
	return {
		call,
		application,
		details,
		detailsVersion,
		receipt,
		history,
		canDecide: can(user, 'decide-admissibility', resource).allowed,
	}
}

/** The call and a submitted application of it, loaded WITH the policy's funder clause; 404 unless the call is one of the user's funders'. */
async function applicationForStaff(input: { user: Actor; callId: string; applicationId: string }) {
	const staff = await staffCall(db, input.user, input.callId)
	const [application] = await db
		.select()
		.from(applications)
		.where(and(eq(applications.id, input.applicationId), eq(applications.callId, staff.call.id), funderApplicationsWhere(staff.user)))
	if (!application) notFound(APPLICATION_NOT_VISIBLE)
	const resource = applicationResource(application, staff)
	if (!can(staff.user, 'instruct', resource).allowed) notFound(APPLICATION_NOT_VISIBLE)
	return { call: staff.call, application, user: staff.user, resource }
}

/** A file of a submitted application, for the call's funder staff; each download is recorded. */
export async function getAttachmentForStaff(input: { user: Actor; callId: string; applicationId: string; attachmentId: string }) {
	const { application } = await applicationForStaff(input)
	const [row] = await db
		.select()
		.from(attachments)
		.where(and(eq(attachments.id, input.attachmentId), eq(attachments.applicationId, application.id)))
	if (!row) notFound('Cette pièce jointe n’existe pas.')
	const stored = await getStorage().getStream(row.storageKey)
	if (!stored) notFound('Ce fichier n’est plus disponible.')
	try {
		await recordAudit(db, {
			actorUserId: input.user.id,
			action: 'application.attachment_downloaded',
			subjectType: 'application',
			subjectId: application.id,
			data: { attachmentId: row.id, kind: row.kind, organizationId: row.organizationId, filename: row.filename },
		})
	} catch (error) {
		// No download without its record: the opened file is closed.
		stored.stream.destroy()
		throw error
	}
	return { filename: row.filename, contentType: row.contentType, ...stored }
}

/** The récépissé de dépôt of a submitted application, for the call's funder staff. */
export async function getReceiptForStaff(input: { user: Actor; callId: string; applicationId: string }) {
	const { application } = await applicationForStaff(input)
	const stored = application.submittedAt ? await openReceipt(application.id) : null
	if (!stored) notFound('Le récépissé de ce dossier n’est pas disponible.')
	return { filename: `recepisse-${receiptReference(application.id)}.pdf`, contentType: 'application/pdf', ...stored }
}

// ---------------------------------------------------------------------------------------
// Admissibility.

export type AdmissibilityRefusal = { ok: false; message: string; field?: 'reason' | 'decision' }

/**
 * submitted → admissible | inadmissible (and, before the jury, one to the other). One
 * transaction: the status, the audit event, and an email to the référent(s) of every
 * association of the consortium.
 */
export async function decideAdmissibility(input: {
	user: Actor
	callId: string
	applicationId: string
	decision: AdmissibilityDecision
	reason: string
}): Promise<{ ok: true } | AdmissibilityRefusal> {
	const reason = input.reason.trim()
	if (input.decision === 'inadmissible' && !reason) {
		return { ok: false, field: 'reason', message: 'Indiquez le motif d’irrecevabilité : il est envoyé à chaque association du consortium.' }
	}
	return db.transaction(async (tx) => {
		const staff = await staffCall(tx, input.user, input.callId, true)
		const { call } = staff
		const [application] = await tx
			.select()
			.from(applications)
			.where(and(eq(applications.id, input.applicationId), eq(applications.callId, call.id), funderApplicationsWhere(staff.user)))
			.for('update')
		if (!application || !can(staff.user, 'instruct', applicationResource(application, staff)).allowed) notFound(APPLICATION_NOT_VISIBLE)
		const allowed = checkAdmissibility(application.status, call.status, input.decision)
		if (!allowed.ok) return allowed
		const changed = application.status !== 'submitted'
		// The call is share-locked (callForStaff): it cannot enter the jury before this commits.
		await fire(tx, allowed.transition, {
			id: application.id,
			actor: { userId: input.user.id, capacities: ['funder-staff'] },
			reason,
			checked: isCallBeforeJury(call.status) ? ['call-before-jury'] : [],
			set: { statusReason: reason || null },
			data: { callId: call.id },
		})
		const members = await listMembersOf(application.id, tx)
		const consortium = consortiumOf(members).engaged.map((m) => m.organizationId!)
		const referents =
			consortium.length === 0
				? []
				: await tx
						.selectDistinct({ email: users.email })
						.from(memberships)
						.innerJoin(users, eq(users.id, memberships.userId))
						.where(and(inArray(memberships.organizationId, consortium), eq(memberships.role, 'referent')))
						.orderBy(asc(users.email))
		for (const referent of referents) {
			await enqueueEmail(tx, {
				to: referent.email,
				template: 'application-admissibility',
				data: {
					applicationTitle: application.title,
					callTitle: call.title,
					funderName: call.funderName,
					decision: input.decision,
					reason,
					changed,
					url: `${appUrl()}/candidatures/${application.id}`,
				},
			})
		}
		return { ok: true as const }
	})
}
