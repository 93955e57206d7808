/**
 * England and Wales bank holidays, computed by the rules GOV.UK publishes them by, for counting the
 * register's "2 working days" (Cautionary Persons Register policy, parts 3 and 4).
 *
 * Computed, not copied, so the list never runs out: GOV.UK publishes dates only about two years ahead.
 * The standing rules (Banking and Financial Dealings Act 1971 and the royal proclamations since 1978):
 *
 * - New Year's Day, 1 January; on a Saturday or Sunday the substitute is the Monday after.
 * - Good Friday and Easter Monday, from Easter Sunday (the Gregorian Computus, {@link easterSunday}).
 * - Early May bank holiday, the first Monday in May.
 * - Spring bank holiday, the last Monday in May.
 * - Summer bank holiday, the last Monday in August.
 * - Christmas Day and Boxing Day; a holiday that falls on a weekend moves to the next weekday that is not
 *   already a holiday (Christmas on a Saturday: Monday 27 and Tuesday 28; on a Sunday: Boxing Day on
 *   Monday 26, Christmas Day's substitute Tuesday 27; on a Friday: Boxing Day's substitute Monday 28).
 *
 * One-off changes by proclamation (a jubilee, a royal wedding, a state funeral, the VE day move of 2020)
 * cannot be computed: the known ones since 2011 are in {@link ONE_OFF_CHANGES}. None is announced for
 * 2024 to 2030 as this is written; when one is, add it there, or pass an organisation's own set to the
 * working-day functions in `rules.ts` (they take an optional `holidays` set).
 */
import { addDays } from '../case/rules.js';

export interface BankHoliday {
  /** YYYY-MM-DD */
  day: string;
  /** GOV.UK's name; a substitute day says so. */
  name: string;
}

/** A change made by proclamation for one year: a standing holiday moved, and extra holidays. */
export interface OneOffChange {
  moved?: readonly { from: string; to: string }[];
  extra?: readonly BankHoliday[];
}

/** The one-off changes since 2011 (as GOV.UK lists them). */
export const ONE_OFF_CHANGES: Readonly<Record<number, OneOffChange>> = Object.freeze({
  2011: { extra: [{ day: '2011-04-29', name: 'Royal wedding' }] },
  2012: { moved: [{ from: '2012-05-28', to: '2012-06-04' }], extra: [{ day: '2012-06-05', name: 'Queen’s Diamond Jubilee' }] },
  2020: { moved: [{ from: '2020-05-04', to: '2020-05-08' }] },
  2022: {
    moved: [{ from: '2022-05-30', to: '2022-06-02' }],
    extra: [
      { day: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
      { day: '2022-09-19', name: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
    ],
  },
  2023: { extra: [{ day: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' }] },
});

/** The first year the current pattern (with the early May bank holiday) applies to. */
export const FIRST_RULE_YEAR = 1978;

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
/** 0 Sunday ... 6 Saturday. */
export const weekday = (day: string) => new Date(`${day}T00:00:00.000Z`).getUTCDay();

/**
 * Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).
 * @returns YYYY-MM-DD, always between 22 March and 25 April
 */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** The first Monday of a month (month 1-12). */
function firstMonday(year: number, month: number): string {
  const first = ymd(year, month, 1);
  return addDays(first, (8 - weekday(first)) % 7);
}

/** The last Monday of a month (month 1-12). */
function lastMonday(year: number, month: number): string {
  const last = addDays(month === 12 ? ymd(year + 1, 1, 1) : ymd(year, month + 1, 1), -1);
  return addDays(last, -((weekday(last) + 6) % 7));
}

const cache = new Map<number, readonly BankHoliday[]>();

/**
 * The England and Wales bank holidays of `year`, in date order, with the one-off changes of
 * {@link ONE_OFF_CHANGES} applied.
 * @param year 1978 to 9998 (the rules before 1978 were different)
 */
export function bankHolidays(year: number): readonly BankHoliday[] {
  if (!Number.isInteger(year) || year < FIRST_RULE_YEAR || year > 9998) throw new RangeError(`bankHolidays: ${FIRST_RULE_YEAR}-9998 only`);
  const hit = cache.get(year);
  if (hit) return hit;
  const out: BankHoliday[] = [];
  const newYear = ymd(year, 1, 1);
  const ny = weekday(newYear);
  out.push(ny === 6 ? { day: addDays(newYear, 2), name: 'New Year’s Day (substitute day)' } : ny === 0 ? { day: addDays(newYear, 1), name: 'New Year’s Day (substitute day)' } : { day: newYear, name: 'New Year’s Day' });
  const easter = easterSunday(year);
  out.push({ day: addDays(easter, -2), name: 'Good Friday' }, { day: addDays(easter, 1), name: 'Easter Monday' });
  out.push({ day: firstMonday(year, 5), name: 'Early May bank holiday' }, { day: lastMonday(year, 5), name: 'Spring bank holiday' }, { day: lastMonday(year, 8), name: 'Summer bank holiday' });
  const christmas = ymd(year, 12, 25);
  const boxing = ymd(year, 12, 26);
  switch (weekday(christmas)) {
    case 5: // Friday: Boxing Day is a Saturday
      out.push({ day: christmas, name: 'Christmas Day' }, { day: ymd(year, 12, 28), name: 'Boxing Day (substitute day)' });
      break;
    case 6: // Saturday
      out.push({ day: ymd(year, 12, 27), name: 'Christmas Day (substitute day)' }, { day: ymd(year, 12, 28), name: 'Boxing Day (substitute day)' });
      break;
    case 0: // Sunday: Boxing Day is the Monday
      out.push({ day: boxing, name: 'Boxing Day' }, { day: ymd(year, 12, 27), name: 'Christmas Day (substitute day)' });
      break;
    default:
      out.push({ day: christmas, name: 'Christmas Day' }, { day: boxing, name: 'Boxing Day' });
  }
  const change = ONE_OFF_CHANGES[year];
  for (const move of change?.moved ?? []) {
    const h = out.find((x) => x.day === move.from);
    if (h) h.day = move.to;
  }
  out.push(...(change?.extra ?? []).map((h) => ({ ...h })));
  out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const frozen = Object.freeze(out.map((h) => Object.freeze(h)));
  cache.set(year, frozen);
  return frozen;
}

/** Every England and Wales bank holiday from `from` to `to` inclusive, as YYYY-MM-DD days in order. */
export function bankHolidayDays(from: number, to: number): string[] {
  const out: string[] = [];
  for (let year = from; year <= to; year++) out.push(...bankHolidays(year).map((h) => h.day));
  return out;
}

/** England and Wales bank holidays 2024 to 2030 inclusive (computed by {@link bankHolidays}). */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: readonly string[] = Object.freeze(bankHolidayDays(2024, 2030));

/** True when `day` (YYYY-MM-DD) is an England and Wales bank holiday by {@link bankHolidays}. */
export function isBankHoliday(day: string): boolean {
  const year = Number(day.slice(0, 4));
  if (!Number.isInteger(year) || year < FIRST_RULE_YEAR || year > 9998) return false;
  return bankHolidays(year).some((h) => h.day === day);
}
