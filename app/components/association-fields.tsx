import { getInputProps, getSelectProps, type FormMetadata } from '@conform-to/react'
import type { z } from 'zod'
import { Field, SelectField } from '#app/components/forms.tsx'
import type { CreateAssociationSchema } from '#app/domain/organizations/association-form.ts'
import { SECTORS } from '#app/domain/organizations/sectors.ts'

type Fieldset = ReturnType<FormMetadata<z.input<typeof CreateAssociationSchema>, string[]>['getFieldset']>

/** The association's identity, seat and means: the fields of the profile edit form. */
export function AssociationFields({ fields }: { fields: Fieldset }) {
	return (
		<>
			<fieldset className="stack">
				<legend>Identité</legend>
				<Field
					label="Nom de l’association"
					hint="Tel qu’il figure dans les statuts."
					errors={fields.name.errors}
					inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'organization' }}
				/>
				<Field
					label="Numéro SIRET"
					hint="14 chiffres, sur l’avis de situation au répertoire SIRENE (exemple : 123 456 789 00012)."
					errors={fields.siret.errors}
					inputProps={{ ...getInputProps(fields.siret, { type: 'text' }), inputMode: 'numeric', autoComplete: 'off' }}
				/>
				<Field
					label="Numéro RNA"
					hint="W suivi de 9 caractères, sur le récépissé de la préfecture (exemple : W751234567). Facultatif en Alsace-Moselle."
					errors={fields.rna.errors}
					inputProps={{ ...getInputProps(fields.rna, { type: 'text' }), autoComplete: 'off' }}
				/>
				<Field
					label="Numéro d’inscription au registre du tribunal (Alsace-Moselle)"
					hint="Seulement pour les associations du Bas-Rhin, du Haut-Rhin et de la Moselle, inscrites au registre des associations du tribunal judiciaire : il remplace alors le numéro RNA. Laissez vide ailleurs."
					errors={fields.localRegisterNumber.errors}
					inputProps={{ ...getInputProps(fields.localRegisterNumber, { type: 'text' }), autoComplete: 'off' }}
				/>
				<SelectField
					label="Secteur d’activité principal"
					errors={fields.sector.errors}
					selectProps={getSelectProps(fields.sector)}
					options={SECTORS}
					placeholder="Choisissez un secteur"
				/>
			</fieldset>

			<fieldset className="stack">
				<legend>Siège</legend>
				<Field
					label="Adresse"
					hint="Numéro et rue."
					errors={fields.addressLine.errors}
					inputProps={{ ...getInputProps(fields.addressLine, { type: 'text' }), autoComplete: 'street-address' }}
				/>
				<Field
					label="Code postal"
					errors={fields.postalCode.errors}
					inputProps={{ ...getInputProps(fields.postalCode, { type: 'text' }), inputMode: 'numeric', autoComplete: 'postal-code' }}
				/>
				<Field
					label="Commune"
					errors={fields.commune.errors}
					inputProps={{ ...getInputProps(fields.commune, { type: 'text' }), autoComplete: 'address-level2' }}
				/>
			</fieldset>

			<fieldset className="stack">
				<legend>Moyens</legend>
				<Field
					label="Budget annuel (en euros)"
					hint="Le total des charges du dernier exercice, par exemple 135 000 ou 135 000,50."
					errors={fields.annualBudget.errors}
					inputProps={{ ...getInputProps(fields.annualBudget, { type: 'text' }), inputMode: 'decimal' }}
				/>
				<Field
					label="Nombre de salariés"
					hint="0 si l’association n’a pas de salarié."
					errors={fields.employees.errors}
					inputProps={{ ...getInputProps(fields.employees, { type: 'text' }), inputMode: 'numeric' }}
				/>
				<Field
					label="Nombre de bénévoles"
					hint="Les bénévoles réguliers."
					errors={fields.volunteers.errors}
					inputProps={{ ...getInputProps(fields.volunteers, { type: 'text' }), inputMode: 'numeric' }}
				/>
			</fieldset>
		</>
	)
}
