import { formatInteger } from './format.ts'

/**
 * A count and its noun, agreed as French does: singular for 0 and 1 ("1 financeur",
 * "0 dossier"), plural from 2 ("3 financeurs").
 */
export function pluralize(count: number, one: string, many: string): string {
	return `${formatInteger(count)} ${count >= 2 ? many : one}`
}
