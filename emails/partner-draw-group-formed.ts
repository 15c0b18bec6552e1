import { layout } from './layout'

/** To each association of a group whose places are all confirmed: who they are, and the call to build a project on. */
export function partnerDrawGroupFormed(data: { callTitle: string; members: { name: string; profileUrl: string | null }[]; url: string }) {
	return layout({
		subject: `Tirage au sort « ${data.callTitle} » : votre groupe est complet sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`Toutes les associations de votre groupe ont confirmé leur participation au tirage au sort de l’appel « ${data.callTitle} » :`,
			...data.members.map((m) => (m.profileUrl ? `${m.name} — son profil : ${m.profileUrl}` : `${m.name} (profil non publié)`)),
			'Vous êtes invitées à construire un projet ensemble : l’une d’entre vous crée le dossier sur la page de l’appel et invite les autres comme partenaires.',
		],
		action: { label: 'Voir l’appel à projets', url: data.url },
	})
}
