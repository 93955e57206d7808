/**
 * The CSTAG interview questions adapt to the case (Union 81 / CSTAG Threat Assessment and Response
 * Protocol, seeds/002): "What happened today when you were [place of incident]?", "What exactly did
 * (subject) say?", "How do you think [person who was threatened] feels...?". These pure functions fill
 * those placeholders from what the form knows and leave the document's own words where it knows
 * nothing, so a question never reads "when you were ?".
 *
 * The result is plain text for a text binding (never HTML): a name such as `<b>Jo</b>` is shown as
 * those characters. A value is used only when it reads as a short line: control characters are
 * removed, runs of white space (line breaks too) become one space, and an empty or over-long value
 * (more than {@link MAX_FILL_LENGTH} characters, which the form reports as an error anyway) falls back
 * to the placeholder. A value with right-to-left text or bidirectional controls (U+202E...) is wrapped
 * in a Unicode isolate (FSI ... PDI), so it cannot reorder the rest of the question.
 *
 * No DOM, no Lit: usable by the element, by a receiver printing a record, or in Node.
 */

/** The placeholders, exactly as the document (and so the schema's titles and hints) writes them. */
export const INTERVIEW_PLACEHOLDERS = Object.freeze({
  place: '[place of incident]',
  subject: '(subject)',
  target: '[person who was threatened]',
});

export type InterviewPlaceholder = keyof typeof INTERVIEW_PLACEHOLDERS;

/** What the form knows: the place of the incident, the subject's name, the threatened person's name. */
export type InterviewTextValues = Partial<Record<InterviewPlaceholder, unknown>>;

/** Longer values are not put into question text (the fields' own limits are 200 and 500). */
export const MAX_FILL_LENGTH = 500;

const PATTERN = /\[place of incident\]|\(subject\)|\[person who was threatened\]/g;
const BY_TEXT = new Map<string, InterviewPlaceholder>(
  (Object.entries(INTERVIEW_PLACEHOLDERS) as [InterviewPlaceholder, string][]).map(([key, text]) => [text, key]),
);
// C0 and C1 controls (NUL, tab, line breaks... become a space first, then are collapsed).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Right-to-left scripts and the bidirectional formatting characters (embeddings, overrides, isolates, marks).
const BIDI = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200E\u200F\u202A-\u202E\u2066-\u2069]|\uD802[\uDC00-\uDFFF]|\uD83A[\uDC00-\uDFFF]/;
const FSI = '\u2068';
const PDI = '\u2069';

/**
 * The text a value is shown as inside a question, or undefined when it should not be used (not a
 * string, empty, or longer than {@link MAX_FILL_LENGTH}).
 * @param value an answer from the form data, of any type
 */
export function fillValue(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const line = value.replace(/[\t\n\r\u000B\u000C\u0085\u2028\u2029]+/g, ' ').replace(CONTROLS, '').replace(/\s+/g, ' ').trim();
  if (!line || line.length > MAX_FILL_LENGTH) return undefined;
  return BIDI.test(line) ? `${FSI}${line}${PDI}` : line;
}

/**
 * Replaces each placeholder in `text` with its known value; unknown ones stay as the document wrote
 * them. One pass from left to right: text inside a value is never replaced again (a subject called
 * "[place of incident]" stays that name).
 * @param text a question, hint or label from the interview schema
 * @param values the known values, as they are in the form data
 * @returns the text to show (plain text, not HTML)
 */
export function fillInterviewText(text: string, values: InterviewTextValues): string {
  if (!text.includes('[') && !text.includes('(')) return text;
  return text.replace(PATTERN, (found) => {
    const key = BY_TEXT.get(found);
    return (key && fillValue(values[key])) ?? found;
  });
}

function own(node: unknown, key: string): unknown {
  return node !== null && typeof node === 'object' && !Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, key)
    ? (node as Record<string, unknown>)[key]
    : undefined;
}

/**
 * The values the questions use, read from threat interview data: `/interview/placeOfIncident`,
 * `/interview/subjectName`, and for "[person who was threatened]" `/interview/personThreatened` (or,
 * in a target's own interview, the target's name `/interview/person/name`).
 * @param data threat interview answers (any shape; only own properties are read)
 */
export function interviewTextValues(data: unknown): InterviewTextValues {
  const interview = own(data, 'interview');
  const threatened = own(interview, 'personThreatened');
  return {
    place: own(interview, 'placeOfIncident'),
    subject: own(interview, 'subjectName'),
    target: fillValue(threatened) === undefined && own(interview, 'interviewee') === 'target' ? own(own(interview, 'person'), 'name') : threatened,
  };
}

/**
 * How a threat report's "Location threat occurred" reads after "What happened today when you were ...".
 * The phrases are ours (the report's option labels are headings such as "School Building or Grounds");
 * a digital communication has no place, so the question keeps "[place of incident]" for the interviewer.
 */
export const PLACE_PHRASES: Readonly<Record<string, string>> = Object.freeze({
  'school-building': 'in the school building or grounds',
  'school-travel': 'on the school bus or other travel',
  'school-activity': 'at the school-sponsored activity',
});

/** The part of a threat interview that a threat report can fill. */
export interface InterviewPrefill {
  interview: { subjectName?: string; placeOfIncident?: string };
}

/**
 * A prefill (`initialValue`) for a threat interview from a threat report: the subject's name
 * ("Name of person making threat") and the place of incident ("Location threat occurred", or the
 * text given for "Other"). Values of the wrong type are left out. The element's `interviewee`
 * attribute says who is interviewed, so this does not.
 * @param report threat report answers (`ThreatReportData`, or a stored record of any shape)
 */
export function interviewFromThreatReport(report: unknown): InterviewPrefill {
  const incident = own(report, 'incident');
  const name = own(incident, 'subjectName');
  const location = own(incident, 'location');
  const other = own(incident, 'locationOther');
  const place =
    location === 'other'
      ? typeof other === 'string' && other.trim()
        ? other
        : undefined
      : typeof location === 'string' && Object.prototype.hasOwnProperty.call(PLACE_PHRASES, location)
        ? PLACE_PHRASES[location]
        : undefined;
  const interview: InterviewPrefill['interview'] = {};
  if (typeof name === 'string' && name.trim()) interview.subjectName = name;
  if (place !== undefined) interview.placeOfIncident = place;
  return { interview };
}
