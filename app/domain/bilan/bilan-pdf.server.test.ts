import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { bilan2012, bilanWithFewAnswers } from '#tests/support/bilan-fixture.ts'
import { type CallBilan } from './bilan-model.ts'
import { renderBilanPdf } from './bilan-pdf.server.ts'
import { sideBySide } from './bilan-text.ts'
import { share } from './shares.ts'

/**
 * The PDF's text as poppler lays it out (-layout: a chart's label and its bar's text, a table's
 * cells, on one line), page by page, each line's spaces of every kind made one.
 */
function pages(pdf: Buffer): string[][] {
	return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 20_000_000 })
		.toString('utf8')
		.split('\f')
		.map((page) =>
			page
				.split('\n')
				.map((line) => line.replace(/[\s\u00a0\u202f]+/g, ' ').trim())
				.filter((line) => line.length > 0),
		)
		.filter((page) => page.length > 0)
}

/** Every line of the document. */
const linesOf = (pdf: Buffer) => pages(pdf).flat()
/** The prose, lines joined by a space (a wrapped sentence reads whole). */
const flat = (lines: string[]) => lines.join(' ')
/** A text of bilan-text.ts as the lines above read it (its narrow no-break spaces made one space). */
const norm = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ')
const count = (lines: string[], line: string) => lines.filter((l) => l === line).length

function bilan2013(): CallBilan {
	const base = bilan2012()
	return bilan2012({
		call: { ...base.call, id: 'call-2013', title: 'Vivre ensemble 2013', year: 2013, imported: false },
		projects: { presented: 80, admissible: 75, retained: 40, retainedShare: share(40, 80) },
		involvementForms: [{ value: 'reunions_ponctuelles', label: 'Réunions ponctuelles', share: share(30, 40) }],
	})
}

describe('le bilan en PDF', () => {
	test('les figures de 2012 avec leur compte et leur base, chaque graphique suivi de son tableau', async () => {
		const lines = linesOf(await renderBilanPdf(bilan2012(), null))
		const text = flat(lines)
		expect(text).toContain('Bilan de l’appel à projets « Vivre ensemble 2012 »')
		expect(text).toContain('Fondation Solidaire — 2012 — appel importé d’un tableur')
		for (const title of ['Projets et associations', 'Profil des associations candidates', 'Thèmes des projets', 'Montants demandés et accordés', 'Formes de la coopération', 'Ce que disent les évaluations', 'Difficultés, indicateurs et budget'])
			expect(lines).toContain(title)
		// Each share twice: the bar's label and text, then the table's row.
		expect(count(lines, 'Réunions ponctuelles 82,1 % — 23 projets sur 28')).toBe(2)
		expect(count(lines, 'Autre (à préciser) 32,1 % — 9 projets sur 28')).toBe(2)
		expect(count(lines, 'Fort 75,8 % — 25 projets sur 33')).toBe(2)
		expect(count(lines, 'Projets retenus 46,8 % — 36 projets sur 77')).toBe(2)
		expect(text).toContain('parmi les projets dont l’évaluation a été reçue et qui ont répondu ; plusieurs réponses possibles')
		// Table rows whose label wraps: the value sits on the label's first line.
		expect(lines).toContain('Budget annuel médian (médiane des 77 budgets 135 000 €')
		expect(lines).toContain('Nombre médian de salariés (médiane des 77 2 salariés')
		expect(lines.filter((l) => l.endsWith('80 % — 72 associations sur 90'))).toHaveLength(2)
		expect(lines).toContain('Tous les projets 180 000 € accordés à 36 projets retenus sur 77 ;')
		expect(lines).toContain('Bilan — Vivre ensemble 2012 — page 1 / 6')
	})

	test('les polices sont embarquées (DejaVu, en sous-ensemble), aucune police standard non embarquée', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'bilan-pdf-'))
		try {
			const file = path.join(dir, 'bilan.pdf')
			writeFileSync(file, await renderBilanPdf(bilan2012(), bilan2013()))
			const fonts = execFileSync('pdffonts', [file]).toString('utf8').trim().split('\n').slice(2)
			expect(fonts.length).toBeGreaterThanOrEqual(2)
			for (const font of fonts) {
				expect(font).toMatch(/DejaVuSans/)
				// Columns: name type [type…] encoding emb sub uni object ID — emb is the fifth field from the end.
				expect(font.trim().split(/\s+/).at(-5)).toBe('yes')
			}
		} finally {
			rmSync(dir, { recursive: true, force: true })
		}
	})

	test('trop peu de réponses : le compte seul, jamais un pourcentage inventé', async () => {
		const lines = linesOf(await renderBilanPdf(bilanWithFewAnswers(), null))
		// The chart's bar and the table's row.
		expect(lines.filter((l) => l.startsWith('Fort 1 projet sur 2 (trop peu de réponses'))).toHaveLength(2)
		expect(lines.filter((l) => l.endsWith(' Aucune réponse') && l.startsWith('Projets dont la coopération'))).toHaveLength(2)
		expect(flat(lines)).not.toContain('0 % — 0 projet sur 0')
		expect(flat(lines)).not.toContain('50 % — 1 projet sur 2')
	})

	test('comparé à 2013 : les deux appels nommés, les deux valeurs de chaque figure et leur écart', async () => {
		const lines = linesOf(await renderBilanPdf(bilan2012(), bilan2013()))
		const text = flat(lines)
		expect(text).toContain('Bilan de l’appel à projets « Vivre ensemble 2012 »')
		expect(text).toContain('Comparé avec l’appel « Vivre ensemble 2013 »')
		expect(text).toContain('l’écart est 2012 moins 2013')
		// The chart: one bar per call, each with its own text.
		const bar = lines.indexOf('Réunions ponctuelles 2012 : 82,1 % — 23 projets sur 28')
		expect(bar).toBeGreaterThan(0)
		expect(lines[bar + 1]).toBe('2013 : 75 % — 30 projets sur 40')
		// The table: both values and the difference, 82,1 − 75 = 7,1 points; 77 − 80 projects presented.
		expect(lines).toContain('Réunions ponctuelles 82,1 % — 23 projets sur 28 75 % — 30 projets sur 40 +7,1 points')
		expect(lines).toContain('Projets présentés 77 projets 80 projets −3 projets')
		expect(lines).toContain('Figure 2012 2013 Écart')
		expect(lines).toContain('Bilan — Vivre ensemble 2012 comparé à Vivre ensemble 2013 — page 1 / 8')
	})

	test('un saut de page ne coupe pas un graphique : son titre et toutes ses barres sur la même page', async () => {
		// 20 themes (40 bars compared) and 50 départements: long charts that a page break would otherwise cut.
		const themes = Array.from({ length: 20 }, (_, i) => ({ value: `t${i}`, label: `Thème ${i + 1}`, presented: 40 - i, retained: 20 - i }))
		const byDepartement = Array.from({ length: 50 }, (_, i) => ({ key: `d${i}`, label: `Département ${i + 1}`, presented: 77 - i, retained: 9, requestedCents: 1_000_000 + i, grantedCents: 500_000 + i * 100 }))
		const big = (bilan: CallBilan) => ({ ...bilan, themes, amounts: { ...bilan.amounts, byDepartement } })
		const [a, b] = [big(bilan2012()), big(bilan2013())]
		const document = pages(await renderBilanPdf(a, b))
		// Départements 21 to 50 summed: 30 × 5 000 € + (20 + … + 49) € = 151 035 €.
		expect(document.flat()).toContain('Autres départements (30) 2012 : 151 035 € accordés')
		const view = sideBySide(a, b)
		let checked = 0
		for (const block of view.sections.flatMap((s) => s.blocks)) {
			const bars = block.chart?.bars ?? []
			if (bars.length === 0) continue
			// The page where the block's title stands right above its note (or its legend).
			const page = document.find((lines) => lines.some((line, i) => line === block.title && (block.note?.startsWith(lines[i + 1] ?? '\0') || lines[i + 1] === '2012 2013')))
			expect(page, block.title).toBeDefined()
			for (const bar of bars) {
				expect(page!.some((line) => line.startsWith(bar.label.split(' ')[0]!) && line.endsWith(`2012 : ${norm(bar.a?.text ?? '—')}`)), `${block.title} : ${bar.label}`).toBe(true)
				expect(page!.some((line) => line.endsWith(`2013 : ${norm(bar.b?.text ?? '—')}`)), `${block.title} : ${bar.label}`).toBe(true)
			}
			checked++
		}
		expect(checked).toBe(16)
	})
})
