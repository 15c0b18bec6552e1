/**
 * Demo data: a funder, a network of Maisons des Associations, the open call "Vivre ensemble
 * 2027" with five applications in every state (demo-applications.ts), its pilot edition at
 * the jury stage (demo-jury.ts), eight associations in three départements, one account per
 * role. Loaded on the first start when the database is empty; never in production unless
 * SEED_DEMO=always.
 */
import { count, eq } from 'drizzle-orm'
import { hashPassword } from '#app/auth/password.server.ts'
import { getEnv, type Env } from '#app/env.server.ts'
import { publishCall } from '#app/domain/calls/call-management.server.ts'
import { sirenWithKey, withLuhnKey } from '#app/domain/organizations/identifiers.ts'
import { db } from './client.server'
import { seedDemoAnnouncements } from './demo-announcements'
import { seedDemoApplications } from './demo-applications'
import { DECIDED_CALL_TITLE, seedDemoDecidedCall } from './demo-decided'
import { seedDemoFollowUp } from './demo-follow-up'
import { PILOT_CALL_TITLE, seedDemoJury } from './demo-jury'
import { seedDemoDirectory } from './demo-directory'
import { seedDemoPastCall } from './demo-past-call'
import { seedDemoShowcase } from './demo-showcase'
import { calls, criteria, memberships, organizations, rateLimits, themes, users } from './schema/index'

export const DEMO_PASSWORD = 'demo-ensemble-2027'

export const DEMO_ACCOUNTS = [
	{ email: 'admin@demo.ensemble.test', role: 'administrateur de la plateforme' },
	{ email: 'gestion@demo.ensemble.test', role: 'gestionnaire, Fondation Rail Solidaire' },
	{ email: 'mda@demo.ensemble.test', role: 'accompagnement, Réseau des Maisons des Associations' },
	...Array.from({ length: 8 }, (_, i) => ({ email: `asso${i + 1}@demo.ensemble.test`, role: `référent de l’association ${i + 1}` })),
	...Array.from({ length: 3 }, (_, i) => ({ email: `jury${i + 1}@demo.ensemble.test`, role: i === 0 ? 'président·e du jury, édition pilote 2026' : 'juré, édition pilote 2026' })),
]

const DEMO_ASSOCIATIONS = [
	{ name: 'Les Jardins Partagés du Faubourg', commune: 'Lyon', postalCode: '69003', sector: 'patrimoine_environnement', budget: 4_200_000, employees: 1, volunteers: 35 },
	{ name: 'Théâtre des Deux Rives', commune: 'Villeurbanne', postalCode: '69100', sector: 'culture', budget: 18_500_000, employees: 3, volunteers: 20 },
	{ name: 'Foot Ensemble Vénissieux', commune: 'Vénissieux', postalCode: '69200', sector: 'sport', budget: 9_000_000, employees: 2, volunteers: 48 },
	{ name: 'Mémoires d’Ici et d’Ailleurs', commune: 'Saint-Étienne', postalCode: '42000', sector: 'education_populaire_enfance', budget: 13_500_000, employees: 2, volunteers: 15 },
	{ name: 'Handi’Cap Loire', commune: 'Roanne', postalCode: '42300', sector: 'social', budget: 31_000_000, employees: 6, volunteers: 40 },
	{ name: 'Femmes Solidaires du Forez', commune: 'Montbrison', postalCode: '42600', sector: 'defense_cause', budget: 1_800_000, employees: 0, volunteers: 12 },
	{ name: 'Les Grands-Parents Conteurs', commune: 'Grenoble', postalCode: '38000', sector: 'education_populaire_enfance', budget: 950_000, employees: 0, volunteers: 22 },
	{ name: 'Maison des Associations de Grenoble', commune: 'Grenoble', postalCode: '38000', sector: 'maison_des_associations', budget: 42_000_000, employees: 8, volunteers: 30 },
] as const

/** Fixed when it is still ahead; otherwise two months from now, so the call stays open. */
function demoDeadline(now = new Date()): Date {
	const fixed = new Date('2027-03-31T21:59:00Z') // 31 mars 2027, 23 h 59 à Paris
	return fixed > now ? fixed : new Date(now.getTime() + 60 * 24 * 3600 * 1000)
}

/**
 * The steps after the deadline, moved as far as the deadline was: the call is published
 * through publishCall, which refuses a calendar out of order.
 */
function demoCalendar(now = new Date()) {
	const shiftMs = demoDeadline(now).getTime() - new Date('2027-03-31T21:59:00Z').getTime()
	const day = (iso: string) => new Date(new Date(`${iso}T12:00:00Z`).getTime() + shiftMs).toISOString().slice(0, 10)
	return {
		juryStartsOn: day('2027-04-15'),
		juryEndsOn: day('2027-05-15'),
		decisionOn: day('2027-06-01'),
		projectStartsOn: day('2027-09-01'),
		projectEndsOn: day('2028-06-30'),
		evaluationDueOn: day('2028-09-30'),
	}
}

/** The pilot edition's calendar: its jury runs now, for three weeks. */
function pilotCalendar(now = new Date()) {
	const day = (days: number) => new Date(now.getTime() + days * 24 * 3600_000).toISOString().slice(0, 10)
	return {
		juryStartsOn: day(3),
		juryEndsOn: day(21),
		decisionOn: day(35),
		projectStartsOn: day(60),
		projectEndsOn: day(300),
		evaluationDueOn: day(360),
	}
}

export async function seedDemo(): Promise<void> {
	const passwordHash = await hashPassword(DEMO_PASSWORD)
	const seeded = await db.transaction(async (tx) => {
		const now = new Date()
		const insertUser = async (email: string, displayName: string, platformRole: 'admin' | null = null) => {
			const [user] = await tx
				.insert(users)
				.values({ email, displayName, passwordHash, emailVerifiedAt: now, platformRole })
				.returning()
			return user!
		}

		await insertUser('admin@demo.ensemble.test', 'Alice Admin', 'admin')
		const staff = await insertUser('gestion@demo.ensemble.test', 'Gaëlle Gestion')
		const supporterStaff = await insertUser('mda@demo.ensemble.test', 'Mehdi Accompagnement')

		const [funder] = await tx
			.insert(organizations)
			.values({ kind: 'funder', name: 'Fondation Rail Solidaire', territory: 'France métropolitaine', contactEmail: 'contact@rail-solidaire.test' })
			.returning()
		const [supporter] = await tx
			.insert(organizations)
			.values({ kind: 'supporter', name: 'Réseau des Maisons des Associations Rhône-Loire-Isère', territory: 'Rhône, Loire, Isère', commune: 'Lyon', postalCode: '69001', departement: '69' })
			.returning()
		await tx.insert(memberships).values([
			{ organizationId: funder!.id, userId: staff.id, role: 'staff' },
			{ organizationId: supporter!.id, userId: supporterStaff.id, role: 'staff' },
		])

		for (const [index, association] of DEMO_ASSOCIATIONS.entries()) {
			const n = index + 1
			const departement = association.postalCode.slice(0, 2)
			const siren = sirenWithKey(`7${departement}1000${n}`.slice(0, 8))
			const [organization] = await tx
				.insert(organizations)
				.values({
					kind: 'association',
					name: association.name,
					rna: `W${departement}${String(1000000 + n * 1234).slice(0, 7)}`,
					siret: withLuhnKey(`${siren}0001`),
					siren,
					sector: association.sector,
					annualBudgetCents: association.budget,
					employees: association.employees,
					volunteers: association.volunteers,
					addressLine: `${n} rue de la Coopération`,
					postalCode: association.postalCode,
					commune: association.commune,
					departement,
				})
				.returning()
			const referent = await insertUser(`asso${n}@demo.ensemble.test`, `Référent·e association ${n}`)
			await tx.insert(memberships).values({ organizationId: organization!.id, userId: referent.id, role: 'referent' })
		}

		const insertCall = async (values: { title: string; deadlineAt: Date; calendar: ReturnType<typeof demoCalendar>; envelopeCents?: number }) => {
			const [call] = await tx
				.insert(calls)
				.values({
					funderId: funder!.id,
					title: values.title,
					presentation:
						'La Fondation Rail Solidaire et le réseau des Maisons des Associations soutiennent des projets portés par au moins deux associations qui coopèrent pour faire vivre ensemble des publics qui se rencontrent peu.',
					eligibility: 'Seuls des projets présentant des coopérations inter-associatives sont retenus : au moins deux associations co-portent le projet.',
					territory: 'Rhône, Loire, Isère',
					minAssociations: 2,
					maxAmountPerProjectCents: 1_000_000,
					envelopeCents: values.envelopeCents ?? 15_000_000,
					opensAt: now,
					deadlineAt: values.deadlineAt,
					...values.calendar,
					requiredAttachments: [
						{ key: 'statuts', label: 'Statuts', givenBy: 'each' },
						{ key: 'rib', label: 'RIB', givenBy: 'lead' },
						{ key: 'rapport_activite', label: 'Dernier rapport d’activité', givenBy: 'each' },
					],
					createdById: staff.id,
				})
				.returning()
			await tx.insert(themes).values(
				['Intergénérationnel', 'Interculturel', 'Mixité entre filles et garçons', 'Rencontre handicap/valide'].map((label, position) => ({
					callId: call!.id,
					label,
					position,
				})),
			)
			await tx.insert(criteria).values([
				{ callId: call!.id, label: 'Qualité de la coopération', description: 'Partage réel des rôles, gouvernance commune.', weight: 3, scaleMax: 5, position: 0 },
				{ callId: call!.id, label: 'Pertinence pour le vivre ensemble', description: 'Rencontre de publics qui se croisent peu.', weight: 2, scaleMax: 5, position: 1 },
				{ callId: call!.id, label: 'Faisabilité et budget', description: 'Calendrier et budget réalistes.', weight: 1, scaleMax: 5, position: 2 },
			])
			return call!
		}
		const call = await insertCall({ title: 'Vivre ensemble 2027', deadlineAt: demoDeadline(now), calendar: demoCalendar(now) })
		// The pilot edition is closed by hand the day after its publication (demo-jury.ts): its deadline only has to be ahead at publication.
		await insertCall({ title: PILOT_CALL_TITLE, deadlineAt: new Date(now.getTime() + 24 * 3600_000), calendar: pilotCalendar(now) })
		// The 2026 edition is carried to its decisions (demo-decided.ts); a smaller envelope, as a first edition.
		await insertCall({ title: DECIDED_CALL_TITLE, deadlineAt: new Date(now.getTime() + 24 * 3600_000), calendar: pilotCalendar(now), envelopeCents: 2_000_000 })
		for (let n = 1; n <= 3; n++) await insertUser(`jury${n}@demo.ensemble.test`, `Juré·e ${n}`)
		// Juré·e 2 volunteers at « Les Grands-Parents Conteurs » (association 7): the jury detects the conflict.
		const [conteurs] = await tx.select({ id: memberships.organizationId }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(users.email, 'asso7@demo.ensemble.test'))
		const [juror2] = await tx.select({ id: users.id }).from(users).where(eq(users.email, 'jury2@demo.ensemble.test'))
		await tx.insert(memberships).values({ organizationId: conteurs!.id, userId: juror2!.id, role: 'member' })
		return { staff, callId: call.id }
	})
	// The call is published as staff publish it: through the lifecycle engine, its checks and its audit event.
	const published = await publishCall({ user: seeded.staff, callId: seeded.callId })
	if (!published.ok) throw new Error(`Démo : l’appel ne peut pas être publié (${published.message} ${published.blockers?.join(' ') ?? ''})`)
	// Then the applications, in every state, through the domain functions (each runs its own transaction).
	await seedDemoApplications()
	// And the « je cherche des partenaires » announcements and the tirage au sort on it (issue 12).
	await seedDemoAnnouncements()
	// And the pilot edition at the jury stage.
	await seedDemoJury()
	// And the 2026 edition, decided.
	await seedDemoDecidedCall()
	// And its retained dossiers' follow-up: agreements, payments, evaluations (some late).
	await seedDemoFollowUp()
	// And a past edition, 2012, imported from the funder's spreadsheet: its bilan, and 2026's compared with it.
	await seedDemoPastCall()
	await seedDemoShowcase()
	// And the partner directory: public profiles, a conversation answered, a supporter's suggestion (issue 12).
	await seedDemoDirectory()
	// The demo's years of invitations were sent in a few seconds: the email counters that guard
	// against abuse would otherwise refuse the first visitor's invitation to asso2 today.
	await db.delete(rateLimits)
}

export function printDemoAccounts() {
	console.log(`\nComptes de démonstration (mot de passe : ${DEMO_PASSWORD}) :`)
	for (const account of DEMO_ACCOUNTS) console.log(`  ${account.email.padEnd(30)} ${account.role}`)
	console.log('')
}

/** Seeds an empty database on first start (never in production unless SEED_DEMO=always). */
export async function seedDemoIfNeeded(env: Pick<Env, 'NODE_ENV' | 'SEED_DEMO'> = getEnv()): Promise<boolean> {
	if (env.SEED_DEMO === 'never') return false
	if (env.NODE_ENV === 'production' && env.SEED_DEMO !== 'always') return false
	const [{ value }] = await db.select({ value: count() }).from(users)
	if (value > 0) return false
	await seedDemo()
	console.log('Données de démonstration chargées.')
	printDemoAccounts()
	return true
}
