import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { SubmissionError } from '../errors.js';
import { deliver, isRetryable } from './deliver.js';
import type { Envelope } from './envelope.js';
import { parseRetryAfter } from './send.js';

const envelope: Envelope = { formId: 'threat-report', schemaVersion: '1.0.0', submittedAt: '2026-11-22T10:00:00.000Z', data: {}, result: null };
const KEY = '6f1c2a9e-1111-4222-8333-444455556666';

const reply = (status: number, body: unknown = {}, headers: Record<string, string> = {}) => () =>
  Promise.resolve(
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': typeof body === 'string' ? 'text/html' : 'application/json', ...headers },
    }),
  );

describe('deliver', () => {
  let fetch: sinon.SinonStub;
  let waits: number[];
  const policy = () => ({ sleep: async (ms: number) => void waits.push(ms), random: () => 1 });
  beforeEach(() => {
    fetch = sinon.stub(window, 'fetch');
    waits = [];
  });
  afterEach(() => fetch.restore());

  const keys = () => fetch.getCalls().map((c) => ((c.args[1] as RequestInit).headers as Record<string, string>)['Idempotency-Key']);

  it('retries a network failure and a 5xx with the same key, then returns the receipt', async () => {
    fetch.onCall(0).rejects(new TypeError('Failed to fetch'));
    fetch.onCall(1).callsFake(reply(502));
    fetch.onCall(2).callsFake(reply(201, { reference: 'R-1' }));
    const receipt = await deliver(envelope, { endpoint: '/api', idempotencyKey: KEY }, policy());
    expect(receipt.reference).to.equal('R-1');
    expect(keys()).to.deep.equal([KEY, KEY, KEY]);
    expect(waits).to.deep.equal([500, 1000]);
  });

  it('backs off exponentially with full jitter, capped', async () => {
    fetch.callsFake(reply(503));
    const error = await deliver(envelope, { endpoint: '/api', idempotencyKey: KEY }, { ...policy(), attempts: 6, maxDelay: 3000 }).catch((e) => e);
    expect(isRetryable(error)).to.equal(true);
    expect(fetch.callCount).to.equal(6);
    expect(waits).to.deep.equal([500, 1000, 2000, 3000, 3000]);
    waits = [];
    fetch.resetHistory();
    await deliver(envelope, { endpoint: '/api', idempotencyKey: KEY }, { ...policy(), random: () => 0.5 }).catch(() => undefined);
    expect(waits).to.deep.equal([250, 500, 1000]);
  });

  it('honours Retry-After (seconds and HTTP date), and hands a long one to the outbox', async () => {
    fetch.onCall(0).callsFake(reply(503, {}, { 'Retry-After': '2' }));
    fetch.onCall(1).callsFake(reply(429, {}, { 'Retry-After': new Date(Date.now() + 5000).toUTCString() }));
    fetch.onCall(2).callsFake(reply(201, { reference: 'R-2' }));
    await deliver(envelope, { endpoint: '/api', idempotencyKey: KEY }, policy());
    expect(waits[0]).to.equal(2000);
    expect(waits[1]).to.be.within(3000, 5000);
    fetch.reset();
    fetch.callsFake(reply(503, {}, { 'Retry-After': '3600' }));
    const error = await deliver(envelope, { endpoint: '/api', idempotencyKey: KEY }, policy()).catch((e) => e);
    expect(fetch.callCount).to.equal(1);
    expect((error as SubmissionError).retryAfter).to.equal(3_600_000);
  });

  it('retries 409 (another attempt in flight) and a 2xx that is not JSON (unknown outcome)', async () => {
    fetch.onCall(0).callsFake(reply(409));
    fetch.onCall(1).callsFake(reply(200, '<html>sign in</html>'));
    fetch.onCall(2).callsFake(reply(201, { reference: 'R-3' }));
    expect((await deliver(envelope, { endpoint: '/api', idempotencyKey: KEY }, policy())).reference).to.equal('R-3');
    expect(fetch.callCount).to.equal(3);
  });

  for (const [status, kind] of [
    [400, 'rejected'],
    [422, 'invalid'],
    [401, 'auth'],
    [403, 'auth'],
    [413, 'too-large'],
    [404, 'rejected'],
  ] as const) {
    it(`stops at once on ${status} (${kind})`, async () => {
      fetch.callsFake(reply(status, status === 422 ? { errors: [{ pointer: '/data/a', detail: 'x' }] } : {}, status === 422 ? { 'Content-Type': 'application/problem+json' } : {}));
      const error = (await deliver(envelope, { endpoint: '/api', idempotencyKey: KEY }, policy()).catch((e) => e)) as SubmissionError;
      expect(error.kind).to.equal(kind);
      expect(fetch.callCount).to.equal(1);
      expect(isRetryable(error)).to.equal(false);
    });
  }

  it('stops waiting when aborted', async () => {
    fetch.callsFake(reply(503));
    const controller = new AbortController();
    const run = deliver(envelope, { endpoint: '/api', idempotencyKey: KEY, signal: controller.signal }, { baseDelay: 10_000, random: () => 1 });
    setTimeout(() => controller.abort(new DOMException('stopped', 'AbortError')), 50);
    const error = await run.catch((e) => e);
    expect((error as Error).name).to.equal('AbortError');
    expect(fetch.callCount).to.equal(1);
  });

  it('reports each attempt and retry to its hooks', async () => {
    fetch.onCall(0).callsFake(reply(500));
    fetch.onCall(1).callsFake(reply(201, { reference: 'R' }));
    const attempts: number[] = [];
    const retries: number[] = [];
    await deliver(envelope, { endpoint: '/api', idempotencyKey: KEY }, policy(), { onAttempt: (n) => attempts.push(n), onRetry: (_e, n) => retries.push(n) });
    expect(attempts).to.deep.equal([1, 2]);
    expect(retries).to.deep.equal([1]);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, and ignores nonsense', () => {
    expect(parseRetryAfter('120')).to.equal(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', Date.UTC(2026, 0, 1))).to.equal(10_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', Date.UTC(2027, 0, 1))).to.equal(0);
    expect(parseRetryAfter(null)).to.equal(undefined);
    expect(parseRetryAfter('soon')).to.equal(undefined);
    expect(parseRetryAfter('-5')).to.equal(undefined);
  });
});
