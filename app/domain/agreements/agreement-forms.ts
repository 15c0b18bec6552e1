/**
 * The signing form of the agreement (issue 10): the association signed for, the digest of the
 * version read (hidden), the signer's name and quality. signAgreement checks them again. Plain module.
 */
import { z } from 'zod'

/** The longest name or quality a signature keeps. */
export const SIGNER_NAME_MAX = 200

const one = (message: string) => z.string({ required_error: message, invalid_type_error: message })

export const SignAgreementSchema = z.object({
	organizationId: one('Association introuvable : rechargez la page.').max(100, 'Association introuvable : rechargez la page.'),
	digest: one('Rechargez la page : la version lue manque.').max(200, 'Rechargez la page : la version lue manque.'),
	signerName: one('Indiquez vos prénom et nom : ils figurent sur la convention signée.').max(SIGNER_NAME_MAX, `${SIGNER_NAME_MAX} caractères au plus.`),
	signerQuality: z.string({ invalid_type_error: 'Une seule qualité est attendue.' }).max(SIGNER_NAME_MAX, `${SIGNER_NAME_MAX} caractères au plus.`).optional().default(''),
})
