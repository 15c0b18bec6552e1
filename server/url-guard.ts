/**
 * A NUL character in the address (`%00`, in the path or the query) is refused with a 400 and a
 * French page, before any route reads it: no link of the portal makes one, and PostgreSQL
 * refuses it in a text, so a route that passed it on failed with a 500 (a search, a filter, an
 * id in the path). Form bodies are checked the same way by readFormData.
 */
import type { RequestHandler } from 'express'
import { refuse } from './body-limits.ts'

export const NUL_IN_URL_MESSAGE = 'Cette adresse contient un caractère nul, qu’aucun lien du site ne produit : vérifiez-la ou repartez de l’accueil.'

export function refuseNulInUrl(): RequestHandler {
	return (req, res, next) => {
		const url = req.originalUrl
		if (url.includes('\u0000') || /%00/i.test(url)) return refuse(req, res, 400, NUL_IN_URL_MESSAGE)
		next()
	}
}
