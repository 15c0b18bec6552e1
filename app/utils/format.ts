/** French formatting, always in Europe/Paris. */
export const TIME_ZONE = 'Europe/Paris'

const euro = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' })
const integer = new Intl.NumberFormat('fr-FR')

export function formatCents(cents: number | null | undefined): string {
	if (cents === null || cents === undefined) return '—'
	return euro.format(cents / 100)
}

/** A number as `toLocaleString('fr-FR')` writes it (three decimals at most), with the formatter built once. */
export function formatNumber(value: number): string {
	return integer.format(value)
}

export function formatInteger(value: number | null | undefined): string {
	return value === null || value === undefined ? '—' : formatNumber(value)
}

// Building an Intl.DateTimeFormat costs far more than using one (4 % of the server's CPU on
// the funder's list when it was built per call): one per option set, kept for the process.
const DATE_FORMATTERS = {
	full: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: TIME_ZONE }),
	long: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: TIME_ZONE }),
}
const TIMESTAMP = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium', timeZone: TIME_ZONE })
const SORTABLE_TIMESTAMP = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })

/**
 * Formats with Intl, writing the first day of a month "1er" as French does ("1er juillet").
 * formatToParts costs tens of microseconds and pages show the same few dates (a call's
 * deadline on every row): the last thousand results are kept.
 */
function formatFrenchDate(value: Date | string, style: keyof typeof DATE_FORMATTERS): string {
	const time = new Date(value).getTime()
	const key = `${style}:${time}`
	let text = formattedDates.get(key)
	if (text === undefined) {
		text = DATE_FORMATTERS[style]
			.formatToParts(time)
			.map((part) => (part.type === 'day' && Number(part.value) === 1 ? '1er' : part.value))
			.join('')
		if (formattedDates.size >= 1000) formattedDates.clear()
		formattedDates.set(key, text)
	}
	return text
}
const formattedDates = new Map<string, string>()

export function formatDateTime(value: Date | string | null | undefined): string {
	if (!value) return '—'
	return formatFrenchDate(value, 'full')
}

/** '01/12/2026 19:32:05', Paris time: an event to the second (the admin's journal). */
export function formatTimestamp(value: Date | string): string {
	return TIMESTAMP.format(new Date(value))
}

/** '2026-12-01 19:32:05', Paris time: sortable, and read as a date by spreadsheets. */
export function formatSortableTimestamp(value: Date | string): string {
	return SORTABLE_TIMESTAMP.format(new Date(value))
}

export function formatDate(value: Date | string | null | undefined): string {
	if (!value) return '—'
	return formatFrenchDate(value, 'long')
}

/** "73282932000074" → "732 829 320 00074", as printed on an avis de situation SIRENE. */
export function formatSiret(siret: string | null | undefined): string {
	if (!siret) return '—'
	return siret.length === 14 ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}` : siret
}

/** Spaces a French number may contain: ordinary, non-breaking and narrow non-breaking. */
const SPACES = /[\s\u00a0\u202f]/g

export type ParsedNumber = { ok: true; value: number; negative: boolean; integer: string; fraction: string } | { ok: false }

/**
 * A number as French people type it, the one parser of the portal: "1234,5", "1 234,5"
 * (ordinary or non-breaking spaces), "1.234,5" (dots between thousands), "1234.5" (a dot
 * as decimal point), "-3". Digits are kept as text so that amounts convert to cents exactly.
 */
export function parseFrenchNumber(input: string): ParsedNumber {
	let value = input.replace(SPACES, '')
	const negative = value.startsWith('-')
	if (negative || value.startsWith('+')) value = value.slice(1)
	// Dots between groups of three digits are thousands separators ("1.234" is 1234, as in France).
	if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(value)) value = value.replace(/\./g, '')
	const match = /^(\d+)(?:[.,](\d+))?$/.exec(value)
	if (!match || match[1]!.length > 15) return { ok: false }
	const integer = match[1]!.replace(/^0+(?=\d)/, '')
	const fraction = match[2] ?? ''
	const number = Number(`${negative ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}`)
	if (!Number.isFinite(number)) return { ok: false }
	return { ok: true, value: number === 0 ? 0 : number, negative, integer, fraction }
}

/** The most the portal accepts as an amount: 10 milliards d'euros, in cents. */
export const MAX_AMOUNT_CENTS = 10_000_000_000 * 100

/**
 * A euro amount as French people type it ("135 000", "135 000,50 €", "135.000,50",
 * "1234.5"), read by parseFrenchNumber. Returns integer cents, or a French message.
 */
export function parseEuroAmount(input: string): { ok: true; cents: number } | { ok: false; message: string } {
	const parsed = parseFrenchNumber(input.trim().replace(/^€/, '').replace(/€$/, ''))
	if (!parsed.ok || parsed.fraction.length > 2) {
		if (parsed.ok && parsed.negative) return { ok: false, message: 'Le montant ne peut pas être négatif.' }
		return { ok: false, message: 'Indiquez un montant en euros, en chiffres (exemple : 135 000 ou 135 000,50).' }
	}
	if (parsed.negative && parsed.value !== 0) return { ok: false, message: 'Le montant ne peut pas être négatif.' }
	const cents = Number(parsed.integer) * 100 + Number(parsed.fraction.padEnd(2, '0'))
	if (!Number.isSafeInteger(cents) || cents > MAX_AMOUNT_CENTS) {
		return { ok: false, message: 'Ce montant est trop élevé : vérifiez le nombre de chiffres.' }
	}
	return { ok: true, cents }
}
