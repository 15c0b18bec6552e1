/**
 * Europe/Paris wall-clock times ↔ UTC instants, without a date library. Calls are entered
 * in Paris time ("date limite : 31 mars 2025 à 12:00") and stored as timestamptz.
 */
import { TIME_ZONE } from '#app/utils/format.ts'

const parts = new Intl.DateTimeFormat('en-CA', {
	timeZone: TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23',
})

/** The Paris wall clock at an instant: { date: 'YYYY-MM-DD', time: 'HH:MM' }. */
export function utcToParisLocal(instant: Date | string): { date: string; time: string } {
	const values = Object.fromEntries(parts.formatToParts(new Date(instant)).map((p) => [p.type, p.value]))
	return { date: `${values.year}-${values.month}-${values.day}`, time: `${values.hour}:${values.minute}` }
}

/** Offset of Paris from UTC at an instant, in minutes (60 in winter, 120 in summer). */
function parisOffsetMinutes(instantMs: number): number {
	const values = Object.fromEntries(parts.formatToParts(new Date(instantMs)).map((p) => [p.type, Number(p.value)]))
	const asUtc = Date.UTC(values.year!, values.month! - 1, values.day!, values.hour!, values.minute!, values.second!)
	return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60_000)
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME = /^(\d{2}):(\d{2})$/

/** Whether 'YYYY-MM-DD' is a real calendar date. */
export function isIsoDate(value: string): boolean {
	const match = DATE.exec(value)
	if (!match) return false
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
	const date = new Date(Date.UTC(year, month - 1, day))
	return year >= 1900 && year <= 2200 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/**
 * The instant at which Paris clocks show this date and time. Null when the input is not a
 * real date and time, or when that time does not exist in Paris (the hour skipped on the
 * last Sunday of March). The hour that happens twice on the last Sunday of October is
 * read as its first occurrence (summer time), the earlier instant.
 */
export function parisLocalToUtc(date: string, time: string): Date | null {
	const d = DATE.exec(date)
	const t = TIME.exec(time)
	if (!d || !t || !isIsoDate(date)) return null
	const [hour, minute] = [Number(t[1]), Number(t[2])]
	if (hour > 23 || minute > 59) return null
	const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), hour, minute)
	// Try both offsets Paris uses; keep those that read back as the same wall clock.
	const candidates = [120, 60]
		.map((offset) => wall - offset * 60_000)
		.filter((instant) => instant + parisOffsetMinutes(instant) * 60_000 === wall)
	if (candidates.length === 0) return null
	return new Date(Math.min(...candidates))
}
