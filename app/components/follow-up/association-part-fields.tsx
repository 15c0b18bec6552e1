/**
 * Each association's own part of the evaluation (issue 10): the questions of the 2012 bilan
 * (AssociationPartSchema), as fields for its référent. Read-only, they are in evaluation-answers.tsx.
 */
import { CONTINUE_CHOICES, INTEREST_LEVELS, INVOLVEMENT_FORMS, OTHER_PARTNER_KINDS, YES_NO_ANSWERS } from '#app/domain/reports/options.ts'
import { Choices, type FormState, Text } from '#app/components/form-state.tsx'

/** The fields of an association's own part (AssociationPartSchema). */
export function AssociationPartFields({ state }: { state: FormState }) {
	return (
		<>
			<Choices state={state} name="involvementForms" legend="Sous quelles formes votre association s’est-elle impliquée dans la coopération ?" options={INVOLVEMENT_FORMS} multiple />
			<Text state={state} name="involvementOther" label="Autre forme (à préciser)" hint="Si vous avez coché « Autre »." />
			<Choices state={state} name="interest" legend="Quel intérêt votre association a-t-elle trouvé à coopérer ?" options={INTEREST_LEVELS} />
			<Choices state={state} name="mobilisedOthers" legend="La coopération a-t-elle mobilisé d’autres partenaires ?" options={YES_NO_ANSWERS} />
			<Choices state={state} name="otherPartners" legend="Lesquels ?" hint="Si oui." options={OTHER_PARTNER_KINDS} multiple />
			<Choices state={state} name="newFunding" legend="La coopération vous a-t-elle apporté de nouveaux financements ?" options={YES_NO_ANSWERS} />
			<Text state={state} name="newFundingDetails" label="Nouveaux financements obtenus" hint="Si oui : lesquels, de qui." />
			<Choices state={state} name="notoriety" legend="La notoriété de votre association a-t-elle grandi grâce à la coopération ?" options={YES_NO_ANSWERS} />
			<Choices state={state} name="continueTogether" legend="Souhaitez-vous continuer à coopérer ensemble ?" options={CONTINUE_CHOICES} />
			<Text state={state} name="brought" label="Ce que la coopération a apporté à votre association" hint="3 000 caractères au plus." long />
			<Text state={state} name="differently" label="Ce que vous feriez autrement" hint="3 000 caractères au plus." long />
		</>
	)
}
