/**
 * A call's awards as open data (issue 11), in two formats (docs/decisions/022-open-data-exports.md):
 *
 * - the SCDL « subventions » schema (schema.data.gouv.fr, v2.1.1), the données essentielles
 *   des conventions de subvention of décret 2017-779: one row per beneficiary, so every
 *   association of a consortium has its row; `montant` is the whole grant (« calculé avant
 *   répartition entre les bénéficiaires ») and `pourcentageSubvention` the part paid to it;
 * - the 360Giving Data Standard (package `{ grants: [...] }`): one grant per consortium,
 *   every association of it a recipient organisation, the lead first.
 *
 * Pure: open-data.server.ts reads the awards (retained dossiers of a decided call, their
 * consortium, agreement and tranches) in one statement, these functions write them.
 */
import { stringify } from 'csv-stringify/sync'
import { utcToParisLocal } from '#app/domain/calls/paris-time.ts'
import { spreadsheetText } from '#app/domain/applications/instruction.ts'
import { formatCents } from '#app/utils/format.ts'
import type { TrancheTrigger } from '#db/schema/tranche-plan.ts'

export type OpenDataMember = {
	organizationId: string
	name: string
	siret: string | null
	siren: string | null
	rna: string | null
	role: 'lead' | 'co_carrier'
	/** The association's part of the grant, when the lead set a split (every association has one, or none). */
	grantShareCents: number | null
	postalCode: string | null
	commune: string | null
	departement: string | null
}

export type OpenDataTranche = {
	trigger: TrancheTrigger
	amountCents: number
	triggeredAt: Date | null
	paidOn: Date | null
	paidAmountCents: number | null
}

/** A retained dossier with a grant, as the exports need it. */
export type OpenDataAward = {
	applicationId: string
	/** The dossier's reference, as its receipt and decision letter print it. */
	reference: string
	title: string
	summary: string
	amountGrantedCents: number
	decidedAt: Date | null
	/** When the last party signed the agreement; null while it is not signed. */
	agreementSignedAt: Date | null
	/** The tranches drawn up with the agreement (none before it). */
	tranches: OpenDataTranche[]
	/** The confirmed associations of the consortium, the lead first. */
	members: OpenDataMember[]
}

export type OpenDataFunder = { id: string; name: string; siret: string | null; siren: string | null }

export type OpenDataCall = {
	id: string
	title: string
	/** The decision date the call announced (a past call imported without decision times has only this). */
	decisionOn: string | null
	projectStartsOn: string | null
	projectEndsOn: string | null
	evaluationDueOn: string | null
	/** The triggers of the call's payment plan: the tranches of a dossier whose agreement is not drawn up yet. */
	planTriggers: TrancheTrigger[]
}

export type OpenDataSource = { funder: OpenDataFunder; call: OpenDataCall }

// ---------------------------------------------------------------------------------------
// Shared rules.

const DAY_MS = 24 * 3600_000
/** A released tranche is due within 60 days (tranches.ts, PAYMENT_DELAY_DAYS). */
const PAYMENT_DELAY_DAYS = 60

const parisDate = (instant: Date) => utcToParisLocal(instant).date
const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)

/** Cents as the schemas want an amount: euros with a dot and two decimals (« 10000.50 »). */
export function euroAmount(cents: number): string {
	const sign = cents < 0 ? '-' : ''
	const abs = Math.abs(cents)
	return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Whether the lead split the grant: setGrantSplit gives every association a share, or none. */
export function hasSplit(award: Pick<OpenDataAward, 'members'>): boolean {
	return award.members.length > 0 && award.members.every((m) => m.grantShareCents !== null)
}

/** What the funder pays this association: its share when split, else the whole grant to the lead (the agreement's rule). */
export function paidPartCents(award: Pick<OpenDataAward, 'members' | 'amountGrantedCents'>, member: OpenDataMember): number {
	if (hasSplit(award)) return member.grantShareCents ?? 0
	return member.role === 'lead' ? award.amountGrantedCents : 0
}

/** The date of the award's agreement: its signature, else the decision (the agreement is not signed yet). */
export function conventionDate(award: OpenDataAward, call: OpenDataCall): string | null {
	if (award.agreementSignedAt) return parisDate(award.agreementSignedAt)
	return decisionDate(award, call)
}

function decisionDate(award: OpenDataAward, call: OpenDataCall): string | null {
	if (award.decidedAt) return parisDate(award.decidedAt)
	return call.decisionOn
}

/**
 * When each tranche is (or is planned to be) paid: paid → its payment date; released, unpaid →
 * its due date (60 days after its trigger); not released → the agreement's date for a tranche
 * paid at signature, 60 days after the evaluation's due date for the balance. Before the
 * agreement is drawn up, the call's plan stands for the tranches.
 */
function trancheDates(award: OpenDataAward, call: OpenDataCall): { date: string | null; paid: boolean }[] {
	const convention = conventionDate(award, call)
	const balanceDue = call.evaluationDueOn ?? call.projectEndsOn
	const planned = (trigger: TrancheTrigger) => (trigger === 'signature' ? convention : balanceDue ? addDays(balanceDue, PAYMENT_DELAY_DAYS) : convention)
	if (award.tranches.length === 0) return call.planTriggers.map((trigger) => ({ date: planned(trigger), paid: false }))
	return award.tranches.map((t) => {
		if (t.paidOn) return { date: parisDate(t.paidOn), paid: true }
		if (t.triggeredAt) return { date: parisDate(new Date(t.triggeredAt.getTime() + PAYMENT_DELAY_DAYS * DAY_MS)), paid: false }
		return { date: planned(t.trigger), paid: false }
	})
}

function trancheCount(award: OpenDataAward, call: OpenDataCall): number {
	return award.tranches.length > 0 ? award.tranches.length : call.planTriggers.length
}

/**
 * SCDL's datesPeriodeVersement: the payment date when the grant is paid at once and paid;
 * otherwise the period from the first to the last tranche's date (« AAAA-MM-JJ/AAAA-MM-JJ »).
 */
export function paymentPeriod(award: OpenDataAward, call: OpenDataCall): string {
	const dates = trancheDates(award, call)
	const known = dates.map((d) => d.date).filter((d): d is string => d !== null).sort()
	if (known.length === 0) return ''
	if (dates.length === 1 && dates[0]!.paid) return known[0]!
	return `${known[0]}/${known[known.length - 1]}`
}

// ---------------------------------------------------------------------------------------
// SCDL « subventions ».

/** The schema's columns, in its order (scdl/subventions 2.1.1). */
export const SCDL_COLUMNS = [
	'nomAttribuant',
	'idAttribuant',
	'dateConvention',
	'referenceDecision',
	'nomBeneficiaire',
	'idBeneficiaire',
	'rnaBeneficiaire',
	'objet',
	'montant',
	'nature',
	'conditionsVersement',
	'datesPeriodeVersement',
	'idRAE',
	'notificationUE',
	'pourcentageSubvention',
	'dispositifAide',
] as const

export type ScdlColumn = (typeof SCDL_COLUMNS)[number]
export type ScdlRow = Record<ScdlColumn, string>

/** The schema limits `objet` to 256 characters. */
export const SCDL_OBJET_MAX = 255

/** « part » over the whole grant, as a decimal with at most four places (« 0.6 », « 1 », « 0.3333 »). */
function shareOf(partCents: number, totalCents: number): string {
	if (totalCents <= 0) return '0'
	return String(Number((partCents / totalCents).toFixed(4)))
}

/** The project, and for a consortium who carries it and who is paid, within the schema's 256 characters. */
function scdlObjet(award: OpenDataAward): string {
	const lead = award.members.find((m) => m.role === 'lead')
	const count = award.members.length
	let note = ''
	if (count > 1) {
		note = ` — projet co-porté par ${count} associations, chef de file : ${lead?.name ?? '—'}`
		if (!hasSplit(award)) note += ' ; subvention versée au chef de file'
	}
	const room = SCDL_OBJET_MAX - note.length
	const title = award.title.length > room ? `${award.title.slice(0, Math.max(0, room - 1))}…` : award.title
	return `${title}${note}`.slice(0, SCDL_OBJET_MAX)
}

/**
 * One row per association of each retained consortium. `montant` is the whole grant on every
 * row (the schema's rule for several beneficiaries), `pourcentageSubvention` the part paid to
 * this association: its share when the lead split the grant, else 1 for the lead and 0 for the
 * co-porters, to whom the funder pays nothing (see the decision record for the schema's 0.01
 * minimum). Free text that a spreadsheet would take for a formula is kept as text.
 */
export function scdlRows(awards: readonly OpenDataAward[], source: OpenDataSource): ScdlRow[] {
	const { funder, call } = source
	return awards.flatMap((award) => {
		const common = {
			nomAttribuant: spreadsheetText(funder.name),
			idAttribuant: funder.siret ?? '',
			dateConvention: conventionDate(award, call) ?? '',
			referenceDecision: award.reference,
			objet: spreadsheetText(scdlObjet(award)),
			montant: euroAmount(award.amountGrantedCents),
			nature: 'aide en numéraire',
			conditionsVersement: trancheCount(award, call) > 1 ? 'échelonné' : 'unique',
			datesPeriodeVersement: paymentPeriod(award, call),
			idRAE: '',
			notificationUE: 'non',
			dispositifAide: '',
		}
		return award.members.map((member) => ({
			nomAttribuant: common.nomAttribuant,
			idAttribuant: common.idAttribuant,
			dateConvention: common.dateConvention,
			referenceDecision: common.referenceDecision,
			nomBeneficiaire: spreadsheetText(member.name),
			idBeneficiaire: member.siret ?? '',
			rnaBeneficiaire: member.rna ?? '',
			objet: common.objet,
			montant: common.montant,
			nature: common.nature,
			conditionsVersement: common.conditionsVersement,
			datesPeriodeVersement: common.datesPeriodeVersement,
			idRAE: common.idRAE,
			notificationUE: common.notificationUE,
			pourcentageSubvention: shareOf(paidPartCents(award, member), award.amountGrantedCents),
			dispositifAide: common.dispositifAide,
		}))
	})
}

/** The CSV the schema asks for: UTF-8 without BOM, commas, the header row in the schema's order. */
export function scdlCsv(rows: readonly ScdlRow[]): string {
	return stringify([[...SCDL_COLUMNS], ...rows.map((row) => SCDL_COLUMNS.map((column) => row[column]))], { delimiter: ',', record_delimiter: '\r\n' })
}

// ---------------------------------------------------------------------------------------
// 360Giving.

export type ThreeSixtyGivingOrganization = {
	id: string
	name: string
	postalCode?: string
	addressLocality?: string
	addressCountry?: string
}

export type ThreeSixtyGivingGrant = {
	id: string
	title: string
	description: string
	currency: 'EUR'
	amountAwarded: number
	amountDisbursed: number
	awardDate?: string
	plannedDates?: { startDate: string; endDate: string }[]
	recipientOrganization: ThreeSixtyGivingOrganization[]
	fundingOrganization: ThreeSixtyGivingOrganization[]
	grantProgramme: { code: string; title: string }[]
	fromOpenCall: 'Yes'
	beneficiaryLocation?: { name: string; countryCode: 'FR'; geoCode: string }[]
}

export type ThreeSixtyGivingPackage = {
	version: string
	title: string
	issued: string
	publisher: { name: string; identifier: string }
	grants: ThreeSixtyGivingGrant[]
}

/** The version of the 360Giving schema the package follows. */
export const THREE_SIXTY_GIVING_VERSION = '1.4'

/**
 * The funder's 360Giving prefix. A publisher registers its own with 360Giving; Ensemble does
 * not store one yet, so it builds a unique one from the funder's id (stable: a SIRET added
 * later does not change the grants' identifiers).
 */
export function threeSixtyGivingPrefix(funder: Pick<OpenDataFunder, 'id'>): string {
	return `360G-ensemble-${funder.id}`
}

/** The SIREN of an organisation: its own, else the first 9 digits of its SIRET. */
function sirenOf(org: { siren: string | null; siret: string | null }): string | null {
	return org.siren ?? (org.siret && org.siret.length >= 9 ? org.siret.slice(0, 9) : null)
}

/**
 * An organisation identifier in the org-id.guide form: FR-RCS-<SIREN> (the register org-id.guide
 * lists for French organisations with a SIREN; FR-INSEE is deprecated in its favour). An
 * association with only an RNA number (no list on org-id.guide) gets an identifier under the
 * funder's prefix, as 360Giving asks for organisations without a listed number.
 */
export function organizationIdentifier(org: { organizationId: string; siren: string | null; siret: string | null; rna: string | null }, prefix: string): string {
	const siren = sirenOf(org)
	if (siren) return `FR-RCS-${siren}`
	if (org.rna) return `${prefix}-RNA-${org.rna}`
	return `${prefix}-${org.organizationId}`
}

function funderIdentifier(funder: OpenDataFunder): string {
	const siren = sirenOf(funder)
	return siren ? `FR-RCS-${siren}` : threeSixtyGivingPrefix(funder)
}

function grantDescription(award: OpenDataAward): string {
	const parts = [award.summary.trim()]
	if (award.members.length > 1) {
		const names = award.members.map((m) => (m.role === 'lead' ? `${m.name} (chef de file)` : m.name))
		parts.push(`Projet co-porté par ${names.join(', ')}.`)
		parts.push(
			hasSplit(award)
				? `Répartition de la subvention : ${award.members.map((m) => `${m.name} ${formatCents(m.grantShareCents)}`).join(', ')}.`
				: 'La subvention est versée à l’association chef de file.',
		)
	}
	return parts.filter(Boolean).join(' ') || award.title
}

function recipient(member: OpenDataMember, prefix: string): ThreeSixtyGivingOrganization {
	return {
		id: organizationIdentifier(member, prefix),
		name: member.name,
		...(member.postalCode ? { postalCode: member.postalCode } : {}),
		...(member.commune ? { addressLocality: member.commune } : {}),
		addressCountry: 'FR',
	}
}

/**
 * One grant per consortium: every association is a recipient organisation, the lead first (the
 * tools that keep one recipient keep the one the funder pays); the split, when there is one, is
 * written in the description. `now` dates the package.
 */
export function threeSixtyGivingPackage(awards: readonly OpenDataAward[], source: OpenDataSource, now: Date): ThreeSixtyGivingPackage {
	const { funder, call } = source
	const prefix = threeSixtyGivingPrefix(funder)
	const funding: ThreeSixtyGivingOrganization = { id: funderIdentifier(funder), name: funder.name }
	const grants = awards.map((award): ThreeSixtyGivingGrant => {
		const awardDate = decisionDate(award, call) ?? conventionDate(award, call)
		const paidCents = award.tranches.reduce((sum, t) => sum + (t.paidOn ? (t.paidAmountCents ?? t.amountCents) : 0), 0)
		const departements = [...new Set(award.members.map((m) => m.departement).filter((d): d is string => Boolean(d)))].sort()
		return {
			id: `${prefix}-${award.applicationId}`,
			title: award.title,
			description: grantDescription(award),
			currency: 'EUR',
			amountAwarded: award.amountGrantedCents / 100,
			amountDisbursed: paidCents / 100,
			...(awardDate ? { awardDate } : {}),
			...(call.projectStartsOn && call.projectEndsOn ? { plannedDates: [{ startDate: call.projectStartsOn, endDate: call.projectEndsOn }] } : {}),
			recipientOrganization: award.members.map((m) => recipient(m, prefix)),
			fundingOrganization: [funding],
			grantProgramme: [{ code: `${prefix}-appel-${call.id}`, title: call.title }],
			fromOpenCall: 'Yes',
			...(departements.length > 0 ? { beneficiaryLocation: departements.map((d) => ({ name: `Département ${d}`, countryCode: 'FR' as const, geoCode: d })) } : {}),
		}
	})
	return {
		version: THREE_SIXTY_GIVING_VERSION,
		title: `Subventions de l’appel à projets « ${call.title} » — ${funder.name}`,
		issued: now.toISOString(),
		publisher: { name: funder.name, identifier: funding.id },
		grants,
	}
}
