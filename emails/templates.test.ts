import { describe, expect, test } from 'vitest'
import { templates, type TemplateName } from '#emails/index.ts'

const hostile = 'Dominique <script>alert("x")</script> & Cie'
const url = 'https://ensemble.test/lien?token=abc&email=a%40b.test'

/** Sample data for each template, with `value` in every free-text field. */
const samples = (value: string): { [T in TemplateName]: Parameters<(typeof templates)[T]>[0] } => ({
	'verify-email': { displayName: value, url },
	'reset-password': { displayName: value, url },
	'account-exists': { displayName: value, loginUrl: 'https://ensemble.test/connexion', resetUrl: url },
	'organization-invitation': { organizationName: value, inviterName: value, url, roleLabel: 'membre' },
	'staff-added': { displayName: value, organizationName: value, url },
	'deadline-reminder': { displayName: value, associationName: value, callTitle: value, applicationTitle: value, deadline: 'lundi 31 mars 2025 à 12:00', url },
	'application-partner-invitation': { applicationTitle: value, callTitle: value, leadName: value, inviterName: value, organizationName: value, url },
	'application-confirmation-requested': { applicationTitle: value, leadName: value, organizationName: value, url },
	'application-partner-answered': { applicationTitle: value, organizationName: value, answer: 'declined', message: value, url },
	'application-submitted': { applicationTitle: value, callTitle: value, leadName: value, submittedAt: 'lundi 31 mars 2025 à 23:59', url },
	'application-withdrawn': { applicationTitle: value, callTitle: value, leadName: value, reason: value, url },
	'application-renounced': { applicationTitle: value, callTitle: value, leadName: value, reason: value, amount: '12 000,00 €', url },
	'evaluation-reminder': { applicationTitle: value, callTitle: value, funderName: value, dueOn: '30 septembre 2028', kind: 'overdue', url },
	'evaluation-sent': { applicationTitle: value, callTitle: value, funderName: value, senderName: value, leadName: value, organizationName: value, sentAt: 'lundi 31 mars 2025 à 23:59', resent: true, url },
	'application-admissibility': { applicationTitle: value, callTitle: value, funderName: value, decision: 'inadmissible', reason: value, changed: true, url },
	'dossier-message': { applicationTitle: value, callTitle: value, funderName: value, from: 'funder', authorName: value, body: value, url },
	'dossier-request-opened': { applicationTitle: value, callTitle: value, funderName: value, message: value, items: [value], dueAt: 'lundi 31 mars 2025 à 23:59', url },
	'dossier-request-answered': { applicationTitle: value, callTitle: value, authorName: value, items: [value], url },
	'application-submitted-staff': { applicationTitle: value, callTitle: value, leadName: value, associationNames: value, submittedAt: 'lundi 31 mars 2025 à 23:59', url },
	'grant-split-changed': { applicationTitle: value, callTitle: value, leadName: value, split: `${value} : 6 000,00 €, ${value} : 4 000,00 €`, url },
	'application-invitation-expired': { applicationTitle: value, callTitle: value, leadName: value, organizationName: value, url },
	'jury-invitation': { callTitle: value, funderName: value, inviterName: value, kindLabel: 'Expert extérieur', isChair: true, url },
	'jury-assignment': { displayName: value, callTitle: value, funderName: value, titles: [value, value], juryEndsOn: '15 mai 2027', url },
	'jury-reminder': { displayName: value, callTitle: value, unsent: 2, juryEndsOn: '15 mai 2027', url },
	'supporter-opinion-requested': { applicationTitle: value, callTitle: value, leadName: value, structureName: value, url },
	'jury-evaluation-reopened': { displayName: value, callTitle: value, applicationTitle: value, reason: value, url },
	// Subject and body are the call's template already filled in (app/domain/letters/templates.ts).
	'partner-contact': { kind: 'new', to: 'association', associationName: value, fromName: value, subject: value, url },
	'partner-recommendation': { structureName: value, partnerName: value, note: value, url },
	'decision-letter': { subject: `Décision sur votre projet « ${value} » — Ensemble`, body: `Bonjour,\n\nLe projet « ${value} » est retenu.`, url },
	// Issue 12 — announcements and the tirage au sort.
	'partner-answer-received': { announcementTitle: value, callTitle: value, organizationName: value, message: value, url },
	'draft-retention-warning': { displayName: value, associationName: value, callTitle: value, applicationTitle: value, deletionOn: '15 mars 2027', months: 12, url },
	'partner-answer-decided': { announcementTitle: value, callTitle: value, announcerName: value, responderName: value, decision: 'declined', audience: 'responder', reason: value, url },
	'partner-draw-placed': { callTitle: value, organizationName: value, departement: '69', confirmBy: 'lundi 31 mars 2025 à 23:59', replacement: true, url },
	'partner-draw-group-formed': { callTitle: value, members: [{ name: value, profileUrl: url }, { name: value, profileUrl: null }], url },
})

// Words that only a French email contains.
const french = /\b(vous|votre|Bonjour|Ensemble)\b/

describe.each(Object.keys(templates) as TemplateName[])('modèle %s', (name) => {
	const render = templates[name] as (data: unknown) => { subject: string; html: string; text: string }
	const email = render(samples('Camille Martin')[name])
	const escaped = render(samples(hostile)[name])

	test('a un objet, un HTML en français et une version texte', () => {
		expect(email.subject.trim()).not.toBe('')
		expect(email.subject).toMatch(/Ensemble/)
		expect(email.subject).toMatch(/[éèàùçêô’]|\b(de|votre|à|sur)\b/)
		expect(email.html).toMatch(/^<!doctype html>/i)
		expect(email.html).toContain('<html lang="fr">')
		expect(email.html).toMatch(french)
		expect(email.text.trim()).not.toBe('')
		expect(email.text).toMatch(french)
		expect(email.text).not.toMatch(/<[a-z][^>]*>/i)
	})

	test('échappe le HTML des données', () => {
		expect(escaped.html).not.toContain('<script>')
		expect(escaped.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie')
		// The link keeps working: & is escaped inside the attribute, and given as is in the text.
		expect(escaped.html).toContain('href="https://ensemble.test/lien?token=abc&amp;email=a%40b.test"')
		expect(escaped.text).toContain(url)
	})

	test('la version texte contient le lien d’action', () => {
		expect(email.text).toContain(url)
	})
})
