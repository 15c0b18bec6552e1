import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { budgetTotals, readAnswers, readBudget, readCooperation, readProject, type CallQuestion } from '#app/domain/applications/rules.ts'
import { BudgetSection, CooperationSection, ProjectSection, projectSectionOf, QuestionsSection } from './application-view.tsx'
import { ServerCached } from './server-cached.tsx'

const members = [
	{ organizationId: 'org-a', name: 'Les Jardins' },
	{ organizationId: 'org-b', name: 'Théâtre & Cie' },
]
const project = readProject({
	territory: 'Lyon 3e',
	territoryKind: 'other',
	publics: 'Enfants\net aînés',
	expectedParticipants: 120,
	collectiveObjectives: 'Se rencontrer',
	specificObjectives: [{ organizationId: 'org-b', text: 'Jouer au jardin' }],
	indicators: [{ label: 'Ateliers', target: '12' }],
	timetable: [{ label: 'Lancement', date: '2027-09-01' }],
})
const budget = readBudget({
	charges: [{ account: '60', label: 'Graines', amountCents: 150_000 }],
	products: [{ account: '74', label: 'Ville de Lyon', amountCents: 50_000 }],
	amountRequestedCents: 100_000,
})
const questions: CallQuestion[] = [
	{ id: 'q1', label: 'Depuis quand coopérez-vous ?', type: 'short_text', required: true },
	{ id: 'q2', label: 'Combien de bénévoles ?', type: 'number', required: false },
] as CallQuestion[]

// Each section a section page shows read-only, with what it is rendered from.
const sections = {
	project: () => <ProjectSection {...projectSectionOf({ title: 'Potagers', summary: 'Des potagers', themeIds: ['t1'], project, members, call: { themes: [{ id: 't1', label: 'Intergénérationnel' }, { id: 't2', label: 'Interculturel' }] } })} />,
	cooperation: () => <CooperationSection cooperation={readCooperation({ level: 'co-construction', triggers: [], topics: { governance: 'Un comité' } })} />,
	budget: () => <BudgetSection budget={budget} totals={budgetTotals(budget)} callTitle="Vivre ensemble" />,
	questions: () => <QuestionsSection questions={questions} answers={readAnswers({ q1: '2019', q2: 4.5 })} />,
}

describe('the dossier’s sections, read-only', () => {
	test.each(Object.entries(sections))('%s renders alone exactly as in the page (no context), so a section page can keep it', (name, render) => {
		const cached = renderToString(<ServerCached name={`test-section-${name}`} inputs={name} render={render} />)
		expect(cached).toBe(renderToString(<div>{render()}</div>))
		expect(cached).toContain('<section aria-labelledby="lecture-')
	})

	test('they show what was written, escaped, with the project’s chosen themes and the objectives given', () => {
		const html = renderToString(
			<>
				{sections.project()}
				{sections.budget()}
				{sections.questions()}
			</>,
		)
		expect(html).toContain('<strong>Théâtre &amp; Cie</strong> : <!-- -->Jouer au jardin')
		expect(html).not.toContain('Les Jardins')
		expect(html).toContain('Intergénérationnel')
		expect(html).not.toContain('Interculturel')
		expect(html).toContain('Ville de Lyon')
		expect(html).toMatch(/Total des produits<\/th><td>1\s500,00\s€/)
		expect(html).toContain('2019')
	})

	test('a call without questions says so, rather than a heading over nothing', () => {
		const html = renderToString(<QuestionsSection questions={[]} answers={readAnswers({})} />)
		expect(html).toContain('Cet appel à projets ne pose pas de question particulière.')
	})
})
