import { layout } from './layout'

/**
 * A message through the partner directory. To the association's référents (a new
 * conversation, or the sender's reply) or to the sender (a référent's answer). It never
 * carries anyone's address: the conversation is read and answered on the portal.
 */
export function partnerContact(data: {
	kind: 'new' | 'reply'
	to: 'association' | 'sender'
	associationName: string
	/** The sender's name as shown on the portal (and the association they write for, if any). */
	fromName: string
	subject: string
	url: string
}) {
	const toAssociation = data.to === 'association'
	return layout({
		subject:
			data.kind === 'new'
				? `Nouveau message pour ${data.associationName} via l’annuaire des partenaires — Ensemble`
				: `Réponse dans la conversation « ${data.subject} » — Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			data.kind === 'new'
				? `${data.fromName} écrit à ${data.associationName} depuis l’annuaire des partenaires d’Ensemble, au sujet de : « ${data.subject} ».`
				: toAssociation
					? `${data.fromName} a répondu dans la conversation « ${data.subject} » avec ${data.associationName}.`
					: `${data.associationName} vous a répondu dans la conversation « ${data.subject} ».`,
			toAssociation
				? 'Lisez le message et répondez sur le portail Ensemble. Vos adresses ne sont communiquées qu’une fois que vous avez répondu. Si ce message est abusif, vous pouvez le signaler depuis la conversation.'
				: 'Lisez la réponse et poursuivez l’échange sur le portail Ensemble.',
		],
		action: { label: 'Lire la conversation', url: data.url },
		footnote: 'Ne répondez pas à cet e-mail : la conversation se poursuit sur le portail.',
	})
}
