/** French labels of a call's lifecycle states (DESIGN.md, "Lifecycles"). Shared with the browser. */
export const CALL_STATUS_LABELS: Record<string, string> = {
	draft: 'Brouillon',
	published: 'Publié',
	closed: 'Clos (instruction)',
	jury: 'Jury',
	deliberation: 'Délibération',
	decided: 'Décidé',
	follow_up: 'Suivi',
	archived: 'Archivé',
}
