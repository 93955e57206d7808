import { css, unsafeCSS } from 'lit';

/** Heights of the printed header and footer: in points, so a host page's root font size cannot change them. */
const HEADER = '40pt';
const FOOTER = '28pt';
const GAP = '8pt';

/**
 * Print: the record as a manager would take it to a meeting. The protective marking (the schema's
 * `x-marking`), the form's title, its version and the date are in a header and a footer on every
 * page (`position: fixed` boxes repeat on every printed page in Chromium, inside Shadow DOM too); the
 * page keeps clear of them: `preparePrinting` gives the document's body, in print only, padding
 * repeated on every page (`box-decoration-break: clone`), so neither the form nor the host page's own
 * content runs under them. Every section's answers print as the summary lists, each section
 * on a new page; buttons, navigation, hints, notices and draft banners do not print.
 */
export default css`
  @media print {
    :host {
      --print-header-height: ${unsafeCSS(HEADER)};
      --print-footer-height: ${unsafeCSS(FOOTER)};
      color: #000 !important;
      background: #fff !important;
      font-size: 11pt;
    }
    .form {
      max-width: none;
      padding: 0;
    }
    .print-header,
    .print-footer {
      display: block;
      position: fixed;
      left: 0;
      right: 0;
      z-index: 1;
      background: #fff;
      color: #000;
      text-align: center;
      overflow: hidden;
    }
    .print-header {
      top: 0;
      height: var(--print-header-height);
      border-bottom: 1pt solid #000;
    }
    .print-footer {
      bottom: 0;
      height: var(--print-footer-height);
      border-top: 1pt solid #000;
    }
    .print-marking {
      margin: 4pt 0 0;
      font-weight: 700;
      font-size: 12pt;
      letter-spacing: 0.08em;
      line-height: 1.2;
    }
    .print-details {
      margin: 2pt 0 0;
      font-size: 9pt;
      line-height: 1.2;
    }
    .print-footer .print-details {
      display: none;
    }
    /* What is for the screen only. */
    button,
    nav,
    progress,
    details > summary,
    .sections,
    .progress-text,
    .actions,
    .hint,
    .caption,
    .marking,
    .drafts,
    .notice,
    .error-summary,
    .check-heading,
    .check-intro,
    .screen-only,
    .summary-list__actions,
    .visually-hidden {
      display: none !important;
    }

    .print-only {
      display: block !important;
    }

    .summary-section + .summary-section {
      break-before: page;
    }
    .summary-section__title,
    .summary-heading {
      break-after: avoid;
    }
    .summary-list__row {
      break-inside: avoid;
      padding: 3px 0;
    }
    .summary-list__link {
      display: none;
    }
    .result {
      break-inside: avoid;
      break-before: page;
      border: 1pt solid #000;
      padding: 8px;
    }
    a {
      color: inherit;
      text-decoration: none;
    }
  }
`;

let prepared = false;

/**
 * Gets the page ready for printing, once per document:
 * - keeps the band under the printed header and footer clear on every page, for the host page's
 *   content as well as the form's: one print-only rule for `<body>` (a constructable stylesheet, so it
 *   works under a strict Content-Security-Policy; it changes nothing on screen);
 * - prints from the top of the page: Chromium leaves a `position: fixed; bottom: 0` footer off the
 *   printed pages when the page is scrolled, so the scroll position is set aside on `beforeprint`
 *   and put back on `afterprint`.
 */
export function preparePrinting(win: Window): void {
  if (prepared) return;
  prepared = true;
  const doc = win.document;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`@media print {
      body {
        padding-top: calc(${HEADER} + ${GAP}) !important;
        padding-bottom: calc(${FOOTER} + ${GAP}) !important;
        -webkit-box-decoration-break: clone;
        box-decoration-break: clone;
      }
    }`);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } catch {
    // No constructable stylesheets: printing still works; the header may cover a page's first lines.
  }
  let scrolled: [number, number] | undefined;
  win.addEventListener('beforeprint', () => {
    if (win.scrollX || win.scrollY) {
      scrolled = [win.scrollX, win.scrollY];
      win.scrollTo(0, 0);
    }
  });
  win.addEventListener('afterprint', () => {
    if (scrolled) win.scrollTo(scrolled[0], scrolled[1]);
    scrolled = undefined;
  });
}
