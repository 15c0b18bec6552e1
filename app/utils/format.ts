/** French formatting, always in Europe/Paris. */
export const TIME_ZONE = 'Europe/Paris'

const euro = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' })
const integer = new Intl.NumberFormat('fr-FR')

export function formatCents(cents: number | null | undefined): string {
	if (cents === null || cents === undefined) return '—'
	return euro.format(cents / 100)
}

export function formatInteger(value: number | null | undefined): string {
	return value === null || value === undefined ? '—' : integer.format(value)
}

/** Formats with Intl, writing the first day of a month "1er" as French does ("1er juillet"). */
function formatFrenchDate(value: Date | string, options: Intl.DateTimeFormatOptions): string {
	return new Intl.DateTimeFormat('fr-FR', { ...options, timeZone: TIME_ZONE })
		.formatToParts(new Date(value))
		.map((part) => (part.type === 'day' && Number(part.value) === 1 ? '1er' : part.value))
		.join('')
}

export function formatDateTime(value: Date | string | null | undefined): string {
	if (!value) return '—'
	return formatFrenchDate(value, { dateStyle: 'full', timeStyle: 'short' })
}

export function formatDate(value: Date | string | null | undefined): string {
	if (!value) return '—'
	return formatFrenchDate(value, { dateStyle: 'long' })
}

/** "73282932000074" → "732 829 320 00074", as printed on an avis de situation SIRENE. */
export function formatSiret(siret: string | null | undefined): string {
	if (!siret) return '—'
	return siret.length === 14 ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}` : siret
}
