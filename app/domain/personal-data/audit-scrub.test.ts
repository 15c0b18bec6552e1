import { describe, expect, test } from 'vitest'
import { maskOtherAddresses, SCRUBBED, scrubAuditData, THIRD_PARTY_ADDRESS } from './audit-scrub.ts'

const person = { email: 'marie.durand@exemple.test', displayName: 'Marie Durand' }

describe('scrubAuditData', () => {
	test('empties the data of an event about the account itself', () => {
		expect(scrubAuditData({ subjectType: 'user', subjectId: 'u1', data: { ip: '1.2.3.4', email: person.email } }, 'u1', person)).toEqual({})
	})

	test('replaces the strings naming the person and keeps the funder’s figures', () => {
		const data = { email: 'MARIE.DURAND@exemple.test', amountCents: 120000, signer: 'Marie Durand, présidente', other: 'Paul Martin', list: [person.email, 'ok'], nested: { to: person.email } }
		expect(scrubAuditData({ subjectType: 'application', subjectId: 'a1', data }, 'u1', person)).toEqual({
			email: SCRUBBED,
			amountCents: 120000,
			signer: SCRUBBED,
			other: 'Paul Martin',
			list: [SCRUBBED, 'ok'],
			nested: { to: SCRUBBED },
		})
	})

	test('a short name only matches a whole value', () => {
		const short = { email: 'al@exemple.test', displayName: 'Al' }
		expect(scrubAuditData({ subjectType: 'call', subjectId: 'c1', data: { title: 'Appel local', who: 'Al' } }, 'u1', short)).toEqual({ title: 'Appel local', who: SCRUBBED })
	})
})

describe('maskOtherAddresses', () => {
	test('masks other people’s addresses in an export, keeps the person’s own', () => {
		expect(maskOtherAddresses({ email: 'invitee@exemple.test', emails: 3, list: ['Marie.Durand@exemple.test', 'écrit à paul@asso.fr hier'] }, person.email)).toEqual({
			email: THIRD_PARTY_ADDRESS,
			emails: 3,
			list: ['Marie.Durand@exemple.test', `écrit à ${THIRD_PARTY_ADDRESS} hier`],
		})
	})
})
