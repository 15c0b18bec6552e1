/**
 * Zod's default messages, in French. A field's own message (`.min(1, '…')`, an enum's
 * `errorMap`) still comes first; this map only answers where a schema says nothing: a
 * forged or truncated request (an `intent` the page never offers, a number sent as text),
 * or a rule whose message nobody wrote. Without it, such an answer showed Zod's English
 * (`Invalid enum value. Expected …`), with the value sent echoed back.
 *
 * Installed on the server, by app/entry.server.tsx (the tests that render routes load it
 * too): the server validates every submission again and its reply is what the form shows.
 * Not in the browser: Zod is 60 KiB of script that pages without a form do not load, and the
 * messages a form shows before sending are the ones its schema writes for the fields it offers.
 */
import { z, type ZodErrorMap, ZodIssueCode } from 'zod'
import { formatNumber } from './format.ts'

/** Zod's bounds may be bigints (z.bigint()); the messages write them as numbers. */
const written = (value: number | bigint) => formatNumber(Number(value))

const plural = (count: number | bigint, one: string, many: string) => `${written(count)} ${Number(count) > 1 ? many : one}`

export const frenchErrorMap: ZodErrorMap = (issue, context) => {
	switch (issue.code) {
		case ZodIssueCode.invalid_type:
			return { message: issue.received === 'undefined' || issue.received === 'null' ? 'Ce champ est obligatoire.' : 'Cette valeur n’est pas du type attendu.' }
		case ZodIssueCode.invalid_enum_value:
		case ZodIssueCode.invalid_literal:
		case ZodIssueCode.invalid_union_discriminator:
		case ZodIssueCode.invalid_union:
			return { message: 'Choisissez une des options proposées.' }
		case ZodIssueCode.too_small:
			if (issue.type === 'string') return { message: Number(issue.minimum) <= 1 ? 'Ce champ est obligatoire.' : `Écrivez au moins ${plural(issue.minimum, 'caractère', 'caractères')}.` }
			if (issue.type === 'array' || issue.type === 'set') return { message: `Choisissez au moins ${plural(issue.minimum, 'élément', 'éléments')}.` }
			if (issue.type === 'number' || issue.type === 'bigint') return { message: `La valeur doit être ${issue.inclusive ? 'supérieure ou égale à' : 'strictement supérieure à'} ${written(issue.minimum)}.` }
			return { message: 'Cette date est trop ancienne.' }
		case ZodIssueCode.too_big:
			if (issue.type === 'string') return { message: `Écrivez au plus ${plural(issue.maximum, 'caractère', 'caractères')}.` }
			if (issue.type === 'array' || issue.type === 'set') return { message: `Choisissez au plus ${plural(issue.maximum, 'élément', 'éléments')}.` }
			if (issue.type === 'number' || issue.type === 'bigint') return { message: `La valeur doit être ${issue.inclusive ? 'inférieure ou égale à' : 'strictement inférieure à'} ${written(issue.maximum)}.` }
			return { message: 'Cette date est trop lointaine.' }
		case ZodIssueCode.invalid_string:
			if (issue.validation === 'email') return { message: 'Saisissez une adresse e-mail valide (par exemple nom@exemple.fr).' }
			if (issue.validation === 'url') return { message: 'Saisissez une adresse web valide (commençant par https://).' }
			if (issue.validation === 'uuid' || issue.validation === 'cuid' || issue.validation === 'cuid2' || issue.validation === 'ulid') return { message: 'Cet identifiant n’est pas valide : rechargez la page.' }
			if (issue.validation === 'datetime' || issue.validation === 'date' || issue.validation === 'time') return { message: 'Saisissez une date valide.' }
			return { message: 'Le format de cette valeur n’est pas valide.' }
		case ZodIssueCode.invalid_date:
			return { message: 'Saisissez une date valide.' }
		case ZodIssueCode.not_multiple_of:
			return { message: `La valeur doit être un multiple de ${written(issue.multipleOf)}.` }
		case ZodIssueCode.not_finite:
			return { message: 'Saisissez un nombre.' }
		case ZodIssueCode.unrecognized_keys:
		case ZodIssueCode.invalid_arguments:
		case ZodIssueCode.invalid_return_type:
		case ZodIssueCode.invalid_intersection_types:
		case ZodIssueCode.custom:
			return { message: 'Cette valeur n’est pas valide.' }
		default:
			return { message: context.defaultError }
	}
}

/** Makes the French messages Zod's default in this process (idempotent). */
export function installFrenchErrorMap() {
	if (z.getErrorMap() !== frenchErrorMap) z.setErrorMap(frenchErrorMap)
}
