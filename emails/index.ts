import { accountExists } from './account-exists'
import { applicationAdmissibility } from './application-admissibility'
import { applicationConfirmationRequested } from './application-confirmation-requested'
import { applicationInvitationExpired } from './application-invitation-expired'
import { applicationPartnerAnswered } from './application-partner-answered'
import { applicationPartnerInvitation } from './application-partner-invitation'
import { applicationRenounced } from './application-renounced'
import { applicationSubmitted } from './application-submitted'
import { applicationSubmittedStaff } from './application-submitted-staff'
import { applicationWithdrawn } from './application-withdrawn'
import { deadlineReminder } from './deadline-reminder'
import { draftRetentionWarning } from './draft-retention-warning'
import { decisionLetter } from './decision-letter'
import { evaluationReminder } from './evaluation-reminder'
import { evaluationSent } from './evaluation-sent'
import { grantSplitChanged } from './grant-split-changed'
import { dossierMessage } from './dossier-message'
import { dossierRequestAnswered } from './dossier-request-answered'
import { dossierRequestOpened } from './dossier-request-opened'
import { juryAssignment } from './jury-assignment'
import { juryEvaluationReopened } from './jury-evaluation-reopened'
import { juryInvitation } from './jury-invitation'
import { juryReminder } from './jury-reminder'
import { organizationInvitation } from './organization-invitation'
import { partnerAnswerDecided } from './partner-answer-decided'
import { partnerAnswerReceived } from './partner-answer-received'
import { partnerDrawGroupFormed } from './partner-draw-group-formed'
import { partnerDrawPlaced } from './partner-draw-placed'
import { partnerContact } from './partner-contact'
import { partnerRecommendation } from './partner-recommendation'
import { resetPassword } from './reset-password'
import { staffAdded } from './staff-added'
import { supporterOpinionRequested } from './supporter-opinion-requested'
import { verifyEmail } from './verify-email'

/** Every email the portal sends, by template name. */
export const templates = {
	'verify-email': verifyEmail,
	'reset-password': resetPassword,
	'account-exists': accountExists,
	'organization-invitation': organizationInvitation,
	'staff-added': staffAdded,
	'deadline-reminder': deadlineReminder,
	'application-partner-invitation': applicationPartnerInvitation,
	'application-confirmation-requested': applicationConfirmationRequested,
	'application-partner-answered': applicationPartnerAnswered,
	'application-submitted': applicationSubmitted,
	'application-withdrawn': applicationWithdrawn,
	'grant-split-changed': grantSplitChanged,
	'application-renounced': applicationRenounced,
	'evaluation-reminder': evaluationReminder,
	'evaluation-sent': evaluationSent,
	'application-admissibility': applicationAdmissibility,
	'dossier-message': dossierMessage,
	'dossier-request-opened': dossierRequestOpened,
	'dossier-request-answered': dossierRequestAnswered,
	'application-submitted-staff': applicationSubmittedStaff,
	'application-invitation-expired': applicationInvitationExpired,
	'jury-invitation': juryInvitation,
	'jury-assignment': juryAssignment,
	'jury-reminder': juryReminder,
	'jury-evaluation-reopened': juryEvaluationReopened,
	'supporter-opinion-requested': supporterOpinionRequested,
	'decision-letter': decisionLetter,
	// Issue 12 — announcements and the tirage au sort.
	'partner-answer-received': partnerAnswerReceived,
	'partner-answer-decided': partnerAnswerDecided,
	'partner-draw-placed': partnerDrawPlaced,
	'partner-draw-group-formed': partnerDrawGroupFormed,
	'partner-contact': partnerContact,
	'partner-recommendation': partnerRecommendation,
	// Issue 13 — retention of drafts never submitted.
	'draft-retention-warning': draftRetentionWarning,
}

export type TemplateName = keyof typeof templates
export type TemplateData<T extends TemplateName> = Parameters<(typeof templates)[T]>[0]
