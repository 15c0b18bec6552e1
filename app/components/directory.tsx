/**
 * The partner directory's pieces (issue 12): a profile as a card (results, supporter's
 * territory view) and in full (profile page), the checkbox groups of the profile form,
 * and the GeoNames attribution. Nothing here ever receives an address or an email.
 */
import { DIRECTORY_ATTRIBUTION, excerpt, publicLabel, resourceLabel, themeLabel } from '#app/domain/directory/options.ts'
import { sectorLabel } from '#app/domain/organizations/sectors.ts'

export type ProfileSummary = {
	id: string
	name: string
	sector: string | null
	commune: string | null
	departement: string | null
	presentation: string
	themes: string[]
	offers: string[]
	needs: string[]
	distanceKm?: number | null
}

const place = (p: { commune: string | null; departement: string | null }) => [p.commune, p.departement ? `(${p.departement})` : null].filter(Boolean).join(' ')


function Tags({ label, values, format }: { label: string; values: string[]; format: (value: string) => string }) {
	if (values.length === 0) return null
	return (
		<>
			<dt>{label}</dt>
			<dd>
				<ul className="tags" aria-label={label}>
					{values.map((value) => (
						<li key={value}>{format(value)}</li>
					))}
				</ul>
			</dd>
		</>
	)
}

/** With no React context (a plain link): a page of results may be rendered once for everyone who sees it (ServerCached). */
export function ProfileCard({ profile, headingLevel = 3 }: { profile: ProfileSummary; headingLevel?: 2 | 3 }) {
	const Heading = headingLevel === 2 ? 'h2' : 'h3'
	return (
		<li className="card directory-card">
			<Heading>
				<a href={`/partenaires/${profile.id}`}>{profile.name}</a>
			</Heading>
			<p className="muted">
				{[sectorLabel(profile.sector), place(profile)].filter((s) => s && s !== '—').join(' · ')}
				{profile.distanceKm != null ? ` · à ${formatKm(profile.distanceKm)}` : ''}
			</p>
			{profile.presentation ? <p>{excerpt(profile.presentation)}</p> : null}
			<dl className="directory-facts">
				<Tags label="Thèmes" values={profile.themes} format={themeLabel} />
				<Tags label="Propose" values={profile.offers} format={resourceLabel} />
				<Tags label="Cherche" values={profile.needs} format={resourceLabel} />
			</dl>
		</li>
	)
}

// One formatter for every card (toLocaleString would build a new one per call).
const ONE_DECIMAL = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 })

export function formatKm(km: number) {
	return `${km < 10 ? ONE_DECIMAL.format(km) : Math.round(km)} km`
}

export function ProfileDetails({
	profile,
}: {
	profile: ProfileSummary & { communes: string[]; publics: string[]; offerDetails: string; needDetails: string }
}) {
	return (
		<>
			<p className="muted">{[sectorLabel(profile.sector), place(profile)].filter((s) => s && s !== '—').join(' · ')}</p>
			<h2>Présentation</h2>
			<p className="pre-line">{profile.presentation || 'L’association n’a pas encore écrit sa présentation.'}</p>
			<dl className="directory-facts">
				<Tags label="Communes où elle agit" values={profile.communes} format={(v) => v} />
				<Tags label="Publics" values={profile.publics} format={publicLabel} />
				<Tags label="Thèmes sur lesquels elle veut travailler" values={profile.themes} format={themeLabel} />
				<Tags label="Ce qu’elle propose" values={profile.offers} format={resourceLabel} />
				{profile.offerDetails ? (
					<>
						<dt>Précisions sur ce qu’elle propose</dt>
						<dd className="pre-line">{profile.offerDetails}</dd>
					</>
				) : null}
				<Tags label="Ce qu’elle cherche" values={profile.needs} format={resourceLabel} />
				{profile.needDetails ? (
					<>
						<dt>Précisions sur ce qu’elle cherche</dt>
						<dd className="pre-line">{profile.needDetails}</dd>
					</>
				) : null}
			</dl>
		</>
	)
}

/** A group of checkboxes with its legend and its error, the checked values kept. */
export function CheckboxGroup({
	name,
	legend,
	options,
	checked,
	errors,
}: {
	name: string
	legend: string
	options: readonly { value: string; label: string }[]
	checked: readonly string[]
	errors?: string[]
}) {
	const errorId = `${name}-error`
	return (
		<fieldset aria-describedby={errors?.length ? errorId : undefined}>
			<legend>{legend}</legend>
			<div className="checkbox-grid">
				{options.map((option) => (
					<label key={option.value} className="checkbox">
						<input type="checkbox" name={name} value={option.value} defaultChecked={checked.includes(option.value)} /> {option.label}
					</label>
				))}
			</div>
			{errors?.length ? (
				<p id={errorId} className="field-error">
					{errors.join(' ')}
				</p>
			) : null}
		</fieldset>
	)
}

export function DirectoryAttribution() {
	return <p className="muted directory-attribution">{DIRECTORY_ATTRIBUTION}</p>
}
