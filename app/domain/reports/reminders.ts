/**
 * When the end-of-project report's reminders go out (issue 10): 30 days and 7 days before
 * its due date, and once when it is overdue. The due date comes from the call and never
 * moves (Hypha's overdue reminders never fire because its due date moves with each one);
 * each reminder is sent once, and a late run sends only the most urgent one still owed —
 * a report found overdue is not also told « in 30 days ». Pure.
 */

export const REPORT_REMINDERS = [
	{ key: 'before-30', daysBefore: 30 },
	{ key: 'before-7', daysBefore: 7 },
	{ key: 'overdue', daysBefore: 0 },
] as const
export type ReportReminder = (typeof REPORT_REMINDERS)[number]['key']

const DAY_MS = 24 * 3600_000

/**
 * The reminder to send now, or null. `dueAt` is the end of the due day (the report may be
 * sent until then); `sent` the reminders already sent for this report.
 */
export function reminderDue(dueAt: Date, sent: ReadonlySet<ReportReminder>, now: Date): ReportReminder | null {
	if (now.getTime() > dueAt.getTime()) return sent.has('overdue') ? null : 'overdue'
	const daysLeft = (dueAt.getTime() - now.getTime()) / DAY_MS
	if (daysLeft <= 7) return sent.has('before-7') ? null : 'before-7'
	if (daysLeft <= 30) return sent.has('before-30') || sent.has('before-7') ? null : 'before-30'
	return null
}

/** The CERFA's delay when the call sets no due date: six months after the project's end, the day kept within the month (31 August → 28 or 29 February, not 2 March). */
export function sixMonthsAfter(isoDay: string): string {
	const [year, month, day] = isoDay.split('-').map(Number) as [number, number, number]
	const target = new Date(Date.UTC(year, month - 1 + 6, 1, 12))
	const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0, 12)).getUTCDate()
	target.setUTCDate(Math.min(day, lastDay))
	return target.toISOString().slice(0, 10)
}
