import { describe, expect, test } from 'vitest'
import { AUDIT_LABELS } from '#app/domain/audit-labels.ts'
import { formatCents } from '#app/utils/format.ts'
import { actionOptionsByCategory, categoryOf } from './categories.ts'
import { auditFiltersQuery, dateBounds, readAuditFilters, readCursor } from './filters.ts'
import { actorLabel, subjectHref, subjectLabel, summarizeData } from './presentation.ts'

describe('catégories du journal', () => {
	test('les connexions, les rôles, les exports et les décisions ont chacun leur catégorie', () => {
		expect(categoryOf('user.logged_in')).toBe('connexions')
		expect(categoryOf('user.login_failed')).toBe('connexions')
		expect(categoryOf('organization.staff_added')).toBe('roles')
		expect(categoryOf('jury.juror_removed')).toBe('roles')
		expect(categoryOf('call.payments_exported')).toBe('exports')
		expect(categoryOf('application.selected')).toBe('decisions')
		expect(categoryOf('deliberation.lottery_drawn')).toBe('decisions')
		expect(categoryOf('jury.conflict_declared')).toBe('jury')
		expect(categoryOf('partner_draw_place.expired')).toBe('annuaire')
		expect(categoryOf('personal_data.exported')).toBe('exports')
		expect(categoryOf('account.deleted')).toBe('donnees')
		expect(categoryOf('retention.draft_deleted')).toBe('donnees')
		expect(categoryOf('quelque.chose')).toBe('autres')
	})

	test('le choix des actions propose chaque action libellée une fois', () => {
		const offered = actionOptionsByCategory().flatMap((group) => group.actions.map((a) => a.value))
		expect(offered.sort()).toEqual(Object.keys(AUDIT_LABELS).sort())
	})
})

describe('filtres du journal', () => {
	test('les valeurs justes sont gardées, une valeur fausse est nommée sans empêcher les autres', () => {
		const { filters, errors } = readAuditFilters(new URLSearchParams({ categorie: 'roles', action: 'inconnue', personne: '  alice ', du: '2026-02-30', au: '2026-04-01', sujet: 'call', sujetId: 'abc-1' }))
		expect(filters).toEqual({ category: 'roles', action: null, person: 'alice', subjectType: 'call', subjectId: 'abc-1', from: null, to: '2026-04-01' })
		expect(errors).toEqual({ action: 'Action inconnue.', du: 'Une date comme 2026-03-31.' })
		expect(auditFiltersQuery(filters).toString()).toBe('categorie=roles&personne=alice&sujet=call&sujetId=abc-1&au=2026-04-01')
	})

	test('des dates inversées, un identifiant hostile, un texte trop long', () => {
		const { filters, errors } = readAuditFilters(new URLSearchParams({ du: '2026-04-02', au: '2026-04-01', sujetId: "x' or 1=1", personne: 'a'.repeat(101) }))
		expect(errors).toEqual({ au: 'La date de fin précède la date de début.', sujetId: 'Un identifiant : lettres, chiffres et tirets.', personne: 'Au plus 100 caractères.' })
		expect(filters).toMatchObject({ from: '2026-04-02', to: null, subjectId: null, person: null })
	})

	test('les jours sont ceux de Paris, le dernier inclus, heure d’été comprise', () => {
		expect(dateBounds({ from: '2026-03-29', to: '2026-03-29' })).toEqual({ since: new Date('2026-03-28T23:00:00Z'), before: new Date('2026-03-29T22:00:00Z') })
		expect(dateBounds({ from: null, to: '2026-12-31' })).toEqual({ since: null, before: new Date('2026-12-31T23:00:00Z') })
	})

	test('un curseur de page', () => {
		expect(readCursor(new URLSearchParams('avant=abc-123'))).toEqual({ direction: 'older', eventId: 'abc-123' })
		expect(readCursor(new URLSearchParams('apres=abc-123'))).toEqual({ direction: 'newer', eventId: 'abc-123' })
		expect(readCursor(new URLSearchParams('avant=<script>'))).toBeNull()
	})
})

describe('présentation d’un événement', () => {
	test('le sujet et sa page, quand l’administrateur en a une', () => {
		expect(subjectHref({ subjectType: 'organization', subjectId: 'o1', subjectName: 'MJC', subjectKind: 'association' })).toBe('/associations/o1')
		expect(subjectHref({ subjectType: 'organization', subjectId: 'o2', subjectName: 'Fondation', subjectKind: 'funder' })).toBe('/admin/structures/o2')
		expect(subjectHref({ subjectType: 'call', subjectId: 'c1', subjectName: 'Appel', subjectKind: 'draft' })).toBeNull()
		expect(subjectHref({ subjectType: 'call', subjectId: 'c1', subjectName: 'Appel', subjectKind: 'closed' })).toBe('/appels/c1')
		expect(subjectHref({ subjectType: 'application', subjectId: 'a1', subjectName: null, subjectKind: null })).toBeNull()
		expect(subjectLabel({ subjectType: 'application', subjectId: '0123456789abcdef', subjectName: null, subjectKind: null })).toBe('Dossier 01234567')
	})

	test('l’auteur : le compte, « système », ou personne de connecté', () => {
		expect(actorLabel({ action: 'call.closed', actorName: null, actorEmail: null })).toBe('système')
		expect(actorLabel({ action: 'user.login_failed', actorName: null, actorEmail: null })).toBe('personne non connectée')
		expect(actorLabel({ action: 'user.logged_in', actorName: 'Alice', actorEmail: 'a@x.test' })).toBe('Alice (a@x.test)')
	})

	test('le résumé des données ne montre que des champs connus, courts, jamais un texte libre', () => {
		expect(summarizeData({ reason: 'password', ip: '203.0.113.7' })).toBe('motif : mot de passe incorrect · adresse IP : 203.0.113.7')
		expect(summarizeData({ file: 'candidatures.csv', format: 'csv', rows: 12, filters: { departement: '69', status: null } })).toBe('fichier : candidatures.csv · format : CSV · lignes : 12 · filtres : departement=69')
		expect(summarizeData({ message: 'Un message privé de l’association', amountCents: 150000 })).toBe(`montant : ${formatCents(150000)}`)
		expect(summarizeData({})).toBe('')
	})
})
