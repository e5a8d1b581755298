// Who is looking and when: the profile attributes features compare items with, and the user's
// local hour and weekday (from their time zone; unknown zone = unknown hour, never the server's).
import type { UserAttributes } from '@tessera/contracts/schemas/user-profile';

export interface Viewer {
  readonly languages: readonly string[];
  readonly country?: string | undefined;
  readonly interests: readonly string[];
  readonly ageBand?: string | undefined;
  readonly timeZone?: string | undefined;
}

export interface Moment {
  readonly now: number;
  /** 0..23, undefined when the time zone is unknown. */
  readonly localHour?: number | undefined;
  /** 0 = Sunday .. 6 = Saturday. */
  readonly weekday?: number | undefined;
}

export const UNKNOWN_VIEWER: Viewer = { languages: [], interests: [] };

/** Profile attributes (users table), with the device's locale and country filling gaps. */
export function viewerOf(user: UserAttributes | undefined, device: { locale?: string; country?: string; timeZone?: string } = {}): Viewer {
  const languages = user && user.languages.length > 0 ? user.languages : device.locale ? [device.locale] : [];
  return {
    languages,
    country: user?.country ?? device.country,
    interests: user?.interests ?? [],
    ageBand: user?.ageBand,
    timeZone: user?.timeZone ?? device.timeZone,
  };
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formatter(timeZone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' });
    } catch {
      f = null; // not an IANA zone this runtime knows
    }
    if (formatters.size < 1000) formatters.set(timeZone, f);
  }
  return f;
}

// Every time zone's offset from UTC is a whole number of quarter hours, so the local hour and
// weekday are the same for every instant of a UTC quarter hour: one Intl call per zone and quarter
// hour (formatToParts costs microseconds; the trainer asks once per training row).
const QUARTER_MS = 15 * 60_000;
const lastQuarter = new Map<string, { quarter: number; localHour: number | undefined; weekday: number | undefined }>();

function localParts(f: Intl.DateTimeFormat, at: number): { localHour: number | undefined; weekday: number | undefined } {
  let localHour: number | undefined;
  let weekday: number | undefined;
  for (const part of f.formatToParts(at)) {
    if (part.type === 'hour') localHour = Number(part.value);
    if (part.type === 'weekday') weekday = WEEKDAYS[part.value];
  }
  return { localHour, weekday };
}

export function momentAt(now: number, timeZone?: string): Moment {
  const f = timeZone ? formatter(timeZone) : null;
  if (!f || !timeZone) return { now };
  const quarter = Math.floor(now / QUARTER_MS);
  let known = lastQuarter.get(timeZone);
  if (!known || known.quarter !== quarter) {
    known = { quarter, ...localParts(f, quarter * QUARTER_MS) };
    if (lastQuarter.size < 1000 || lastQuarter.has(timeZone)) lastQuarter.set(timeZone, known);
  }
  return { now, localHour: known.localHour, weekday: known.weekday };
}
