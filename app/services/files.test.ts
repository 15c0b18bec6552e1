import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, test } from 'vitest'
import { defineTable, toCsv, toXlsx } from './export/tabular.server.ts'
import { toBuffer } from './pdf/pdf-document.ts'
import { renderSubmissionReceipt, type ReceiptData } from './pdf/submission-receipt.ts'
import { LocalDiskStorage, sha256 } from './storage.server.ts'
import { checkUpload } from './uploads.server.ts'

// A 1×1 transparent PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')

const receipt: ReceiptData = {
	reference: 'VE27-0042',
	callTitle: 'Vivre ensemble 2027',
	funderName: 'Fondation Rail Solidaire',
	projectTitle: 'Les après-midis « contes et crêpes » entre générations',
	submittedAt: new Date('2027-03-31T21:58:00Z'),
	associations: [
		{ name: 'Les Grands-Parents Conteurs', isLead: true, siret: '73282932000074', rna: 'W381234567', roleDescription: 'Coordination, animation des contes', contribution: 'Bénévoles conteurs, 2 000 €' },
		{ name: 'Théâtre des Deux Rives', isLead: false, siret: null, rna: 'W691000001', roleDescription: 'Mise en scène', contribution: 'Salle et régie' },
	],
	budget: { totalChargesCents: 1_234_567, totalProduitsCents: 1_234_567, amountRequestedCents: 800_000, coFunders: [{ name: 'Ville de Grenoble', amountCents: 200_000 }] },
}

const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length

describe('pièces jointes : type lu dans le contenu', () => {
	test('un vrai PDF, une image et un classeur sont acceptés', async () => {
		const pdf = await toBuffer(renderSubmissionReceipt(receipt))
		expect(await checkUpload({ filename: 'statuts.PDF', data: pdf })).toEqual({ ok: true, contentType: 'application/pdf', extension: 'pdf' })
		expect(await checkUpload({ filename: 'logo.png', data: PNG })).toMatchObject({ ok: true, contentType: 'image/png' })
		const xlsx = await toXlsx([defineTable('Budget', [{ header: 'Ligne', value: (r: string) => r }], ['60 Achats'])])
		expect(await checkUpload({ filename: 'budget.xlsx', data: xlsx })).toMatchObject({ ok: true, extension: 'xlsx' })
	})

	test('un « .pdf » qui n’est pas un PDF est refusé', async () => {
		const fake = Buffer.from('Ceci est un simple texte renommé en PDF.\n')
		const outcome = await checkUpload({ filename: 'statuts.pdf', data: fake })
		expect(outcome).toEqual({ ok: false, message: expect.stringContaining('ne correspond pas à un fichier .pdf') })
		const renamedImage = await checkUpload({ filename: 'rib.pdf', data: PNG })
		expect(renamedImage).toEqual({ ok: false, message: expect.stringContaining('son contenu est un image PNG') })
	})

	test('fichier vide ou trop gros refusé', async () => {
		expect(await checkUpload({ filename: 'a.pdf', data: Buffer.alloc(0) })).toEqual({ ok: false, message: 'Le fichier est vide.' })
		const big = await checkUpload({ filename: 'logo.png', data: PNG }, 10)
		expect(big).toEqual({ ok: false, message: expect.stringContaining('taille maximale') })
	})
})

describe('stockage des fichiers sur disque', () => {
	const root = mkdtempSync(path.join(os.tmpdir(), 'ensemble-storage-'))
	afterAll(() => rmSync(root, { recursive: true, force: true }))

	test('écrit, relit, efface ; refuse une clé qui sortirait du dossier', async () => {
		const storage = new LocalDiskStorage(root)
		const key = `applications/abc/${sha256(PNG)}`
		await storage.put(key, PNG)
		expect(await storage.get(key)).toEqual(PNG)
		await storage.delete(key)
		expect(await storage.get(key)).toBeNull()
		await expect(storage.put('../dehors', PNG)).rejects.toThrow('invalid storage key')
		await expect(storage.get('a//b')).rejects.toThrow('invalid storage key')
	})
})

describe('récépissé de dépôt (PDF)', () => {
	test('un PDF d’une page avec les polices embarquées', async () => {
		const pdf = await toBuffer(renderSubmissionReceipt(receipt))
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
		expect(pageCount(pdf)).toBe(1)
		expect(pdf.toString('latin1')).toContain('DejaVu')
	})

	test('un long consortium passe sur plusieurs pages', async () => {
		const many = { ...receipt, associations: Array.from({ length: 30 }, (_, i) => ({ ...receipt.associations[1]!, name: `Association ${i + 1}` })) }
		expect(pageCount(await toBuffer(renderSubmissionReceipt(many)))).toBeGreaterThan(1)
	})
})

describe('exports CSV et XLSX', () => {
	type Row = { name: string; amount: number; note: string | null }
	const rows: Row[] = [
		{ name: 'Théâtre; "Deux Rives"', amount: 1234.5, note: null },
		{ name: 'Foot Ensemble', amount: 800, note: 'ligne\nsur deux' },
	]
	const table = defineTable<Row>('Candidatures', [
		{ header: 'Association', value: (r) => r.name },
		{ header: 'Montant (€)', value: (r) => r.amount, numFmt: '#,##0.00' },
		{ header: 'Note', value: (r) => r.note },
	], rows)

	test('le CSV a un BOM, des points-virgules, des virgules décimales et échappe les guillemets', () => {
		const csv = toCsv(table)
		expect(csv.startsWith('\uFEFFAssociation;Montant (€);Note\r\n')).toBe(true)
		expect(csv).toContain('"Théâtre; ""Deux Rives""";1234,5;\r\n')
		expect(csv).toContain('Foot Ensemble;800;"ligne\nsur deux"')
	})

	test('le XLSX se relit : feuilles, en-têtes, valeurs numériques', async () => {
		const members = defineTable('Membres du consortium', [{ header: 'SIRET', value: (r: string) => r }], ['73282932000074'])
		const workbook = new ExcelJS.Workbook()
		await workbook.xlsx.load((await toXlsx([table, members])) as unknown as ExcelJS.Buffer)
		expect(workbook.worksheets.map((w) => w.name)).toEqual(['Candidatures', 'Membres du consortium'])
		const sheet = workbook.getWorksheet('Candidatures')!
		expect(sheet.getRow(1).values).toEqual([undefined, 'Association', 'Montant (€)', 'Note'])
		expect(sheet.getRow(2).getCell(2).value).toBe(1234.5)
		expect(sheet.getColumn(2).numFmt).toBe('#,##0.00')
		// SIRET kept as text: no scientific notation, no lost leading zero.
		expect(workbook.getWorksheet('Membres du consortium')!.getRow(2).getCell(1).value).toBe('73282932000074')
	})
})
