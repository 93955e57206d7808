import { expect, fixture, html } from '@open-wc/testing';
import { classifyReferral } from '@safety-forms/core';
import { completeReport } from '../../../../../stories/fixtures/threat-report.js';
import { ThreatReportById, UnknownForm } from '../../../../../stories/safety-form.stories.js';
import { runFormContractTests } from '../../internal/test/form-contract.js';
import { $, $$, settle } from '../../internal/test/helpers.js';
import type SafetyForm from './safety-form.component.js';
import './safety-form.js';

describe('<safety-form>', () => {
  it('passes accessibility tests', async () => {
    const el = await fixture<SafetyForm>(ThreatReportById());
    await expect(el).to.be.accessible();
  });

  it('renders a generated schema by form id, with its live result', async () => {
    const el = await fixture<SafetyForm>(ThreatReportById());
    expect($(el, '[part=title]').textContent).to.equal('Threat report');
    expect($$(el, '.sections__link').length).to.equal(9);
    el.value = completeReport;
    await settle(el);
    expect($(el, '[part=result-title]').textContent!.trim()).to.equal('Serious substantive threat');
  });

  it('says plainly when the form id is unknown', async () => {
    const el = await fixture<SafetyForm>(UnknownForm());
    expect($(el, '[part=schema-error]').textContent).to.contain('This form could not be shown');
    await expect(el).to.be.accessible();
  });

  it('re-reads its answers against a new schema when the form id changes', async () => {
    const el = await fixture<SafetyForm>(html`<safety-form form="no-such-form"></safety-form>`);
    el.value = { report: { receiverName: 'Kept' }, stray: 1 };
    el.formId = 'threat-report';
    await settle(el);
    expect(el.value).to.deep.equal({ report: { receiverName: 'Kept' } });
  });
});

const DEMO_SCHEMA = '/demo/schemas/lone-working-check.schema.json';
const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

/** A complete lone working check-in (the demo organisation schema). */
const completeVisit = {
  visit: { visitDate: '2026-03-27', caseReference: 'CS123456', visitType: 'home', expectedReturn: '2026-03-27T15:30:00+00:00' },
  risk: { knownRisk: 'yes', riskDetails: 'A large dog; visiting with a colleague.' },
  buddy: { buddyName: 'Rowan Example', buddyPhone: '07700 900 982', agreedAction: ['call-you', 'call-manager'] },
};

/** A same-origin address serving `text` (a Blob URL), for schemas made up in a test. */
function served(text: string): string {
  return URL.createObjectURL(new Blob([text], { type: 'application/json' }));
}

function small(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $schema: DRAFT,
    'x-form-id': 'incident-note',
    'x-version': '2.0.0',
    title: 'Incident note',
    type: 'object',
    properties: { note: { type: 'string', title: 'What happened', maxLength: 50 } },
    required: ['note'],
    ...extra,
  };
}

/** Renders `<safety-form schema-src>` and waits until its schema is loaded or refused. */
async function loaded(src: string, attrs: { maxBytes?: number; endpoint?: string } = {}): Promise<SafetyForm> {
  const el = await fixture<SafetyForm>(
    html`<safety-form schema-src=${src} draft="off" max-schema-bytes=${attrs.maxBytes ?? 262144} endpoint=${attrs.endpoint ?? '/api/custom-test'}></safety-form>`,
  );
  await el.schemaReady;
  await settle(el);
  return el;
}

/** Collects console output while `run` runs. */
async function consoleDuring(run: () => Promise<void>): Promise<unknown[][]> {
  const calls: unknown[][] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  methods.forEach((m) => (console[m] = (...args: unknown[]) => void calls.push(args)));
  try {
    await run();
  } finally {
    methods.forEach((m, i) => (console[m] = saved[i]!));
  }
  return calls;
}

/** Replaces window.fetch for a submission: records each request and answers 201 with a reference. */
function recordPosts(): { requests: { url: string; init?: RequestInit }[]; restore: () => void } {
  const original = window.fetch;
  const requests: { url: string; init?: RequestInit }[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), init });
    return new Response(JSON.stringify({ reference: 'SF-CUSTOM-1' }), { status: 201, headers: { 'content-type': 'application/json' } });
  };
  return { requests, restore: () => (window.fetch = original) };
}

describe('<safety-form schema-src>: an organisation schema', () => {
  it('says it is loading, then renders the schema fetched at run time (accessible in both states)', async () => {
    const el = await fixture<SafetyForm>(html`<safety-form schema-src=${DEMO_SCHEMA} draft="off"></safety-form>`);
    if (!el.shadowRoot!.querySelector('[part=title]')) {
      expect($(el, '[part=schema-loading]').textContent!.trim()).to.equal('Loading the form…');
      expect($(el, '[part=schema-loading]').getAttribute('role')).to.equal('status');
      await expect(el).to.be.accessible();
    }
    await el.schemaReady;
    await settle(el);
    expect($(el, '[part=title]').textContent).to.equal('Lone working visit check-in');
    expect($(el, '[part=marking]').textContent).to.equal('OFFICIAL-SENSITIVE');
    expect($$(el, '.sections__link').length).to.equal(3);
    expect(el.draftFormId).to.equal('lone-working-check');
    expect(el.draftSchemaVersion).to.equal('1.0.0');
    await expect(el).to.be.accessible();
  });

  it('validates with GOV.UK messages from the interpreting validator, and shows a showIf field', async () => {
    const el = await loaded(DEMO_SCHEMA);
    const empty = el.validate();
    expect(empty.valid).to.equal(false);
    expect(empty.errors.slice(0, 2)).to.deep.equal([
      { pointer: '/visit/visitDate', message: 'Enter date of visit' },
      { pointer: '/visit/caseReference', message: 'Enter case reference' },
    ]);
    el.value = { ...completeVisit, visit: { ...completeVisit.visit, caseReference: 'Jo Bloggs', visitDate: '2026-02-30' }, risk: { knownRisk: 'yes' } };
    await settle(el);
    const errors = el.validate().errors;
    expect(errors).to.deep.include({ pointer: '/visit/caseReference', message: 'Enter a case reference like CS123456' });
    expect(errors).to.deep.include({ pointer: '/visit/visitDate', message: 'Date of visit must be a real date' });
    expect(errors.map((e) => e.pointer)).to.include('/risk/riskDetails');
    await settle(el);
    expect($(el, '[part=error-summary]').textContent).to.contain('Enter a case reference like CS123456');
    await expect(el).to.be.accessible();
  });

  it('submits to the endpoint attribute, never anywhere the schema says', async () => {
    const el = await loaded(DEMO_SCHEMA, { endpoint: '/api/visits' });
    el.value = completeVisit;
    await settle(el);
    const posts = recordPosts();
    try {
      expect(await el.submit()).to.deep.include({ reference: 'SF-CUSTOM-1' });
    } finally {
      posts.restore();
    }
    expect(posts.requests.map((r) => r.url)).to.deep.equal(['/api/visits']);
    const body = JSON.parse(String(posts.requests[0]!.init!.body));
    expect(body.formId).to.equal('lone-working-check');
    expect(body.schemaVersion).to.equal('1.0.0');
    expect(body.data.visit.caseReference).to.equal('CS123456');
  });

  it('without an endpoint, posts to <safety-forms-config endpoint-base> + /x-form-id', async () => {
    const wrapper = await fixture(html`<safety-forms-config endpoint-base="/api"><safety-form draft="off"></safety-form></safety-forms-config>`);
    const el = wrapper.querySelector('safety-form')!;
    el.schema = small();
    await settle(el);
    el.value = { note: 'The door was left open.' };
    await settle(el);
    const posts = recordPosts();
    try {
      await el.submit();
    } finally {
      posts.restore();
    }
    expect(posts.requests.map((r) => r.url)).to.deep.equal(['/api/incident-note']);
  });

  it('refuses a schema that tries to set the endpoint, and sends nothing', async () => {
    for (const hostile of [
      small({ 'x-endpoint': 'https://evil.example/collect' }),
      small({ action: 'https://evil.example/collect', method: 'GET' }),
      small({ properties: { note: { type: 'string', 'x-ui': { endpoint: 'https://evil.example/' } } } }),
      small({ 'x-form-id': '../../evil' }),
    ]) {
      const el = await fixture<SafetyForm>(html`<safety-form draft="off" endpoint="/api/visits"></safety-form>`);
      el.schema = hostile;
      await settle(el);
      expect(el.schemaError).to.equal('not-a-form');
      const posts = recordPosts();
      try {
        expect(await el.submit()).to.equal(undefined);
      } finally {
        posts.restore();
      }
      expect(posts.requests).to.deep.equal([]);
    }
  });

  const refusals: [string, () => Promise<SafetyForm>, string][] = [
    ['too large', () => loaded(DEMO_SCHEMA, { maxBytes: 2000 }), 'The form is larger than this page allows.'],
    ['too deep', () => loaded(served(`{"a":${'['.repeat(50)}${']'.repeat(50)}}`)), 'too many levels'],
    ['a remote $ref', () => loaded(served(JSON.stringify(small({ properties: { note: { $ref: 'https://evil.example/note.json' } } })))), 'refers to parts kept outside it'],
    ['not an object schema', () => loaded(served(JSON.stringify({ $schema: DRAFT, type: 'array', items: { type: 'string' } }))), 'not a valid form'],
    ['a meta-schema failure', () => loaded(served(JSON.stringify(small({ properties: { note: { type: 'string', format: 'hostname' } } })))), 'not a valid form'],
    ['404', () => loaded('/no/such/schema.json'), 'could not be found'],
    ['invalid JSON', () => loaded(served('{"title": "Private note about J. Smith", ')), 'damaged'],
  ];
  for (const [name, make, reason] of refusals) {
    it(`says plainly, and accessibly, that the form could not be loaded: ${name}`, async () => {
      let el!: SafetyForm;
      const logged = await consoleDuring(async () => {
        el = await make();
      });
      const error = $(el, '[part=schema-error]');
      expect(error.getAttribute('role')).to.equal('alert');
      expect(error.textContent).to.contain('This form could not be loaded.');
      expect(error.textContent).to.contain(reason);
      expect(error.textContent).not.to.contain('J. Smith');
      expect(error.textContent).not.to.match(/at \w+ \(|Error:|\.ts:\d/);
      expect(el.shadowRoot!.querySelector('[part=submit-button]')).to.equal(null);
      expect(logged).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });
  }

  it('replaces the form when schema-src changes, keeping only answers that fit', async () => {
    const el = await loaded(DEMO_SCHEMA);
    el.value = { visit: { caseReference: 'CS123456' } };
    const other = served(JSON.stringify(small({ properties: { note: { type: 'string', title: 'What happened' }, visit: { type: 'object', title: 'Visit', properties: { caseReference: { type: 'string', title: 'Case' } } } } })));
    el.schemaSrc = other;
    await el.updateComplete;
    await el.schemaReady;
    await settle(el);
    expect($(el, '[part=title]').textContent).to.equal('Incident note');
    expect(el.draftFormId).to.equal('incident-note');
    expect(el.value).to.deep.equal({ visit: { caseReference: 'CS123456' } });
    el.schemaSrc = '/no/such/schema.json';
    await el.updateComplete;
    await el.schemaReady;
    await settle(el);
    expect($(el, '[part=schema-error]').textContent).to.contain('could not be found');
    // The refusal wipes nothing: the next schema that loads gets the answers back.
    el.schemaSrc = other;
    await el.updateComplete;
    await el.schemaReady;
    await settle(el);
    expect(el.value).to.deep.equal({ visit: { caseReference: 'CS123456' } });
  });

  it('renders hostile schema text as text', async () => {
    const markup = '<img src=x onerror="window.__sfXss=1">';
    const el = await fixture<SafetyForm>(html`<safety-form draft="off"></safety-form>`);
    el.schema = small({
      title: markup,
      description: 'javascript:alert(1)',
      'x-marking': markup,
      properties: {
        note: { type: 'string', title: markup, 'x-ui': { hint: markup } },
        pick: { type: 'string', title: 'Pick', oneOf: [{ const: 'a', title: markup }] },
      },
    });
    await settle(el);
    expect($(el, '[part=title]').textContent).to.equal(markup);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.contain(markup);
    expect((window as { __sfXss?: number }).__sfXss).to.equal(undefined);
  });

  it('runs the built-in scorer its x-scoring names, and none for another name', async () => {
    const el = await fixture<SafetyForm>(html`<safety-form draft="off"></safety-form>`);
    el.schema = small({ 'x-scoring': { scorer: 'traffic-light-referral' } });
    await settle(el);
    expect($(el, '[part=result-title]').textContent!.trim()).to.equal(classifyReferral({ note: '' }).title);
    el.schema = small({ 'x-scoring': { scorer: 'tea-leaves' } });
    await settle(el);
    expect(el.shadowRoot!.querySelector('[part=result]')).to.equal(null);
    expect(el.currentResult).to.equal(null);
  });

  it('renders a large flat schema given as a property (1,000 fields)', async () => {
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < 1000; i++) properties[`q${i}`] = { type: 'string', title: `Question ${i + 1}`, maxLength: 200 };
    const el = await fixture<SafetyForm>(html`<safety-form draft="off" max-schema-bytes="1000000"></safety-form>`);
    el.schema = { $schema: DRAFT, 'x-form-id': 'bench-flat', title: 'Flat', type: 'object', properties, required: ['q0'] };
    await settle(el);
    expect(el.schemaError).to.equal(undefined);
    expect($$(el, 'input[type=text], input:not([type])').length).to.equal(1000);
    expect(el.validate().errors).to.deep.equal([{ pointer: '/q0', message: 'Enter question 1' }]);
  });
});

// The contract runs on a wrapper tag so that <safety-form> is exercised with its form attribute set.
class ThreatReportViaSafetyForm extends (customElements.get('safety-form') as typeof SafetyForm) {
  override formId = 'threat-report';
}
customElements.define('sf-safety-form-threat-report', ThreatReportViaSafetyForm);
runFormContractTests('sf-safety-form-threat-report', completeReport);
