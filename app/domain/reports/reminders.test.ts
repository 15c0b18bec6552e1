import { describe, expect, test } from 'vitest'
import { reminderDue, type ReportReminder } from './reminders.ts'

const due = new Date('2027-12-31T22:59:59Z')
const at = (iso: string) => new Date(iso)
const sent = (...keys: ReportReminder[]) => new Set(keys)

describe('relances du rapport de fin de projet', () => {
	test('rien avant J-30, puis J-30, J-7 et le retard, chacune une seule fois', () => {
		expect(reminderDue(due, sent(), at('2027-11-15T10:00:00Z'))).toBeNull()
		expect(reminderDue(due, sent(), at('2027-12-02T10:00:00Z'))).toBe('before-30')
		expect(reminderDue(due, sent('before-30'), at('2027-12-02T10:00:00Z'))).toBeNull()
		expect(reminderDue(due, sent('before-30'), at('2027-12-25T10:00:00Z'))).toBe('before-7')
		expect(reminderDue(due, sent('before-30', 'before-7'), at('2027-12-31T20:00:00Z'))).toBeNull()
		expect(reminderDue(due, sent('before-30', 'before-7'), at('2028-01-01T08:00:00Z'))).toBe('overdue')
		expect(reminderDue(due, sent('before-30', 'before-7', 'overdue'), at('2028-03-01T08:00:00Z'))).toBeNull()
	})

	test('un passage tardif n’envoie que la plus urgente : en retard, pas « dans 30 jours »', () => {
		expect(reminderDue(due, sent(), at('2028-01-05T08:00:00Z'))).toBe('overdue')
		expect(reminderDue(due, sent(), at('2027-12-28T08:00:00Z'))).toBe('before-7')
		expect(reminderDue(due, sent('before-7'), at('2027-12-20T08:00:00Z'))).toBeNull()
	})
})
