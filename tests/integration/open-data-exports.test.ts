/**
 * A call's awards as open data (issue 11), downloaded over HTTP by the call's funder staff
 * (`/gestion/appels/:callId/donnees-ouvertes/subventions-scdl.csv` and `…/subventions-360giving.json`):
 * one SCDL row per association of each retained consortium with the split the lead set, one
 * 360Giving grant per consortium; the waiting list, the refused and the renounced never appear,
 * nor a call still in deliberation; anyone but the call's funder staff is refused.
 */
import { parse } from 'csv-parse/sync'
import { and, asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openAgreement, signAgreement } from '#app/domain/agreements/agreements.server.ts'
import { recordPayment } from '#app/domain/agreements/payments.server.ts'
import { setGrantSplit } from '#app/domain/agreements/grant-split.server.ts'
import { receiptReference } from '#app/domain/applications/receipt.server.ts'
import { db } from '#db/client.server.ts'
import { agreements, applicationMembers, applications, auditEvents, organizations, payments } from '#db/schema/index.ts'
import { createOrganization, createStaff, makeSiret } from '#tests/factories.ts'
import { seedDecidedCall } from '#tests/support/decided-call.ts'
import { followedDossier } from '#tests/support/follow-up.ts'
import { get, login, startTestServer, type TestServer } from '#tests/support/server.ts'
import { keepDataBetweenTests } from '#tests/support/shared-fixtures.ts'

keepDataBetweenTests()

type Dossier = Awaited<ReturnType<typeof followedDossier>>
type Scdl = Record<string, string>
type Grant = { id: string; title: string; amountAwarded: number; amountDisbursed: number; awardDate: string; recipientOrganization: { id: string; name: string }[]; fundingOrganization: { id: string; name: string }[] }

let server: TestServer
let consortium: Dossier
let staffCookie: string
const FUNDER_SIRET = makeSiret()
const DECIDED_AT = new Date('2026-06-20T10:00:00Z')
const ids: Record<'pair' | 'waitlisted' | 'rejected' | 'renounced', string> = { pair: '', waitlisted: '', rejected: '', renounced: '' }
const pair: { lead: { siret: string; name: string }; rnaOnly: { rna: string; name: string } } = { lead: { siret: '', name: '' }, rnaOnly: { rna: '', name: '' } }

const path = (callId: string, file: string) => `/gestion/appels/${callId}/donnees-ouvertes/${file}`

/** A dossier of the decided call written in its decided state, its consortium confirmed. */
async function decidedDossier(title: string, status: 'selected' | 'waitlisted' | 'rejected' | 'withdrawn', associations: (typeof organizations.$inferSelect)[]) {
	const [app] = await db
		.insert(applications)
		.values({
			callId: consortium.call.id,
			leadOrganizationId: associations[0]!.id,
			title,
			status,
			submittedAt: new Date('2026-03-01T10:00:00Z'),
			amountRequestedCents: 800_000,
			// A renounced dossier keeps the amount it was granted: it must still not be exported.
			amountGrantedCents: status === 'selected' || status === 'withdrawn' ? 500_000 : null,
			waitlistPosition: status === 'waitlisted' ? 1 : null,
			decidedAt: DECIDED_AT,
			decisionVersion: 1,
		})
		.returning({ id: applications.id })
	await db.insert(applicationMembers).values(associations.map((o, i) => ({ applicationId: app!.id, organizationId: o.id, role: i === 0 ? ('lead' as const) : ('co_carrier' as const), status: 'confirmed' as const })))
	return app!.id
}

beforeAll(async () => {
	server = await startTestServer()
	// « Contes et crêpes »: three associations, 9 000 € split 4 500 / 3 000 / 1 500 by the lead,
	// the agreement signed by all on 1 March 2027, the first tranche (70 %) paid on 20 March.
	consortium = await followedDossier({ stage: 'selected', coCarriers: 2, amountGrantedCents: 900_000 })
	await db.update(organizations).set({ siret: FUNDER_SIRET, siren: FUNDER_SIRET.slice(0, 9) }).where(eq(organizations.id, consortium.call.funderId))
	const [second] = consortium.partners.slice(1)
	const split = await setGrantSplit({
		user: consortium.lead.user,
		applicationId: consortium.id,
		shares: [
			{ organizationId: consortium.lead.organization.id, amountCents: 450_000 },
			{ organizationId: consortium.partner.organization.id, amountCents: 300_000 },
			{ organizationId: second!.organization.id, amountCents: 150_000 },
		],
	})
	if (!split.ok) throw new Error(split.message)
	const opened = await openAgreement({ user: consortium.funder.user, applicationId: consortium.id })
	if (!opened.ok) throw new Error(opened.message)
	const [agreement] = await db.select().from(agreements).where(eq(agreements.applicationId, consortium.id))
	const signedOn = new Date('2027-03-01T10:00:00Z')
	for (const [user, organizationId] of [
		[consortium.lead.user, consortium.lead.organization.id],
		[consortium.partner.user, consortium.partner.organization.id],
		[second!.user, second!.organization.id],
		[consortium.funder.user, null],
	] as const) {
		const signed = await signAgreement({ user, applicationId: consortium.id, organizationId, digest: agreement!.contentSha256, signerName: 'Camille Martin', signerQuality: '', now: signedOn })
		if (!signed.ok) throw new Error(signed.message)
	}
	const [first] = await db.select().from(payments).where(eq(payments.applicationId, consortium.id)).orderBy(asc(payments.position))
	const paid = await recordPayment({ user: consortium.funder.user, applicationId: consortium.id, paymentId: first!.id, paidOn: new Date('2027-03-20T09:00:00Z'), amountCents: 630_000, reference: 'VIR-1', now: new Date('2027-04-01T00:00:00Z') })
	if (!paid.ok) throw new Error(paid.message)

	// « Le foot des filles et des garçons »: retained, 5 000 €, no split, no agreement yet; its partner has only an RNA number.
	const lead = await createOrganization({ name: 'Foot pour toutes' })
	const rnaOnly = await createOrganization({ name: 'Quartiers en jeu', siret: null, siren: null })
	pair.lead = { siret: lead.siret!, name: lead.name }
	pair.rnaOnly = { rna: rnaOnly.rna!, name: rnaOnly.name }
	ids.pair = await decidedDossier('Le foot des filles et des garçons', 'selected', [lead, rnaOnly])
	ids.waitlisted = await decidedDossier('Sur la liste d’attente', 'waitlisted', [await createOrganization(), await createOrganization()])
	ids.rejected = await decidedDossier('Non retenu', 'rejected', [await createOrganization(), await createOrganization()])
	ids.renounced = await decidedDossier('Retenu puis abandonné', 'withdrawn', [await createOrganization(), await createOrganization()])
	staffCookie = await login(server, consortium.funder.user.email)
})

afterAll(async () => {
	await server.close()
})

async function downloadScdl(callId: string, cookie = staffCookie) {
	const response = await get(server, path(callId, 'subventions-scdl.csv'), cookie)
	expect(response.status).toBe(200)
	return { response, text: await response.text() }
}

describe('le fichier SCDL « subventions »', () => {
	test('servi en CSV UTF-8 à télécharger, l’en-tête dans l’ordre du schéma', async () => {
		const { response, text } = await downloadScdl(consortium.call.id)
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+-subventions-scdl\.csv"/)
		expect(text.split('\r\n')[0]).toBe(
			'nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide',
		)
		// The download is in the platform admin's journal (issue 13).
		const recorded = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'call.open_data_exported'), eq(auditEvents.subjectId, consortium.call.id)))
		expect(recorded).toContainEqual(expect.objectContaining({ actorUserId: consortium.funder.user.id, data: expect.objectContaining({ file: 'subventions-scdl.csv', format: 'csv' }) }))
	})

	test('une ligne par association des deux consortiums retenus : trois pour le consortium réparti, deux pour l’autre ; rien d’autre', async () => {
		const rows = parse((await downloadScdl(consortium.call.id)).text, { columns: true }) as Scdl[]
		expect(rows).toHaveLength(5)
		const [second] = consortium.partners.slice(1)
		const bySiret = (siret: string) => rows.find((r) => r.idBeneficiaire === siret)!
		// The split set by the lead: 4 500 / 3 000 / 1 500 € of 9 000 €.
		expect([consortium.lead.organization, consortium.partner.organization, second!.organization].map((o) => [bySiret(o.siret!).nomBeneficiaire, bySiret(o.siret!).pourcentageSubvention])).toEqual([
			[consortium.lead.organization.name, '0.5'],
			[consortium.partner.organization.name, '0.3333'],
			[second!.organization.name, '0.1667'],
		])
		const lead = bySiret(consortium.lead.organization.siret!)
		expect(lead).toMatchObject({
			nomAttribuant: consortium.funder.organization.name,
			idAttribuant: FUNDER_SIRET,
			dateConvention: '2027-03-01',
			referenceDecision: receiptReference(consortium.id),
			rnaBeneficiaire: consortium.lead.organization.rna!,
			objet: `Contes et crêpes — projet co-porté par 3 associations, chef de file : ${consortium.lead.organization.name}`,
			montant: '9000.00',
			nature: 'aide en numéraire',
			conditionsVersement: 'échelonné',
			// Paid on 20 March 2027; the balance 60 days after the evaluation's due date (30 September 2028).
			datesPeriodeVersement: '2027-03-20/2028-11-29',
			notificationUE: 'non',
		})

		const footLead = bySiret(pair.lead.siret)
		const footPartner = rows.find((r) => r.rnaBeneficiaire === pair.rnaOnly.rna)!
		expect([footLead.nomBeneficiaire, footLead.montant, footLead.pourcentageSubvention, footLead.dateConvention]).toEqual([pair.lead.name, '5000.00', '1', '2026-06-20'])
		expect([footPartner.nomBeneficiaire, footPartner.idBeneficiaire, footPartner.montant, footPartner.pourcentageSubvention]).toEqual([pair.rnaOnly.name, '', '5000.00', '0'])
		expect(footPartner.objet).toContain('subvention versée au chef de file')

		const references = new Set(rows.map((r) => r.referenceDecision))
		expect(references).toEqual(new Set([receiptReference(consortium.id), receiptReference(ids.pair)]))
		for (const absent of [ids.waitlisted, ids.rejected, ids.renounced]) expect(references.has(receiptReference(absent))).toBe(false)
	})
})

describe('le paquet 360Giving', () => {
	test('une subvention par consortium retenu, chaque association bénéficiaire, le financeur identifié par son SIREN', async () => {
		const response = await get(server, path(consortium.call.id, 'subventions-360giving.json'), staffCookie)
		expect(response.status).toBe(200)
		expect(response.headers.get('content-type')).toMatch(/^application\/json/)
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+-subventions-360giving\.json"/)
		const data = JSON.parse(await response.text()) as { publisher: { identifier: string }; grants: Grant[] }
		expect(data.publisher.identifier).toBe(`FR-RCS-${FUNDER_SIRET.slice(0, 9)}`)
		expect(data.grants.map((g) => g.title)).toEqual(['Contes et crêpes', 'Le foot des filles et des garçons'])
		const [contes, foot] = data.grants
		expect(contes).toMatchObject({ id: `360G-ensemble-${consortium.call.funderId}-${consortium.id}`, amountAwarded: 9000, amountDisbursed: 6300 })
		expect(contes!.recipientOrganization.map((o) => o.id).sort()).toEqual(
			[consortium.lead.organization, ...consortium.partners.map((p) => p.organization)].map((o) => `FR-RCS-${o.siret!.slice(0, 9)}`).sort(),
		)
		expect(contes!.recipientOrganization[0]!.name).toBe(consortium.lead.organization.name)
		expect(contes!.fundingOrganization).toEqual([{ id: `FR-RCS-${FUNDER_SIRET.slice(0, 9)}`, name: consortium.funder.organization.name }])
		expect(foot).toMatchObject({ amountAwarded: 5000, amountDisbursed: 0, awardDate: '2026-06-20' })
		expect(foot!.recipientOrganization.map((o) => o.id)).toEqual([`FR-RCS-${pair.lead.siret.slice(0, 9)}`, `360G-ensemble-${consortium.call.funderId}-RNA-${pair.rnaOnly.rna}`])
	})
})

describe('qui télécharge, quoi', () => {
	test('un appel encore en délibération n’exporte aucune décision (elles sont provisoires)', async () => {
		const { call } = await seedDecidedCall({ status: 'deliberation', funderId: consortium.call.funderId, dossiers: [{ status: 'selected' }, { status: 'selected', associations: 3 }] })
		const { text } = await downloadScdl(call.id)
		expect(parse(text, { columns: true })).toEqual([])
		const json = await get(server, path(call.id, 'subventions-360giving.json'), staffCookie)
		expect((JSON.parse(await json.text()) as { grants: unknown[] }).grants).toEqual([])
	})

	test('un autre nom de fichier : 404', async () => {
		for (const file of ['subventions.xlsx', 'subventions-scdl.json', '..%2Fexport%2Fcandidatures.csv']) {
			expect((await get(server, path(consortium.call.id, file), staffCookie)).status).toBe(404)
		}
	})

	test('le gestionnaire d’un autre financeur : 404 ; une association du consortium : refusée ; sans session : la connexion', async () => {
		const otherStaff = await createStaff('funder')
		for (const file of ['subventions-scdl.csv', 'subventions-360giving.json']) {
			const other = await get(server, path(consortium.call.id, file), await login(server, otherStaff.user.email))
			expect(other.status).toBe(404)
			expect(await other.text()).not.toContain(consortium.lead.organization.name)
			const member = await get(server, path(consortium.call.id, file), await login(server, consortium.lead.user.email))
			expect(member.status).toBe(403)
			const anonymous = await get(server, path(consortium.call.id, file))
			expect(anonymous.status).toBe(302)
			expect(anonymous.headers.get('location')).toMatch(/^\/connexion\?redirectTo=/)
		}
	})
})

test('les dossiers exclus existent bien dans l’appel, avec leurs associations', async () => {
	// The absence above means something: the four other dossiers are in the same call, with members.
	const rows = await db.select({ id: applications.id }).from(applications).innerJoin(applicationMembers, eq(applicationMembers.applicationId, applications.id)).where(and(eq(applications.callId, consortium.call.id)))
	const withMembers = new Set(rows.map((r) => r.id))
	for (const id of Object.values(ids)) expect(withMembers.has(id)).toBe(true)
})
