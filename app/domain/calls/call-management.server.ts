/**
 * The funder's side of a call: create, edit, grid, questions, publish, close. Each function
 * re-reads the acting user's funders in its transaction: a call of another funder is a
 * 404 (its existence is not theirs to know). Refusals a person can fix come back as
 * `{ ok: false, message }`, with the form field they concern when there is one.
 */
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm'
import { can, funderIdsOf, type PolicyUser } from '#app/auth/policy/index.ts'
import { findCallForStaff, policyUserOf, requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { canFire, type Actor as LifecycleActor } from '#app/domain/lifecycle/transitions.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applications, auditEvents, callQuestions, calls, criteria, themes, users, type RequiredAttachment } from '#db/schema/index.ts'
import type { CallInput, CriterionInput, QuestionInput } from './call-form.ts'
import { isEditable, isGridEditable, publishBlockers, uniqueKey, type Calendar } from './call-rules.ts'
import { callTransitions } from './lifecycle.ts'

type Actor = { id: string } | PolicyUser
export type CallRefusal = { ok: false; message: string; field?: string; blockers?: string[] }
/** A save on a version someone else has replaced: nothing was written; the form now carries `currentVersion`. */
export type CallConflict = { ok: false; conflict: true; message: string; currentVersion: number }

const NOT_EDITABLE = 'Cet appel est clos : ses informations ne peuvent plus être modifiées.'

/** Staff of the call's funder, as the lifecycle table names them (lockCallForStaff checked it). */
const funderStaff = (user: Actor): LifecycleActor => ({ userId: user.id, capacities: ['funder-staff'] })

/** The call, locked for the rest of the transaction; 404 unless it belongs to one of the user's funders (the policy's clause). */
async function lockCallForStaff(tx: Executor, actor: Actor, callId: string) {
	const { call } = await requireCallForStaff(tx, await policyUserOf(tx, actor), callId, 'update')
	return call
}

async function applicationCount(tx: Executor, callId: string): Promise<number> {
	const [row] = await tx.select({ value: count() }).from(applications).where(eq(applications.callId, callId))
	return row?.value ?? 0
}

const ANSWERED =
	'des associations ont déjà commencé à répondre à cet appel : vous pouvez ajouter ou reformuler, mais plus retirer'

function calendarOf(call: typeof calls.$inferSelect): Calendar {
	return {
		opensAt: call.opensAt,
		deadlineAt: call.deadlineAt,
		juryStartsOn: call.juryStartsOn,
		juryEndsOn: call.juryEndsOn,
		decisionOn: call.decisionOn,
		projectStartsOn: call.projectStartsOn,
		projectEndsOn: call.projectEndsOn,
		evaluationDueOn: call.evaluationDueOn,
	}
}

function callColumns(input: CallInput) {
	return {
		title: input.title,
		presentation: input.presentation,
		eligibility: input.eligibility,
		territory: input.territory,
		minAssociations: input.minAssociations,
		maxAmountPerProjectCents: input.maxAmountPerProjectCents,
		envelopeCents: input.envelopeCents,
		...(input.notifyStaffOnSubmission === undefined ? {} : { notifyStaffOnSubmission: input.notifyStaffOnSubmission }),
		opensAt: input.opensAt,
		deadlineAt: input.deadlineAt,
		juryStartsOn: input.juryStartsOn,
		juryEndsOn: input.juryEndsOn,
		decisionOn: input.decisionOn,
		projectStartsOn: input.projectStartsOn,
		projectEndsOn: input.projectEndsOn,
		evaluationDueOn: input.evaluationDueOn,
	}
}

/** Keeps the key of every attachment that already had one; gives new ones a unique slug. */
function attachmentsWithKeys(previous: RequiredAttachment[], rows: CallInput['requiredAttachments']): RequiredAttachment[] | CallRefusal {
	const known = new Set(previous.map((a) => a.key))
	const taken = new Set(known)
	const result: RequiredAttachment[] = []
	for (const row of rows) {
		if (row.key !== null) {
			if (!known.has(row.key) || result.some((a) => a.key === row.key)) {
				return { ok: false, message: 'Une pièce demandée n’existe plus (la page était peut-être ancienne) : rechargez-la.' }
			}
			result.push({ key: row.key, label: row.label, givenBy: row.givenBy })
			continue
		}
		const key = uniqueKey(row.label, taken)
		taken.add(key)
		result.push({ key, label: row.label, givenBy: row.givenBy })
	}
	return result
}

// ---------------------------------------------------------------------------------------
// Versions: the call's page, its grid and its questions each carry the version they were
// read at (as the sections of an application do). A save bumps it with a guarded UPDATE;
// one on an older version is refused with who saved in between, and writes nothing.

const VERSIONED_FORMS = {
	call: { column: calls.version, field: 'version', action: 'call.updated', what: 'cet appel pendant que vous le modifiiez' },
	criteria: { column: calls.criteriaVersion, field: 'criteriaVersion', action: 'call.criteria_updated', what: 'la grille de notation pendant que vous la modifiiez' },
	questions: { column: calls.questionsVersion, field: 'questionsVersion', action: 'call.questions_updated', what: 'les questions pendant que vous les modifiiez' },
} as const
type VersionedForm = keyof typeof VERSIONED_FORMS

/** The refusal of a stale save, naming the last person who saved this form. */
async function conflictOf(tx: Executor, call: typeof calls.$inferSelect, form: VersionedForm): Promise<CallConflict> {
	const { action, what, field } = VERSIONED_FORMS[form]
	const [last] = await tx
		.select({ createdAt: auditEvents.createdAt, actorName: users.displayName })
		.from(auditEvents)
		.leftJoin(users, eq(users.id, auditEvents.actorUserId))
		.where(and(eq(auditEvents.subjectType, 'call'), eq(auditEvents.subjectId, call.id), eq(auditEvents.action, action)))
		.orderBy(desc(auditEvents.createdAt))
		.limit(1)
	const who = last?.actorName ?? 'Une autre personne de l’équipe'
	const when = last ? ` (${formatDateTime(last.createdAt)})` : ''
	return {
		ok: false,
		conflict: true,
		message: `${who} a enregistré ${what}${when}. Rien n’a été écrasé : votre saisie est conservée ci-dessous. Enregistrez de nouveau pour qu’elle remplace la sienne, ou rechargez la page pour voir la version enregistrée.`,
		currentVersion: call[field],
	}
}

/**
 * Moves the form's version from the one read to the next, in the caller's transaction,
 * with the call's own columns when given. False when the version read is no longer the
 * stored one (the caller answers with conflictOf and writes nothing).
 */
async function bumpVersion(tx: Executor, callId: string, form: VersionedForm, versionRead: number, columns: Partial<typeof calls.$inferInsert> = {}) {
	const { column, field } = VERSIONED_FORMS[form]
	const moved = await tx
		.update(calls)
		.set({ ...columns, [field]: sql`${column} + 1` })
		.where(and(eq(calls.id, callId), eq(column, versionRead)))
		.returning({ id: calls.id })
	return moved.length === 1
}

/** Creates a draft call for one of the user's funders. */
export async function createDraftCall(input: { user: Actor; call: CallInput }): Promise<{ ok: true; callId: string } | CallRefusal> {
	return db.transaction(async (tx) => {
		const funderIds = funderIdsOf(await policyUserOf(tx, input.user))
		if (funderIds.length === 0) return { ok: false as const, message: 'Seul le personnel d’un financeur peut créer un appel à projets.' }
		let funderId = input.call.funderId
		if (funderId === null) {
			if (funderIds.length > 1) return { ok: false as const, field: 'funderId', message: 'Choisissez le financeur qui lance cet appel.' }
			funderId = funderIds[0]!
		} else if (!funderIds.includes(funderId)) {
			return { ok: false as const, field: 'funderId', message: 'Choisissez l’un de vos financeurs.' }
		}
		if (input.call.themes.some((t) => t.id !== null) || input.call.requiredAttachments.some((a) => a.key !== null)) {
			return { ok: false as const, message: 'Le formulaire envoyé ne correspond pas à un nouvel appel : rechargez la page.' }
		}
		const requiredAttachments = attachmentsWithKeys([], input.call.requiredAttachments) as RequiredAttachment[]
		const [call] = await tx
			.insert(calls)
			.values({ ...callColumns(input.call), funderId, status: 'draft', requiredAttachments, createdById: input.user.id })
			.returning({ id: calls.id })
		if (input.call.themes.length > 0) {
			await tx.insert(themes).values(input.call.themes.map((t, position) => ({ callId: call!.id, label: t.label, position })))
		}
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'call.created',
			subjectType: 'call',
			subjectId: call!.id,
			data: { funderId, title: input.call.title },
		})
		return { ok: true as const, callId: call!.id }
	})
}

/**
 * Saves the call's fields, on the version of the call the form was read at (a stale one is
 * refused: see conflictOf). Once published, minAssociations is fixed and the call must stay
 * publishable; once any application exists, a theme or a required attachment may be
 * reworded or added, never removed.
 */
export async function updateCall(input: {
	user: Actor
	callId: string
	call: CallInput
	version: number
	now?: Date
}): Promise<{ ok: true } | CallRefusal | CallConflict> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const call = await lockCallForStaff(tx, input.user, input.callId)
		if (!isEditable(call.status)) return { ok: false as const, message: NOT_EDITABLE }
		if (call.version !== input.version) return conflictOf(tx, call, 'call')
		if (call.status !== 'draft' && input.call.minAssociations !== call.minAssociations) {
			return {
				ok: false as const,
				field: 'minAssociations',
				message: `L’appel est publié : le nombre minimum d’associations (${call.minAssociations}) ne peut plus changer.`,
			}
		}
		if (input.call.funderId !== null && input.call.funderId !== call.funderId) {
			return { ok: false as const, message: 'Le financeur d’un appel ne change pas.' }
		}

		const existingThemes = await tx.select().from(themes).where(eq(themes.callId, call.id))
		const existingIds = new Set(existingThemes.map((t) => t.id))
		if (input.call.themes.some((t) => t.id !== null && !existingIds.has(t.id))) {
			return { ok: false as const, message: 'Un thème n’existe plus (la page était peut-être ancienne) : rechargez-la.' }
		}
		const keptIds = new Set(input.call.themes.map((t) => t.id).filter((id): id is string => id !== null))
		const removedThemes = existingThemes.filter((t) => !keptIds.has(t.id))
		const keptKeys = new Set(input.call.requiredAttachments.map((a) => a.key))
		const removedAttachments = call.requiredAttachments.filter((a) => !keptKeys.has(a.key))
		if (removedThemes.length > 0 || removedAttachments.length > 0) {
			if ((await applicationCount(tx, call.id)) > 0) {
				if (removedThemes.length > 0) {
					return {
						ok: false as const,
						field: 'themes',
						message: `Le thème « ${removedThemes[0]!.label} » ne peut pas être retiré : ${ANSWERED}.`,
					}
				}
				return {
					ok: false as const,
					field: 'attachments',
					message: `La pièce « ${removedAttachments[0]!.label} » ne peut pas être retirée : ${ANSWERED}.`,
				}
			}
		}
		const requiredAttachments = attachmentsWithKeys(call.requiredAttachments, input.call.requiredAttachments)
		if (!Array.isArray(requiredAttachments)) return requiredAttachments

		if (call.status === 'published') {
			const blockers = publishBlockers(
				{ ...input.call, themeCount: input.call.themes.length, calendar: input.call },
				now,
			)
			if (blockers.length > 0) {
				return {
					ok: false as const,
					message: 'L’appel est publié : il doit rester complet. Pour l’arrêter avant la date limite, utilisez « Clore l’appel ».',
					blockers,
				}
			}
		}

		if (!(await bumpVersion(tx, call.id, 'call', input.version, { ...callColumns(input.call), requiredAttachments }))) return conflictOf(tx, call, 'call')
		if (removedThemes.length > 0) await tx.delete(themes).where(inArray(themes.id, removedThemes.map((t) => t.id)))
		// Two passes so that swapping two labels never collides with the (call, label) unique index.
		const kept = input.call.themes.filter((t) => t.id !== null)
		for (const theme of kept) await tx.update(themes).set({ label: `~${theme.id}` }).where(eq(themes.id, theme.id!))
		for (const [position, theme] of input.call.themes.entries()) {
			if (theme.id !== null) await tx.update(themes).set({ label: theme.label, position }).where(eq(themes.id, theme.id))
			else await tx.insert(themes).values({ callId: call.id, label: theme.label, position })
		}
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'call.updated',
			subjectType: 'call',
			subjectId: call.id,
			data: { status: call.status, version: input.version + 1, themes: input.call.themes.length, requiredAttachments: requiredAttachments.length },
		})
		return { ok: true as const }
	})
}

/** draft → published, when the call is complete and its deadline is to come. */
export async function publishCall(input: { user: Actor; callId: string; now?: Date }): Promise<{ ok: true } | CallRefusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const call = await lockCallForStaff(tx, input.user, input.callId)
		if (!canFire(callTransitions.publish, call.status)) return { ok: false as const, message: 'Seul un appel en brouillon peut être publié.' }
		const [themeCount] = await tx.select({ value: count() }).from(themes).where(eq(themes.callId, call.id))
		const blockers = publishBlockers({ ...call, themeCount: themeCount?.value ?? 0, calendar: calendarOf(call) }, now)
		if (blockers.length > 0) return { ok: false as const, message: 'L’appel ne peut pas encore être publié.', blockers }
		await fire(tx, callTransitions.publish, { id: call.id, actor: funderStaff(input.user), checked: ['publishable'], set: { publishedAt: now } })
		return { ok: true as const }
	})
}

/** published → closed by hand, before the deadline. */
export async function closeCall(input: { user: Actor; callId: string; now?: Date }): Promise<{ ok: true } | CallRefusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const call = await lockCallForStaff(tx, input.user, input.callId)
		if (!canFire(callTransitions.close, call.status)) return { ok: false as const, message: 'Seul un appel publié peut être clos.' }
		await fire(tx, callTransitions.close, { id: call.id, actor: funderStaff(input.user), set: { closedAt: now }, data: { by: 'staff' } })
		return { ok: true as const }
	})
}

/** Replaces the jury's grid, until the jury starts, on the version of the grid the form was read at. */
export async function saveCriteria(input: {
	user: Actor
	callId: string
	criteria: CriterionInput[]
	version: number
}): Promise<{ ok: true } | CallRefusal | CallConflict> {
	return db.transaction(async (tx) => {
		const call = await lockCallForStaff(tx, input.user, input.callId)
		if (!isGridEditable(call.status)) return { ok: false as const, message: 'Le jury a commencé : la grille de notation ne change plus.' }
		if (call.criteriaVersion !== input.version) return conflictOf(tx, call, 'criteria')
		const existing = await tx.select({ id: criteria.id }).from(criteria).where(eq(criteria.callId, call.id))
		const existingIds = new Set(existing.map((c) => c.id))
		if (input.criteria.some((c) => c.id !== null && !existingIds.has(c.id))) {
			return { ok: false as const, message: 'Un critère n’existe plus (la page était peut-être ancienne) : rechargez-la.' }
		}
		const keptIds = new Set(input.criteria.map((c) => c.id))
		const removed = existing.filter((c) => !keptIds.has(c.id)).map((c) => c.id)
		if (!(await bumpVersion(tx, call.id, 'criteria', input.version))) return conflictOf(tx, call, 'criteria')
		if (removed.length > 0) await tx.delete(criteria).where(inArray(criteria.id, removed))
		for (const [position, row] of input.criteria.entries()) {
			const values = { label: row.label, description: row.description, weight: row.weight, scaleMax: row.scaleMax, position }
			if (row.id !== null) await tx.update(criteria).set(values).where(eq(criteria.id, row.id))
			else await tx.insert(criteria).values({ ...values, callId: call.id })
		}
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'call.criteria_updated',
			subjectType: 'call',
			subjectId: call.id,
			data: { version: input.version + 1, criteria: input.criteria.length },
		})
		return { ok: true as const }
	})
}

/**
 * Replaces the custom questions, on the version of the questions the form was read at.
 * Once any application exists, a question keeps its type and
 * its choices (more may be added), and none may be removed.
 */
export async function saveQuestions(input: {
	user: Actor
	callId: string
	questions: QuestionInput[]
	version: number
}): Promise<{ ok: true } | CallRefusal | CallConflict> {
	return db.transaction(async (tx) => {
		const call = await lockCallForStaff(tx, input.user, input.callId)
		if (!isEditable(call.status)) return { ok: false as const, message: NOT_EDITABLE }
		if (call.questionsVersion !== input.version) return conflictOf(tx, call, 'questions')
		const existing = await tx.select().from(callQuestions).where(eq(callQuestions.callId, call.id))
		const byId = new Map(existing.map((q) => [q.id, q]))
		if (input.questions.some((q) => q.id !== null && !byId.has(q.id))) {
			return { ok: false as const, message: 'Une question n’existe plus (la page était peut-être ancienne) : rechargez-la.' }
		}
		const keptIds = new Set(input.questions.map((q) => q.id))
		const removed = existing.filter((q) => !keptIds.has(q.id))
		if ((await applicationCount(tx, call.id)) > 0) {
			if (removed.length > 0) {
				return { ok: false as const, field: 'questions', message: `La question « ${removed[0]!.label} » ne peut pas être retirée : ${ANSWERED}.` }
			}
			for (const row of input.questions) {
				const before = row.id !== null ? byId.get(row.id) : undefined
				if (!before) continue
				if (before.type !== row.type) {
					return { ok: false as const, field: 'questions', message: `La question « ${before.label} » garde son type de réponse : ${ANSWERED}.` }
				}
				const lost = (before.choices ?? []).filter((c) => !(row.choices ?? []).includes(c))
				if (lost.length > 0) {
					return {
						ok: false as const,
						field: 'questions',
						message: `Le choix « ${lost[0]} » de la question « ${before.label} » ne peut pas être retiré : ${ANSWERED}.`,
					}
				}
			}
		}
		if (!(await bumpVersion(tx, call.id, 'questions', input.version))) return conflictOf(tx, call, 'questions')
		if (removed.length > 0) await tx.delete(callQuestions).where(inArray(callQuestions.id, removed.map((q) => q.id)))
		for (const [position, row] of input.questions.entries()) {
			const values = { label: row.label, type: row.type, required: row.required, maxLength: row.maxLength, choices: row.choices, position }
			if (row.id !== null) await tx.update(callQuestions).set(values).where(eq(callQuestions.id, row.id))
			else await tx.insert(callQuestions).values({ ...values, callId: call.id })
		}
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'call.questions_updated',
			subjectType: 'call',
			subjectId: call.id,
			data: { version: input.version + 1, questions: input.questions.length },
		})
		return { ok: true as const }
	})
}

// ---------------------------------------------------------------------------------------
// Read model

/** Everything the staff pages show of a call; null unless it belongs to one of the user's funders. */
export async function getCallForStaff(input: { user: Actor; callId: string; now?: Date }) {
	const user = await policyUserOf(db, input.user)
	const row = await findCallForStaff(db, user, input.callId)
	if (!row) return null
	const { call, funderName } = row
	const resource = { kind: 'call', funderId: call.funderId, status: call.status } as const
	const [themeRows, criterionRows, questionRows, applicationTotal] = await Promise.all([
		db.select({ id: themes.id, label: themes.label }).from(themes).where(eq(themes.callId, call.id)).orderBy(asc(themes.position), asc(themes.label)),
		db.select().from(criteria).where(eq(criteria.callId, call.id)).orderBy(asc(criteria.position)),
		db.select().from(callQuestions).where(eq(callQuestions.callId, call.id)).orderBy(asc(callQuestions.position)),
		applicationCount(db, call.id),
	])
	const blockers =
		call.status === 'draft'
			? publishBlockers({ ...call, themeCount: themeRows.length, calendar: calendarOf(call) }, input.now ?? new Date())
			: []
	return {
		call,
		funderName,
		themes: themeRows,
		criteria: criterionRows,
		questions: questionRows,
		applicationCount: applicationTotal,
		publishBlockers: blockers,
		editable: can(user, 'edit', resource).allowed,
		gridEditable: can(user, 'edit-grid', resource).allowed,
		canPublish: can(user, 'publish', resource).allowed,
		canClose: can(user, 'close', resource).allowed,
	}
}
