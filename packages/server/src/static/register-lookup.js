// The register look-up beside the traffic-light referral form (#15): asks /api/register/lookup and, when a
// marker is shown, answers "Is the Service User known to have a history of violence" with Yes. No marker
// leaves the answer alone: absence from the register is not "No". Nothing typed here is kept or logged.
const panel = document.querySelector('[data-sf="register-lookup-form"]');
const result = document.querySelector('[data-sf="register-lookup-result"]');
// The referral form of the forms page, or the one embedded in the visit plan.
const form = document.querySelector('[data-sf="form"], [data-sf="referral-form"]');
const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

const say = (text, strong) => {
  result.replaceChildren();
  const p = document.createElement('p');
  p.className = 'govuk-body';
  if (strong) {
    const s = document.createElement('strong');
    s.textContent = strong;
    p.append(s, ' ');
  }
  p.append(text);
  result.append(p);
};

if (panel && result && form) {
  panel.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(panel);
    say('Looking up...');
    let res;
    try {
      res = await fetch('/api/register/lookup', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ surname: String(data.get('surname') ?? ''), postcode: String(data.get('postcode') ?? '') }), credentials: 'same-origin' });
    } catch {
      say('The register could not be reached. Answer from the case system, and look it up again when you are back online.', 'Not checked.');
      return;
    }
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      say(body.errors?.map((e) => e.text).join('. ') || body.title || 'The look-up failed.', 'Not checked.');
      return;
    }
    const markers = body.markers ?? [];
    if (!markers.length) {
      say('Nothing on the register matches exactly. This does not mean there is no history of violence: check the case system.', 'No marker found.');
      return;
    }
    const m = markers[0];
    say(`${m.riskTitle}. Precaution: ${m.precaution}${m.kind === 'temporary' ? ' (temporary, under review)' : ''}. The answer below is set to Yes.`, `Take care: ${markers.length === 1 ? 'a marker' : `${markers.length} markers`}.`);
    await customElements.whenDefined(form.localName);
    const value = form.value ?? {};
    form.value = { ...value, referral: { ...(value.referral ?? {}), historyOfViolence: 'yes' } };
  });
}
