// Types of formats.js (plain JavaScript so that scripts/generate.mjs can import it under Node as it is).

/** A real calendar date, YYYY-MM-DD, years 1000 to 9999 (so 0000 and 31/02 are refused). */
export declare function date(value: string): boolean;
/** RFC 3339 date-time with a real date, a real time and an explicit offset. */
export declare function dateTime(value: string): boolean;
/** A real date before today where the check runs (dates of birth). */
export declare function pastDate(value: string): boolean;
/** A plausible email address: something@domain.tld, no spaces, no angle brackets. */
export declare function email(value: string): boolean;
/** Every format by its JSON Schema `format` name. */
export declare const formats: Readonly<{ date: typeof date; 'date-time': typeof dateTime; email: typeof email; 'past-date': typeof pastDate }>;
