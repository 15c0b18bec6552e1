/**
 * The answer of the agreement page to its grant-split form (intent=set-grant-split), kept out
 * of the route module: bad input 400 with the messages next to the fields and what was typed
 * kept; a split the dossier no longer accepts (agreement signed) 409; done → back to the page.
 */
import { json } from '@remix-run/node'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { parseSubmission } from '#app/utils/form-data.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { setGrantSplit } from './grant-split.server.ts'
import { GrantSplitSchema } from './grant-split-form.ts'

/** Tells the page's forms apart in the action's data: the signing forms key theirs by association. */
export const GRANT_SPLIT_FORM = 'grant-split'

export async function grantSplitAction(input: { user: PolicyUser; applicationId: string; formData: FormData }) {
	const submission = parseSubmission(input.formData, { schema: GrantSplitSchema })
	// organizationId null: no signing form takes this answer for its own.
	const answer = (result: ReturnType<typeof submission.reply>, status: number) => json({ form: GRANT_SPLIT_FORM, organizationId: null as string | null, result }, { status })
	if (submission.status !== 'success') return answer(submission.reply(), 400)
	const outcome = await setGrantSplit({ user: input.user, applicationId: input.applicationId, shares: submission.value.shares })
	if (!outcome.ok) {
		const reply =
			outcome.shareIndex !== undefined
				? submission.reply({ fieldErrors: { [`shares[${outcome.shareIndex}].amount`]: [outcome.message] } })
				: submission.reply({ formErrors: [outcome.message] })
		return answer(reply, outcome.status ? 409 : 400)
	}
	const cleared = submission.value.shares === null
	return redirectWithToast(`/candidatures/${input.applicationId}/convention`, {
		title: cleared ? 'Pas de répartition : la subvention est versée à l’association chef de file' : 'Répartition de la subvention enregistrée',
		description:
			outcome.changed && outcome.agreementAwaitingSignatures
				? 'La convention en attente de signatures nomme l’ancienne répartition : le financeur en établira une nouvelle version, que chaque partie signera de nouveau.'
				: undefined,
	})
}
