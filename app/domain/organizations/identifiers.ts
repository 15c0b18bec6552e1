/** French identifiers of associations: SIRET/SIREN (INSEE) and RNA (répertoire national). */

/** La Poste's SIREN: its establishments' SIRET numbers do not pass Luhn. */
export const LA_POSTE_SIREN = '356000000'

/** Alsace-Moselle départements, whose associations are registered at the tribunal, not in the RNA. */
export const ALSACE_MOSELLE_DEPARTEMENTS = ['57', '67', '68'] as const

export function normalizeDigits(value: string): string {
	return value.replace(/[\s.-]/g, '')
}

export function luhnIsValid(digits: string): boolean {
	let sum = 0
	for (let i = 0; i < digits.length; i++) {
		let digit = Number(digits[digits.length - 1 - i])
		if (i % 2 === 1) {
			digit *= 2
			if (digit > 9) digit -= 9
		}
		sum += digit
	}
	return sum % 10 === 0
}

export type IdentifierCheck = { ok: true; value: string } | { ok: false; message: string }

export function checkSiret(input: string): IdentifierCheck {
	const value = normalizeDigits(input)
	if (!/^\d+$/.test(value)) return { ok: false, message: 'Le SIRET ne contient que des chiffres (14 chiffres).' }
	if (value.length !== 14) {
		return { ok: false, message: `Le SIRET compte 14 chiffres ; vous en avez saisi ${value.length}.` }
	}
	// "00000000000000" and the like pass Luhn but no establishment has them.
	if (/^(\d)\1+$/.test(value) || /^(\d)\1+$/.test(value.slice(0, 9))) {
		return { ok: false, message: 'Ce SIRET n’est pas valide : un numéro fait d’un même chiffre répété n’existe pas. Recopiez-le depuis l’avis de situation INSEE.' }
	}
	if (value.startsWith(LA_POSTE_SIREN)) {
		// INSEE's exception: La Poste's establishments have SIRETs whose digits add up to a
		// multiple of 5 instead of passing Luhn; its head office (…00048) passes Luhn.
		const sum = [...value].reduce((total, d) => total + Number(d), 0)
		return sum % 5 === 0 || luhnIsValid(value) ? { ok: true, value } : { ok: false, message: 'Ce SIRET de La Poste n’est pas valide.' }
	}
	if (!luhnIsValid(value.slice(0, 9))) {
		return { ok: false, message: 'Ce SIRET n’est pas valide : le numéro SIREN (9 premiers chiffres) est erroné.' }
	}
	if (!luhnIsValid(value)) {
		return { ok: false, message: 'Ce SIRET n’est pas valide : vérifiez les chiffres (clé de contrôle incorrecte).' }
	}
	return { ok: true, value }
}

export function sirenOf(siret: string): string {
	return siret.slice(0, 9)
}

/** RNA: W, then 9 characters (the département, Corsica as 2A/2B, then a sequence). */
export function checkRna(input: string): IdentifierCheck {
	const value = input.replace(/\s/g, '').toUpperCase()
	if (!value.startsWith('W')) return { ok: false, message: 'Le numéro RNA commence par la lettre W (exemple : W751234567).' }
	if (value.length !== 10) {
		return { ok: false, message: `Le numéro RNA compte W suivi de 9 caractères ; vous en avez saisi ${value.length - 1}.` }
	}
	if (!/^W(\d{9}|2[AB]\d{7}|\d{2}[AB]\d{6})$/.test(value)) {
		return { ok: false, message: 'Le numéro RNA est W suivi de 9 chiffres (2A ou 2B pour la Corse).' }
	}
	return { ok: true, value }
}

/** Département code from a French postal code (Corsica and overseas included). */
export function departementFromPostalCode(postalCode: string): string | null {
	if (!/^\d{5}$/.test(postalCode)) return null
	if (postalCode.startsWith('97') || postalCode.startsWith('98')) return postalCode.slice(0, 3)
	if (postalCode.startsWith('20')) return Number(postalCode) < 20200 ? '2A' : '2B'
	return postalCode.slice(0, 2)
}

export function isAlsaceMoselle(departement: string | null | undefined): boolean {
	return ALSACE_MOSELLE_DEPARTEMENTS.includes(departement as (typeof ALSACE_MOSELLE_DEPARTEMENTS)[number])
}

/** Completes a 13-digit prefix into a Luhn-valid SIRET (used by demo data and tests). */
export function withLuhnKey(prefix: string): string {
	for (let key = 0; key <= 9; key++) {
		if (luhnIsValid(prefix + key)) return prefix + key
	}
	throw new Error('unreachable')
}

/** A Luhn-valid SIREN from an 8-digit prefix. */
export function sirenWithKey(prefix8: string): string {
	return withLuhnKey(prefix8)
}
