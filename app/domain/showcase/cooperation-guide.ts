/**
 * The « pense-pas-bête » page (/cooperer, issue 12): what the workshops of seed 001 learnt
 * about cooperation dynamics (success factors, points of vigilance), kept close to their
 * words; the twelve topics and the three levels of sharing are those of seed 002, in
 * app/domain/applications/options.ts. Plain module.
 */

export const SUCCESS_FACTORS = [
	{ title: 'Un élément déclencheur', text: 'Un diagnostic, une étude, ou une opportunité : un dialogue qui existe déjà, des personnes qui se connaissent, une procédure (un appel à projets, par exemple).' },
	{ title: 'Un sujet défini, cerné, concret', text: 'Du pragmatisme pour avancer sur des projets, des sujets, des objets précis.' },
	{ title: 'Des enjeux forts, simplement exprimés', text: 'Des enjeux compréhensibles par tous.' },
	{ title: 'Des acteurs impliqués et compétents', text: 'Par leurs missions et leur légitimité ; un « qui fait quoi » défini ; des niveaux d’acteurs cohérents avec le sujet.' },
	{
		title: 'Une organisation qui favorise la participation',
		text: 'Adaptée au contexte, plus ou moins formalisée (un document, une structure…), mais qui précise les responsabilités et les engagements de chacun.',
	},
	{ title: 'Une évaluation adaptée à la coopération', text: 'Qui mesure la richesse créée par les relations entre les partenaires.' },
	{ title: 'Des personnes ressources', text: 'Leur neutralité et leur expertise ; l’appui sur des personnes qui font du lien.' },
] as const

export const VIGILANCE_POINTS = [
	{ title: 'Avoir un contenu !', text: 'Coopérer n’est pas un but en soi : il faut un objet commun.' },
	{ title: 'Ne pas saisir toutes les opportunités', text: 'Certaines peuvent être des pièges : trop lourdes, trop rapides…' },
	{ title: 'Prendre le temps de faire connaissance', text: 'Aussi pour développer la confiance.' },
	{ title: 'Identifier les enjeux de pouvoir', text: 'Et donc la capacité de chacun à partager.' },
	{ title: 'Être volontariste, sans dépasser ses limites', text: 'Savoir le point à ne pas dépasser ; tous les niveaux et tous les acteurs doivent être volontaristes.' },
	{ title: 'Un enjeu partagé et acceptable', text: 'Une ambition clairement définie, pour lever les freins à coopérer.' },
	{ title: 'S’adapter au contexte', text: 'Ne pas plaquer des solutions, mais les inventer ensemble.' },
	{ title: 'Informer chacun de ses engagements', text: 'Bien informer les protagonistes des engagements qu’ils prennent.' },
	{
		title: 'Mobiliser les bons niveaux d’acteurs',
		text: 'Penser à tous les niveaux utiles (politiques, techniques…), chacun à sa place ; se demander régulièrement si ce sont les bons niveaux qui coopèrent.',
	},
	{ title: 'Capitaliser sur les échecs', text: 'Les valoriser : il y a toujours quelque chose à en tirer.' },
	{ title: 'Attention aux habitudes', text: 'La reproduction systématique perd son sens au fil du temps.' },
	{ title: 'Se poser la question de la légitimité', text: 'La coopération est-elle le bon mode de fonctionnement ? Et parfois : est-elle légale ?' },
] as const
