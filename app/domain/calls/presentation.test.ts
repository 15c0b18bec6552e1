import { describe, expect, test } from 'vitest'
import { parsePresentation } from './presentation.ts'

describe('parsePresentation', () => {
	test('paragraphes séparés par une ligne vide, lignes d’un même paragraphe gardées', () => {
		expect(parsePresentation('Premier paragraphe\nsuite du premier.\n\n\nSecond.')).toEqual([
			{ type: 'paragraph', lines: ['Premier paragraphe', 'suite du premier.'] },
			{ type: 'paragraph', lines: ['Second.'] },
		])
	})

	test('titres « ## » et listes « - », avec des fins de ligne Windows', () => {
		const source = '## Objectifs\r\nL’appel soutient :\r\n- l’intergénérationnel\r\n- l’interculturel\r\n\r\n## Calendrier\r\nDépôt avant le 31 mars.'
		expect(parsePresentation(source)).toEqual([
			{ type: 'heading', text: 'Objectifs' },
			{ type: 'paragraph', lines: ['L’appel soutient :'] },
			{ type: 'list', items: ['l’intergénérationnel', 'l’interculturel'] },
			{ type: 'heading', text: 'Calendrier' },
			{ type: 'paragraph', lines: ['Dépôt avant le 31 mars.'] },
		])
	})

	test('une ligne vide sépare deux listes ; un tiret sans espace n’est pas une liste', () => {
		expect(parsePresentation('- a\n- b\n\n- c\n-d\n##pas un titre')).toEqual([
			{ type: 'list', items: ['a', 'b'] },
			{ type: 'list', items: ['c'] },
			{ type: 'paragraph', lines: ['-d', '##pas un titre'] },
		])
	})

	test('le HTML reste du texte (React l’échappera)', () => {
		expect(parsePresentation('<script>alert(1)</script>\n- <b>gras</b>')).toEqual([
			{ type: 'paragraph', lines: ['<script>alert(1)</script>'] },
			{ type: 'list', items: ['<b>gras</b>'] },
		])
	})

	test('un texte vide ne donne rien', () => {
		expect(parsePresentation('')).toEqual([])
		expect(parsePresentation('\n  \n')).toEqual([])
	})
})
