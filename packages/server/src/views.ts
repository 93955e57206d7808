/**
 * Nunjucks with govuk-frontend's and MOJ Frontend's macros. Autoescape is on: every value is text.
 * Pages never carry inline script or style (the CSP forbids both); behaviour is in /static/app.js.
 */
import nunjucks from 'nunjucks';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export const VIEWS = join(dirname(fileURLToPath(import.meta.url)), 'views');
export const STATIC = join(dirname(fileURLToPath(import.meta.url)), 'static');
/** govuk-frontend's dist folder (templates under govuk/, CSS, JS, assets). */
export const GOVUK = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
export const MOJ = dirname(require.resolve('@ministryofjustice/frontend/package.json'));

const londonDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const londonTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hour12: false });

export function createViews(viewsDir = VIEWS): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([viewsDir, GOVUK, MOJ], { noCache: false }), { autoescape: true, throwOnUndefined: false });
  /** An instant as "6 December 2026, 14:05" in Europe/London. */
  env.addFilter('datetime', (iso: string) => (iso ? `${londonDate.format(new Date(iso))}, ${londonTime.format(new Date(iso))}` : ''));
  env.addFilter('date', (iso: string) => (iso ? londonDate.format(new Date(iso)) : ''));
  /** An instant's time, "14:05", in Europe/London. */
  env.addFilter('time', (iso: string) => (iso ? londonTime.format(new Date(iso)) : ''));
  env.addFilter('json', (value: unknown) => JSON.stringify(value, null, 2));
  return env;
}
