/**
 * Importing a past call over HTTP (issue 11): a valid file creates the archived call with its
 * dossiers, consortia and evaluations, linking the associations already on the portal (by
 * SIRET, by RNA) instead of duplicating them; an invalid file writes nothing at all; hostile
 * uploads get a French answer, never a 500; only funder staff may import.
 */
import { count, eq } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { importPastCall } from '#app/domain/bilan/import/import-past-call.server.ts'
import { importWorkbook, type SheetRows } from '#app/domain/bilan/import/template-workbook.server.ts'
import { sirenWithKey, withLuhnKey } from '#app/domain/organizations/identifiers.ts'
import { db } from '#db/client.server.ts'
import { pastCallWorkbook } from '#db/demo-past-call-file.ts'
import { applicationMembers, applications, auditEvents, calls, evaluationReports, evaluations, organizations, themes } from '#db/schema/index.ts'
import { createAssociationMember, createOrganization, createStaff } from '#tests/factories.ts'
import { get, login, startTestServer, type TestServer } from '#tests/support/server.ts'
import { xlsxBomb, xlsxWithRows } from '#tests/support/zip.ts'
import { statementsDuring } from '#tests/support/statements.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

const siret = (n: number) => withLuhnKey(`${sirenWithKey(String(51_000_000 + n))}0001`)
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

type Upload = { field: string; filename: string; data: Buffer; type?: string }

function postImport(cookie: string, fields: Record<string, string>, files: Upload[]) {
	const form = new FormData()
	for (const [name, value] of Object.entries(fields)) form.append(name, value)
	for (const file of files) form.append(file.field, new Blob([new Uint8Array(file.data)], { type: file.type ?? XLSX_TYPE }), file.filename)
	return fetch(`${server.baseUrl}/gestion/appels/importer`, { method: 'POST', body: form, headers: { Cookie: cookie, Origin: server.baseUrl }, redirect: 'manual' })
}

async function tableCounts() {
	const of = async (table: typeof calls | typeof applications | typeof organizations | typeof applicationMembers | typeof evaluations | typeof auditEvents) => (await db.select({ n: count() }).from(table))[0]!.n
	return { calls: await of(calls), applications: await of(applications), organizations: await of(organizations), members: await of(applicationMembers), evaluations: await of(evaluations), audit: await of(auditEvents) }
}

/**
 * Three projects: P1 retained and evaluated (the existing association A by SIRET leads, new N1),
 * P2 not retained (existing B, matched by RNA, leads; new N2), P3 inadmissible (N1 leads, new N3).
 */
function pastCallRows(a: { siret: string }, b: { rna: string }): SheetRows {
	return {
		projects: [
			['P1', 'Veillées croisées', 'Intergénérationnel ; Interculturel', 'Retenu', '8 000', 7500, 'Coopération', '38'],
			['P2', 'Foot mixte', 'Mixité filles-garçons', 'Recevable non retenu', 6000, null, null, '69'],
			['P3', 'Jardins', 'Intergénérationnel', 'Non recevable', 3000, null, null, null],
		],
		members: [
			['P1', 'Nom ancien de A', a.siret, null, 'Oui', 'Culture', 100000, 2, 10, '69', 'Lyon'],
			['P1', 'Nouvelle 1', siret(1), null, 'Non', 'Social', 50000, 0, 12, null, 'Grenoble'],
			['P2', 'Nom ancien de B', siret(9), b.rna, 'Oui', 'Sport', null, null, null, null, null],
			['P2', 'Nouvelle 2', siret(2), null, 'Non', null, null, null, null, null, null],
			['P3', 'Nouvelle 1', siret(1), null, 'Oui', 'Social', null, null, null, null, null],
			['P3', 'Nouvelle 3', null, 'W691234567', 'Non', null, null, null, null, null, null],
		],
		evaluations: [
			['P1', a.siret, 'Réunions ponctuelles ; Convention de partenariat', null, 'Fort', 'Oui', 'Collectivités', 'Non', null, 'Oui', 'Oui'],
			['P1', siret(1), 'Réunions ponctuelles', null, 'Moyen', 'Non', null, 'Oui', 'Mairie', 'Non', 'Peut-être'],
		],
	}
}

describe('import d’un appel passé', () => {
	test('un fichier valide crée l’appel archivé, ses dossiers et ses évaluations, et relie les associations déjà inscrites', async () => {
		const { user } = await createStaff('funder')
		const cookie = await login(server, user.email)
		const a = await createOrganization({ kind: 'association', name: 'Association A' })
		const b = await createOrganization({ kind: 'association', name: 'Association B' })
		const before = await tableCounts()
		const data = await importWorkbook(pastCallRows({ siret: a.siret! }, { rna: b.rna! }), { guide: true })

		const response = await postImport(cookie, { title: 'Vivre ensemble 2012', year: '2012', envelope: '150 000' }, [{ field: 'xlsx', filename: 'appel-2012.xlsx', data }])
		expect(response.status).toBe(302)
		const location = response.headers.get('location')!
		const callId = location.match(/^\/gestion\/appels\/([^/]+)$/)![1]!

		const [call] = await db.select().from(calls).where(eq(calls.id, callId))
		expect(call).toMatchObject({ title: 'Vivre ensemble 2012', status: 'archived', importedFrom: 'appel-2012.xlsx', envelopeCents: 15_000_000 })
		expect(call!.importedAt).toBeInstanceOf(Date)
		expect(call!.deadlineAt!.toISOString()).toBe('2012-12-31T12:00:00.000Z')
		const callThemes = await db.select().from(themes).where(eq(themes.callId, callId))
		expect(callThemes.map((t) => t.label).sort()).toEqual(['Interculturel', 'Intergénérationnel', 'Mixité filles-garçons'])

		const dossiers = await db.select().from(applications).where(eq(applications.callId, callId))
		const byTitle = Object.fromEntries(dossiers.map((d) => [d.title, d]))
		expect(Object.keys(byTitle).sort()).toEqual(['Foot mixte', 'Jardins', 'Veillées croisées'])
		expect(byTitle['Veillées croisées']).toMatchObject({ status: 'closed', leadOrganizationId: a.id, amountRequestedCents: 800_000, amountGrantedCents: 750_000, cooperation: { level: 'cooperation' } })
		expect(byTitle['Veillées croisées']!.themeIds).toHaveLength(2)
		expect(byTitle['Foot mixte']).toMatchObject({ status: 'rejected', leadOrganizationId: b.id, amountGrantedCents: null })
		expect(byTitle['Jardins']!.status).toBe('inadmissible')

		// Three new associations (N1 once, in two projects), A and B linked and left as they were.
		const after = await tableCounts()
		expect(after.organizations - before.organizations).toBe(3)
		expect(after.calls - before.calls).toBe(1)
		expect(after.members - before.members).toBe(6)
		const [aNow] = await db.select().from(organizations).where(eq(organizations.id, a.id))
		expect(aNow!.name).toBe('Association A')
		const [bNow] = await db.select().from(organizations).where(eq(organizations.id, b.id))
		expect(bNow!.siret).toBe(b.siret)
		const [n1] = await db.select().from(organizations).where(eq(organizations.siret, siret(1)))
		expect(n1).toMatchObject({ kind: 'association', name: 'Nouvelle 1', siren: siret(1).slice(0, 9), sector: 'social', annualBudgetCents: 5_000_000, employees: 0, volunteers: 12, commune: 'Grenoble' })
		const [n3] = await db.select().from(organizations).where(eq(organizations.rna, 'W691234567'))
		expect(n3!.siret).toBeNull()

		const members = await db.select().from(applicationMembers).where(eq(applicationMembers.applicationId, byTitle['Veillées croisées']!.id))
		expect(members.map((m) => [m.organizationId, m.role, m.status]).sort()).toEqual(
			[
				[a.id, 'lead', 'confirmed'],
				[n1!.id, 'co_carrier', 'confirmed'],
			].sort(),
		)

		const reports = await db.select().from(evaluationReports).where(eq(evaluationReports.applicationId, byTitle['Veillées croisées']!.id))
		expect(reports.map((r) => r.status)).toEqual(['approved'])
		const parts = await db.select().from(evaluations).where(eq(evaluations.applicationId, byTitle['Veillées croisées']!.id))
		expect(parts).toHaveLength(3)
		expect(parts.find((p) => p.organizationId === a.id)!.answers).toMatchObject({ involvementForms: ['reunions_ponctuelles', 'convention_partenariat'], interest: 'fort', mobilisedOthers: 'oui', otherPartners: ['collectivites'], newFunding: 'non', notoriety: 'oui', continueTogether: 'oui' })
		expect(parts.find((p) => p.organizationId === n1!.id)!.answers).toMatchObject({ interest: 'moyen', newFunding: 'oui', newFundingDetails: 'Mairie', continueTogether: 'peut_etre' })
		expect(parts.every((p) => p.submittedAt)).toBe(true)

		const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'call.imported'))
		expect(audit).toMatchObject({ subjectId: callId, actorUserId: user.id, data: { source: 'appel-2012.xlsx', projects: 3, associationsCreated: 3, associationsLinked: 2, evaluations: 1 } })

		// The new call's page opens for the staff member.
		expect((await get(server, location, cookie)).status).toBe(200)
	})

	test('les feuilles en CSV (UTF-8 avec BOM, séparateur « ; ») s’importent aussi', async () => {
		const { user } = await createStaff('funder')
		const cookie = await login(server, user.email)
		const bom = Buffer.from([0xef, 0xbb, 0xbf])
		const projects = Buffer.concat([bom, Buffer.from('Référence;Titre;Statut;Montant demandé\r\nP1;Contes;Retenu;1 234,56\r\n')])
		const members = Buffer.concat([bom, Buffer.from(`Référence du projet;Nom;SIRET;RNA;Chef de file\nP1;Une;${siret(21)};;Oui\nP1;Deux;;W381000999;Non\n`)])
		const response = await postImport(cookie, { title: 'Appel 2011', closingDate: '2011-04-30' }, [
			{ field: 'csv_projects', filename: 'projets.csv', data: projects, type: 'text/csv' },
			{ field: 'csv_members', filename: 'associations.csv', data: members, type: 'text/csv' },
		])
		expect(response.status).toBe(302)
		const callId = response.headers.get('location')!.split('/').pop()!
		const [call] = await db.select().from(calls).where(eq(calls.id, callId))
		expect(call).toMatchObject({ status: 'archived', importedFrom: 'projets.csv, associations.csv' })
		expect(call!.deadlineAt!.toISOString()).toBe('2011-04-30T12:00:00.000Z')
		const [dossier] = await db.select().from(applications).where(eq(applications.callId, callId))
		expect(dossier).toMatchObject({ title: 'Contes', status: 'selected', amountRequestedCents: 123_456 })
	})

	test('un fichier invalide n’écrit rien et liste ses erreurs par feuille, ligne et colonne ; la saisie est gardée', async () => {
		const { user } = await createStaff('funder')
		const cookie = await login(server, user.email)
		const a = await createOrganization({ kind: 'association' })
		const rows = pastCallRows({ siret: a.siret! }, { rna: 'W691111111' })
		rows.members![3]![2] = '12345678901234' // Associations, row 5, column C: a bad SIRET
		rows.projects![1]![5] = 100 // Projets, row 3, column F: granted on a project not retained
		const before = await tableCounts()
		const response = await postImport(cookie, { title: 'Vivre ensemble 2013', year: '2013' }, [{ field: 'xlsx', filename: 'appel.xlsx', data: await importWorkbook(rows) }])
		expect(response.status).toBe(422)
		const html = await response.text()
		expect(html).toContain('Le fichier contient 2 erreurs : rien n’a été enregistré.')
		expect(html).toMatch(/<td data-label="Feuille">Projets<\/td><td data-label="Ligne">3<\/td><td data-label="Colonne">F<\/td><td data-label="Erreur">Un montant accordé n’est possible que pour un projet « Retenu »/)
		expect(html).toMatch(/<td data-label="Feuille">Associations<\/td><td data-label="Ligne">5<\/td><td data-label="Colonne">C<\/td><td data-label="Erreur">Ce SIRET n’est pas valide/)
		expect(html).toContain('value="Vivre ensemble 2013"')
		expect(html).toContain('value="2013"')
		expect(await tableCounts()).toEqual(before)
	})

	test('les champs de l’appel sont vérifiés : titre, année ou date, enveloppe', async () => {
		const { user } = await createStaff('funder')
		const cookie = await login(server, user.email)
		const before = await tableCounts()
		const response = await postImport(cookie, { title: '', year: '', envelope: 'beaucoup' }, [{ field: 'xlsx', filename: 'a.xlsx', data: await importWorkbook({}) }])
		expect(response.status).toBe(400)
		const html = await response.text()
		expect(html).toContain('Indiquez le titre de l’appel.')
		expect(html).toContain('Indiquez l’année de l’appel ou sa date de clôture.')
		expect(html).toContain('Indiquez l’enveloppe en euros')
		expect(html).toContain('value="beaucoup"')
		expect(await tableCounts()).toEqual(before)
	})

	test('les envois hostiles reçoivent une réponse en français, jamais une erreur 500, et n’écrivent rien', async () => {
		const { user } = await createStaff('funder')
		const cookie = await login(server, user.email)
		const before = await tableCounts()
		const fields = { title: 'Appel hostile', year: '2010' }
		const cases: [string, Upload, string][] = [
			['pas un XLSX', { field: 'xlsx', filename: 'faux.xlsx', data: Buffer.from('PK ceci n’est pas un zip') }, 'n’est pas un classeur Excel (.xlsx) lisible'],
			['plus de 5 Mo', { field: 'xlsx', filename: 'gros.xlsx', data: Buffer.alloc(6 * 1024 * 1024, 7) }, 'Le fichier dépasse la taille maximale de 5 Mo.'],
			['10 Mo de bruit', { field: 'xlsx', filename: 'bruit.xlsx', data: Buffer.from(Array.from({ length: 10 * 1024 * 1024 }, (_, i) => (i * 7919) % 251)) }, 'dépasse la taille maximale'],
			['une bombe zip', { field: 'xlsx', filename: 'bombe.xlsx', data: xlsxBomb(120) }, 'trop volumineux une fois décompressé'],
			['trop de lignes', { field: 'xlsx', filename: 'long.xlsx', data: xlsxWithRows(100_002) }, 'compte plus de'],
			['un CSV binaire', { field: 'csv_projects', filename: 'p.csv', data: Buffer.from([0, 1, 2, 3]), type: 'text/csv' }, 'n’est pas un fichier CSV'],
		]
		for (const [name, upload, message] of cases) {
			const response = await postImport(cookie, fields, [upload])
			expect(response.status, name).toBeGreaterThanOrEqual(400)
			expect(response.status, name).toBeLessThan(500)
			expect(await response.text(), name).toContain(message)
		}
		// More than the server takes for an upload: refused before the body is read.
		const huge = await postImport(cookie, fields, [{ field: 'xlsx', filename: 'enorme.xlsx', data: Buffer.alloc(12 * 1024 * 1024, 1) }])
		expect(huge.status).toBe(413)
		expect(await huge.text()).toContain('trop volumineux')
		expect(await tableCounts()).toEqual(before)
	})

	test('le modèle se télécharge en XLSX ; seules les équipes d’un financeur importent', async () => {
		const { user } = await createStaff('funder')
		const cookie = await login(server, user.email)
		const template = await get(server, '/gestion/appels/importer/modele.xlsx', cookie)
		expect(template.status).toBe(200)
		expect(template.headers.get('content-type')).toBe(XLSX_TYPE)
		const workbook = new ExcelJS.Workbook()
		await workbook.xlsx.load((await template.arrayBuffer()) as ArrayBuffer)
		expect(workbook.worksheets.map((w) => w.name)).toEqual(['Mode d’emploi', 'Projets', 'Associations', 'Évaluations'])
		const page = await get(server, '/gestion/appels/importer', cookie)
		expect(page.status).toBe(200)
		expect(await page.text()).toContain('Importer un appel passé')
		expect(await (await get(server, '/gestion', cookie)).text()).toContain('href="/gestion/appels/importer"')

		const { user: referent } = await createAssociationMember()
		const other = await login(server, referent.email)
		const before = await tableCounts()
		expect((await get(server, '/gestion/appels/importer', other)).status).toBe(403)
		expect((await get(server, '/gestion/appels/importer/modele.xlsx', other)).status).toBe(403)
		const refused = await postImport(other, { title: 'Intrus', year: '2012' }, [{ field: 'xlsx', filename: 'a.xlsx', data: await importWorkbook(pastCallRows({ siret: siret(40) }, { rna: 'W691111112' })) }])
		expect(refused.status).toBe(403)
		expect((await get(server, '/gestion/appels/importer')).status).toBe(302)
		expect(await tableCounts()).toEqual(before)
	})

	test('un gros fichier (le générateur de la démo, 600 projets) s’importe par lots, en une transaction', async () => {
		const { user, organization: funder } = await createStaff('funder')
		const known = await createOrganization({ kind: 'association', name: 'Déjà inscrite' })
		const data = await pastCallWorkbook({ projects: 600, retained: 300, evaluated: 250, known: [{ name: known.name, siret: known.siret }] })
		const before = await tableCounts()
		// Every statement the import sends.
		const { result: outcome, statements } = await statementsDuring(() =>
			importPastCall({
				user,
				call: { title: 'Vivre ensemble 2012', deadlineAt: new Date('2012-06-30T12:00:00Z'), envelopeCents: null, funderId: funder.id },
				files: { xlsx: { filename: 'vivre-ensemble-2012.xlsx', data }, csv: {} },
			}),
		)
		// Batches, not one statement per row: 600 dossiers, 700+ associations, 1,200+ members, 250 evaluations.
		const inserts = statements.filter((query) => /^insert/i.test(query))
		expect(inserts.length).toBeGreaterThan(8)
		expect(inserts.length).toBeLessThanOrEqual(16)
		if (!outcome.ok) throw new Error(outcome.message + JSON.stringify(outcome.errors.slice(0, 3)))
		expect(outcome.counts).toMatchObject({ projects: 600, associationsLinked: 1, evaluations: 250 })
		const after = await tableCounts()
		expect(after.applications - before.applications).toBe(600)
		expect(after.organizations - before.organizations).toBe(outcome.counts.associationsCreated)
		expect(outcome.counts.associationsCreated).toBeGreaterThan(500)
		expect(after.members - before.members).toBeGreaterThan(1200)
		const closed = await db.select({ n: count() }).from(applications).where(eq(applications.status, 'closed'))
		expect(closed[0]!.n).toBe(250)
	})

	test('deux imports en même temps des mêmes associations nouvelles ne les dupliquent jamais', async () => {
		const { user, organization: funder } = await createStaff('funder')
		const a = await createOrganization({ kind: 'association' })
		const data = await importWorkbook(pastCallRows({ siret: a.siret! }, { rna: 'W691111113' }))
		const run = () =>
			importPastCall({ user, call: { title: 'En double', deadlineAt: new Date('2012-06-30T12:00:00Z'), envelopeCents: null, funderId: funder.id }, files: { xlsx: { filename: 'a.xlsx', data }, csv: {} } })
		const outcomes = await Promise.all([run(), run()])
		// Either both succeed (the second links what the first created) or the second is refused, in French: never a duplicate, never a crash.
		for (const outcome of outcomes) if (!outcome.ok) expect(outcome.message).toContain('relancez l’import')
		expect(outcomes.some((o) => o.ok)).toBe(true)
		for (const n of [1, 2]) {
			const rows = await db.select({ n: count() }).from(organizations).where(eq(organizations.siret, siret(n)))
			expect(rows[0]!.n).toBe(1)
		}
	})

	test('chaque page de gestion d’un appel importé s’ouvre, PDF de l’évaluation compris', async () => {
		const { user, organization: funder } = await createStaff('funder')
		const data = await pastCallWorkbook({ projects: 10, retained: 5, evaluated: 4 })
		const outcome = await importPastCall({ user, call: { title: 'Appel 2009', deadlineAt: new Date('2009-06-30T12:00:00Z'), envelopeCents: 100_000_00, funderId: funder.id }, files: { xlsx: { filename: 'a.xlsx', data }, csv: {} } })
		if (!outcome.ok) throw new Error(outcome.message)
		const cookie = await login(server, user.email)
		const dossiers = await db.select().from(applications).where(eq(applications.callId, outcome.callId))
		const closed = dossiers.find((d) => d.status === 'closed')!
		const pages = ['', '/candidatures', `/candidatures/${closed.id}`, '/deliberation', `/deliberation/${closed.id}`, '/deliberation/cloture', '/decisions', '/courriers', '/suivi', `/suivi/${closed.id}`, `/suivi/${closed.id}/evaluation.pdf`, '/suivi/paiements.csv', '/jury', '/grille', '/export/candidatures.xlsx']
		const statuses: string[] = []
		for (const page of pages) statuses.push(`${(await get(server, `/gestion/appels/${outcome.callId}${page}`, cookie)).status} ${page}`)
		expect(statuses).toEqual(pages.map((page) => `200 ${page}`))
	})
})
