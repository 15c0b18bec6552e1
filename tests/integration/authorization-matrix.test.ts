/**
 * Every route × every role, with the answer each role must get. A new route joins this
 * table; a role added to the portal joins ROLES.
 */
import { readdirSync } from 'node:fs'
import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startContact } from '#app/domain/directory/contacts.server.ts'
import { saveProfile, setProfilePublished } from '#app/domain/directory/profiles.server.ts'
import { inviteJuror } from '#app/domain/jury/composition.server.ts'
import { inviteMember } from '#app/domain/organizations/associations.server.ts'
import { createAnnouncement } from '#app/domain/partners/announcements.server.ts'
import { answerAnnouncement } from '#app/domain/partners/answers.server.ts'
import { db } from '#db/client.server.ts'
import { applications, attachments, juryAssignments, juryConflicts, jurors, payments } from '#db/schema/index.ts'
import { createApplication, createAssociationMember, createCall, createJuror, createPlatformAdmin, createStaff } from '#tests/factories.ts'
import { followedDossier } from '#tests/support/follow-up.ts'
import { decidedDossiers, publish } from '#tests/support/showcase.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'
import { keepDataBetweenTests } from '#tests/support/shared-fixtures.ts'

/**
 * The jurors of the call (issue 8): seated without an assignment, assigned to A's recevable
 * application, assigned to it but in conflict (open), and the président·e of the jury
 * (seated, not assigned). Only the assigned juror opens that dossier (/jury/appels/…); each
 * is refused wherever a juror has no business.
 */
const ROLES = ['anonyme', 'membre A', 'membre B', 'membre C', 'accompagnement', 'financeur', 'admin', 'juré non affecté', 'juré affecté', 'juré en conflit', 'président·e'] as const
type Role = (typeof ROLES)[number]

/**
 * ok: the page answers (2xx; 400 for an empty form, i.e. the action ran its validation);
 * login: sent to /connexion; home: sent away (e.g. a signed-in user on the login page);
 * forbidden: 403; notfound: 404; refused: 409 (allowed, but the domain refuses at this stage of the call).
 */
type Expected = 'ok' | 'login' | 'home' | 'forbidden' | 'notfound' | 'refused'

type Fixtures = {
	associationA: string
	associationB: string
	funder: string
	supporter: string
	callId: string
	invitationToken: string
	/** A jury invitation of the call to an address nobody here owns. */
	juryInvitationToken: string
	/** An application led by association A, association B invited and not yet answering; C is unrelated. */
	applicationId: string
	partnerInvitationToken: string
	/** A submitted application led by A (its partner is none of the roles), declared recevable: the funder's staff see it and its messages. */
	submittedApplicationId: string
	/** One of its files, and the assignment of 'juré affecté' to it. */
	submittedAttachmentId: string
	assignmentId: string
	/** The open conflict of 'juré en conflit' on it. */
	conflictId: string
	/**
	 * The follow-up (issue 10), in a decided call of the same funder: two retained dossiers led
	 * by A with B confirmed, one awaiting the signatures of its agreement, one with its
	 * end-of-project evaluation open. The jurors sit on the other call.
	 */
	followedCallId: string
	reportingCallId: string
	signingApplicationId: string
	reportingApplicationId: string
	/** A tranche of the reporting dossier that is due (its agreement is signed). */
	dueTrancheId: string
	// Issue 12 — announcements and the draw: A's « je cherche des partenaires » announcement on the call, and B's pending answer to it.
	announcementId: string
	answerId: string
	// Issue 12 — showcase
	/** Two dossiers led by A with B confirmed, their evaluation approved: one published (both consented), one without texts yet. */
	publishedApplicationId: string
	approvedApplicationId: string
	// Issue 12 — partner directory: A's profile published, B's saved but not published; C wrote to A.
	directoryContactId: string
}

type Row = {
	method: 'GET' | 'POST'
	path: (f: Fixtures) => string
	label: string
	fields?: Record<string, string> | ((f: Fixtures) => Record<string, string>)
	expected: Record<Role, Expected>
}

const all = (expected: Expected): Record<Role, Expected> =>
	Object.fromEntries(ROLES.map((role) => [role, expected])) as Record<Role, Expected>
const signedIn = (expected: Expected): Record<Role, Expected> => ({ ...all(expected), anonyme: 'login' })
const only = (roles: Role[], otherwise: Expected = 'forbidden'): Record<Role, Expected> =>
	Object.fromEntries(ROLES.map((role) => [role, role === 'anonyme' ? 'login' : roles.includes(role) ? 'ok' : otherwise])) as Record<Role, Expected>

const ROUTES: Row[] = [
	{ method: 'GET', label: '/', path: () => '/', expected: all('ok') },
	{ method: 'GET', label: '/healthz', path: () => '/healthz', expected: all('ok') },
	{ method: 'GET', label: '/inscription', path: () => '/inscription', expected: { ...all('home'), anonyme: 'ok' } },
	{ method: 'POST', label: '/inscription', path: () => '/inscription', fields: {}, expected: { ...all('home'), anonyme: 'ok' } },
	{ method: 'GET', label: '/connexion', path: () => '/connexion', expected: { ...all('home'), anonyme: 'ok' } },
	{ method: 'POST', label: '/connexion', path: () => '/connexion', fields: {}, expected: { ...all('home'), anonyme: 'ok' } },
	{ method: 'GET', label: '/verification', path: () => '/verification', expected: all('ok') },
	{ method: 'POST', label: '/verification', path: () => '/verification', fields: { intent: 'resend' }, expected: all('ok') },
	{ method: 'GET', label: '/mot-de-passe-oublie', path: () => '/mot-de-passe-oublie', expected: all('ok') },
	{ method: 'POST', label: '/mot-de-passe-oublie', path: () => '/mot-de-passe-oublie', fields: {}, expected: all('ok') },
	{ method: 'GET', label: '/reinitialiser-mot-de-passe', path: () => '/reinitialiser-mot-de-passe', expected: all('ok') },
	{ method: 'POST', label: '/reinitialiser-mot-de-passe', path: () => '/reinitialiser-mot-de-passe', fields: {}, expected: all('ok') },
	{ method: 'GET', label: '/espace', path: () => '/espace', expected: signedIn('ok') },
	// Issue 13 — personal data (tests/integration/personal-data.test.ts, retention.test.ts): each signed-in person their own
	// data and account (nobody's id is in these paths); the forms below never delete (empty, or a wrong password: 400).
	{ method: 'GET', label: '/compte/donnees', path: () => '/compte/donnees', expected: signedIn('ok') },
	{ method: 'GET', label: '/compte/donnees.json', path: () => '/compte/donnees.json', expected: signedIn('ok') },
	{ method: 'GET', label: '/compte/donnees.pdf', path: () => '/compte/donnees.pdf', expected: signedIn('ok') },
	{ method: 'GET', label: '/compte/suppression', path: () => '/compte/suppression', expected: signedIn('ok') },
	{ method: 'POST', label: '/compte/suppression (formulaire vide)', path: () => '/compte/suppression', fields: {}, expected: signedIn('ok') },
	{
		method: 'POST',
		label: '/compte/suppression (mauvais mot de passe)',
		path: () => '/compte/suppression',
		fields: { password: 'pas-le-bon-mot-de-passe', confirmation: 'SUPPRIMER' },
		expected: signedIn('ok'),
	},
	{ method: 'GET', label: '/admin/conservation', path: () => '/admin/conservation', expected: only(['admin']) },
	{ method: 'GET', label: '/admin/taches', path: () => '/admin/taches', expected: only(['admin']) },
	{ method: 'GET', label: '/confidentialite', path: () => '/confidentialite', expected: all('ok') },
	{ method: 'POST', label: '/deconnexion', path: () => '/deconnexion', fields: {}, expected: all('home') },

	{ method: 'GET', label: '/admin', path: () => '/admin', expected: only(['admin']) },
	{ method: 'GET', label: '/admin/structures/nouvelle', path: () => '/admin/structures/nouvelle', expected: only(['admin']) },
	{ method: 'POST', label: '/admin/structures/nouvelle', path: () => '/admin/structures/nouvelle', fields: {}, expected: only(['admin']) },
	{ method: 'GET', label: '/admin/structures/:financeur', path: (f) => `/admin/structures/${f.funder}`, expected: only(['admin']) },
	{ method: 'GET', label: '/admin/structures/:accompagnement', path: (f) => `/admin/structures/${f.supporter}`, expected: only(['admin']) },
	{
		method: 'POST',
		label: '/admin/structures/:financeur (nommer)',
		path: (f) => `/admin/structures/${f.funder}`,
		fields: { intent: 'name-staff' },
		expected: only(['admin']),
	},
	{
		method: 'POST',
		label: '/admin/structures/:financeur (retirer)',
		path: (f) => `/admin/structures/${f.funder}`,
		fields: { intent: 'remove-staff' },
		expected: only(['admin']),
	},
	{ method: 'GET', label: '/gestion', path: () => '/gestion', expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/nouveau', path: () => '/gestion/appels/nouveau', expected: only(['financeur']) },
	{ method: 'POST', label: '/gestion/appels/nouveau', path: () => '/gestion/appels/nouveau', fields: {}, expected: only(['financeur']) },
	// The call belongs to the funder of 'financeur'; staff of another funder would get 404 (tests/integration/calls-management.test.ts).
	// Past calls imported from a spreadsheet (issue 11; tests/integration/past-call-import.test.ts): any funder's staff.
	{ method: 'GET', label: '/gestion/appels/importer', path: () => '/gestion/appels/importer', expected: only(['financeur']) },
	{ method: 'POST', label: '/gestion/appels/importer', path: () => '/gestion/appels/importer', fields: {}, expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/importer/modele.xlsx', path: () => '/gestion/appels/importer/modele.xlsx', expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/:appel', path: (f) => `/gestion/appels/${f.callId}`, expected: only(['financeur']) },
	{ method: 'POST', label: '/gestion/appels/:appel (enregistrer)', path: (f) => `/gestion/appels/${f.callId}`, fields: { intent: 'save' }, expected: only(['financeur']) },
	{ method: 'POST', label: '/gestion/appels/:appel (sans action)', path: (f) => `/gestion/appels/${f.callId}`, fields: {}, expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/:appel/grille', path: (f) => `/gestion/appels/${f.callId}/grille`, expected: only(['financeur']) },
	{ method: 'POST', label: '/gestion/appels/:appel/grille', path: (f) => `/gestion/appels/${f.callId}/grille`, fields: {}, expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/:appel/questions', path: (f) => `/gestion/appels/${f.callId}/questions`, expected: only(['financeur']) },
	{ method: 'POST', label: '/gestion/appels/:appel/questions', path: (f) => `/gestion/appels/${f.callId}/questions`, fields: {}, expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/:appel/apercu', path: (f) => `/gestion/appels/${f.callId}/apercu`, expected: only(['financeur']) },
	// Instruction (tests/integration/instruction.test.ts): the applications of the funder's call; the fixture's is a draft, so not the funder's to see.
	{ method: 'GET', label: '/gestion/appels/:appel/candidatures', path: (f) => `/gestion/appels/${f.callId}/candidatures?statut=submitted`, expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/:appel/candidatures/:brouillon', path: (f) => `/gestion/appels/${f.callId}/candidatures/${f.applicationId}`, expected: { ...only([]), financeur: 'notfound' } },
	{
		method: 'POST',
		label: '/gestion/appels/:appel/candidatures/:brouillon (recevabilité)',
		path: (f) => `/gestion/appels/${f.callId}/candidatures/${f.applicationId}`,
		fields: { intent: 'admissibility', decision: 'admissible' },
		expected: { ...only([]), financeur: 'notfound' },
	},
	// Files of a dossier for the funder (tests/integration/funder-dossier.test.ts downloads real ones): a draft's exist for nobody.
	{
		method: 'GET',
		label: '/gestion/appels/:appel/candidatures/:brouillon/pieces/:inconnue',
		path: (f) => `/gestion/appels/${f.callId}/candidatures/${f.applicationId}/pieces/inconnue`,
		expected: { ...only([]), financeur: 'notfound' },
	},
	{
		method: 'GET',
		label: '/gestion/appels/:appel/candidatures/:brouillon/recepisse.pdf',
		path: (f) => `/gestion/appels/${f.callId}/candidatures/${f.applicationId}/recepisse.pdf`,
		expected: { ...only([]), financeur: 'notfound' },
	},
	...(['candidatures.csv', 'membres.csv', 'candidatures.xlsx'] as const).map(
		(file): Row => ({ method: 'GET', label: `/gestion/appels/:appel/export/${file}`, path: (f) => `/gestion/appels/${f.callId}/export/${file}`, expected: only(['financeur']) }),
	),
	{ method: 'GET', label: '/gestion/appels/:appel/export/:inconnu', path: (f) => `/gestion/appels/${f.callId}/export/inconnu.pdf`, expected: { ...only([]), financeur: 'notfound' } },
	// The bilan and the open data (issue 11; tests/integration/bilan-pages.test.ts, open-data-exports.test.ts): the call's funder staff only.
	...(['bilan', 'bilan.pdf', 'bilan.xlsx', 'donnees-ouvertes/subventions-scdl.csv', 'donnees-ouvertes/subventions-360giving.json'] as const).map(
		(page): Row => ({ method: 'GET', label: `/gestion/appels/:appel/${page}`, path: (f) => `/gestion/appels/${f.callId}/${page}`, expected: only(['financeur']) }),
	),
	{ method: 'GET', label: '/gestion/appels/:inconnu/bilan', path: () => '/gestion/appels/inconnu/bilan', expected: { ...only([]), financeur: 'notfound' } },
	{ method: 'GET', label: '/gestion/appels/:appel/donnees-ouvertes/:inconnu', path: (f) => `/gestion/appels/${f.callId}/donnees-ouvertes/inconnu.csv`, expected: { ...only([]), financeur: 'notfound' } },
	// The jury (tests/integration/jury-page.test.ts): the call's funder staff only, jurors included in the refusal.
	{ method: 'GET', label: '/gestion/appels/:appel/jury', path: (f) => `/gestion/appels/${f.callId}/jury`, expected: only(['financeur']) },
	{ method: 'POST', label: '/gestion/appels/:appel/jury', path: (f) => `/gestion/appels/${f.callId}/jury`, fields: {}, expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/:inconnu/jury', path: () => '/gestion/appels/inconnu/jury', expected: { ...only([]), financeur: 'notfound' } },
	// The deliberation (tests/integration/deliberation.test.ts): the call's funder staff and the jury's chair, 404 for anyone else.
	// The fixture's call is published, not in deliberation: both get the status refusal (409), forms included (checked before the body).
	...(['GET', 'POST'] as const).flatMap((method) =>
		[
			{ label: '/gestion/appels/:appel/deliberation', path: (f: Fixtures) => `/gestion/appels/${f.callId}/deliberation` },
			{ label: '/gestion/appels/:appel/deliberation/:dossier', path: (f: Fixtures) => `/gestion/appels/${f.callId}/deliberation/${f.submittedApplicationId}` },
		].map(
			(row): Row => ({
				method,
				label: row.label,
				path: row.path,
				...(method === 'POST' ? { fields: {} } : {}),
				expected: { ...all('notfound'), anonyme: 'login', financeur: 'refused', 'président·e': 'refused' },
			}),
		),
	),
	{ method: 'GET', label: '/gestion/appels/:inconnu/deliberation', path: () => '/gestion/appels/inconnu/deliberation', expected: { ...all('notfound'), anonyme: 'login' } },
	// Assignments (tests/integration/jury-assignment.test.ts): the call's funder staff only. The fixture's call is published, not at
	// the jury: preview and reminders are refused (409) for its staff; the other intents stop at their empty form (400).
	{ method: 'GET', label: '/gestion/appels/:appel/jury/affectations', path: (f) => `/gestion/appels/${f.callId}/jury/affectations`, expected: only(['financeur']) },
	...(['settings', 'apply', 'add', 'remove', 'move', ''] as const).map(
		(intent): Row => ({
			method: 'POST',
			label: `/gestion/appels/:appel/jury/affectations (${intent || 'sans action'})`,
			path: (f) => `/gestion/appels/${f.callId}/jury/affectations`,
			fields: intent ? { intent } : {},
			expected: only(['financeur']),
		}),
	),
	...(['preview', 'remind'] as const).map(
		(intent): Row => ({
			method: 'POST',
			label: `/gestion/appels/:appel/jury/affectations (${intent})`,
			path: (f) => `/gestion/appels/${f.callId}/jury/affectations`,
			fields: { intent },
			expected: { ...only(['financeur']), financeur: 'refused' },
		}),
	),
	{ method: 'GET', label: '/gestion/appels/:inconnu/jury/affectations', path: () => '/gestion/appels/inconnu/jury/affectations', expected: { ...only([]), financeur: 'notfound' } },
	{ method: 'POST', label: '/gestion/appels/:inconnu/jury/affectations (apply)', path: () => '/gestion/appels/inconnu/jury/affectations', fields: { intent: 'apply', jurorsPerApplication: '3' }, expected: { ...only([]), financeur: 'notfound' } },
	// Telling the associations (tests/integration/decision-letters.test.ts): the call's funder staff only, its chair included in the
	// refusal. Templates are edited at any stage (an empty save stops at its form, 400; a reset first asks to confirm, 200). The
	// fixture's call is published, not decided: the letters' page answers (200, saying when letters can go) and starting them is refused (409).
	{ method: 'GET', label: '/gestion/appels/:appel/modeles', path: (f) => `/gestion/appels/${f.callId}/modeles`, expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/:appel/modeles/:cle', path: (f) => `/gestion/appels/${f.callId}/modeles/selected-email`, expected: only(['financeur']) },
	...(['save', 'preview', 'reset', ''] as const).map(
		(intent): Row => ({
			method: 'POST',
			label: `/gestion/appels/:appel/modeles/:cle (${intent || 'sans action'})`,
			path: (f) => `/gestion/appels/${f.callId}/modeles/selected-email`,
			fields: intent ? { intent } : {},
			expected: only(['financeur']),
		}),
	),
	// The letter's PDF preview, from the fixture's recevable dossier; an email's key has none (404).
	{ method: 'GET', label: '/gestion/appels/:appel/modeles/:cle/apercu.pdf', path: (f) => `/gestion/appels/${f.callId}/modeles/selected-letter/apercu.pdf`, expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/:appel/modeles/:e-mail/apercu.pdf', path: (f) => `/gestion/appels/${f.callId}/modeles/selected-email/apercu.pdf`, expected: { ...only([]), financeur: 'notfound' } },
	{ method: 'GET', label: '/gestion/appels/:appel/modeles/:inconnue', path: (f) => `/gestion/appels/${f.callId}/modeles/inconnue`, expected: { ...only([]), financeur: 'notfound' } },
	{ method: 'GET', label: '/gestion/appels/:inconnu/modeles', path: () => '/gestion/appels/inconnu/modeles', expected: { ...only([]), financeur: 'notfound' } },
	{ method: 'GET', label: '/gestion/appels/:appel/courriers', path: (f) => `/gestion/appels/${f.callId}/courriers`, expected: only(['financeur']) },
	...(['start', 'retry'] as const).map(
		(intent): Row => ({
			method: 'POST',
			label: `/gestion/appels/:appel/courriers (${intent})`,
			path: (f) => `/gestion/appels/${f.callId}/courriers`,
			fields: { intent },
			expected: { ...only(['financeur']), financeur: 'refused' },
		}),
	),
	{ method: 'POST', label: '/gestion/appels/:appel/courriers (sans action)', path: (f) => `/gestion/appels/${f.callId}/courriers`, fields: {}, expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/:appel/courriers/:inconnu.pdf', path: (f) => `/gestion/appels/${f.callId}/courriers/inconnu.pdf`, expected: { ...only([]), financeur: 'notfound' } },
	{ method: 'GET', label: '/gestion/appels/:inconnu/courriers', path: () => '/gestion/appels/inconnu/courriers', expected: { ...only([]), financeur: 'notfound' } },
	{ method: 'GET', label: '/gestion/appels/:inconnu', path: () => '/gestion/appels/inconnu', expected: { ...only([]), financeur: 'notfound' } },

	{ method: 'GET', label: '/associations/nouvelle', path: () => '/associations/nouvelle', expected: signedIn('ok') },
	{ method: 'POST', label: '/associations/nouvelle', path: () => '/associations/nouvelle', fields: {}, expected: signedIn('ok') },
	// Outsiders do not learn that the association exists.
	{ method: 'GET', label: '/associations/:A', path: (f) => `/associations/${f.associationA}`, expected: only(['membre A', 'admin'], 'notfound') },
	{
		method: 'POST',
		label: '/associations/:A (inviter)',
		path: (f) => `/associations/${f.associationA}`,
		fields: { intent: 'invite' },
		expected: only(['membre A', 'admin'], 'notfound'),
	},
	{ method: 'GET', label: '/associations/:B', path: (f) => `/associations/${f.associationB}`, expected: only(['membre B', 'admin'], 'notfound') },
	// Only its référent (and the platform admin) edits the association's profile; outsiders do not learn it exists.
	{ method: 'GET', label: '/associations/:A/modifier', path: (f) => `/associations/${f.associationA}/modifier`, expected: only(['membre A', 'admin'], 'notfound') },
	{
		method: 'POST',
		label: '/associations/:A/modifier',
		path: (f) => `/associations/${f.associationA}/modifier`,
		fields: {},
		expected: only(['membre A', 'admin'], 'notfound'),
	},
	// The invitation is for another address: anyone may read what it is, nobody here may accept it.
	{ method: 'GET', label: '/invitations/:jeton', path: (f) => `/invitations/${f.invitationToken}`, expected: all('ok') },
	{ method: 'POST', label: '/invitations/:jeton', path: (f) => `/invitations/${f.invitationToken}`, fields: { intent: 'accept' }, expected: signedIn('forbidden') },
	{ method: 'GET', label: '/invitations/:inconnu', path: () => '/invitations/inconnu', expected: all('notfound') },
	{ method: 'GET', label: '/jury/invitations/:jeton', path: (f) => `/jury/invitations/${f.juryInvitationToken}`, expected: all('ok') },
	// Accepting needs the invited address: nobody here has it (anonymous: asked to sign in).
	{ method: 'POST', label: '/jury/invitations/:jeton (accepter)', path: (f) => `/jury/invitations/${f.juryInvitationToken}`, fields: { intent: 'accept' }, expected: all('forbidden') },
	{ method: 'GET', label: '/jury/invitations/:inconnu', path: () => '/jury/invitations/inconnu', expected: all('notfound') },
	{ method: 'POST', label: '/jury/invitations/:inconnu', path: () => '/jury/invitations/inconnu', fields: { intent: 'decline' }, expected: all('notfound') },
	// The juror's space and scoring (tests/integration/jury-scoring.test.ts). /jury answers everyone signed in (empty without a seat).
	{ method: 'GET', label: '/jury', path: () => '/jury', expected: signedIn('ok') },
	{ method: 'POST', label: '/jury (sans action)', path: () => '/jury', fields: {}, expected: signedIn('ok') },
	{
		method: 'POST',
		label: '/jury (déclarer un conflit, dossier inconnu)',
		path: () => '/jury',
		fields: (f) => ({ intent: 'declare-conflict', callId: f.callId, applicationId: 'inconnu', type: 'autre', detail: 'Un lien.' }),
		expected: signedIn('notfound'),
	},
	// The chair or the funder's staff decide (confirming keeps the juror away); never the juror concerned (403); nobody else knows of it.
	{
		method: 'POST',
		label: '/jury (décider un conflit)',
		path: () => '/jury',
		fields: (f) => ({ intent: 'decide-conflict', conflictId: f.conflictId, decision: 'confirm', reason: 'Lien avéré.' }),
		expected: { ...signedIn('notfound'), financeur: 'home', 'président·e': 'home', 'juré en conflit': 'forbidden' },
	},
	{
		method: 'GET',
		label: '/jury/appels/:appel/dossiers/:recevable',
		path: (f) => `/jury/appels/${f.callId}/dossiers/${f.submittedApplicationId}`,
		expected: only(['juré affecté'], 'notfound'),
	},
	...(['save', 'autosave', 'send'] as const).map(
		(intent): Row => ({
			method: 'POST',
			label: `/jury/appels/:appel/dossiers/:recevable (${intent})`,
			path: (f) => `/jury/appels/${f.callId}/dossiers/${f.submittedApplicationId}`,
			fields: { intent },
			expected: only(['juré affecté'], 'notfound'),
		}),
	),
	{
		method: 'GET',
		label: '/jury/appels/:appel/dossiers/:recevable/pieces/:pièce',
		path: (f) => `/jury/appels/${f.callId}/dossiers/${f.submittedApplicationId}/pieces/${f.submittedAttachmentId}`,
		expected: only(['juré affecté'], 'notfound'),
	},
	{ method: 'GET', label: '/jury/appels/:appel/dossiers/:brouillon', path: (f) => `/jury/appels/${f.callId}/dossiers/${f.applicationId}`, expected: signedIn('notfound') },
	{
		method: 'GET',
		label: '/gestion/appels/:appel/jury/evaluations/:affectation',
		path: (f) => `/gestion/appels/${f.callId}/jury/evaluations/${f.assignmentId}`,
		expected: only(['financeur']),
	},
	{
		method: 'POST',
		label: '/gestion/appels/:appel/jury/evaluations/:affectation (rouvrir)',
		path: (f) => `/gestion/appels/${f.callId}/jury/evaluations/${f.assignmentId}`,
		fields: { intent: 'reopen' },
		expected: only(['financeur']),
	},
	{
		method: 'GET',
		label: '/gestion/appels/:appel/jury/evaluations/:inconnue',
		path: (f) => `/gestion/appels/${f.callId}/jury/evaluations/inconnue`,
		expected: { ...only([]), financeur: 'notfound' },
	},

	// The end of the deliberation (tests/integration/deliberation-closing.test.ts): the close page and the minutes for staff and the
	// seated chair, the decisions page for staff; nobody else learns of them (404). The fixture's call is published: not yet (409).
	...(['GET', 'POST'] as const).map(
		(method): Row => ({
			method,
			label: `/gestion/appels/:appel/deliberation/cloture${method === 'POST' ? ' (valider)' : ''}`,
			path: (f) => `/gestion/appels/${f.callId}/deliberation/cloture`,
			fields: { intent: 'validate' },
			expected: { ...only([], 'notfound'), financeur: 'refused', 'président·e': 'refused' },
		}),
	),
	{
		method: 'POST',
		label: '/gestion/appels/:appel/deliberation/cloture (clore)',
		path: (f) => `/gestion/appels/${f.callId}/deliberation/cloture`,
		fields: { intent: 'close' },
		expected: { ...only([], 'notfound'), financeur: 'refused', 'président·e': 'refused' },
	},
	{
		method: 'GET',
		label: '/gestion/appels/:appel/proces-verbal.pdf',
		path: (f) => `/gestion/appels/${f.callId}/proces-verbal.pdf`,
		expected: { ...only([], 'notfound'), financeur: 'refused', 'président·e': 'refused' },
	},
	{ method: 'GET', label: '/gestion/appels/:appel/decisions', path: (f) => `/gestion/appels/${f.callId}/decisions`, expected: { ...only([], 'notfound'), financeur: 'refused', 'président·e': 'forbidden' } },
	...(['promote', 'amend', 'renounce'] as const).map(
		(intent): Row => ({
			method: 'POST',
			label: `/gestion/appels/:appel/decisions (${intent})`,
			path: (f) => `/gestion/appels/${f.callId}/decisions`,
			fields: { intent },
			expected: { ...only([], 'notfound'), financeur: 'refused', 'président·e': 'forbidden' },
		}),
	),
	{ method: 'GET', label: '/gestion/appels/:inconnu/decisions', path: () => '/gestion/appels/inconnu/decisions', expected: only([], 'notfound') },
	{ method: 'GET', label: '/gestion/appels/:inconnu/proces-verbal.pdf', path: () => '/gestion/appels/inconnu/proces-verbal.pdf', expected: only([], 'notfound') },

	// The follow-up of retained dossiers (issue 10), on the decided call: the consortium's pages for its co-porters (A leads, B
	// co-carries; both référents) and readable by the call's funder; nobody else knows of them (404). The funder's pages under
	// /gestion answer 403 to anyone not a funder's staff, as every /gestion page does.
	{ method: 'GET', label: '/candidatures/:retenu/convention', path: (f) => `/candidatures/${f.signingApplicationId}/convention`, expected: only(['membre A', 'membre B', 'financeur'], 'notfound') },
	{
		method: 'POST',
		label: '/candidatures/:retenu/convention (signer)',
		path: (f) => `/candidatures/${f.signingApplicationId}/convention`,
		// A digest that is not the text's: A's référent is told to read it again (409); nobody else may sign for A.
		fields: (f) => ({ intent: 'sign', organizationId: f.associationA, digest: 'ancienne-version', signerName: 'Camille Martin', signerQuality: 'présidente' }),
		expected: { ...only([], 'notfound'), 'membre A': 'refused', 'membre B': 'forbidden', financeur: 'forbidden' },
	},
	{
		method: 'POST',
		label: '/candidatures/:retenu/convention (signer, formulaire vide)',
		path: (f) => `/candidatures/${f.signingApplicationId}/convention`,
		// Refused before the form is read for whoever may not sign for A; A's référent gets the form's messages (400).
		fields: (f) => ({ intent: 'sign', organizationId: f.associationA }),
		expected: { ...only(['membre A'], 'notfound'), 'membre B': 'forbidden', financeur: 'forbidden' },
	},
	{
		method: 'POST',
		label: '/candidatures/:retenu/convention (répartition)',
		path: (f) => `/candidatures/${f.signingApplicationId}/convention`,
		// No share given: the lead's référent is answered 400 (nothing written); only they may split the grant.
		fields: { intent: 'set-grant-split', split: 'oui' },
		expected: { ...only(['membre A'], 'notfound'), 'membre B': 'forbidden', financeur: 'forbidden' },
	},
	{ method: 'GET', label: '/candidatures/:retenu/convention.pdf', path: (f) => `/candidatures/${f.signingApplicationId}/convention.pdf`, expected: only(['membre A', 'membre B', 'financeur'], 'notfound') },
	{ method: 'GET', label: '/candidatures/:retenu/evaluation', path: (f) => `/candidatures/${f.reportingApplicationId}/evaluation`, expected: only(['membre A', 'membre B', 'financeur'], 'notfound') },
	{
		method: 'POST',
		label: '/candidatures/:retenu/evaluation (section du consortium)',
		path: (f) => `/candidatures/${f.reportingApplicationId}/evaluation`,
		// A version nobody read: each co-porter is refused as stale (409), the funder may not write it.
		fields: { intent: 'consortium-section', section: 'publics', version: '999' },
		expected: { ...only([], 'notfound'), 'membre A': 'refused', 'membre B': 'refused', financeur: 'forbidden' },
	},
	{
		method: 'POST',
		label: '/candidatures/:retenu/evaluation (section du consortium, formulaire invalide)',
		path: (f) => `/candidatures/${f.reportingApplicationId}/evaluation`,
		// The funder is refused before the form is read; each co-porter gets the form's messages (400).
		fields: { intent: 'consortium-section', section: 'publics', version: 'x', participantsReached: 'beaucoup' },
		expected: { ...only(['membre A', 'membre B'], 'notfound'), financeur: 'forbidden' },
	},
	{
		method: 'POST',
		label: '/candidatures/:retenu/evaluation (partie de A)',
		path: (f) => `/candidatures/${f.reportingApplicationId}/evaluation`,
		fields: (f) => ({ intent: 'association-part', organizationId: f.associationA, version: 'x' }),
		expected: { ...only(['membre A'], 'notfound'), 'membre B': 'forbidden', financeur: 'forbidden' },
	},
	{
		method: 'POST',
		label: '/candidatures/:retenu/evaluation (envoyer)',
		path: (f) => `/candidatures/${f.reportingApplicationId}/evaluation`,
		fields: { intent: 'submit' },
		expected: { ...only([], 'notfound'), 'membre A': 'refused', 'membre B': 'forbidden', financeur: 'forbidden' },
	},
	{ method: 'GET', label: '/candidatures/:retenu/evaluation.pdf', path: (f) => `/candidatures/${f.reportingApplicationId}/evaluation.pdf`, expected: only(['membre A', 'membre B', 'financeur'], 'notfound') },
	{ method: 'GET', label: '/candidatures/:non-retenu/convention', path: (f) => `/candidatures/${f.submittedApplicationId}/convention`, expected: only([], 'notfound') },
	{ method: 'GET', label: '/candidatures/:non-retenu/evaluation', path: (f) => `/candidatures/${f.submittedApplicationId}/evaluation`, expected: only([], 'notfound') },
	{ method: 'GET', label: '/gestion/appels/:decide/suivi', path: (f) => `/gestion/appels/${f.followedCallId}/suivi`, expected: only(['financeur']) },
	// Done, then back to the list (303).
	{ method: 'POST', label: '/gestion/appels/:decide/suivi (relancer)', path: (f) => `/gestion/appels/${f.followedCallId}/suivi`, fields: { intent: 'remind-late' }, expected: { ...only([]), financeur: 'home' } },
	{ method: 'POST', label: '/gestion/appels/:decide/suivi (réglages)', path: (f) => `/gestion/appels/${f.followedCallId}/suivi`, fields: { intent: 'settings' }, expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/:decide/suivi/paiements.csv', path: (f) => `/gestion/appels/${f.followedCallId}/suivi/paiements.csv`, expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/:inconnu/suivi', path: () => '/gestion/appels/inconnu/suivi', expected: { ...only([]), financeur: 'notfound' } },
	{ method: 'GET', label: '/gestion/appels/:decide/suivi/:retenu', path: (f) => `/gestion/appels/${f.followedCallId}/suivi/${f.signingApplicationId}`, expected: only(['financeur']) },
	{ method: 'GET', label: '/gestion/appels/:appel/suivi/:non-retenu', path: (f) => `/gestion/appels/${f.callId}/suivi/${f.submittedApplicationId}`, expected: { ...only([]), financeur: 'notfound' } },
	{ method: 'GET', label: '/gestion/appels/:autre-appel/suivi/:retenu', path: (f) => `/gestion/appels/${f.callId}/suivi/${f.signingApplicationId}`, expected: { ...only([]), financeur: 'notfound' } },
	// Empty forms (400) where the intent has fields; otherwise the state refuses (the agreement exists, is not signed; the report is not sent).
	...(['sign', 'revise-agreement', 'open-agreement', 'start-project'] as const).map(
		(intent): Row => ({
			method: 'POST',
			label: `/gestion/appels/:decide/suivi/:retenu (${intent})`,
			path: (f) => `/gestion/appels/${f.followedCallId}/suivi/${f.signingApplicationId}`,
			fields: { intent },
			expected: { ...only([]), financeur: intent === 'sign' || intent === 'revise-agreement' ? 'ok' : 'refused' },
		}),
	),
	...(['record-payment', 'open-evaluation', 'approve', 'request-changes'] as const).map(
		(intent): Row => ({
			method: 'POST',
			label: `/gestion/appels/:decide/suivi/:en-evaluation (${intent})`,
			path: (f) => `/gestion/appels/${f.reportingCallId}/suivi/${f.reportingApplicationId}`,
			fields: (f) => ({ intent, paymentId: f.dueTrancheId }),
			expected: { ...only([]), financeur: intent === 'record-payment' || intent === 'request-changes' ? 'ok' : 'refused' },
		}),
	),
	// The documents: 404 to anyone who may not know of the follow-up, 403 to a co-porter (theirs are under /candidatures).
	...[
		{ label: '/gestion/appels/:decide/suivi/:retenu/convention.pdf', path: (f: Fixtures) => `/gestion/appels/${f.followedCallId}/suivi/${f.signingApplicationId}/convention.pdf` },
		{ label: '/gestion/appels/:decide/suivi/:en-evaluation/evaluation.pdf', path: (f: Fixtures) => `/gestion/appels/${f.reportingCallId}/suivi/${f.reportingApplicationId}/evaluation.pdf` },
	].map((row): Row => ({ method: 'GET', ...row, expected: { ...only(['financeur'], 'notfound'), 'membre A': 'forbidden', 'membre B': 'forbidden' } })),

	// Association side of calls and applications.
	{ method: 'GET', label: '/appels', path: () => '/appels', expected: all('ok') },
	{ method: 'GET', label: '/appels/:appel', path: (f) => `/appels/${f.callId}`, expected: all('ok') },
	{ method: 'POST', label: '/appels/:appel (créer)', path: (f) => `/appels/${f.callId}`, fields: { intent: 'create' }, expected: signedIn('ok') },
	{ method: 'GET', label: '/appels/:inconnu', path: () => '/appels/inconnu', expected: all('notfound') },
	{ method: 'GET', label: '/candidatures', path: () => '/candidatures', expected: signedIn('ok') },
	// Outsiders (C, staff, admin, jurors) do not learn that the application exists; B, invited, reads it.
	...(['', '/projet', '/cooperation', '/budget', '/questions', '/pieces', '/partenaires', '/engagement', '/messages'] as const).map(
		(page): Row => ({
			method: 'GET',
			label: `/candidatures/:dossier${page}`,
			path: (f) => `/candidatures/${f.applicationId}${page}`,
			expected: only(['membre A', 'membre B'], 'notfound'),
		}),
	),
	// Only the lead edits: B, invited, gets 403 on every write of the lead.
	...(
		[
			['', { intent: 'withdraw' }],
			['', { intent: 'renounce' }],
			['/projet', {}],
			['/cooperation', {}],
			['/budget', {}],
			['/questions', {}],
			['/pieces', {}],
			['/partenaires', { intent: 'invite-organization' }],
		] as const
	).map(
		([page, fields]): Row => ({
			method: 'POST',
			label: `/candidatures/:dossier${page} (chef de file${'intent' in fields && page === '' ? `, ${fields.intent}` : ''})`,
			path: (f) => `/candidatures/${f.applicationId}${page}`,
			fields,
			expected: { ...only(['membre A'], 'notfound'), 'membre B': 'forbidden' },
		}),
	),
	{
		method: 'POST',
		label: '/candidatures/:dossier/engagement',
		path: (f) => `/candidatures/${f.applicationId}/engagement`,
		fields: { intent: 'accept' },
		expected: only(['membre A', 'membre B'], 'notfound'),
	},
	// Messages with the funder (tests/integration/dossier-messages.test.ts): the consortium on its side, the call's funder staff on theirs; 404 for everyone else.
	{ method: 'POST', label: '/candidatures/:dossier/messages', path: (f) => `/candidatures/${f.applicationId}/messages`, fields: {}, expected: only(['membre A', 'membre B'], 'notfound') },
	{ method: 'GET', label: '/candidatures/:déposé/messages', path: (f) => `/candidatures/${f.submittedApplicationId}/messages`, expected: only(['membre A'], 'notfound') },
	{ method: 'GET', label: '/gestion/appels/:appel/candidatures/:brouillon/messages', path: (f) => `/gestion/appels/${f.callId}/candidatures/${f.applicationId}/messages`, expected: only([], 'notfound') },
	{ method: 'GET', label: '/gestion/appels/:appel/candidatures/:déposé/messages', path: (f) => `/gestion/appels/${f.callId}/candidatures/${f.submittedApplicationId}/messages`, expected: only(['financeur'], 'notfound') },
	{
		method: 'POST',
		label: '/gestion/appels/:appel/candidatures/:déposé/messages',
		path: (f) => `/gestion/appels/${f.callId}/candidatures/${f.submittedApplicationId}/messages`,
		fields: { intent: 'message' },
		expected: only(['financeur'], 'notfound'),
	},
	// A's submitted application, to which two jurors are assigned: the consortium's pages are not theirs (404), the funder's space neither (403).
	{ method: 'GET', label: '/candidatures/:déposé', path: (f) => `/candidatures/${f.submittedApplicationId}`, expected: only(['membre A'], 'notfound') },
	{
		method: 'GET',
		label: '/gestion/appels/:appel/candidatures/:déposé',
		path: (f) => `/gestion/appels/${f.callId}/candidatures/${f.submittedApplicationId}`,
		expected: only(['financeur']),
	},
	{
		method: 'GET',
		label: '/gestion/appels/:appel/candidatures/:déposé/recepisse.pdf',
		path: (f) => `/gestion/appels/${f.callId}/candidatures/${f.submittedApplicationId}/recepisse.pdf`,
		expected: only(['financeur']),
	},
	{ method: 'GET', label: '/candidatures/:inconnu', path: () => '/candidatures/inconnu', expected: { ...signedIn('notfound') } },
	// Files: an unknown attachment, and the receipt of a draft, exist for nobody (tests/integration/application-files.test.ts downloads real ones).
	{ method: 'GET', label: '/candidatures/:dossier/pieces/:inconnue', path: (f) => `/candidatures/${f.applicationId}/pieces/inconnue`, expected: signedIn('notfound') },
	{ method: 'GET', label: '/candidatures/:dossier/recepisse.pdf (brouillon)', path: (f) => `/candidatures/${f.applicationId}/recepisse.pdf`, expected: signedIn('notfound') },
	// An invitation by email to another address: readable by all, answerable by none of them.
	{ method: 'GET', label: '/candidatures/invitation/:jeton', path: (f) => `/candidatures/invitation/${f.partnerInvitationToken}`, expected: all('ok') },
	{
		method: 'POST',
		label: '/candidatures/invitation/:jeton',
		path: (f) => `/candidatures/invitation/${f.partnerInvitationToken}`,
		fields: { intent: 'claim', organizationId: 'inconnue' },
		expected: signedIn('forbidden'),
	},
	{ method: 'GET', label: '/candidatures/invitation/:inconnu', path: () => '/candidatures/invitation/inconnu', expected: all('notfound') },

	// The demo's mailbox: each account its own messages, the admin all (tests/integration/server-hardening.test.ts).
	{ method: 'GET', label: '/dev/mail', path: () => '/dev/mail', expected: signedIn('ok') },
	{ method: 'GET', label: '/dev/mail/:fichier inconnu', path: () => '/dev/mail/inconnu.eml', expected: signedIn('notfound') },
	{ method: 'GET', label: '/accompagnement', path: () => '/accompagnement', expected: only(['accompagnement']) },
	// The supporter's opinion (issue 8): the fixture's submitted application names the supporter of 'accompagnement'; a dossier that does not name it is not its to know of.
	{ method: 'GET', label: '/accompagnement/dossiers/:déposé/avis', path: (f) => `/accompagnement/dossiers/${f.submittedApplicationId}/avis`, expected: only(['accompagnement']) },
	{ method: 'POST', label: '/accompagnement/dossiers/:déposé/avis', path: (f) => `/accompagnement/dossiers/${f.submittedApplicationId}/avis`, fields: {}, expected: only(['accompagnement']) },
	{ method: 'GET', label: '/accompagnement/dossiers/:brouillon/avis', path: (f) => `/accompagnement/dossiers/${f.applicationId}/avis`, expected: { ...only([]), accompagnement: 'notfound' } },
	// Issue 12 — announcements and the draw (tests/integration/partner-announcements.test.ts, partner-draw.test.ts).
	// Anyone reads a call's announcements; a signed-in person's empty form is refused with 400; only A (the announcer) decides B's answer.
	{ method: 'GET', label: '/appels/:appel/partenaires', path: (f) => `/appels/${f.callId}/partenaires`, expected: all('ok') },
	{ method: 'POST', label: '/appels/:appel/partenaires (sans action)', path: (f) => `/appels/${f.callId}/partenaires`, fields: {}, expected: signedIn('ok') },
	{ method: 'POST', label: '/appels/:appel/partenaires (annonce vide)', path: (f) => `/appels/${f.callId}/partenaires`, fields: { intent: 'announce' }, expected: signedIn('ok') },
	{ method: 'GET', label: '/appels/:appel/partenaires/:annonce', path: (f) => `/appels/${f.callId}/partenaires/${f.announcementId}`, expected: all('ok') },
	{ method: 'GET', label: '/appels/:appel/partenaires/:inconnue', path: (f) => `/appels/${f.callId}/partenaires/inconnue`, expected: all('notfound') },
	{ method: 'POST', label: '/appels/:appel/partenaires/:annonce (réponse vide)', path: (f) => `/appels/${f.callId}/partenaires/${f.announcementId}`, fields: { intent: 'answer' }, expected: signedIn('ok') },
	{
		method: 'POST',
		label: '/appels/:appel/partenaires/:annonce (décliner la réponse de B)',
		path: (f) => `/appels/${f.callId}/partenaires/${f.announcementId}`,
		fields: (f) => ({ intent: 'decline', answerId: f.answerId, reason: '' }),
		expected: { ...all('notfound'), anonyme: 'login', 'membre A': 'home' },
	},
	// After the decline above: A closes its announcement; everyone else is refused (403).
	{
		method: 'POST',
		label: '/appels/:appel/partenaires/:annonce (fermer)',
		path: (f) => `/appels/${f.callId}/partenaires/${f.announcementId}`,
		fields: { intent: 'close' },
		expected: { ...all('forbidden'), anonyme: 'login', 'membre A': 'home' },
	},
	{ method: 'GET', label: '/gestion/appels/:appel/tirage', path: (f) => `/gestion/appels/${f.callId}/tirage`, expected: only(['financeur']) },
	{ method: 'POST', label: '/gestion/appels/:appel/tirage', path: (f) => `/gestion/appels/${f.callId}/tirage`, fields: {}, expected: only(['financeur']) },

	// Issue 12 — showcase (tests/integration/showcase.test.ts): the public pages for everyone, anonymous visitors included;
	// the publication page of a dossier for its consortium (the funder reads it), nobody else knows of it.
	{ method: 'GET', label: '/projets', path: () => '/projets', expected: all('ok') },
	{ method: 'GET', label: '/projets (filtres)', path: (f) => `/projets?theme=Interculturel&departement=69&appel=${f.followedCallId}&annee=2026&page=2`, expected: all('ok') },
	{ method: 'GET', label: '/projets/:publié', path: (f) => `/projets/${f.publishedApplicationId}`, expected: all('ok') },
	{ method: 'GET', label: '/projets/:non-publié', path: (f) => `/projets/${f.approvedApplicationId}`, expected: all('notfound') },
	{ method: 'GET', label: '/projets/cooperations', path: () => '/projets/cooperations?departement=69', expected: all('ok') },
	{ method: 'GET', label: '/cooperer', path: () => '/cooperer', expected: all('ok') },
	{ method: 'GET', label: '/candidatures/:évalué/publication', path: (f) => `/candidatures/${f.approvedApplicationId}/publication`, expected: only(['membre A', 'membre B', 'financeur'], 'notfound') },
	{
		method: 'POST',
		label: '/candidatures/:évalué/publication (textes, formulaire vide)',
		path: (f) => `/candidatures/${f.approvedApplicationId}/publication`,
		fields: { intent: 'texts' },
		expected: { ...only(['membre A', 'membre B'], 'notfound'), financeur: 'forbidden' },
	},
	{
		// No text yet: A's référent is refused in French (409); B's référent does not consent for A.
		method: 'POST',
		label: '/candidatures/:évalué/publication (accord de A)',
		path: (f) => `/candidatures/${f.approvedApplicationId}/publication`,
		fields: (f) => ({ intent: 'consent', organizationId: f.associationA, version: '0' }),
		expected: { ...only([], 'notfound'), 'membre A': 'refused', 'membre B': 'forbidden', financeur: 'forbidden' },
	},
	{
		method: 'POST',
		label: '/candidatures/:évalué/publication (retrait de B)',
		path: (f) => `/candidatures/${f.approvedApplicationId}/publication`,
		fields: (f) => ({ intent: 'withdraw', organizationId: f.associationB }),
		expected: { ...only([], 'notfound'), 'membre A': 'forbidden', 'membre B': 'refused', financeur: 'forbidden' },
	},
	{ method: 'GET', label: '/candidatures/:non-retenu/publication', path: (f) => `/candidatures/${f.submittedApplicationId}/publication`, expected: only([], 'notfound') },
	// Issue 12 — partner directory (tests/integration/partner-directory.test.ts): the search and published profiles are public;
	// an unpublished profile is previewed by its members only; a thread is its sender's (C) and the référents' of the association written to (A).
	{ method: 'GET', label: '/partenaires', path: () => '/partenaires?theme=interculturel&commune=Lyon&distance=10', expected: all('ok') },
	{ method: 'GET', label: '/partenaires/:publié', path: (f) => `/partenaires/${f.associationA}`, expected: all('ok') },
	{ method: 'GET', label: '/partenaires/:non-publié', path: (f) => `/partenaires/${f.associationB}`, expected: { ...all('notfound'), 'membre B': 'ok' } },
	{ method: 'GET', label: '/partenaires/:inconnu', path: () => '/partenaires/inconnu', expected: all('notfound') },
	{ method: 'POST', label: '/partenaires/:publié (contact)', path: (f) => `/partenaires/${f.associationA}`, fields: { intent: 'contact' }, expected: signedIn('ok') },
	{ method: 'POST', label: '/partenaires/:publié (recommend)', path: (f) => `/partenaires/${f.associationA}`, fields: { intent: 'recommend' }, expected: only(['accompagnement']) },
	{ method: 'POST', label: '/partenaires/:non-publié (contact)', path: (f) => `/partenaires/${f.associationB}`, fields: { intent: 'contact' }, expected: { ...signedIn('notfound'), 'membre B': 'ok' } },
	{ method: 'GET', label: '/partenaires/territoire', path: () => '/partenaires/territoire', expected: only(['accompagnement']) },
	{ method: 'GET', label: '/partenaires/messages', path: () => '/partenaires/messages', expected: signedIn('ok') },
	{ method: 'GET', label: '/partenaires/messages/:conversation', path: (f) => `/partenaires/messages/${f.directoryContactId}`, expected: only(['membre A', 'membre C'], 'notfound') },
	{ method: 'POST', label: '/partenaires/messages/:conversation (reply)', path: (f) => `/partenaires/messages/${f.directoryContactId}`, fields: { intent: 'reply' }, expected: only(['membre A', 'membre C'], 'notfound') },
	{ method: 'GET', label: '/associations/:A/profil', path: (f) => `/associations/${f.associationA}/profil`, expected: only(['membre A'], 'notfound') },
	{ method: 'POST', label: '/associations/:A/profil (save)', path: (f) => `/associations/${f.associationA}/profil`, fields: { intent: 'save', presentation: 'x'.repeat(4000) }, expected: only(['membre A'], 'notfound') },
	{ method: 'GET', label: '/associations/:A/messages', path: (f) => `/associations/${f.associationA}/messages`, expected: only(['membre A'], 'notfound') },
	{ method: 'GET', label: '/admin/signalements', path: () => '/admin/signalements', expected: only(['admin']) },
	{ method: 'POST', label: '/admin/signalements (lift)', path: () => '/admin/signalements', fields: { intent: 'lift', reportId: 'inconnu' }, expected: { ...only([]), admin: 'refused' } },
	// Issue 13 — the platform admin's audit journal and its exports.
	{ method: 'GET', label: '/admin/journal', path: () => '/admin/journal?categorie=roles', expected: only(['admin']) },
	{ method: 'GET', label: '/admin/journal.csv', path: () => '/admin/journal.csv?categorie=connexions', expected: only(['admin']) },
	{ method: 'GET', label: '/admin/journal.xlsx', path: () => '/admin/journal.xlsx', expected: only(['admin']) },
]

async function request(server: TestServer, row: Row, fixtures: Fixtures, cookie: string | undefined) {
	const path = row.path(fixtures)
	const fields = typeof row.fields === 'function' ? row.fields(fixtures) : (row.fields ?? {})
	return row.method === 'GET' ? get(server, path, cookie) : post(server, path, fields, { cookie })
}

function classify(response: Response): Expected | `unexpected ${number}` {
	const { status } = response
	if (status === 403) return 'forbidden'
	if (status === 404) return 'notfound'
	if (status === 409) return 'refused'
	if (status === 302 || status === 303) {
		return (response.headers.get('location') ?? '').startsWith('/connexion') ? 'login' : 'home'
	}
	if ((status >= 200 && status < 300) || status === 400) return 'ok'
	return `unexpected ${status}`
}

// Built once for the file (see tests/support/shared-fixtures.ts): each route is its own test,
// so a failure names the route, and the ~700 requests are not one test racing one timeout.
keepDataBetweenTests()

let server: TestServer
let fixtures: Fixtures
const cookies = {} as Record<Role, string | undefined>

beforeAll(async () => {
	server = await startTestServer()
	const a = await createAssociationMember('referent')
	const b = await createAssociationMember('referent')
	const c = await createAssociationMember('referent')
	const supporter = await createStaff('supporter')
	const funder = await createStaff('funder')
	const admin = await createPlatformAdmin()
	// One piece asked (the lead's RIB): the recevable dossier has a file its juror downloads.
	const call = await createCall({ funderId: funder.organization.id, requiredAttachments: [{ key: 'rib', label: 'RIB', givenBy: 'lead' }] })
	const unassigned = await createJuror(call.id)
	const assigned = await createJuror(call.id)
	const conflicted = await createJuror(call.id)
	const chair = await createJuror(call.id, { isChair: true })
	const invitation = await inviteMember({ user: { id: a.user.id, isPlatformAdmin: false }, organizationId: a.organization.id, email: 'nouvelle@exemple.test', role: 'member' })
	if (!invitation.ok) throw new Error(invitation.message)
	const juryInvitation = await inviteJuror({
		user: funder.user,
		callId: call.id,
		email: 'invite.jury@exemple.test',
		settings: { kind: 'external_expert', themeIds: [], territories: [], maxLoad: null, isChair: false },
	})
	if (!juryInvitation.ok) throw new Error(juryInvitation.message)
	// A's draft with B invited (not answering yet) and an invitation by email to an address nobody here owns.
	const draft = await createApplication({
		call,
		lead: a,
		coCarriers: 0,
		partners: [{ association: b, state: 'invited' }],
		partnersByEmail: ['partenaire@exemple.test'],
		title: 'Projet de A',
	})
	// A's submitted application, with a partner none of the roles belongs to: the funder's staff see it and its messages.
	const submitted = await createApplication({ call, lead: a, status: 'submitted', title: 'Projet déposé de A' })
	// Its accompanying structure: the supporter of 'accompagnement' (named as the lead would, before submission; set here after).
	await db.update(applications).set({ supporterOrganizationId: supporter.organization.id }).where(eq(applications.id, submitted.id))
	// Recevable: the jury judges it (JURY_APPLICATION_STATUSES).
	await db.update(applications).set({ status: 'admissible' }).where(eq(applications.id, submitted.id))
	const [file] = await db.select().from(attachments).where(eq(attachments.applicationId, submitted.id))
	const seats = await db.select().from(jurors).where(inArray(jurors.userId, [assigned.id, conflicted.id]))
	const seatOf = (userId: string) => seats.find((seat) => seat.userId === userId)!.id
	const assignments = await db.insert(juryAssignments).values([assigned, conflicted].map((juror) => ({ jurorId: seatOf(juror.id), applicationId: submitted.id }))).returning()
	const [conflict] = await db
		.insert(juryConflicts)
		.values({ jurorId: seatOf(conflicted.id), applicationId: submitted.id, source: 'declared', cause: 'declared_personal', detail: 'Lien familial.' })
		.returning()
	// Each in its own call: followedDossier decides the call once its dossier is written.
	const followedCall = await createCall({ funderId: funder.organization.id, title: 'Appel décidé' })
	const consortium = { lead: a, coCarriers: 0, partners: [{ association: b, state: 'confirmed' as const }] }
	const signing = await followedDossier({ ...consortium, call: followedCall, stage: 'agreement', title: 'Projet retenu de A, à signer' })
	const reportingCall = await createCall({ funderId: funder.organization.id, title: 'Appel décidé, projets en évaluation' })
	const reporting = await followedDossier({ ...consortium, call: reportingCall, stage: 'evaluation', title: 'Projet retenu de A, en évaluation' })
	const [dueTranche] = await db.select().from(payments).where(and(eq(payments.applicationId, reporting.id), eq(payments.status, 'due')))
	// Issue 12 — announcements and the draw: A announces on the call, B answers (pending).
	const announcement = await createAnnouncement({ user: a.user, callId: call.id, organizationId: a.organization.id, title: 'Annonce de A', project: 'Un projet entre générations dans le quartier.', lookingFor: 'Une association de seniors.', themeIds: [] })
	if (!announcement.ok) throw new Error(announcement.message)
	const answer = await answerAnnouncement({ user: b.user, callId: call.id, announcementId: announcement.announcementId, organizationId: b.organization.id, message: 'Nous sommes intéressés.' })
	if (!answer.ok) throw new Error(answer.message)
	// Issue 12 — showcase
	const showcaseCall = await createCall({ funderId: funder.organization.id, title: 'Appel décidé, projets évalués', projectStartsOn: '2026-09-01' })
	const [published, approved] = await decidedDossiers(showcaseCall, [
		{ ...consortium, title: 'Projet publié de A et B' },
		{ ...consortium, title: 'Projet évalué de A et B' },
	])
	await publish(published!)
	// Issue 12 — partner directory.
	const emptyProfile = { communes: '', publics: [], themes: ['interculturel' as const], offers: [], needs: [], offerDetails: '', needDetails: '' }
	for (const [member, presentation] of [[a, 'Profil public de A.'], [b, 'Profil de B, pas encore publié.']] as const) {
		const saved = await saveProfile({ user: member.user, organizationId: member.organization.id, values: { ...emptyProfile, presentation } })
		if (!saved.ok) throw new Error(saved.message)
	}
	await setProfilePublished({ user: a.user, organizationId: a.organization.id, published: true })
	const directoryContact = await startContact({ user: c.user, organizationId: a.organization.id, subject: 'Bonjour', message: 'Un projet ensemble ?' })
	if (!directoryContact.ok) throw new Error(directoryContact.message)
	fixtures = {
		directoryContactId: directoryContact.contactId,
		followedCallId: followedCall.id,
		reportingCallId: reportingCall.id,
		signingApplicationId: signing.id,
		reportingApplicationId: reporting.id,
		dueTrancheId: dueTranche!.id,
		// Issue 12 — showcase
		publishedApplicationId: published!.id,
		approvedApplicationId: approved!.id,
		associationA: a.organization.id,
		associationB: b.organization.id,
		funder: funder.organization.id,
		supporter: supporter.organization.id,
		callId: call.id,
		invitationToken: invitation.token,
		juryInvitationToken: juryInvitation.token,
		applicationId: draft.id,
		partnerInvitationToken: draft.emailInvitationTokens[0]!,
		submittedApplicationId: submitted.id,
		submittedAttachmentId: file!.id,
		assignmentId: assignments.find((row) => row.jurorId === seatOf(assigned.id))!.id,
		conflictId: conflict!.id,
		// Issue 12 — announcements and the draw.
		announcementId: announcement.announcementId,
		answerId: answer.answerId,
	}
	const users: Record<Exclude<Role, 'anonyme'>, { email: string }> = {
		'membre A': a.user,
		'membre B': b.user,
		'membre C': c.user,
		accompagnement: supporter.user,
		financeur: funder.user,
		admin,
		'juré non affecté': unassigned,
		'juré affecté': assigned,
		'juré en conflit': conflicted,
		'président·e': chair,
	}
	cookies.anonyme = undefined
	for (const [role, user] of Object.entries(users)) cookies[role as Role] = await login(server, user.email)
})

afterAll(async () => {
	await server?.close()
})

describe('matrice des autorisations', () => {
	// In the table's order, as the rows were written to run (a POST may change what a later row sees).
	for (const row of ROUTES) {
		if (row.label === '/deconnexion') continue // would end the sessions used by later rows; last below
		test(`${row.method} ${row.label}`, async () => {
			const mismatches: string[] = []
			for (const role of ROLES) {
				const got = classify(await request(server, row, fixtures, cookies[role]))
				if (got !== row.expected[role]) mismatches.push(`${role}: attendu ${row.expected[role]}, obtenu ${got}`)
			}
			expect(mismatches).toEqual([])
		})
	}

	test('chaque route de app/routes figure dans la matrice', () => {
		const files = readdirSync('app/routes').filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
		const paths = ROUTES.map((row) => row.path(fixtures).split('?')[0])
		const missing = files.filter((file) => {
			const segments = file
				.replace(/\.tsx?$/, '')
				.replace(/\[\.\]/g, '§') // an escaped dot ("recepisse[.]pdf") stays in its segment
				.split('.')
				.filter((segment) => segment !== '_index')
				.map((segment) => (segment.startsWith('$') ? '[^/]+' : segment.replace(/[-]/g, '\\-').replace(/§/g, '\\.')))
			const pattern = new RegExp(`^/${segments.join('/')}$`)
			return !paths.some((path) => pattern.test(path))
		})
		expect(missing).toEqual([])
	})

	// Last: it ends every session.
	test('POST /deconnexion renvoie chacun à l’accueil', async () => {
		const row = ROUTES.find((r) => r.label === '/deconnexion')!
		for (const role of ROLES) {
			const response = await request(server, row, fixtures, cookies[role])
			expect(classify(response), role).toBe(row.expected[role])
		}
	})
})
