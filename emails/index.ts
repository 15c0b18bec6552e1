import { accountExists } from './account-exists'
import { applicationAdmissibility } from './application-admissibility'
import { applicationConfirmationRequested } from './application-confirmation-requested'
import { applicationPartnerAnswered } from './application-partner-answered'
import { applicationPartnerInvitation } from './application-partner-invitation'
import { applicationSubmitted } from './application-submitted'
import { applicationWithdrawn } from './application-withdrawn'
import { deadlineReminder } from './deadline-reminder'
import { organizationInvitation } from './organization-invitation'
import { resetPassword } from './reset-password'
import { staffAdded } from './staff-added'
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
	'application-admissibility': applicationAdmissibility,
}

export type TemplateName = keyof typeof templates
export type TemplateData<T extends TemplateName> = Parameters<(typeof templates)[T]>[0]
