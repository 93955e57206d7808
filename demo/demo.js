// Demo page behaviour: report what the form did, without ever printing an answer.
const status = document.getElementById('demo-status');
for (const form of document.querySelectorAll('threat-report-form, threat-interview-form, risk-matrix-form, traffic-light-referral-form, emergency-contact-form, offender-description-form, safety-form')) {
  form.addEventListener('sf-submitted', (e) => {
    status.textContent = `Sent to the demo receiver (reference ${e.detail.reference ?? 'none'}).`;
  });
  form.addEventListener('sf-submit-error', (e) => {
    status.textContent = `The demo receiver did not take the record (${e.detail.kind}).`;
  });
}
