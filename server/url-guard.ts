/**
 * A NUL character (`%00`) never comes from a link of the portal, and PostgreSQL refuses it in
 * a text: a route that passed one on (a search, a filter, an id) failed with a 500.
 * - In the query string it is dropped, before any route reads it: the filters then ignore or
 *   read what is left, as they do any value that is not theirs.
 * - In the path it is refused with a 400 and a French page: no page has such an address.
 * Form bodies are checked by readFormData.
 */
import type { RequestHandler } from 'express'
import { refuse } from './body-limits.ts'

export const NUL_IN_PATH_MESSAGE = 'Cette adresse contient un caractère nul, qu’aucun lien du site ne produit : vérifiez-la ou repartez de l’accueil.'

const HAS_NUL = /%00/i
const EVERY_NUL = /%00/gi

export function guardNulInUrl(): RequestHandler {
	return (req, res, next) => {
		const url = req.originalUrl
		if (!HAS_NUL.test(url)) return next()
		const queryAt = url.includes('?') ? url.indexOf('?') : url.length
		if (HAS_NUL.test(url.slice(0, queryAt))) return refuse(req, res, 400, NUL_IN_PATH_MESSAGE)
		// Remix builds its request from originalUrl (server/app.ts).
		req.originalUrl = url.slice(0, queryAt) + url.slice(queryAt).replace(EVERY_NUL, '')
		next()
	}
}
