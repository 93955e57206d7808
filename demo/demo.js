// Demo page behaviour. form.html?form=<id> embeds one form (as an intranet page would, with its
// attributes); every page reports what the form did, without ever printing an answer.
const FORMS = {
  'threat-interview': {
    tag: 'threat-interview-form',
    title: 'Threat interview',
    lede: 'Record an interview with the subject of a threat, following the threat assessment protocol.',
    attrs: { interviewee: 'subject' },
  },
  'risk-matrix': {
    tag: 'risk-matrix-form',
    title: 'Serious threat risk matrix',
    lede: 'Assess the risk to staff after a serious threat, and decide whether a Risk Strategy Group meeting is needed.',
  },
  'traffic-light-referral': {
    tag: 'traffic-light-referral-form',
    title: 'Before a home visit',
    lede: 'Check the referral before a lone visit: the traffic light says whether to stop, proceed with caution or go.',
  },
  'emergency-contact': {
    tag: 'emergency-contact-form',
    title: 'Your emergency contacts',
    lede: 'Keep your emergency contact and medical details up to date. They are used only in an emergency.',
  },
  'offender-description': {
    tag: 'offender-description-form',
    title: 'Describe the person',
    lede: 'Describe the person involved in an incident, for your statement.',
  },
  // An organisation's own form: its JSON Schema is fetched at run time by <safety-form schema-src>.
  custom: {
    tag: 'safety-form',
    title: 'Lone working check-in',
    lede: "Our own form, loaded from the council's schema file (demo/schemas/lone-working-check.schema.json). Demo only: the demo receiver stores only the built-in forms, so this record is not sent anywhere.",
    attrs: { 'schema-src': '/demo/schemas/lone-working-check.schema.json' },
    demoOnly: true,
  },
};

const slot = document.getElementById('form-slot');
if (slot) {
  const id = new URLSearchParams(location.search).get('form');
  const spec = Object.prototype.hasOwnProperty.call(FORMS, id) ? FORMS[id] : FORMS['risk-matrix'];
  const formId = Object.keys(FORMS).find((k) => FORMS[k] === spec);
  document.title = `${spec.title} - Staff safety - Anytown Borough Council intranet`;
  document.getElementById('form-title').textContent = spec.title;
  document.getElementById('form-lede').textContent = spec.lede;
  const form = document.createElement(spec.tag);
  const endpoint = spec.demoOnly ? {} : { endpoint: `/api/${formId}` };
  for (const [name, value] of Object.entries({ ...endpoint, 'user-id': 'j.smith', ...spec.attrs })) form.setAttribute(name, value);
  // The receiver has no endpoint for an organisation's own form: the demo keeps the record on the page.
  if (spec.demoOnly) form.submitHandler = async () => ({ reference: 'DEMO-NOT-SENT' });
  slot.replaceWith(form);
  for (const link of document.querySelectorAll('.sidebar a')) {
    if (link.getAttribute('href') === `/demo/form.html?form=${formId}`) link.setAttribute('aria-current', 'page');
    else if (link.getAttribute('href') !== '/') link.removeAttribute('aria-current');
  }
}

const status = document.getElementById('demo-status');
for (const form of document.querySelectorAll('threat-report-form, threat-interview-form, risk-matrix-form, traffic-light-referral-form, emergency-contact-form, offender-description-form, safety-form')) {
  form.addEventListener('sf-submitted', (e) => {
    status.textContent =
      e.detail.reference === 'DEMO-NOT-SENT'
        ? 'Demo only: this form is not sent anywhere. An organisation posts its own forms to its own backend with the endpoint attribute.'
        : `Sent to the demo receiver (reference ${e.detail.reference ?? 'none'}).`;
  });
  form.addEventListener('sf-submit-error', (e) => {
    status.textContent = `The demo receiver did not take the record (${e.detail.kind}).`;
  });
}
