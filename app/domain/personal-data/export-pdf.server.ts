/**
 * The personal data export as a readable PDF (the same content as the JSON file, laid out
 * for a person): one heading per section, one block per item, French labels and dates.
 * Long free texts are cut in the PDF only, and say so; the JSON file has them whole.
 */
import { APPLICATION_STATUS_LABELS } from '#app/domain/applications/options.ts'
import { CONFLICT_CAUSE_LABELS, CONFLICT_STATUS_LABELS } from '#app/domain/jury/conflicts.ts'
import { JUROR_KIND_LABELS, JUROR_STATUS_LABELS } from '#app/domain/jury/composition.ts'
import { MEMBER_ROLE_LABELS } from '#app/domain/organizations/association-form.ts'
import { ANSWER_STATUS_LABELS } from '#app/domain/partners/forms.ts'
import { VERDICT_LABELS } from '#app/domain/supporters/opinions.ts'
import { createPdf, facts, finish, FONT, heading, toBuffer, type Pdf } from '#app/services/pdf/pdf-document.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { SECTION_TITLES, type PersonalDataExport } from './export.server.ts'

/** Longest value printed in full in the PDF. */
const PDF_TEXT_LIMIT = 2000
const PLATFORM_ROLE_LABELS: Record<string, string> = { admin: 'administrateur·rice' }

const FIELD_LABELS: Record<string, string> = {
	expiresAt: 'Expire le',
	organization: 'Organisation',
	kind: 'Type',
	role: 'Rôle',
	since: 'Depuis le',
	call: 'Appel',
	status: 'État',
	isChair: 'Président·e',
	territories: 'Territoires',
	maxLoad: 'Charge maximale',
	sentAt: 'Envoyé le',
	acceptedAt: 'Acceptée le',
	declinedAt: 'Déclinée le',
	cancelledAt: 'Annulée le',
	title: 'Titre',
	leadOrganization: 'Chef de file',
	createdAt: 'Créé le',
	dossier: 'Dossier',
	roleDescription: 'Qui fait quoi',
	contribution: 'Contribution',
	message: 'Message',
	confirmedAt: 'Confirmé le',
	side: 'Côté',
	body: 'Texte',
	conversation: 'Conversation',
	to: 'À',
	from: 'De la part de',
	reason: 'Motif',
	reportedAt: 'Signalé le',
	liftedAt: 'Levé le',
	madeByYou: 'Fait par vous',
	aboutYou: 'Vous concerne',
	generalOpinion: 'Avis général',
	weightedScore: 'Note pondérée (sur 100)',
	startedAt: 'Commencée le',
	submittedAt: 'Envoyée le',
	scores: 'Notes',
	cause: 'Cause',
	detail: 'Détail',
	declaredAt: 'Déclaré le',
	verdict: 'Avis',
	text: 'Texte',
	updatedAt: 'Mis à jour le',
	suggestedTo: 'Suggéré à',
	note: 'Note',
	project: 'Projet',
	lookingFor: 'Partenaires recherchés',
	announcement: 'Annonce',
	departement: 'Département',
	volunteeredAt: 'Inscrit le',
	withdrawnAt: 'Retiré le',
	signerName: 'Nom du signataire',
	signerQuality: 'Qualité',
	version: 'Version',
	signedAt: 'Signé le',
	answers: 'Réponses',
	consentedAt: 'Accord donné le',
	subject: 'Objet',
	template: 'Modèle',
	queuedAt: 'Préparé le',
	label: 'Action',
	action: 'Code',
	subjectType: 'Sur',
	subjectId: 'Identifiant',
	byYou: 'Par vous',
	data: 'Détails',
	at: 'Le',
}

/** The codes a section holds, in words (the JSON file keeps the codes). */
const VALUE_LABELS: Partial<Record<keyof typeof SECTION_TITLES, Record<string, Record<string, string>>>> = {
	memberships: { kind: { association: 'association', funder: 'financeur', supporter: 'structure d’accompagnement' }, role: MEMBER_ROLE_LABELS },
	jurorSeats: { kind: JUROR_KIND_LABELS, status: JUROR_STATUS_LABELS },
	invitationsReceived: { role: MEMBER_ROLE_LABELS },
	dossiersCreated: { status: APPLICATION_STATUS_LABELS },
	consortiumCommitments: { role: { lead: 'chef de file', partner: 'partenaire' } },
	dossierMessages: { side: { funder: 'financeur', consortium: 'consortium' } },
	juryConflictDeclarations: { cause: CONFLICT_CAUSE_LABELS, status: CONFLICT_STATUS_LABELS },
	supporterOpinions: { verdict: VERDICT_LABELS },
	announcementAnswers: { status: ANSWER_STATUS_LABELS },
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

function printable(value: unknown): string {
	if (value === null || value === undefined || value === '') return '—'
	if (typeof value === 'boolean') return value ? 'oui' : 'non'
	if (typeof value === 'string') return ISO_DATE.test(value) ? formatDateTime(value) : value
	if (typeof value === 'number') return String(value).replace('.', ',')
	const text = JSON.stringify(value)
	return text === '{}' || text === '[]' ? '—' : text
}

function cut(text: string): string {
	return text.length > PDF_TEXT_LIMIT ? `${text.slice(0, PDF_TEXT_LIMIT)}… (texte coupé ici ; il est complet dans le fichier JSON)` : text
}

function item(doc: Pdf, row: Record<string, unknown>, codes: Record<string, Record<string, string>> = {}) {
	if (doc.y > doc.page.height - 140) doc.addPage()
	facts(
		doc,
		Object.entries(row).map(([key, value]) => [FIELD_LABELS[key] ?? key, cut(typeof value === 'string' && codes[key]?.[value] ? codes[key][value] : printable(value))]),
	)
	doc.moveDown(0.5)
}

export async function personalDataPdf(data: PersonalDataExport): Promise<Buffer> {
	const doc = createPdf({ title: 'Mes données personnelles — Ensemble' })
	const done = toBuffer(doc)
	doc.font(FONT.bold).fontSize(18).text('Mes données personnelles')
	doc.font(FONT.regular).fontSize(10).fillColor('#4b5563').text(`Exportées le ${formatDateTime(data.exportedAt)} depuis le portail Ensemble.`).fillColor('#111827')
	heading(doc, 'Votre compte')
	facts(doc, [
		['Nom', data.account.displayName],
		['Adresse e-mail', data.account.email],
		['Compte créé le', formatDateTime(data.account.createdAt)],
		['Adresse confirmée le', data.account.emailVerifiedAt ? formatDateTime(data.account.emailVerifiedAt) : 'non confirmée'],
		['Rôle sur la plateforme', data.account.platformRole ? PLATFORM_ROLE_LABELS[data.account.platformRole] : '—'],
		['Identifiant', data.account.id],
	])
	for (const key of Object.keys(SECTION_TITLES) as (keyof typeof SECTION_TITLES)[]) {
		const section = data[key]
		heading(doc, `${SECTION_TITLES[key]} (${section.items.length}${section.truncated ? '+' : ''})`, 12)
		if (section.truncated) {
			doc.font(FONT.italic).text(`Plus de ${section.limit} éléments : seuls les ${section.limit} plus récents figurent dans cet export. Écrivez-nous pour obtenir le reste (voir la page « Confidentialité »).`).font(FONT.regular).moveDown(0.3)
		}
		if (section.items.length === 0) {
			doc.font(FONT.italic).fillColor('#4b5563').text('Aucun élément.').fillColor('#111827').font(FONT.regular)
			continue
		}
		for (const row of section.items) item(doc, row as Record<string, unknown>, VALUE_LABELS[key])
	}
	finish(doc, 'Mes données personnelles — Ensemble')
	return done
}
