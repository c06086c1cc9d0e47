import { Temporal } from "temporal-polyfill";

/**
 * Calendar math in a chat's IANA time zone. Local dates are ISO strings ("2026-03-08") and all
 * day arithmetic happens on plain dates, so DST days of 23 or 25 hours cannot break a streak.
 */

export type LocalDate = string;

export function isValidTimeZone(zone: string): boolean {
  try {
    Temporal.Now.instant().toZonedDateTimeISO(zone);
    return true;
  } catch {
    return false;
  }
}

function zoned(instant: Date, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);
}

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  return zoned(instant, timeZone).toPlainDate().toString();
}

/** Local wall-clock time "HH:MM" of an instant. */
export function localTimeOf(instant: Date, timeZone: string): string {
  return zoned(instant, timeZone).toPlainTime().toString({ smallestUnit: "minute" });
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}

/** The ISO weekday of a local date: 1 Monday … 7 Sunday. */
export function weekdayOf(date: LocalDate): number {
  return Temporal.PlainDate.from(date).dayOfWeek;
}

/** The ISO week key ("2026-W48") of a local date. */
export function isoWeekOf(date: LocalDate): string {
  const plain = Temporal.PlainDate.from(date);
  return `${plain.yearOfWeek}-W${String(plain.weekOfYear).padStart(2, "0")}`;
}

/** The Monday of a local date's ISO week. */
export function weekStartOf(date: LocalDate): LocalDate {
  return addDays(date, 1 - weekdayOf(date));
}

/** The leaderboard periods an instant belongs to, in the chat's zone: ISO week and month. */
export function periodKeys(instant: Date, timeZone: string): { week: string; month: string } {
  // Every answer of a burst asks this; zone offsets are whole minutes, so one answer per zone and minute will do.
  const key = `${timeZone} ${Math.floor(instant.getTime() / 60_000)}`;
  let keys = periodKeysByMinute.get(key);
  if (!keys) {
    const date = zoned(instant, timeZone).toPlainDate();
    keys = { week: `${date.yearOfWeek}-W${String(date.weekOfYear).padStart(2, "0")}`, month: date.toPlainYearMonth().toString() };
    if (periodKeysByMinute.size >= 1_000) periodKeysByMinute.clear();
    periodKeysByMinute.set(key, keys);
  }
  return { ...keys };
}

const periodKeysByMinute = new Map<string, { week: string; month: string }>();

/**
 * The local date whose daily question is open at `instant`: today's from the posting time on,
 * yesterday's before it (a question stays open until the next one is posted).
 */
export function openDailyDate(instant: Date, timeZone: string, dailyTime: string): LocalDate {
  const today = localDateOf(instant, timeZone);
  return instant < postingInstant(today, dailyTime, timeZone) ? addDays(today, -1) : today;
}

/**
 * When the daily question of local date `date` is posted: `dailyTime` on that date in `timeZone`.
 * A time skipped by DST (02:30 on a spring-forward day) posts at the next valid instant (03:00);
 * a time that occurs twice (fall back) posts at its first occurrence, so once.
 */
export function postingInstant(date: LocalDate, dailyTime: string, timeZone: string): Date {
  const wall = Temporal.PlainDate.from(date).toPlainDateTime(Temporal.PlainTime.from(dailyTime));
  const first = wall.toZonedDateTime(timeZone, { disambiguation: "earlier" });
  if (first.toPlainDateTime().equals(wall)) return new Date(first.epochMilliseconds);
  // In a gap: "earlier" lands before it; the transition that opens the gap is the next valid instant.
  const transition = first.getTimeZoneTransition("next");
  return new Date((transition ?? first).epochMilliseconds);
}

/** The first posting instant at or after `after` for a chat posting at `dailyTime` in `timeZone`. */
export function nextPostingInstant(after: Date, dailyTime: string, timeZone: string): Date {
  const today = localDateOf(after, timeZone);
  const todays = postingInstant(today, dailyTime, timeZone);
  return todays >= after ? todays : postingInstant(addDays(today, 1), dailyTime, timeZone);
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isValidDailyTime(value: string): boolean {
  return HH_MM.test(value);
}

/**
 * An instant from text: an ISO date-time with "Z" or an offset is taken as is; one without is
 * read as wall-clock time in `timeZone` (a time skipped by DST moves forward). Undefined if invalid.
 */
export function parseInstant(text: string, timeZone: string): Date | undefined {
  try {
    if (/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return new Date(Temporal.Instant.from(text).epochMilliseconds);
    const zonedTime = Temporal.PlainDateTime.from(text).toZonedDateTime(timeZone, { disambiguation: "compatible" });
    return new Date(zonedTime.epochMilliseconds);
  } catch {
    return undefined;
  }
}

export function formatInstant(instant: Date, timeZone: string): string {
  return zoned(instant, timeZone).toString({ smallestUnit: "minute", timeZoneName: "auto" });
}
