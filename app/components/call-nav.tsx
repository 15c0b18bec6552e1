import { Link } from '#app/components/link.tsx'
import { TabNav } from './tab-nav.tsx'

/** The sub-pages of a call in the back office. */
export function CallNav({ callId }: { callId: string }) {
	const base = `/gestion/appels/${callId}`
	const links = [
		{ to: base, label: 'Informations et publication', end: true },
		{ to: `${base}/grille`, label: 'Grille de notation', end: false },
		{ to: `${base}/questions`, label: 'Questions aux candidats', end: false },
		{ to: `${base}/candidatures`, label: 'Candidatures', end: false },
		{ to: `${base}/jury`, label: 'Jury', end: false },
		{ to: `${base}/tirage`, label: 'Tirage au sort', end: false },
		{ to: `${base}/bilan`, label: 'Bilan', end: false },
		{ to: `${base}/apercu`, label: 'Aperçu', end: false },
	]
	return <TabNav label="Pages de l’appel" tabs={links} />
}

/** The top of every back-office page of a call: the way back, the call's title, its sub-pages. */
export function CallHeader({ callId, title }: { callId: string; title: string }) {
	return (
		<>
			<p>
				<Link to="/gestion">← Gestion des appels</Link>
			</p>
			<h1>{title}</h1>
			<CallNav callId={callId} />
		</>
	)
}
