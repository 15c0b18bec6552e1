/**
 * The French label of every audit event, the one table the history pages read.
 * A unit test (audit-labels.test.ts) checks that every action written in the code is here.
 */
export const AUDIT_LABELS: Record<string, string> = {
	// A dossier and its consortium.
	'application.created': 'Dossier créé',
	'application.section_saved': 'Section enregistrée',
	'application.attachment_added': 'Pièce jointe ajoutée',
	'application.attachment_deleted': 'Pièce jointe supprimée',
	'application.partner_invited': 'Association partenaire invitée',
	'application.invitation_resent': 'Invitation renvoyée',
	'application.invitation_claimed': 'Invitation reçue par e-mail rattachée à une association',
	'application.partner_confirmed': 'Engagement confirmé',
	'application.partner_declined': 'Invitation déclinée',
	'application.partner_withdrew': 'Association retirée du projet',
	'application.partner_removed': 'Association partenaire retirée par le chef de file',
	'application.member_updated': 'Rôle ou part du budget modifié',
	'application.confirmation_lapsed': 'Confirmation à renouveler (engagement modifié)',
	'application.submitted': 'Dossier déposé',
	'application.withdrawn': 'Dossier retiré',
	'application.marked_admissible': 'Dossier déclaré recevable par le financeur',
	'application.marked_inadmissible': 'Dossier déclaré irrecevable par le financeur',
	'application.attachment_downloaded': 'Pièce jointe téléchargée par le financeur',
	'application.invitation_expired': 'Invitation expirée au dépôt du dossier',
	'application.supporter_named': 'Structure d’accompagnement nommée',
	'application.supporter_cleared': 'Structure d’accompagnement retirée',
	'application.supporter_opinion_given': 'Avis de la structure d’accompagnement donné',
	// Messages and requests for a missing piece.
	'application.message_from_funder': 'Message du financeur',
	'application.message_from_consortium': 'Message du consortium',
	'application.request_opened': 'Demande de complément du financeur',
	'application.request_answered': 'Compléments envoyés par le chef de file',
	'application.request_closed': 'Demande de complément close par le financeur',
	'application.request_expired': 'Demande de complément close à sa date limite',
	// A call.
	'call.created': 'Appel créé',
	'call.updated': 'Appel modifié',
	'call.criteria_updated': 'Grille de notation modifiée',
	'call.questions_updated': 'Questions aux candidats modifiées',
	'call.published': 'Appel publié',
	'call.closed': 'Appel clos',
	'call.deadline_reminder_sent': 'Rappel de la date limite envoyé aux chefs de file',
	// The jury.
	'call.jury_started': 'Jury ouvert : la recevabilité est figée',
	'call.deliberation_started': 'Délibération ouverte',
	'jury.juror_invited': 'Juré invité',
	'jury.invitation_accepted': 'Invitation au jury acceptée',
	'jury.invitation_declined': 'Invitation au jury déclinée',
	'jury.juror_updated': 'Profil du juré modifié',
	'jury.juror_removed': 'Juré retiré du jury',
	'jury.juror_declined': 'Un juré s’est retiré du jury',
	'jury.conflicts_detected': 'Conflits d’intérêts détectés',
	'jury.conflict_declared': 'Conflit d’intérêts déclaré par un juré',
	'jury.conflict_confirmed': 'Conflit d’intérêts confirmé',
	'jury.conflict_dismissed': 'Conflit d’intérêts écarté',
	'call.jury_settings_updated': 'Réglages du jury modifiés',
	'jury.assignment_applied': 'Affectation automatique appliquée',
	'jury.assignment_added': 'Dossier confié à un juré',
	'jury.assignment_removed': 'Dossier retiré à un juré',
	'jury.assignment_moved': 'Dossier déplacé vers un autre juré',
	'jury.reminders_sent': 'Jurés relancés',
	'jury.evaluation_sent': 'Évaluation envoyée par un juré',
	'jury.evaluation_reopened': 'Évaluation rouverte par le financeur',
	// Organizations and their people.
	'organization.created': 'Structure créée',
	'organization.updated': 'Profil de l’association modifié',
	'organization.invitation_cancelled': 'Invitation annulée',
	'organization.invitation_declined': 'Invitation déclinée',
	'organization.member_invited': 'Membre invité',
	'organization.invitation_accepted': 'Invitation acceptée',
	'organization.staff_invited': 'Membre de l’équipe invité',
	'organization.staff_added': 'Membre de l’équipe ajouté',
	'organization.staff_removed': 'Membre de l’équipe retiré',
	// Accounts.
	'user.signed_up': 'Compte créé',
	'user.sign_up_attempted': 'Inscription tentée avec une adresse déjà inscrite',
	'user.email_verified': 'Adresse e-mail confirmée',
	'user.password_reset_requested': 'Réinitialisation du mot de passe demandée',
	'user.password_reset': 'Mot de passe réinitialisé',
}

/** The label of an audit action; an action missing from the table never shows its raw key. */
export function auditLabel(action: string): string {
	return AUDIT_LABELS[action] ?? 'Autre événement'
}
