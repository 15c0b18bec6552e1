import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import type { ReportPlan } from '#app/domain/reports/consortium-part.ts'
import { AssociationPartAnswers, EvaluationAnswers } from './evaluation-answers.tsx'

const plan: ReportPlan = {
	timetable: [],
	indicators: [],
	expectedParticipants: null,
	charges: [{ account: '64', label: 'Animatrice', amountCents: 1_000_000 }],
	products: [{ account: '74', label: 'Ville', amountCents: 1_000_000 }],
}

describe('l’évaluation en lecture, composée des mêmes sections sur les deux pages', () => {
	test('le financeur lit le compte rendu financier du consortium : écart en € et en %, le dépassement du seuil dit, « Pas de réponse » où rien n’est saisi', () => {
		const html = renderToStaticMarkup(
			<EvaluationAnswers
				report={{
					consortium: { answers: { financier: { charges: [{ actual: 1_200_000, explanation: 'Une animatrice de plus.' }], products: [{ actual: null, explanation: '' }], coFunders: [] } } },
					sections: [{ section: 'financier', title: 'Compte rendu financier', reopened: false }],
					associations: [],
				}}
				plan={plan}
				threshold={15}
			/>,
		)
		expect(html).toMatch(/<td data-label="Écart"[^>]*>\+2\s000,00\s€ \(\+20 %\)<br\/><strong>au-delà du seuil de 15 %<\/strong><\/td>/)
		expect(html).toContain('<td data-label="Explication">Une animatrice de plus.</td>')
		expect(html).toContain('<td data-label="Réalisé">Pas de réponse</td>')
		expect(html).toContain('<h4 id="lecture-charges-titre">Charges</h4>')
	})

	test('la partie d’une association : les libellés du bilan 2012, « Pas de réponse » à une question laissée vide, « Pas encore répondu. » avant tout enregistrement', () => {
		const html = renderToStaticMarkup(<AssociationPartAnswers answers={{ interest: 'fort', notoriety: 'oui' }} started />)
		expect(html).toContain('<dt>Notoriété accrue</dt><dd style="white-space:pre-line">Oui</dd>')
		expect(html).toContain('<dt>Ce qu’elle ferait autrement</dt><dd style="white-space:pre-line">Pas de réponse</dd>')
		expect(renderToStaticMarkup(<AssociationPartAnswers answers={{}} started={false} />)).toBe('<p class="muted">Pas encore répondu.</p>')
	})
})
