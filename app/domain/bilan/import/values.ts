/**
 * The values of a past call's cells, read the French way: amounts « 1 234,56 € », whole
 * numbers, département codes, lists « a ; b ». Each returns the value or a French message.
 * Plain module.
 */
import { LIST_SEPARATOR } from './template.ts'

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

/** More than this is a typing error, not a subsidy nor an association's budget (10 billion euros). */
const MAX_CENTS = 1_000_000_000_000

/** Euros to cents: « 1 234,56 », « 1234.56 », « 1.234,5 € », a number cell (1234.5). */
export function parseEuros(text: string): Parsed<number> {
	let value = text.replace(/[\s\u00a0\u202f]/g, '').replace(/(€|eur|euros?)$/i, '')
	if (value.includes(',')) value = value.replace(/\./g, '').replace(',', '.')
	else if (/^\d{1,3}(\.\d{3})+$/.test(value)) value = value.replace(/\./g, '')
	if (!/^\d+(\.\d+)?$/.test(value)) return { ok: false, message: 'Indiquez un montant en euros, en chiffres (par exemple 1 234,56).' }
	const cents = Math.round(Number(value) * 100)
	if (!Number.isSafeInteger(cents) || cents > MAX_CENTS) return { ok: false, message: 'Ce montant est trop élevé : vérifiez la saisie.' }
	return { ok: true, value: cents }
}

export function parseCount(text: string): Parsed<number> {
	const value = text.replace(/[\s\u00a0\u202f]/g, '')
	if (!/^\d+$/.test(value)) return { ok: false, message: 'Indiquez un nombre entier, en chiffres, sans décimale.' }
	const n = Number(value)
	if (n > 10_000_000) return { ok: false, message: 'Ce nombre est trop élevé : vérifiez la saisie.' }
	return { ok: true, value: n }
}

/** Mainland (01–95, 2A, 2B) and overseas (971–976) départements; « 1 » is « 01 ». */
export function parseDepartement(text: string): Parsed<string> {
	let value = text.replace(/\s/g, '').toUpperCase()
	if (/^\d$/.test(value)) value = `0${value}`
	if (/^(0[1-9]|1\d|[3-8]\d|9[0-5]|2[1-9]|2A|2B|97[1-6])$/.test(value)) return { ok: true, value }
	return { ok: false, message: 'Indiquez un code de département : 01 à 95, 2A, 2B ou 971 à 976.' }
}

/** The items of a cell « a ; b ; c », trimmed, without empty ones. */
export function splitList(text: string): string[] {
	return text
		.split(LIST_SEPARATOR)
		.map((item) => item.trim())
		.filter((item) => item !== '')
}
