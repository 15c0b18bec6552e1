/**
 * The call's bilan computed in SQL (issue 11), on a small call counted by hand: which dossiers
 * are presented, recevables and retained; an association in two consortia (and under two
 * SIRETs of one SIREN) counted once; the profile's medians with a tie and an unanswered
 * budget; per-project and per-association answers; an evaluation not yet sent left out; a
 * partnership already existing in an earlier call, not in a later one.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { currentCallBilan } from '#app/domain/bilan/bilan-cache.server.ts'
import { computeCallBilan } from '#app/domain/bilan/bilan.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, evaluations, organizations, themes } from '#db/schema/index.ts'
import { createCall, createOrganization } from '#tests/factories.ts'
import { dossier } from '#tests/support/bilan-dossier.ts'

async function scene() {
	const funder = await createOrganization({ kind: 'funder' })
	const call = await createCall({ funderId: funder.id, status: 'follow_up', deadlineAt: new Date('2025-03-15T12:00:00Z'), envelopeCents: 2_000_000 })
	const [t1, t2] = await db.select().from(themes).where(eq(themes.callId, call.id)).orderBy(themes.position)
	const o1 = await createOrganization({ siret: '11111111100011', siren: '111111111', annualBudgetCents: 10_000_000, employees: 0, sector: 'culture', departement: '69' })
	// The same legal entity under another SIRET (another establishment): one association.
	const o1b = await createOrganization({ siret: '11111111100029', siren: '111111111', annualBudgetCents: 10_000_000, employees: 0, sector: 'culture', departement: '69' })
	const o2 = await createOrganization({ annualBudgetCents: 20_000_000, employees: 2, sector: 'social', departement: '75' })
	const o3 = await createOrganization({ annualBudgetCents: 30_000_000, employees: 4, sector: 'culture', departement: '69' })
	const o4 = await createOrganization({ annualBudgetCents: null, employees: 5, sector: null, departement: null })

	await dossier({
		callId: call.id,
		status: 'closed',
		members: [o1, o2],
		themeIds: [t1!.id],
		requested: 1_000_000,
		granted: 800_000,
		level: 'cooperation',
		project: { indicators: [{ label: 'Participants', target: '100 participants' }, { label: 'Ateliers', target: '5' }, { label: '', target: '' }] },
		budget: { charges: [{ account: '60', label: 'Achats', amountCents: 500_000 }, { account: '62', label: 'Services', amountCents: 300_000 }] },
		report: {
			status: 'approved',
			consortium: {
				indicateurs: { indicators: [{ reached: '120 participants', comment: '' }, { reached: '3 ateliers', comment: '' }] },
				difficultes: { difficultiesMet: 'oui', temps: 'Agendas difficiles', financement: '' },
				financier: { charges: [{ actual: 450_000, explanation: '' }, { actual: 400_000, explanation: 'Plus de séances' }], products: [], coFunders: [] },
			},
			parts: [
				{ involvementForms: ['reunions_ponctuelles', 'comite_pilotage'], interest: 'fort', mobilisedOthers: 'oui', otherPartners: ['collectivites'], newFunding: 'oui', notoriety: 'oui', continueTogether: 'oui' },
				{ involvementForms: ['reunions_ponctuelles'], interest: 'moyen', mobilisedOthers: 'non', otherPartners: [], newFunding: 'non', notoriety: 'non', continueTogether: 'peut_etre' },
			],
		},
	})
	// o1 again, in a second retained consortium: still one association engaged. Its evaluation
	// is being written, not sent: none of its answers counts.
	await dossier({
		callId: call.id,
		status: 'in_progress',
		members: [o3, o1],
		themeIds: [t1!.id, t2!.id],
		requested: 600_000,
		granted: 600_000,
		level: 'mutualisation',
		report: { status: 'open', parts: [{ notoriety: 'oui', interest: 'fort', involvementForms: ['autre'] }, { notoriety: 'oui' }] },
	})
	await dossier({ callId: call.id, status: 'rejected', members: [o2, o4], themeIds: [t2!.id], requested: 400_000 })
	await dossier({ callId: call.id, status: 'inadmissible', members: [o4, o1b], requested: 200_000 })
	await dossier({ callId: call.id, status: 'submitted', members: [o2, o3], requested: 300_000 })
	// Never presented: a draft, and a draft withdrawn before it was submitted.
	await dossier({ callId: call.id, status: 'draft', members: [o3, o4], requested: 9_900_000, submitted: false })
	await dossier({ callId: call.id, status: 'withdrawn', members: [o3, o4], requested: 9_900_000, submitted: false })

	// o1 and o2 co-carried a project of an earlier call: an existing partnership. o3 and o1
	// co-carry one only in a later call: new.
	const earlier = await createCall({ funderId: funder.id, status: 'archived', deadlineAt: new Date('2023-03-15T12:00:00Z') })
	await dossier({ callId: earlier.id, status: 'closed', members: [o2, o1] })
	const later = await createCall({ funderId: funder.id, status: 'published', deadlineAt: new Date('2027-03-15T12:00:00Z') })
	await dossier({ callId: later.id, status: 'submitted', members: [o3, o1] })
	return { call, funder, t1: t1!, t2: t2!, o1, o3 }
}

const share = (count: number, base: number, percent: number | null) => ({ count, base, percent })

describe('computeCallBilan', () => {
	test('compte chaque chiffre du bilan comme on le ferait à la main', async () => {
		const { call, funder, t1, t2 } = await scene()
		const bilan = await computeCallBilan(db, call.id)

		expect(bilan.call).toMatchObject({ id: call.id, funderName: funder.name, year: 2025, imported: false })
		// Presented: closed, in_progress, rejected, inadmissible, submitted (not the two drafts).
		expect(bilan.projects).toEqual({ presented: 5, admissible: 3, retained: 2, retainedShare: share(2, 5, 40) })
		// o1 (and o1b, its other SIRET), o2, o3, o4; retained: o1, o2, o3. Ten places in five consortia.
		expect(bilan.associations).toEqual({ engaged: 4, engagedRetained: 3, perProject: 2 })

		// Budgets 100 000, 200 000, 300 000 € (o4 gave none): 200 000 €. Employees 0, 2, 4, 5: a tie, (2 + 4) / 2.
		expect(bilan.profile).toMatchObject({ associations: 4, medianBudgetCents: 20_000_000, budgetBase: 3, medianEmployees: 3, employeesBase: 4 })
		expect(bilan.profile.volunteerOnly).toEqual(share(1, 4, null))
		const sector = (value: string) => bilan.profile.sectors.find((s) => s.value === value)!.share
		expect(sector('culture')).toEqual(share(2, 3, null))
		expect(sector('social')).toEqual(share(1, 3, null))
		expect(sector('sport')).toEqual(share(0, 3, null))

		expect(bilan.themes).toEqual([
			{ value: t1.id, label: 'Intergénérationnel', presented: 2, retained: 2 },
			{ value: t2.id, label: 'Interculturel', presented: 2, retained: 1 },
		])
		expect(bilan.amounts).toMatchObject({ requestedCents: 2_500_000, grantedCents: 1_400_000, envelopeCents: 2_000_000 })
		expect(bilan.amounts.byTheme).toEqual([
			{ key: t1.id, label: 'Intergénérationnel', presented: 2, retained: 2, requestedCents: 1_600_000, grantedCents: 1_400_000 },
			{ key: t2.id, label: 'Interculturel', presented: 2, retained: 1, requestedCents: 1_000_000, grantedCents: 600_000 },
		])
		// By the lead's département.
		expect(bilan.amounts.byDepartement).toEqual([
			{ key: '69', label: '69', presented: 2, retained: 2, requestedCents: 1_600_000, grantedCents: 1_400_000 },
			{ key: '75', label: '75', presented: 2, retained: 0, requestedCents: 700_000, grantedCents: 0 },
			{ key: '', label: 'Non renseigné', presented: 1, retained: 0, requestedCents: 200_000, grantedCents: 0 },
		])
		const level = (value: string) => bilan.sharingLevels.find((s) => s.value === value)!.share
		expect([level('mutualisation'), level('collaboration'), level('cooperation')]).toEqual([share(1, 2, null), share(0, 2, null), share(1, 2, null)])
		expect(bilan.partnerships).toEqual({ pairs: 2, existing: share(1, 2, null), new: share(1, 2, null) })

		// Only the first retained dossier's evaluation was sent.
		expect(bilan.evaluations).toEqual({ expected: 2, received: 1 })
		const counted = (list: { value: string; share: unknown }[]) => Object.fromEntries(list.map((c) => [c.value, c.share]))
		expect(counted(bilan.involvementForms)).toEqual({
			reunions_ponctuelles: share(1, 1, null),
			comite_pilotage: share(1, 1, null),
			convention_partenariat: share(0, 1, null),
			outils_partages: share(0, 1, null),
			autre: share(0, 1, null),
		})
		// « fort » and « moyen » in one project: its lower median, « moyen ».
		expect(counted(bilan.interest)).toEqual({ fort: share(0, 1, null), moyen: share(1, 1, null), faible: share(0, 1, null), aucun: share(0, 1, null) })
		expect(bilan.otherPartners.mobilised).toEqual(share(1, 1, null))
		expect(counted(bilan.otherPartners.kinds)).toMatchObject({ collectivites: share(1, 1, null), entreprises: share(0, 1, null) })
		expect(bilan.newFunding).toEqual(share(1, 1, null))
		// By association: o1 yes, o2 no (the unsent evaluation's two « oui » are not counted).
		expect(bilan.notoriety).toEqual(share(1, 2, null))
		expect(counted(bilan.continueTogether)).toEqual({ oui: share(1, 2, null), peut_etre: share(1, 2, null), non: share(0, 2, null) })
		const difficulty = counted(bilan.difficulties)
		expect(difficulty.temps).toEqual(share(1, 1, null))
		expect(difficulty.financement).toEqual(share(0, 1, null))
		// 100 planned, 120 reached; 5 planned, 3 reached. The empty third line is no indicator.
		expect(bilan.indicators).toEqual({ planned: 2, reported: 2, measurable: 2, reached: share(1, 2, null) })
		expect(bilan.budget).toEqual({ projects: 1, plannedCents: 800_000, actualCents: 850_000 })
	})

	test('un appel sans dossier : des zéros et des figures sans réponse, jamais une erreur', async () => {
		const call = await createCall({ status: 'published' })
		const bilan = await computeCallBilan(db, call.id)
		expect(bilan.projects).toEqual({ presented: 0, admissible: 0, retained: 0, retainedShare: share(0, 0, null) })
		expect(bilan.associations).toEqual({ engaged: 0, engagedRetained: 0, perProject: null })
		expect(bilan.profile).toMatchObject({ associations: 0, medianBudgetCents: null, medianEmployees: null })
		expect(bilan.notoriety).toEqual(share(0, 0, null))
		expect(bilan.amounts.byDepartement).toEqual([])
	})
})

describe('currentCallBilan', () => {
	test('garde le bilan tant que rien de ce qu’il compte ne change, le recompte dès qu’une évaluation, une association ou un consortium change', async () => {
		const { call, funder, o1, o3 } = await scene()
		const first = await currentCallBilan(db, call.id)
		expect(await currentCallBilan(db, call.id)).toBe(first)

		// An association's part saved again (its version and last change move): notoriety 1 of 2 → 2 of 2.
		const [part] = await db
			.select()
			.from(evaluations)
			.where(and(sql`${evaluations.answers}->>'notoriety' = 'non'`, inArray(evaluations.applicationId, db.select({ id: applications.id }).from(applications).where(eq(applications.callId, call.id)))))
		await db
			.update(evaluations)
			.set({ answers: { ...part!.answers, notoriety: 'oui' }, version: part!.version + 1 })
			.where(eq(evaluations.id, part!.id))
		const second = await currentCallBilan(db, call.id)
		expect(second).not.toBe(first)
		expect(second.notoriety).toEqual({ count: 2, base: 2, percent: null })

		// An applicant association's profile: one more volunteer-only association.
		const [member] = await db
			.select({ organizationId: applicationMembers.organizationId })
			.from(applicationMembers)
			.innerJoin(organizations, eq(organizations.id, applicationMembers.organizationId))
			.innerJoin(applications, eq(applications.id, applicationMembers.applicationId))
			.where(and(eq(applications.callId, call.id), eq(organizations.employees, 5)))
		await db.update(organizations).set({ employees: 0 }).where(eq(organizations.id, member!.organizationId!))
		expect((await currentCallBilan(db, call.id)).profile.volunteerOnly).toEqual({ count: 2, base: 4, percent: null })

		// A consortium's member leaving, written without any timestamp: still seen (nine places in five consortia).
		await db.execute(sql`update application_members set status = 'withdrawn' where organization_id = ${member!.organizationId} and role = 'co_carrier'`)
		expect((await currentCallBilan(db, call.id)).associations.perProject).toBe(1.8)

		// A partnership of an earlier call recorded after the bilan was read: o3 and o1 were partners already.
		const older = await createCall({ funderId: funder.id, status: 'archived', deadlineAt: new Date('2022-03-15T12:00:00Z') })
		await dossier({ callId: older.id, status: 'closed', members: [o1, o3] })
		expect((await currentCallBilan(db, call.id)).partnerships.existing).toEqual({ count: 2, base: 2, percent: null })
	})
})
