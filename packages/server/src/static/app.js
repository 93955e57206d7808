// The only script of the server's own pages: GOV.UK Frontend's components. No inline script anywhere.
import { initAll } from '/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();

// A case's form page carries its prefill (from the threat report) as JSON, not as script: the CSP allows no inline script.
const prefill = document.getElementById('sf-prefill');
const form = document.querySelector('[data-sf="form"]');
if (prefill && form) {
  customElements.whenDefined(form.localName).then(() => {
    try {
      form.initialValue = JSON.parse(prefill.textContent ?? '{}');
    } catch {
      // A prefill that does not parse is left out; the form still works without it.
    }
  });
}

// "Print or save as PDF" (an abridged case version): the browser's print, which repeats the marking on every page.
for (const button of document.querySelectorAll('[data-sf="print"]')) button.addEventListener('click', () => window.print());
