/**
 * The shape every result shares, in a module of its own: the scorers extend it and `score/index.ts`
 * collects the scorers, so neither imports the other to name it.
 */

/** What every result offers for display: a title, a summary and the actions to take. */
export interface ResultSummary {
  title: string;
  summary: string;
  actions?: { code: string; text: string }[];
  reasons?: string[];
  /** Set when the result cannot be reached yet; the pointer of the next question to answer. */
  nextQuestion?: string;
  /** A severe result (crisis, red) that the panel must make stand out. */
  crisis?: boolean;
}
