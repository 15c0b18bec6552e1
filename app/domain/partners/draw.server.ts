/**
 * The tirage au sort of a call (issue 12, seed 004). The funder's staff enable it with a
 * group size (2 or 3); while the call is published, associations volunteer (their territory
 * is their département at that time) and may withdraw until the draw. The staff launch it:
 * drawPartnerGroups (draw.ts) makes the groups of each département from a recorded seed; each
 * placed association has CONFIRM_DAYS to confirm. A place declined or expired goes to the next
 * volunteer of its département's waiting list, with its own delay; when the list is empty the
 * place stays empty. A group whose places are all settled, with at least two confirmed, is
 * told who its members are and invited to build a project together.
 */
import { randomBytes } from 'node:crypto'
import { and, asc, count, eq, inArray, isNull, lte } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import { can } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { isNotMoved, SYSTEM_ACTOR } from '#app/domain/lifecycle/transitions.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { db, type Executor } from '#db/client.server.ts'
import { calls, organizations, partnerDrawGroups, partnerDrawPlaces, partnerDraws, partnerDrawVolunteers } from '#db/schema/index.ts'
import { type Actor, actorAs, associationsById, decide, loadPartnerCall, partnersUrl, publishedProfiles, referentAddresses, type Refusal, takesAnnouncements } from './context.server.ts'
import { drawPartnerGroups } from './draw.ts'
import { CONFIRM_DAYS } from './forms.ts'
import { placeTransitions } from './lifecycles.ts'

const DAY_MS = 24 * 3600_000
export const confirmByFrom = (now: Date) => new Date(now.getTime() + CONFIRM_DAYS * DAY_MS)
export const newDrawSeed = () => randomBytes(8).toString('hex')

type Place = typeof partnerDrawPlaces.$inferSelect
type Draw = typeof partnerDraws.$inferSelect

const DRAW_DONE = 'Le tirage au sort de cet appel a déjà eu lieu.'

// ---------------------------------------------------------------------------------------
// The funder's staff

export async function setDrawSettings(input: { user: Actor; callId: string; enabled: boolean; groupSize: number }): Promise<{ ok: true } | Refusal> {
	return db.transaction(async (tx) => {
		const { call } = await requireCallForStaff(tx, await policyUserOf(tx, input.user), input.callId, 'update')
		const [draw] = await tx.select({ id: partnerDraws.id }).from(partnerDraws).where(eq(partnerDraws.callId, call.id))
		if (draw) return { ok: false as const, message: `${DRAW_DONE} Ses réglages ne changent plus.` }
		if (input.groupSize !== 2 && input.groupSize !== 3) return { ok: false as const, message: 'Choisissez des groupes de deux ou de trois associations.' }
		await tx.update(calls).set({ partnerDrawEnabled: input.enabled, partnerDrawGroupSize: input.groupSize }).where(eq(calls.id, call.id))
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'call.partner_draw_settings',
			subjectType: 'call',
			subjectId: call.id,
			data: { enabled: input.enabled, groupSize: input.groupSize },
		})
		return { ok: true as const }
	})
}

async function notifyPlaced(tx: Executor, input: { callId: string; callTitle: string; place: Pick<Place, 'organizationId' | 'confirmBy'>; departement: string; replacement: boolean }) {
	const names = await associationsById(tx, [input.place.organizationId])
	for (const { email } of await referentAddresses(tx, [input.place.organizationId])) {
		await enqueueEmail(tx, {
			to: email,
			template: 'partner-draw-placed',
			data: {
				callTitle: input.callTitle,
				organizationName: names.get(input.place.organizationId)?.name ?? '',
				departement: input.departement,
				confirmBy: formatDateTime(input.place.confirmBy),
				replacement: input.replacement,
				url: partnersUrl(input.callId),
			},
		})
	}
}

/**
 * Staff launch the draw: the volunteers who have not withdrawn, ordered by organisation id,
 * are drawn département by département from `seed` (new by default); groups, places and
 * waiting lists are recorded with the seed, and each placed association is told.
 */
export async function launchDraw(input: { user: Actor; callId: string; seed?: string; now?: Date }): Promise<{ ok: true; drawId: string; seed: string; groups: number; placed: number } | Refusal> {
	const now = input.now ?? new Date()
	const seed = input.seed ?? newDrawSeed()
	return db.transaction(async (tx) => {
		const { call } = await requireCallForStaff(tx, await policyUserOf(tx, input.user), input.callId, 'update')
		if (!call.partnerDrawEnabled) return { ok: false as const, message: 'Activez d’abord le tirage au sort pour cet appel.' }
		const [existing] = await tx.select({ id: partnerDraws.id }).from(partnerDraws).where(eq(partnerDraws.callId, call.id))
		if (existing) return { ok: false as const, message: DRAW_DONE }
		const volunteers = await tx
			.select({ organizationId: partnerDrawVolunteers.organizationId, departement: partnerDrawVolunteers.departement })
			.from(partnerDrawVolunteers)
			.where(and(eq(partnerDrawVolunteers.callId, call.id), isNull(partnerDrawVolunteers.withdrawnAt)))
			.orderBy(asc(partnerDrawVolunteers.organizationId))
		if (volunteers.length < call.partnerDrawGroupSize) {
			return { ok: false as const, message: `Il faut au moins ${call.partnerDrawGroupSize} associations volontaires pour former un groupe.` }
		}
		const result = drawPartnerGroups({ seed, groupSize: call.partnerDrawGroupSize, volunteers })
		const [draw] = await tx
			.insert(partnerDraws)
			.values({ callId: call.id, seed, groupSize: call.partnerDrawGroupSize, volunteerIds: volunteers.map((v) => v.organizationId), waitingLists: result.waitingLists, drawnById: input.user.id, drawnAt: now })
			.returning({ id: partnerDraws.id })
		const confirmBy = confirmByFrom(now)
		let placed = 0
		for (const group of result.groups) {
			const [row] = await tx.insert(partnerDrawGroups).values({ drawId: draw!.id, departement: group.departement, position: group.position }).returning({ id: partnerDrawGroups.id })
			await tx.insert(partnerDrawPlaces).values(group.organizationIds.map((organizationId) => ({ groupId: row!.id, organizationId, confirmBy })))
			for (const organizationId of group.organizationIds) {
				await notifyPlaced(tx, { callId: call.id, callTitle: call.title, place: { organizationId, confirmBy }, departement: group.departement, replacement: false })
				placed++
			}
		}
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'call.partner_draw_launched',
			subjectType: 'call',
			subjectId: call.id,
			data: { drawId: draw!.id, seed, groupSize: call.partnerDrawGroupSize, volunteers: volunteers.length, groups: result.groups.length },
		})
		return { ok: true as const, drawId: draw!.id, seed, groups: result.groups.length, placed }
	})
}

// ---------------------------------------------------------------------------------------
// The associations

export async function volunteerForDraw(input: { user: Actor; callId: string; organizationId: string; now?: Date }): Promise<{ ok: true } | Refusal<'organizationId'>> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const call = await loadPartnerCall(tx, input.callId, true)
		if (!call.partnerDrawEnabled) return { ok: false as const, message: 'Cet appel ne propose pas de tirage au sort.' }
		const decision = await decide(tx, input.user, 'volunteer', { organizationId: input.organizationId, callOpen: takesAnnouncements(call, now) })
		if (!decision.allowed && decision.reason === 'not-member') return { ok: false as const, field: 'organizationId' as const, message: 'Choisissez une de vos associations.' }
		if (!decision.allowed) return { ok: false as const, message: 'Cet appel n’accepte plus de volontaires : sa date limite est passée.' }
		const [draw] = await tx.select({ id: partnerDraws.id }).from(partnerDraws).where(eq(partnerDraws.callId, call.id))
		if (draw) return { ok: false as const, message: DRAW_DONE }
		const [organization] = await tx.select({ departement: organizations.departement }).from(organizations).where(eq(organizations.id, input.organizationId))
		const departement = organization?.departement?.trim()
		if (!departement) return { ok: false as const, message: 'Indiquez d’abord le code postal de votre association dans son profil : le tirage réunit des associations d’un même département.' }
		// Volunteering again after a withdrawal takes the département of today.
		await tx
			.insert(partnerDrawVolunteers)
			.values({ callId: call.id, organizationId: input.organizationId, volunteeredById: input.user.id, departement })
			.onConflictDoUpdate({
				target: [partnerDrawVolunteers.callId, partnerDrawVolunteers.organizationId],
				set: { withdrawnAt: null, departement, volunteeredById: input.user.id },
			})
		await recordAudit(tx, { actorUserId: input.user.id, action: 'partner_draw.volunteered', subjectType: 'call', subjectId: call.id, data: { organizationId: input.organizationId, departement } })
		return { ok: true as const }
	})
}

export async function withdrawFromDraw(input: { user: Actor; callId: string; organizationId: string; now?: Date }): Promise<{ ok: true } | Refusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const call = await loadPartnerCall(tx, input.callId, true)
		const decision = await decide(tx, input.user, 'answer-place', { organizationId: input.organizationId })
		if (!decision.allowed) return { ok: false as const, message: 'Choisissez une de vos associations.' }
		const [draw] = await tx.select({ id: partnerDraws.id }).from(partnerDraws).where(eq(partnerDraws.callId, call.id))
		if (draw) return { ok: false as const, message: `${DRAW_DONE} Si votre association a une place, vous pouvez la décliner.` }
		const withdrawn = await tx
			.update(partnerDrawVolunteers)
			.set({ withdrawnAt: now })
			.where(and(eq(partnerDrawVolunteers.callId, call.id), eq(partnerDrawVolunteers.organizationId, input.organizationId), isNull(partnerDrawVolunteers.withdrawnAt)))
			.returning({ id: partnerDrawVolunteers.id })
		if (withdrawn.length === 0) return { ok: false as const, message: 'Votre association n’est pas volontaire pour ce tirage.' }
		await recordAudit(tx, { actorUserId: input.user.id, action: 'partner_draw.withdrawn', subjectType: 'call', subjectId: call.id, data: { organizationId: input.organizationId } })
		return { ok: true as const }
	})
}

/** The place with its group and draw, the group row locked (its places change one at a time), or a 404. */
async function lockPlace(tx: Executor, placeId: string, callId?: string) {
	const [row] = await tx
		.select({ place: partnerDrawPlaces, group: partnerDrawGroups, draw: partnerDraws })
		.from(partnerDrawPlaces)
		.innerJoin(partnerDrawGroups, eq(partnerDrawGroups.id, partnerDrawPlaces.groupId))
		.innerJoin(partnerDraws, eq(partnerDraws.id, partnerDrawGroups.drawId))
		.where(and(eq(partnerDrawPlaces.id, placeId), callId ? eq(partnerDraws.callId, callId) : undefined))
	if (!row) notFound('Cette place n’existe pas.')
	await tx.select({ id: partnerDrawGroups.id }).from(partnerDrawGroups).where(eq(partnerDrawGroups.id, row.group.id)).for('update')
	const [draw] = await tx.select().from(partnerDraws).where(eq(partnerDraws.id, row.draw.id)).for('update')
	return { ...row, draw: draw! }
}

/** The places of a group as they stand: each slot's latest place (a refilled place is replaced by its successor). */
export function currentPlaces<P extends Pick<Place, 'id' | 'replacesPlaceId'>>(places: P[]): P[] {
	const replaced = new Set(places.map((p) => p.replacesPlaceId).filter(Boolean))
	return places.filter((p) => !replaced.has(p.id))
}

/** A place left empty goes to the next volunteer of the département's waiting list; null when the list is empty. */
async function refill(tx: Executor, input: { draw: Draw; group: typeof partnerDrawGroups.$inferSelect; place: Place; now: Date; actorUserId: string | null }) {
	const list = input.draw.waitingLists[input.group.departement] ?? []
	const next = list[0]
	if (!next) return null
	await tx
		.update(partnerDraws)
		.set({ waitingLists: { ...input.draw.waitingLists, [input.group.departement]: list.slice(1) } })
		.where(eq(partnerDraws.id, input.draw.id))
	const confirmBy = confirmByFrom(input.now)
	const [place] = await tx.insert(partnerDrawPlaces).values({ groupId: input.group.id, organizationId: next, confirmBy, replacesPlaceId: input.place.id }).returning()
	const [call] = await tx.select({ id: calls.id, title: calls.title }).from(calls).where(eq(calls.id, input.draw.callId))
	await notifyPlaced(tx, { callId: call!.id, callTitle: call!.title, place: place!, departement: input.group.departement, replacement: true })
	await recordAudit(tx, {
		actorUserId: input.actorUserId,
		action: 'partner_draw.place_refilled',
		subjectType: 'partner-draw-place',
		subjectId: place!.id,
		data: { replacesPlaceId: input.place.id, organizationId: next, departement: input.group.departement },
	})
	return place!
}

/** Once no place of the group waits and at least two are confirmed, its members are told who they are. */
async function tellGroupIfFormed(tx: Executor, input: { draw: Draw; groupId: string }) {
	const places = await tx.select().from(partnerDrawPlaces).where(eq(partnerDrawPlaces.groupId, input.groupId))
	const current = currentPlaces(places)
	if (current.some((p) => p.status === 'pending')) return false
	const confirmed = current.filter((p) => p.status === 'confirmed').map((p) => p.organizationId)
	if (confirmed.length < 2) return false
	const [names, profiles, [call]] = await Promise.all([
		associationsById(tx, confirmed),
		publishedProfiles(tx, confirmed),
		tx.select({ id: calls.id, title: calls.title }).from(calls).where(eq(calls.id, input.draw.callId)),
	])
	const members = confirmed.map((id) => ({ name: names.get(id)?.name ?? '', profileUrl: profiles.has(id) ? `${appUrl()}/partenaires/${id}` : null }))
	for (const { email } of await referentAddresses(tx, confirmed)) {
		await enqueueEmail(tx, { to: email, template: 'partner-draw-group-formed', data: { callTitle: call!.title, members, url: `${appUrl()}/appels/${call!.id}` } })
	}
	await recordAudit(tx, { actorUserId: null, action: 'partner_draw.group_formed', subjectType: 'call', subjectId: call!.id, data: { groupId: input.groupId, organizationIds: confirmed } })
	return true
}

export async function answerPlace(input: { user: Actor; callId: string; placeId: string; answer: 'confirm' | 'decline'; now?: Date }): Promise<{ ok: true; refilled: boolean | null } | Refusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const { place, group, draw } = await lockPlace(tx, input.placeId, input.callId)
		const decision = await decide(tx, input.user, 'answer-place', { organizationId: place.organizationId })
		if (!decision.allowed) notFound('Cette place n’existe pas.')
		if (place.status === 'pending' && place.confirmBy.getTime() <= now.getTime()) {
			return { ok: false as const, message: 'Le délai de confirmation de cette place est passé : elle revient à l’association suivante de la liste d’attente.' }
		}
		try {
			await fire(tx, input.answer === 'confirm' ? placeTransitions.confirm : placeTransitions.decline, {
				id: place.id,
				actor: actorAs(input.user, 'association:drawn'),
				set: { answeredAt: now },
				data: { organizationId: place.organizationId, groupId: group.id },
			})
		} catch (error) {
			if (isNotMoved(error)) return { ok: false as const, message: 'Cette place a déjà reçu une réponse : rechargez la page.' }
			throw error
		}
		let refilled: boolean | null = null
		if (input.answer === 'decline') refilled = (await refill(tx, { draw, group, place, now, actorUserId: input.user.id })) !== null
		await tellGroupIfFormed(tx, { draw, groupId: group.id })
		return { ok: true as const, refilled }
	})
}

/**
 * The clock: each pending place whose 14 days are over expires and goes to the next volunteer
 * of its waiting list, one transaction per place, guarded by its state (two servers running
 * the job never expire twice). Returns the ids expired.
 */
export async function expireDrawPlaces(now: Date = new Date()): Promise<string[]> {
	const due = await db
		.select({ id: partnerDrawPlaces.id })
		.from(partnerDrawPlaces)
		.where(and(eq(partnerDrawPlaces.status, 'pending'), lte(partnerDrawPlaces.confirmBy, now)))
		.orderBy(asc(partnerDrawPlaces.confirmBy))
		.limit(500)
	const expired: string[] = []
	for (const { id } of due) {
		const done = await db.transaction(async (tx) => {
			const { place, group, draw } = await lockPlace(tx, id)
			try {
				await fire(tx, placeTransitions.expire, {
					id,
					actor: SYSTEM_ACTOR,
					checked: ['confirm-by-passed'],
					where: lte(partnerDrawPlaces.confirmBy, now),
					data: { organizationId: place.organizationId, groupId: group.id, confirmBy: place.confirmBy.toISOString() },
				})
			} catch (error) {
				if (isNotMoved(error)) return false
				throw error
			}
			await refill(tx, { draw, group, place, now, actorUserId: null })
			await tellGroupIfFormed(tx, { draw, groupId: group.id })
			return true
		})
		if (done) expired.push(id)
	}
	return expired
}

// ---------------------------------------------------------------------------------------
// What the pages read

type GroupView = {
	id: string
	departement: string
	position: number
	places: { id: string; organizationId: string; name: string; status: string; confirmBy: Date; replacesPlaceId: string | null; current: boolean; profilePath: string | null }[]
	/** Slots whose last place was declined or expired with nobody left on the waiting list. */
	emptySlots: number
	formed: boolean
}

/**
 * The call's draw with its groups and their places. `onlyGroupsOf` limits it to the groups
 * where these associations have a place (a visitor's page needs only its own, not the
 * whole draw).
 */
async function loadDraw(executor: Executor, callId: string, { onlyGroupsOf }: { onlyGroupsOf?: string[] } = {}) {
	const [draw] = await executor.select().from(partnerDraws).where(eq(partnerDraws.callId, callId))
	if (!draw) return null
	const groupIds = onlyGroupsOf
		? onlyGroupsOf.length === 0
			? []
			: (
					await executor
						.selectDistinct({ groupId: partnerDrawPlaces.groupId })
						.from(partnerDrawPlaces)
						.innerJoin(partnerDrawGroups, eq(partnerDrawGroups.id, partnerDrawPlaces.groupId))
						.where(and(eq(partnerDrawGroups.drawId, draw.id), inArray(partnerDrawPlaces.organizationId, onlyGroupsOf)))
				).map((row) => row.groupId)
		: undefined
	const groups =
		groupIds?.length === 0
			? []
			: await executor
					.select()
					.from(partnerDrawGroups)
					.where(and(eq(partnerDrawGroups.drawId, draw.id), groupIds ? inArray(partnerDrawGroups.id, groupIds) : undefined))
					.orderBy(asc(partnerDrawGroups.departement), asc(partnerDrawGroups.position))
	const places = groups.length
		? await executor.select().from(partnerDrawPlaces).where(inArray(partnerDrawPlaces.groupId, groups.map((g) => g.id))).orderBy(asc(partnerDrawPlaces.createdAt), asc(partnerDrawPlaces.id))
		: []
	const ids = [...(onlyGroupsOf ? [] : draw.volunteerIds), ...places.map((p) => p.organizationId)]
	const [names, profiles] = await Promise.all([associationsById(executor, ids), publishedProfiles(executor, ids)])
	const views: GroupView[] = groups.map((group) => {
		const own = places.filter((p) => p.groupId === group.id)
		const current = new Set(currentPlaces(own).map((p) => p.id))
		const currentPlacesOfGroup = own.filter((p) => current.has(p.id))
		return {
			id: group.id,
			departement: group.departement,
			position: group.position,
			places: own.map((p) => ({
				id: p.id,
				organizationId: p.organizationId,
				name: names.get(p.organizationId)?.name ?? '',
				status: p.status,
				confirmBy: p.confirmBy,
				replacesPlaceId: p.replacesPlaceId,
				current: current.has(p.id),
				profilePath: profiles.has(p.organizationId) ? `/partenaires/${p.organizationId}` : null,
			})),
			emptySlots: currentPlacesOfGroup.filter((p) => p.status === 'declined' || p.status === 'expired').length,
			formed: !currentPlacesOfGroup.some((p) => p.status === 'pending') && currentPlacesOfGroup.filter((p) => p.status === 'confirmed').length >= 2,
		}
	})
	return { draw, groups: views, names }
}

/** The staff page: the settings, the volunteers, and the draw with its seed, groups and waiting lists. */
export async function getDrawForStaff({ user, callId }: { user: Actor; callId: string }) {
	const { call } = await requireCallForStaff(db, await policyUserOf(db, user), callId)
	const volunteers = await db
		.select({ organizationId: partnerDrawVolunteers.organizationId, departement: partnerDrawVolunteers.departement, withdrawnAt: partnerDrawVolunteers.withdrawnAt, createdAt: partnerDrawVolunteers.createdAt, name: organizations.name })
		.from(partnerDrawVolunteers)
		.innerJoin(organizations, eq(organizations.id, partnerDrawVolunteers.organizationId))
		.where(eq(partnerDrawVolunteers.callId, call.id))
		.orderBy(asc(partnerDrawVolunteers.departement), asc(partnerDrawVolunteers.organizationId))
		.limit(5000)
	const loaded = await loadDraw(db, call.id)
	const waitingLists = loaded
		? Object.entries(loaded.draw.waitingLists).map(([departement, ids]) => ({ departement, names: ids.map((id) => loaded.names.get(id)?.name ?? id) }))
		: []
	return {
		call: { id: call.id, title: call.title, status: call.status, enabled: call.partnerDrawEnabled, groupSize: call.partnerDrawGroupSize },
		volunteers,
		draw: loaded ? { seed: loaded.draw.seed, groupSize: loaded.draw.groupSize, volunteerIds: loaded.draw.volunteerIds, drawnAt: loaded.draw.drawnAt } : null,
		groups: loaded?.groups ?? [],
		waitingLists,
	}
}

/**
 * The partners page's part of the draw, for this viewer: whether it is offered, how many
 * volunteered, and for each of the viewer's associations its volunteering, its place (to
 * confirm or decline) and, once its group is formed, the other members.
 */
export async function getDrawForAssociations({ callId, user, now = new Date() }: { callId: string; user: Actor | null; now?: Date }) {
	const call = await loadPartnerCall(db, callId)
	if (!call.partnerDrawEnabled) return null
	const viewer = user ? await policyUserOf(db, user) : null
	const mine = viewer
		? viewer.memberships.filter((m) => m.kind === 'association' && can(viewer, 'answer-place', { kind: 'partners', organizationId: m.organizationId }).allowed).map((m) => m.organizationId)
		: []
	// Every visitor reads this page: a count of the volunteers, and only the viewer's own rows and groups.
	const activeVolunteers = and(eq(partnerDrawVolunteers.callId, call.id), isNull(partnerDrawVolunteers.withdrawnAt))
	const [[counted], myVolunteering, loaded] = await Promise.all([
		db.select({ volunteers: count() }).from(partnerDrawVolunteers).where(activeVolunteers),
		mine.length ? db.select({ organizationId: partnerDrawVolunteers.organizationId }).from(partnerDrawVolunteers).where(and(activeVolunteers, inArray(partnerDrawVolunteers.organizationId, mine))) : [],
		loadDraw(db, call.id, { onlyGroupsOf: mine }),
	])
	const volunteeredIds = new Set(myVolunteering.map((v) => v.organizationId))
	const names = await associationsById(db, mine)
	const associations = mine.map((organizationId) => {
		const group = loaded?.groups.find((g) => g.places.some((p) => p.organizationId === organizationId))
		const place = group?.places.find((p) => p.organizationId === organizationId)
		const waitingIndex = loaded ? Object.values(loaded.draw.waitingLists).map((list) => list.indexOf(organizationId)).find((i) => i >= 0) : undefined
		return {
			organizationId,
			name: names.get(organizationId)?.name ?? '',
			volunteered: volunteeredIds.has(organizationId),
			place: place ? { id: place.id, status: place.status, confirmBy: place.confirmBy, expired: place.confirmBy.getTime() <= now.getTime() } : null,
			group: group && group.formed ? { members: group.places.filter((p) => p.current && p.status === 'confirmed').map((p) => ({ name: p.name, profilePath: p.profilePath })) } : null,
			waitingPosition: waitingIndex === undefined ? null : waitingIndex + 1,
		}
	})
	return {
		groupSize: call.partnerDrawGroupSize,
		volunteerCount: counted?.volunteers ?? 0,
		drawn: loaded !== null,
		open: takesAnnouncements(call, now) && loaded === null,
		associations,
	}
}
