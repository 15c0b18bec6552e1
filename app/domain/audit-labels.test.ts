import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { AUDIT_LABELS, auditLabel } from './audit-labels.ts'

/** Every source file (not the tests) of the folders that write audit events. */
function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name)
		if (statSync(full).isDirectory()) return sourceFiles(full)
		return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : []
	})
}

/** The dotted literals given as `action:` (the audit writer's field), ternaries included. */
function writtenActions(): Map<string, string> {
	const found = new Map<string, string>()
	for (const file of ['app', 'db', 'server'].flatMap((dir) => sourceFiles(dir))) {
		if (file.endsWith('audit-labels.ts')) continue
		const text = readFileSync(file, 'utf8')
		for (const match of text.matchAll(/\baction:\s*([^\n]*)/g)) {
			for (const literal of match[1]!.matchAll(/['"`]([a-z_]+\.[a-z_]+)['"`]/g)) found.set(literal[1]!, file)
		}
	}
	return found
}

describe('libellés des événements d’audit', () => {
	test('chaque action écrite dans le code a un libellé en français', () => {
		const actions = writtenActions()
		// The scan must find the audit writes; an empty scan would prove nothing.
		expect(actions.size).toBeGreaterThan(25)
		const missing = [...actions].filter(([action]) => !AUDIT_LABELS[action]).map(([action, file]) => `${action} (${file})`)
		expect(missing).toEqual([])
	})

	test('une action inconnue ne montre jamais sa clé brute', () => {
		expect(auditLabel('application.attachment_added')).toBe('Pièce jointe ajoutée')
		expect(auditLabel('application.something_new')).toBe('Autre événement')
	})
})
