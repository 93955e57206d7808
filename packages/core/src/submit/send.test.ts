import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { ConfigError, SubmissionError, type SubmissionFailure } from '../errors.js';
import type { Envelope } from './envelope.js';
import { problemFieldErrors, sendSubmission, type SendOptions } from './send.js';

/** A distinctive fake name, which must never appear in an error message. */
const SECRET = 'Zebedee Quillfeather-Nakamura';
const KEY = '3f1e0a52-8d7c-4b1a-9f6e-2c4d5e6f7a8b';
const ENDPOINT = '/api/threat-reports';

function envelope(): Envelope {
  return {
    formId: 'threat-report',
    schemaVersion: '1.0.0',
    submittedAt: '2026-03-27T14:30:00.000Z',
    data: { incident: { subjectName: SECRET, summary: `${SECRET} said something` } },
    result: { outcome: 'transient' },
  };
}

function json(body: unknown, status: number, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

async function failure(promise: Promise<unknown>): Promise<SubmissionError> {
  try {
    await promise;
  } catch (e) {
    expect(e).to.be.instanceOf(SubmissionError);
    const error = e as SubmissionError;
    expect(error.name).to.equal('SubmissionError');
    expect(error.message).not.to.contain(SECRET);
    expect(error.message).not.to.contain('Zebedee');
    expect(error.message).to.match(/^submit: /);
    return error;
  }
  throw new Error('expected the submission to fail');
}

describe('sendSubmission over fetch', () => {
  let fetchStub: sinon.SinonStub<Parameters<typeof fetch>, ReturnType<typeof fetch>>;
  const options = (extra: Partial<SendOptions> = {}): SendOptions => ({ endpoint: ENDPOINT, idempotencyKey: KEY, ...extra });
  const init = (): RequestInit => fetchStub.firstCall.args[1]!;
  const headers = (): Headers => new Headers(init().headers);

  beforeEach(() => {
    fetchStub = sinon.stub(window, 'fetch');
  });

  afterEach(() => {
    sinon.restore();
  });

  it('returns a receipt with the reference from a 201 JSON reply', async () => {
    fetchStub.resolves(json({ reference: 'TR-2026-0001' }, 201));
    const receipt = await sendSubmission(envelope(), options());
    expect(receipt).to.deep.equal({ status: 201, reference: 'TR-2026-0001' });
    expect(fetchStub.calledOnce).to.equal(true);
    expect(fetchStub.firstCall.args[0]).to.equal(ENDPOINT);
  });

  it('returns a receipt without a reference from a 200 JSON reply that has none', async () => {
    fetchStub.resolves(json({ ok: true, reference: 42 }, 200));
    expect(await sendSubmission(envelope(), options())).to.deep.equal({ status: 200 });
  });

  it('caps a very long reference', async () => {
    fetchStub.resolves(json({ reference: 'R'.repeat(10_000) }, 201));
    const receipt = await sendSubmission(envelope(), options());
    expect(receipt.reference).to.have.length.at.most(200);
    expect(receipt.reference).to.match(/^R+$/);
  });

  it('sends the envelope as JSON with Idempotency-Key, Content-Type, same-origin credentials and POST', async () => {
    fetchStub.resolves(json({ reference: 'x' }, 201));
    const env = envelope();
    await sendSubmission(env, options());
    expect(init().method).to.equal('POST');
    expect(init().credentials).to.equal('same-origin');
    expect(headers().get('Idempotency-Key')).to.equal(KEY);
    expect(headers().get('Content-Type')).to.equal('application/json');
    expect(headers().get('Accept')).to.contain('application/json');
    expect(JSON.parse(init().body as string)).to.deep.equal(env);
    expect(init().signal).to.be.instanceOf(AbortSignal);
  });

  it('honours a custom method', async () => {
    fetchStub.resolves(json({ reference: 'x' }, 200));
    await sendSubmission(envelope(), options({ method: 'PUT' }));
    expect(init().method).to.equal('PUT');
  });

  it('merges host headers', async () => {
    fetchStub.resolves(json({ reference: 'x' }, 201));
    await sendSubmission(envelope(), options({ headers: { 'X-CSRF-Token': 'csrf-123', Authorization: 'Bearer abc' } }));
    expect(headers().get('X-CSRF-Token')).to.equal('csrf-123');
    expect(headers().get('Authorization')).to.equal('Bearer abc');
    expect(headers().get('Idempotency-Key')).to.equal(KEY);
  });

  it('host headers cannot override the Idempotency-Key or the Content-Type (same case)', async () => {
    fetchStub.resolves(json({ reference: 'x' }, 201));
    await sendSubmission(envelope(), options({ headers: { 'Idempotency-Key': 'host-key', 'Content-Type': 'text/plain' } }));
    expect(headers().get('Idempotency-Key')).to.equal(KEY);
    expect(headers().get('Content-Type')).to.equal('application/json');
  });

  it('host headers cannot override the Idempotency-Key in another letter case', async () => {
    fetchStub.resolves(json({ reference: 'x' }, 201));
    await sendSubmission(envelope(), options({ headers: { 'idempotency-key': 'host-key', 'content-type': 'text/plain' } }));
    // HTTP header names are case-insensitive: the request must carry exactly our key and type.
    expect(headers().get('Idempotency-Key')).to.equal(KEY);
    expect(headers().get('Content-Type')).to.equal('application/json');
  });

  it('a 200 with an HTML body is an unknown outcome', async () => {
    fetchStub.resolves(new Response('<!doctype html><title>Sign in</title>', { status: 200, headers: { 'Content-Type': 'text/html' } }));
    const error = await failure(sendSubmission(envelope(), options()));
    expect(error.kind).to.equal('unknown');
    expect(error.status).to.equal(200);
  });

  it('a 204 with no body, or a JSON string, is an unknown outcome', async () => {
    fetchStub.resolves(new Response(null, { status: 204 }));
    expect((await failure(sendSubmission(envelope(), options()))).kind).to.equal('unknown');
    fetchStub.resolves(json('ok', 200));
    expect((await failure(sendSubmission(envelope(), options()))).kind).to.equal('unknown');
  });

  it('422 problem+json with field errors is invalid, with pointers into the form data', async () => {
    fetchStub.resolves(
      json(
        {
          type: 'about:blank',
          title: 'Invalid',
          errors: [
            { pointer: '/data/incident/subjectName', detail: 'x' },
            { pointer: '#/data/report/reporterName', detail: 'Enter the reporter' },
          ],
        },
        422,
        'application/problem+json',
      ),
    );
    const error = await failure(sendSubmission(envelope(), options()));
    expect(error.kind).to.equal('invalid');
    expect(error.status).to.equal(422);
    expect(error.fieldErrors).to.deep.equal([
      { pointer: '/incident/subjectName', message: 'x' },
      { pointer: '/report/reporterName', message: 'Enter the reporter' },
    ]);
  });

  it('400 application/json with field errors is invalid too', async () => {
    fetchStub.resolves(json({ errors: [{ pointer: '#/data/incident/summary', detail: 'Too long' }] }, 400, 'application/json; charset=utf-8'));
    const error = await failure(sendSubmission(envelope(), options()));
    expect(error.kind).to.equal('invalid');
    expect(error.fieldErrors).to.deep.equal([{ pointer: '/incident/summary', message: 'Too long' }]);
  });

  it('400 without JSON is rejected', async () => {
    fetchStub.resolves(new Response('Bad Request', { status: 400, headers: { 'Content-Type': 'text/plain' } }));
    const error = await failure(sendSubmission(envelope(), options()));
    expect(error.kind).to.equal('rejected');
    expect(error.status).to.equal(400);
    expect(error.fieldErrors).to.deep.equal([]);
  });

  it('422 problem+json without usable errors is rejected', async () => {
    fetchStub.resolves(json({ title: 'Nope', errors: [{ pointer: 5, detail: 'x' }, { pointer: 'no-slash', detail: 'y' }] }, 422, 'application/problem+json'));
    const error = await failure(sendSubmission(envelope(), options()));
    expect(error.kind).to.equal('rejected');
  });

  it('a 422 whose JSON body is malformed is rejected', async () => {
    fetchStub.resolves(new Response('{"errors": [', { status: 422, headers: { 'Content-Type': 'application/problem+json' } }));
    expect((await failure(sendSubmission(envelope(), options()))).kind).to.equal('rejected');
  });

  const statuses: [number, SubmissionFailure][] = [
    [401, 'auth'],
    [403, 'auth'],
    [413, 'too-large'],
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
    [504, 'server'],
    [408, 'server'],
    [409, 'server'],
    [429, 'server'],
    [404, 'rejected'],
    [405, 'rejected'],
    [410, 'rejected'],
  ];
  for (const [status, kind] of statuses) {
    it(`${status} is ${kind}`, async () => {
      fetchStub.resolves(json({ detail: `${SECRET} could not be stored`, errors: [{ pointer: '/data/x', detail: 'y' }] }, status));
      const error = await failure(sendSubmission(envelope(), options()));
      expect(error.kind).to.equal(kind);
      expect(error.status).to.equal(status);
      expect(error.message).to.contain(String(status));
    });
  }

  it('a fetch that rejects (TypeError) is a network failure', async () => {
    fetchStub.rejects(new TypeError(`Failed to fetch ${SECRET}`));
    const error = await failure(sendSubmission(envelope(), options()));
    expect(error.kind).to.equal('network');
    expect(error.status).to.equal(undefined);
  });

  it('a timeout is a network failure', async () => {
    fetchStub.callsFake(
      (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
        }),
    );
    const error = await failure(sendSubmission(envelope(), options({ timeout: 20 })));
    expect(error.kind).to.equal('network');
  });

  it("passes the host's abort signal on (an abort is a network failure)", async () => {
    const controller = new AbortController();
    fetchStub.callsFake(
      (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const pending = sendSubmission(envelope(), options({ signal: controller.signal }));
    controller.abort();
    expect((await failure(pending)).kind).to.equal('network');
  });

  it('no error message ever contains the form data', async () => {
    const replies = [
      () => new Response(`<p>${SECRET}</p>`, { status: 200 }),
      () => json({ detail: SECRET }, 400, 'application/problem+json'),
      () => json({ errors: [{ pointer: '/data/incident/subjectName', detail: SECRET }] }, 422, 'application/problem+json'),
      () => json({ detail: SECRET }, 401),
      () => json({ detail: SECRET }, 413),
      () => json({ detail: SECRET }, 500),
      () => json({ detail: SECRET }, 418),
    ];
    for (const reply of replies) {
      fetchStub.resetBehavior();
      fetchStub.callsFake(async () => reply());
      const error = await failure(sendSubmission(envelope(), options()));
      expect(error.message).not.to.contain(SECRET);
      expect(String(error)).not.to.contain(SECRET);
    }
  });

  it('without an endpoint or a handler it throws a ConfigError without calling fetch', async () => {
    const error = await sendSubmission(envelope(), { idempotencyKey: KEY }).catch((e: Error) => e);
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as Error).name).to.equal('ConfigError');
    expect(fetchStub.called).to.equal(false);
  });
});

describe('sendSubmission through a submitHandler', () => {
  let fetchStub: sinon.SinonStub;

  beforeEach(() => {
    fetchStub = sinon.stub(window, 'fetch');
  });

  afterEach(() => {
    sinon.restore();
  });

  it('uses the handler instead of fetch and returns its reference', async () => {
    const handler = sinon.stub().resolves({ reference: 'SP-42' });
    const env = envelope();
    const controller = new AbortController();
    const receipt = await sendSubmission(env, { endpoint: ENDPOINT, idempotencyKey: KEY, submitHandler: handler, signal: controller.signal });
    expect(receipt.reference).to.equal('SP-42');
    expect(fetchStub.called).to.equal(false);
    expect(handler.calledOnce).to.equal(true);
    expect(handler.firstCall.args[0]).to.equal(env);
    expect(handler.firstCall.args[1]).to.deep.equal({ idempotencyKey: KEY, signal: controller.signal });
  });

  it('a handler that resolves with nothing gives a receipt without a reference', async () => {
    const receipt = await sendSubmission(envelope(), { idempotencyKey: KEY, submitHandler: async () => undefined });
    expect(receipt.reference).to.equal(undefined);
    expect(fetchStub.called).to.equal(false);
  });

  it('a handler that throws makes the submission fail', async () => {
    let caught: unknown;
    try {
      await sendSubmission(envelope(), { idempotencyKey: KEY, submitHandler: async () => Promise.reject(new Error('backend down')) });
    } catch (e) {
      caught = e;
    }
    expect(caught).to.be.instanceOf(SubmissionError);
    expect((caught as SubmissionError).kind).to.equal('unknown');
    expect((caught as Error).message).not.to.contain('backend down');
    expect(fetchStub.called).to.equal(false);
  });

  it('passes on a SubmissionError the handler throws, so it can say what went wrong', async () => {
    const thrown = new SubmissionError('submit: SharePoint is offline', 'network');
    const caught = await sendSubmission(envelope(), { idempotencyKey: KEY, submitHandler: async () => Promise.reject(thrown) }).catch((e) => e);
    expect(caught).to.equal(thrown);
  });
});

describe('problemFieldErrors', () => {
  it('maps /data/... and #/data/... pointers, skipping malformed items', () => {
    expect(
      problemFieldErrors({
        errors: [
          { pointer: '/data/incident/subjectName', detail: 'a' },
          { pointer: '#/data/report/reporterName', detail: 'b' },
          { pointer: '/incident/summary', detail: 'c' },
          { pointer: '/data/a~1b', detail: 'd' },
          { pointer: 'bad', detail: 'e' },
          { pointer: '/x', detail: 5 },
          null,
          'string',
        ],
      }),
    ).to.deep.equal([
      { pointer: '/incident/subjectName', message: 'a' },
      { pointer: '/report/reporterName', message: 'b' },
      { pointer: '/incident/summary', message: 'c' },
      { pointer: '/a~1b', message: 'd' },
    ]);
  });

  it('is empty for anything without an errors array', () => {
    for (const p of [undefined, null, 'x', {}, { errors: 'x' }, { errors: {} }]) expect(problemFieldErrors(p)).to.deep.equal([]);
  });

  it('caps the number and length of errors', () => {
    const errors = Array.from({ length: 5000 }, (_, i) => ({ pointer: `/data/f${i}`, detail: 'd'.repeat(10_000) }));
    const out = problemFieldErrors({ errors });
    expect(out.length).to.be.at.most(500);
    expect(out.length).to.be.greaterThan(0);
    for (const e of out) expect(e.message.length).to.be.at.most(500);
  });
});
