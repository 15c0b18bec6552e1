/**
 * Imports a past call from its file (issue 11): read (read-xlsx / read-csv), look up the
 * associations already on the portal by SIRET and RNA, check everything (validate.ts), and
 * only then write — in one transaction, so a failure leaves nothing behind: the call,
 * archived, with importedAt/importedFrom; its themes; the associations not yet known
 * (created, without members); the dossiers with their consortium (confirmed), amounts,
 * level of sharing and decision; for each evaluated project, its evaluation approved with
 * one part per association that answered, in the shapes the live form saves.
 *
 * Associations already on the portal are linked, never modified: their référents keep
 * their own profile, which is more recent than a past call's spreadsheet (and the bilan
 * reads the profile as it is now, for live calls too). A new association with no
 * département takes the one of its project.
 *
 * The records are born in the states the file states (archived, decided, approved): no
 * transition happened here, so none is fired; the engine's insertInState writes them.
 * Inserts go in batches, never one statement per row.
 */
import { formatInteger } from '#app/utils/format.ts'
import { randomUUID } from 'node:crypto'
import { inArray } from 'drizzle-orm'
import { funderIdsOf } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { insertInState } from '#app/domain/lifecycle/engine.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applicationMembers, evaluations, organizations, themes } from '#db/schema/index.ts'
import type { PastCallFields } from './call-fields.ts'
import type { RawWorkbook, ReadResult } from './raw-sheet.ts'
import { readCsvSheet } from './read-csv.server.ts'
import { readXlsxWorkbook } from './read-xlsx.server.ts'
import { IMPORT_LIMITS, SHEET_KEYS, type SheetKey } from './template.ts'
import { identifiersInFile, validateImportFile, type ExistingLookup, type ExistingOrganization, type ImportError, type ImportPlan } from './validate.ts'

export type NamedFile = { filename: string; data: Buffer }
export type ImportFiles = { xlsx: NamedFile | null; csv: Partial<Record<SheetKey, NamedFile>> }

export type ImportCounts = { projects: number; associationsCreated: number; associationsLinked: number; evaluations: number }
export type ImportOutcome =
	| { ok: true; callId: string; counts: ImportCounts }
	| { ok: false; message: string; field?: 'funderId' | 'files'; errors: ImportError[]; total: number }

const BATCH = 500
const LOOKUP_BATCH = 1000

const refusal = (message: string, field?: 'funderId' | 'files'): ImportOutcome => ({ ok: false, message, field, errors: [], total: 0 })

function chunks<T>(list: readonly T[], size: number): T[][] {
	const out: T[][] = []
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
	return out
}

/** The file(s) read into sheets: one XLSX workbook, or one CSV per sheet (Projets and Associations at least). */
export async function readImportFiles(files: ImportFiles): Promise<ReadResult<{ workbook: RawWorkbook; source: string }>> {
	const csvKeys = SHEET_KEYS.filter((key) => files.csv[key])
	if (files.xlsx && csvKeys.length > 0) return { ok: false, message: 'Envoyez soit le classeur XLSX, soit les fichiers CSV, pas les deux.' }
	if (files.xlsx) {
		const read = await readXlsxWorkbook(files.xlsx.data)
		return read.ok ? { ok: true, value: { workbook: read.value, source: files.xlsx.filename } } : read
	}
	if (csvKeys.length === 0) return { ok: false, message: 'Choisissez le classeur XLSX de l’appel, ou ses fichiers CSV.' }
	const workbook: RawWorkbook = {}
	for (const key of csvKeys) {
		const file = files.csv[key]!
		const read = readCsvSheet(file.data, key, file.filename)
		if (!read.ok) return read
		workbook[key] = read.value
	}
	return { ok: true, value: { workbook, source: csvKeys.map((key) => files.csv[key]!.filename).join(', ') } }
}

async function existingOrganizations(tx: Executor, workbook: RawWorkbook): Promise<ExistingLookup> {
	const { sirets, rnas } = identifiersInFile(workbook)
	const columns = { id: organizations.id, name: organizations.name, kind: organizations.kind, siren: organizations.siren, siret: organizations.siret, rna: organizations.rna }
	const bySiret = new Map<string, ExistingOrganization>()
	const byRna = new Map<string, ExistingOrganization>()
	for (const batch of chunks(sirets, LOOKUP_BATCH)) {
		for (const row of await tx.select(columns).from(organizations).where(inArray(organizations.siret, batch))) bySiret.set(row.siret!, row)
	}
	for (const batch of chunks(rnas, LOOKUP_BATCH)) {
		for (const row of await tx.select(columns).from(organizations).where(inArray(organizations.rna, batch))) byRna.set(row.rna!, row)
	}
	return { bySiret, byRna }
}

class Invalid extends Error {
	constructor(readonly outcome: ImportOutcome) {
		super('invalid import')
	}
}

export async function importPastCall(input: { user: { id: string }; call: PastCallFields; files: ImportFiles; now?: Date }): Promise<ImportOutcome> {
	const now = input.now ?? new Date()
	const funderIds = funderIdsOf(await policyUserOf(db, input.user))
	if (funderIds.length === 0) return refusal('Seul le personnel d’un financeur peut importer un appel.')
	let funderId = input.call.funderId
	if (funderId === null) {
		if (funderIds.length > 1) return refusal('Choisissez le financeur de cet appel.', 'funderId')
		funderId = funderIds[0]!
	} else if (!funderIds.includes(funderId)) return refusal('Choisissez l’un de vos financeurs.', 'funderId')

	const read = await readImportFiles(input.files)
	if (!read.ok) return refusal(read.message, 'files')
	const { workbook, source } = read.value

	try {
		return await db.transaction(async (tx) => {
			const existing = await existingOrganizations(tx, workbook)
			const checked = validateImportFile(workbook, existing)
			if (!checked.ok) {
				throw new Invalid({ ok: false, message: errorSummary(checked.total), errors: checked.errors, total: checked.total })
			}
			const callId = await writePlan(tx, checked.plan, { ...input.call, funderId: funderId!, userId: input.user.id, source: source.slice(0, 300), now })
			const counts: ImportCounts = {
				projects: checked.plan.projects.length,
				associationsCreated: checked.plan.associations.filter((a) => !a.existingId).length,
				associationsLinked: checked.plan.associations.filter((a) => a.existingId).length,
				evaluations: checked.plan.projects.filter((p) => p.evaluations.length > 0).length,
			}
			await recordAudit(tx, { actorUserId: input.user.id, action: 'call.imported', subjectType: 'call', subjectId: callId, data: { source, ...counts } })
			return { ok: true as const, callId, counts }
		})
	} catch (error) {
		if (error instanceof Invalid) return error.outcome
		// Someone registered one of the file's associations meanwhile (a unique SIRET or RNA): nothing was written.
		if ((error as { code?: string }).code === '23505' || (error as { cause?: { code?: string } }).cause?.code === '23505') {
			return refusal('Une association du fichier vient d’être inscrite sur Ensemble pendant l’import : rien n’a été enregistré, relancez l’import.', 'files')
		}
		throw error
	}
}

export function errorSummary(total: number): string {
	const listed = Math.min(total, IMPORT_LIMITS.errors)
	return total === 1
		? 'Le fichier contient une erreur : rien n’a été enregistré. Corrigez-la et envoyez le fichier à nouveau.'
		: `Le fichier contient ${formatInteger(total)} erreurs${total > listed ? ` (les ${listed} premières sont listées)` : ''} : rien n’a été enregistré. Corrigez-les et envoyez le fichier à nouveau.`
}

type CallColumns = Omit<PastCallFields, 'funderId'> & { funderId: string; userId: string; source: string; now: Date }

async function writePlan(tx: Executor, plan: ImportPlan, call: CallColumns): Promise<string> {
	const callId = randomUUID()
	const at = call.deadlineAt
	await insertInState(tx, 'call', [
		{
			id: callId,
			funderId: call.funderId,
			title: call.title,
			status: 'archived',
			minAssociations: 2,
			envelopeCents: call.envelopeCents,
			deadlineAt: at,
			closedAt: at,
			decidedAt: at,
			importedAt: call.now,
			importedFrom: call.source,
			createdById: call.userId,
		},
	])

	const themeIds = new Map(plan.themes.map((label) => [label, randomUUID()]))
	if (plan.themes.length > 0) await tx.insert(themes).values(plan.themes.map((label, position) => ({ id: themeIds.get(label)!, callId, label, position })))

	// The associations not yet on the portal: a lead without a département takes its project's.
	const organizationIds = new Map(plan.associations.map((a) => [a.key, a.existingId ?? randomUUID()]))
	const projectDepartement = new Map<string, string>()
	for (const project of plan.projects) {
		const lead = project.members.find((m) => m.role === 'lead')
		if (lead && project.departement && !projectDepartement.has(lead.associationKey)) projectDepartement.set(lead.associationKey, project.departement)
	}
	const created = plan.associations.filter((a) => !a.existingId)
	for (const batch of chunks(created, BATCH)) {
		await tx.insert(organizations).values(
			batch.map((a) => ({
				id: organizationIds.get(a.key)!,
				kind: 'association' as const,
				name: a.name,
				siret: a.siret,
				siren: a.siret ? a.siret.slice(0, 9) : null,
				rna: a.rna,
				sector: a.sector as (typeof organizations.$inferInsert)['sector'],
				annualBudgetCents: a.annualBudgetCents,
				employees: a.employees,
				volunteers: a.volunteers,
				departement: a.departement ?? projectDepartement.get(a.key) ?? null,
				commune: a.commune,
				createdById: call.userId,
			})),
		)
	}

	const projects = plan.projects.map((project) => ({ project, id: randomUUID() }))
	const decided = new Set(['selected', 'closed', 'rejected', 'waitlisted'])
	for (const batch of chunks(projects, BATCH)) {
		await insertInState(
			tx,
			'application',
			batch.map(({ project, id }) => ({
				id,
				callId,
				leadOrganizationId: organizationIds.get(project.members.find((m) => m.role === 'lead')!.associationKey)!,
				title: project.title,
				status: project.status,
				themeIds: project.themes.map((label) => themeIds.get(label)!),
				amountRequestedCents: project.requestedCents,
				amountGrantedCents: project.grantedCents,
				project: project.departement ? { departement: project.departement } : {},
				cooperation: project.sharingLevel ? { level: project.sharingLevel } : {},
				submittedAt: at,
				decidedAt: decided.has(project.status) ? at : null,
				createdById: call.userId,
			})),
		)
	}

	const members = projects.flatMap(({ project, id }) =>
		project.members.map((m) => ({ applicationId: id, organizationId: organizationIds.get(m.associationKey)!, role: m.role, status: 'confirmed' as const, confirmedAt: at })),
	)
	for (const batch of chunks(members, BATCH * 2)) await tx.insert(applicationMembers).values(batch)

	const evaluated = projects.filter(({ project }) => project.evaluations.length > 0)
	const dueOn = at.toISOString().slice(0, 10)
	for (const batch of chunks(evaluated, BATCH)) {
		await insertInState(
			tx,
			'evaluation-report',
			batch.map(({ id }) => ({ applicationId: id, status: 'approved' as const, dueOn, submittedAt: at, reviewedAt: at })),
		)
	}
	// The consortium's part (not in the file: left empty) and each answering association's part, sent.
	const parts = evaluated.flatMap(({ project, id }) => [
		{ applicationId: id, organizationId: null, answers: {}, submittedAt: at },
		...project.evaluations.map((e) => ({ applicationId: id, organizationId: organizationIds.get(e.associationKey)!, answers: e.answers as Record<string, unknown>, submittedAt: at })),
	])
	for (const batch of chunks(parts, BATCH * 2)) await tx.insert(evaluations).values(batch)
	return callId
}
