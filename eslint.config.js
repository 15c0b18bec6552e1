import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
	{ ignores: ['build/**', 'public/build/**', 'data/**', 'node_modules/**', 'db/migrations/**'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx,js}'],
		languageOptions: { globals: { ...globals.node, ...globals.browser } },
		plugins: { 'react-hooks': reactHooks },
		rules: {
			...reactHooks.configs.recommended.rules,
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/no-empty-object-type': 'off',
			// Links go through app/components/link.tsx (written directly on the server when their path is full).
			'no-restricted-imports': ['error', { paths: [{ name: '@remix-run/react', importNames: ['Link'], message: 'Use Link from #app/components/link.tsx.' }] }],
			// Tests and domain code must not silently skip or focus tests.
			'no-restricted-properties': [
				'error',
				{ object: 'test', property: 'skip' },
				{ object: 'test', property: 'only' },
				{ object: 'it', property: 'skip' },
				{ object: 'it', property: 'only' },
				{ object: 'describe', property: 'skip' },
				{ object: 'describe', property: 'only' },
			],
		},
	},
)
