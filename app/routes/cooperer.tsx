/**
 * Le pense-pas-bête de la coopération (issue 12), public: the twelve topics to settle between
 * partners and the three levels of sharing (seed 002), the success factors and points of
 * vigilance of the workshops on cooperation dynamics (seed 001). The application forms link here.
 */
import type { MetaFunction } from '@remix-run/node'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ShowcaseLinks } from '#app/components/showcase.tsx'
import { COOPERATION_TOPICS, SHARING_LEVELS } from '#app/domain/applications/options.ts'
import { SUCCESS_FACTORS, VIGILANCE_POINTS } from '#app/domain/showcase/cooperation-guide.ts'

export const meta: MetaFunction = () => [{ title: 'Le pense-pas-bête de la coopération — Ensemble' }]

function Points({ points }: { points: readonly { title: string; text: string }[] }) {
	return (
		<ul>
			{points.map((point) => (
				<li key={point.title}>
					<strong>{point.title}.</strong> {point.text}
				</li>
			))}
		</ul>
	)
}

export default function CooperationGuidePage() {
	return (
		<>
			<h1>Le pense-pas-bête de la coopération</h1>
			<p>
				Ce que des associations qui ont coopéré conseillent à celles qui se lancent : les sujets à régler ensemble avant de commencer, les
				façons de partager, ce qui fait réussir une coopération et ce qui la met en danger.
			</p>
			<ShowcaseLinks />

			<section aria-labelledby="sujets">
				<h2 id="sujets">Les douze sujets à aborder entre associations</h2>
				<p className="muted">Dans le désordre, et la liste n’est pas exhaustive.</p>
				<ul>
					{COOPERATION_TOPICS.map((topic) => (
						<li key={topic.value}>{topic.label}</li>
					))}
				</ul>
			</section>

			<section aria-labelledby="niveaux">
				<h2 id="niveaux">Trois niveaux de partage</h2>
				<p className="muted">Du plus lâche au plus serré ; les deux premiers ne s’excluent pas.</p>
				<ol>
					{SHARING_LEVELS.map((level) => (
						<li key={level.value}>
							<strong>{level.label}</strong> — {level.definition}
						</li>
					))}
				</ol>
			</section>

			<section aria-labelledby="succes">
				<h2 id="succes">Les facteurs de succès</h2>
				<Points points={SUCCESS_FACTORS} />
			</section>

			<section aria-labelledby="vigilance">
				<h2 id="vigilance">Les points de vigilance</h2>
				<Points points={VIGILANCE_POINTS} />
			</section>
		</>
	)
}

export function ErrorBoundary() {
	return <GeneralErrorBoundary />
}
