// The format checks (date, date-time, email, past-date) of every validator: scripts/generate.mjs
// compiles them into the precompiled validators, and validate/interpret.ts installs them into the
// interpreting validator of organisations' own schemas. Plain JavaScript (types in formats.d.ts) so
// the generator, which Node runs without a TypeScript step, imports this very file. Small on purpose:
// ajv-formats' full set would add every format's code to every form.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(z|[+-]\d{2}:\d{2})$/i;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year) {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** A real calendar date, YYYY-MM-DD, years 1000 to 9999 (so 0000 and 31/02 are refused). */
export function date(value) {
  const m = DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeap(year) ? 29 : DAYS[month - 1]);
}

/** RFC 3339 date-time with a real date, a real time and an explicit offset. */
export function dateTime(value) {
  const t = value.indexOf('T') > 0 ? value.indexOf('T') : value.indexOf('t');
  if (t !== 10) return false;
  const m = TIME.exec(value.slice(11));
  if (!m || !date(value.slice(0, 10))) return false;
  const [hour, minute, second] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const zone = m[5];
  if (zone.length > 1) {
    const zh = Number(zone.slice(1, 3));
    const zm = Number(zone.slice(4, 6));
    if (zh > 23 || zm > 59) return false;
  }
  return hour <= 23 && minute <= 59 && second <= 59;
}

/** Today's date where the validator runs, YYYY-MM-DD in local time (the date on the person's calendar). */
function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A real date before today (dates of birth). Checked against the clock where it runs: a server on
 * another time zone may disagree about "yesterday" for a few hours around midnight.
 */
export function pastDate(value) {
  return date(value) && value < today();
}

/** A plausible email address: something@domain.tld, no spaces, no angle brackets. */
export function email(value) {
  return /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:.]+$/.test(value) && value.length <= 254;
}

export const formats = { date, 'date-time': dateTime, email, 'past-date': pastDate };
