import ExcelJS from 'exceljs'
import { describe, expect, test } from 'vitest'
import { bilan2012, bilanWithFewAnswers } from '#tests/support/bilan-fixture.ts'
import { type CallBilan } from './bilan-model.ts'
import { renderBilanXlsx, sheetName } from './bilan-xlsx.server.ts'
import { share } from './shares.ts'

async function read(buffer: Buffer) {
	const workbook = new ExcelJS.Workbook()
	await workbook.xlsx.load(buffer as unknown as ArrayBuffer)
	return workbook
}

const headerOf = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1)

/** The row whose « Indicateur » (column B) is the label given, in the rubric given. */
function rowOf(sheet: ExcelJS.Worksheet, rubric: string, label: string): ExcelJS.Row {
	const rows: ExcelJS.Row[] = []
	sheet.eachRow((row) => {
		if (row.getCell(1).value === rubric && row.getCell(2).value === label) rows.push(row)
	})
	expect(rows, `${rubric} / ${label}`).toHaveLength(1)
	return rows[0]!
}

function bilan2013(): CallBilan {
	return bilan2012({
		call: { ...bilan2012().call, id: 'call-2013', title: 'Vivre ensemble 2013', year: 2013, imported: false },
		projects: { presented: 80, admissible: 75, retained: 40, retainedShare: share(40, 80) },
		involvementForms: [{ value: 'reunions_ponctuelles', label: 'Réunions ponctuelles', share: share(30, 40) }],
	})
}

describe('le bilan en XLSX', () => {
	test('une feuille par partie, une ligne d’en-tête, des nombres qui sont des nombres', async () => {
		const workbook = await read(await renderBilanXlsx(bilan2012(), null))
		expect(workbook.worksheets.map((s) => s.name)).toEqual(['Appel', 'Projets et associations', 'Profil des associations', 'Thèmes', 'Montants', 'Coopération', 'Évaluations', 'Difficultés et résultats'])
		const cover = workbook.getWorksheet('Appel')!
		expect(headerOf(cover)).toEqual(['Information', 'Valeur'])
		expect(cover.getRow(3).values).toEqual([undefined, 'Financeur', 'Fondation Solidaire'])
		expect(cover.getRow(5).getCell(2).value).toBe(2012)

		const cooperation = workbook.getWorksheet('Coopération')!
		expect(headerOf(cooperation)).toEqual(['Rubrique', 'Indicateur', 'Nombre', 'Sur', 'Part', 'Montant (€)', 'Note'])
		const reunions = rowOf(cooperation, 'Formes d’implication des co-porteurs', 'Réunions ponctuelles')
		// Seed 003: 82,1 % — 23 projets sur 28; the part as a fraction in a percent format.
		expect([reunions.getCell(3).value, reunions.getCell(4).value, reunions.getCell(5).value]).toEqual([23, 28, 0.821])
		expect(reunions.getCell(3).type).toBe(ExcelJS.ValueType.Number)
		expect(reunions.getCell(3).numFmt).toBe('#,##0')
		expect(reunions.getCell(5).numFmt).toBe('0.0%')
		expect(reunions.getCell(6).value).toBeNull()
		expect(reunions.getCell(7).value).toBe('parmi les projets dont l’évaluation a été reçue et qui ont répondu ; plusieurs réponses possibles')

		const evaluation = workbook.getWorksheet('Évaluations')!
		const fort = rowOf(evaluation, 'Intérêt trouvé à coopérer', 'Fort')
		expect([fort.getCell(3).value, fort.getCell(4).value, fort.getCell(5).value]).toEqual([25, 33, 0.758])

		const profile = rowOf(workbook.getWorksheet('Profil des associations')!, 'Les associations candidates', 'Budget annuel médian')
		expect([profile.getCell(4).value, profile.getCell(6).value, profile.getCell(6).numFmt]).toEqual([77, 135_000, '#,##0.00 "€"'])
		const employees = rowOf(workbook.getWorksheet('Profil des associations')!, 'Les associations candidates', 'Nombre médian de salariés')
		expect(employees.getCell(3).value).toBe(2)

		const amounts = workbook.getWorksheet('Montants')!
		expect(headerOf(amounts)).toEqual(['Rubrique', 'Indicateur', 'Projets présentés', 'Projets retenus', 'Montant demandé (€)', 'Montant accordé (€)', 'Enveloppe (€)', 'Note'])
		// 77 × 8 000 € requested, 36 × 5 000 € granted, an envelope of 180 000 €.
		const total = rowOf(amounts, 'Ensemble de l’appel', 'Tous les projets')
		expect([3, 4, 5, 6, 7].map((i) => total.getCell(i).value)).toEqual([77, 36, 616_000, 180_000, 180_000])
		const lyon = rowOf(amounts, 'Par département du chef de file', '69')
		expect([3, 4, 5, 6].map((i) => lyon.getCell(i).value)).toEqual([20, 9, 160_000, 45_000])
	})

	test('trop peu de réponses : la part reste vide et la note le dit, jamais un 0 inventé', async () => {
		const workbook = await read(await renderBilanXlsx(bilanWithFewAnswers(), null))
		const evaluation = workbook.getWorksheet('Évaluations')!
		const fort = rowOf(evaluation, 'Intérêt trouvé à coopérer', 'Fort')
		expect([fort.getCell(3).value, fort.getCell(4).value, fort.getCell(5).value]).toEqual([1, 2, null])
		expect(fort.getCell(7).value).toBe('trop peu de réponses ; parmi les projets dont l’évaluation a été reçue et qui ont répondu ; le niveau d’un projet est le niveau médian de ses associations, le plus bas en cas d’égalité')
		const funding = rowOf(evaluation, 'Nouveaux financements et notoriété', 'Projets dont la coopération a apporté de nouveaux financements')
		expect([funding.getCell(3).value, funding.getCell(4).value, funding.getCell(5).value]).toEqual([0, 0, null])
		expect(funding.getCell(7).value).toBe('aucune réponse ; parmi les projets qui ont répondu')
	})

	test('comparé à 2013 : les colonnes de chaque appel et l’écart, dans son unité', async () => {
		const workbook = await read(await renderBilanXlsx(bilan2012(), bilan2013()))
		expect(workbook.getWorksheet('Appel')!.getRow(7).values).toEqual([undefined, 'Comparé avec l’appel', 'Vivre ensemble 2013'])
		const cooperation = workbook.getWorksheet('Coopération')!
		expect(headerOf(cooperation)).toEqual([
			'Rubrique',
			'Indicateur',
			'Nombre — 2012',
			'Sur — 2012',
			'Part — 2012',
			'Montant (€) — 2012',
			'Nombre — 2013',
			'Sur — 2013',
			'Part — 2013',
			'Montant (€) — 2013',
			'Écart (2012 − 2013)',
			'Note',
		])
		const reunions = rowOf(cooperation, 'Formes d’implication des co-porteurs', 'Réunions ponctuelles')
		// 82,1 % − 75 % = 7,1 points.
		expect((reunions.values as unknown[]).slice(3, 12)).toEqual([23, 28, 0.821, undefined, 30, 40, 0.75, undefined, 7.1])
		expect(reunions.getCell(11).numFmt).toBe('+0.0" points";-0.0" points";0" point"')
		const pilotage = rowOf(cooperation, 'Formes d’implication des co-porteurs', 'Participation au comité de pilotage du projet')
		expect([pilotage.getCell(7).value, pilotage.getCell(11).value]).toEqual([null, null])
		expect(pilotage.getCell(12).value).toBe('2013 : absent de cet appel ; parmi les projets dont l’évaluation a été reçue et qui ont répondu ; plusieurs réponses possibles')
		const presented = rowOf(workbook.getWorksheet('Projets et associations')!, 'Projets', 'Projets présentés')
		// 77 − 80 projects.
		expect([presented.getCell(3).value, presented.getCell(7).value, presented.getCell(11).value]).toEqual([77, 80, -3])
		expect(presented.getCell(11).numFmt).toBe('+#,##0;-#,##0;0')
	})

	test('les noms de feuille suivent les règles d’Excel', () => {
		const taken = new Set<string>()
		expect(sheetName('Profil des associations candidates et leurs secteurs', taken)).toBe('Profil des associations candida')
		// 31 characters: 29 of the name, a space and the number.
		expect(sheetName('Profil des associations candidates et autres', taken)).toBe('Profil des associations candi 2')
		expect(sheetName('Coût / projet [€]?', taken)).toBe('Coût   projet  €')
	})
})
