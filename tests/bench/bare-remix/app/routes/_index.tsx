/** The one page of the bare app: no loader, no database. */
export default function Index() {
	return (
		<main>
			<h1>Page nue</h1>
			<p>Une route Remix sans loader, pour mesurer le plafond de la pile.</p>
		</main>
	)
}
