/** Reading the server's pages in the node tests. */

/** Undoes the escaping Nunjucks applies to text, for comparing a page's words with plain strings. */
export const decodeText = (s: string): string => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The GOV.UK error summary's links on a page, href -> text (empty when the page has none). */
export function errorSummary(html: string): Record<string, string> {
  const box = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return Object.fromEntries([...box.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map((m) => [m[1]!, decodeText(m[2]!.trim())]));
}
