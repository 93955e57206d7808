// The only script of the server's own pages: GOV.UK Frontend's components. No inline script anywhere.
import { initAll } from '/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
