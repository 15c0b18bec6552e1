import { describe, expect, test } from 'vitest'
import { templates } from '#emails/index.ts'
import { checkPlaceholders, consortiumText, DEFAULT_TEMPLATES, placeholdersFor, renderTemplate, TEMPLATE_KEYS, templateFormSchema } from './templates.ts'

const hostile = '<script>alert("x")</script> & Cie'

describe('textes des e-mails et courriers de décision', () => {
	test.each(TEMPLATE_KEYS)('le texte par défaut de %s n’emploie que ses champs', (key) => {
		const text = DEFAULT_TEMPLATES[key]
		expect(checkPlaceholders(key, text.subject)).toBeNull()
		expect(checkPlaceholders(key, text.body)).toBeNull()
		expect(templateFormSchema(key).safeParse({ ...text, version: '0', row: '' }).success).toBe(true)
	})

	test('les textes par défaut disent la suite : convention et tranches, information si un montant se libère, motivation et contact', () => {
		expect(DEFAULT_TEMPLATES['selected-letter'].body).toMatch(/convention/)
		expect(DEFAULT_TEMPLATES['selected-letter'].body).toMatch(/tranches/)
		expect(DEFAULT_TEMPLATES['selected-letter'].body).toContain('{{montant}}')
		expect(DEFAULT_TEMPLATES['waitlisted-letter'].body).toMatch(/montant se libère/)
		expect(DEFAULT_TEMPLATES['rejected-email'].body).toContain('{{motivation}}')
		expect(DEFAULT_TEMPLATES['rejected-letter'].body).toContain('{{contact}}')
		for (const key of TEMPLATE_KEYS) expect(DEFAULT_TEMPLATES[key].body).toContain('{{consortium}}')
	})

	test('un champ inconnu est refusé, avec la liste des champs possibles', () => {
		const result = templateFormSchema('rejected-email').safeParse({ subject: 'Décision', body: 'Bonjour {{president}}, {{ projet }}', version: '1', row: '' })
		expect(result.success).toBe(false)
		const message = result.error!.issues.find((i) => i.path[0] === 'body')!.message
		expect(message).toContain('Champ inconnu : {{president}}')
		expect(message).toContain('Champs possibles : {{association}}, {{consortium}}, {{projet}}')
		// The amount is only for retained dossiers, the rank only for the waiting list.
		expect(checkPlaceholders('rejected-letter', 'Montant : {{montant}}')).toContain('{{montant}}')
		expect(checkPlaceholders('selected-letter', 'Montant : {{montant}}')).toBeNull()
		expect(checkPlaceholders('waitlisted-email', 'Rang {{rang_liste_attente}}')).toBeNull()
		expect(placeholdersFor('selected-email')).not.toContain('rang_liste_attente')
	})

	test('des accolades non refermées sont signalées ; longueurs bornées ; objet sur une ligne', () => {
		expect(checkPlaceholders('selected-email', 'Bonjour {{association')).toMatch(/accolades/)
		const schema = templateFormSchema('selected-email')
		expect(schema.safeParse({ subject: 'x'.repeat(201), body: 'Bonjour', version: '0' }).success).toBe(false)
		expect(schema.safeParse({ subject: 'Objet', body: 'x'.repeat(6001), version: '0' }).success).toBe(false)
		expect(schema.safeParse({ subject: 'Objet\nSuite', body: 'Bonjour', version: '0' }).success).toBe(false)
		expect(schema.safeParse({ subject: '', body: 'Bonjour', version: '0' }).success).toBe(false)
	})

	test('le rendu remplace chaque champ par sa valeur, en texte brut', () => {
		const filled = renderTemplate({ subject: 'Projet « {{projet}} »', body: 'À {{association}} : {{ projet }}.' }, { projet: hostile, association: 'Les Tisserands' })
		expect(filled).toEqual({ subject: `Projet « ${hostile} »`, body: `À Les Tisserands : ${hostile}.` })
	})

	test('une valeur hostile n’injecte aucun HTML dans l’e-mail', () => {
		const filled = renderTemplate(DEFAULT_TEMPLATES['rejected-email'], { projet: hostile, consortium: hostile, motivation: '<img src=x onerror=alert(1)>' })
		const email = templates['decision-letter']({ ...filled, url: 'https://ensemble.test/candidatures/1' })
		expect(email.html).not.toMatch(/<script|<img/)
		expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie')
		expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;')
		expect(email.text).toContain(hostile)
	})

	test('le consortium est nommé en entier, chef de file en premier', () => {
		expect(
			consortiumText([
				{ name: 'Le Fil', isLead: false },
				{ name: 'Les Tisserands', isLead: true },
				{ name: 'Contes en Isère', isLead: false },
			]),
		).toBe('Les Tisserands (chef de file), Le Fil et Contes en Isère')
	})
})
