import { layout } from './layout'

export function staffAdded(data: { displayName: string; organizationName: string; url: string }) {
	return layout({
		subject: `Vous faites partie de l’équipe de ${data.organizationName} sur Ensemble`,
		greeting: `Bonjour ${data.displayName},`,
		paragraphs: [`Un administrateur d’Ensemble vous a ajouté à l’équipe de « ${data.organizationName} ».`],
		action: { label: 'Ouvrir Ensemble', url: data.url },
	})
}
