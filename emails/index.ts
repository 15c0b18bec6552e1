import { organizationInvitation } from './organization-invitation'
import { resetPassword } from './reset-password'
import { staffAdded } from './staff-added'
import { verifyEmail } from './verify-email'

/** Every email the portal sends, by template name. */
export const templates = {
	'verify-email': verifyEmail,
	'reset-password': resetPassword,
	'organization-invitation': organizationInvitation,
	'staff-added': staffAdded,
}

export type TemplateName = keyof typeof templates
export type TemplateData<T extends TemplateName> = Parameters<(typeof templates)[T]>[0]
