// The envelope checks around `data` and the OpenAPI 3.1 document of the contract (issue #4).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import { envelope, post, startReceiver, validThreatReport } from './helpers.mjs';

describe('submission contract', () => {
  /** @type {Awaited<ReturnType<typeof startReceiver>>} */
  let rx;
  before(async () => {
    rx = await startReceiver();
  });
  after(async () => {
    await rx?.close();
  });

  async function refused(body, pointer) {
    const res = await post(rx.base, body);
    assert.equal(res.status, 422, JSON.stringify(pointer));
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = await res.json();
    assert.ok(
      problem.errors?.some((e) => e.pointer === pointer && typeof e.detail === 'string' && e.detail),
      `expected an error at ${JSON.stringify(pointer)}: ${JSON.stringify(problem.errors)}`,
    );
    return problem;
  }

  describe('envelope', () => {
    it('refuses a submittedAt that is not an RFC 3339 date-time (422 at /submittedAt)', async () => {
      for (const submittedAt of ['2026-02-31T10:00:00Z', '2026-13-01T10:00:00Z', 'yesterday', '2026-11-22', '2026-11-22T25:00:00Z', 1764000000000, null]) {
        await refused(envelope(undefined, { submittedAt }), '/submittedAt');
      }
      const { submittedAt: _, ...without } = envelope();
      await refused(without, '/submittedAt');
    });

    it('accepts RFC 3339 date-times with an offset or fractional seconds', async () => {
      for (const submittedAt of ['2026-11-22T10:00:00+01:00', '2026-11-22T10:00:00.123456Z', '2028-02-29T23:59:59Z']) {
        const res = await post(rx.base, envelope(undefined, { submittedAt }));
        assert.equal(res.status, 201, submittedAt);
        await res.arrayBuffer();
      }
    });

    it('refuses a result that is not an object or null, and a missing one (422 at /result)', async () => {
      for (const result of [[], 'serious', 3]) await refused(envelope(undefined, { result }), '/result');
      const { result: _, ...without } = envelope();
      await refused(without, '/result');
      const res = await post(rx.base, envelope(undefined, { result: null }));
      assert.equal(res.status, 201, 'null is allowed: a form without scoring');
      await res.arrayBuffer();
    });

    it('refuses unknown top-level properties, __proto__ included, with their pointers', async () => {
      await refused({ ...envelope(), extra: 1 }, '/extra');
      await refused({ ...envelope(), 'a/b~c': 1 }, '/a~1b~0c');
      const before = rx.records.size;
      const res = await post(rx.base, JSON.stringify(envelope()).replace(/^\{/, '{"__proto__":{"polluted":true},'));
      assert.equal(res.status, 422);
      assert.ok((await res.json()).errors.some((e) => e.pointer === '/__proto__'));
      assert.equal({}.polluted, undefined);
      assert.equal(rx.records.size, before);
    });

    it('refuses a body that is JSON but not an object (422 at the root)', async () => {
      for (const body of ['[]', 'null', '"text"', '42']) await refused(body, '');
    });

    it('refuses data that is not an object', async () => {
      const res = await post(rx.base, envelope('not an object'));
      assert.equal(res.status, 422);
      const { errors } = await res.json();
      assert.ok(errors.every((e) => e.pointer.startsWith('/data')), JSON.stringify(errors));
    });
  });

  describe('OpenAPI document', () => {
    let doc;
    before(async () => {
      const res = await fetch(`${rx.base}/api/openapi.json`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      doc = JSON.parse(await res.text());
    });

    const resolve = (node) => {
      while (node?.$ref) {
        node = node.$ref
          .slice(2)
          .split('/')
          .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
          .reduce((n, t) => n?.[t], doc);
      }
      return node;
    };

    it('is a valid OpenAPI 3.1 document', async () => {
      assert.equal(doc.openapi, '3.1.0');
      const validator = new Validator();
      const result = await validator.validate(structuredClone(doc));
      assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));
      assert.equal(validator.version, '3.1');
      assert.doesNotThrow(() => validator.resolveRefs(), 'every $ref resolves');
    });

    it('describes POST /api/{formId} with the Idempotency-Key header and every answer', () => {
      const path = doc.paths['/api/{formId}'];
      const formId = path.parameters.map(resolve).find((p) => p.name === 'formId');
      assert.equal(formId.in, 'path');
      assert.ok(formId.schema.enum.includes('threat-report'));
      const op = path.post;
      const key = op.parameters.map(resolve).find((p) => p.name === 'Idempotency-Key');
      assert.equal(key.in, 'header');
      assert.equal(key.required, true);
      assert.ok(new RegExp(key.schema.pattern).test(crypto.randomUUID()));
      assert.ok(op.requestBody.required);
      assert.ok(op.requestBody.content['application/json'].schema);
      const receipt = resolve(op.responses['201'].content['application/json'].schema);
      assert.deepEqual(receipt.required, ['reference']);
      for (const status of ['400', '404', '409', '413', '415', '422', '500']) {
        const problem = resolve(op.responses[status].content['application/problem+json'].schema);
        assert.deepEqual(problem.required, ['type', 'title', 'status'], status);
        const fieldError = resolve(problem.properties.errors.items);
        assert.deepEqual(fieldError.required, ['pointer', 'detail']);
      }
      assert.ok(op.responses['409'].headers['Retry-After']);
    });

    it('describes the envelope, and the GET listings', () => {
      const env = doc.components.schemas.Envelope;
      assert.deepEqual(env.required, ['formId', 'schemaVersion', 'submittedAt', 'data', 'result']);
      assert.equal(env.properties.submittedAt.format, 'date-time');
      assert.equal(env.additionalProperties, false);
      const list = doc.paths['/api/{formId}/records'].get;
      assert.equal(resolve(list.responses['200'].content['application/json'].schema.items), doc.components.schemas.StoredRecord);
      assert.match(list.description, /access control/);
      assert.ok(doc.paths['/api/{formId}/records.csv'].get.responses['200'].content['text/csv']);
    });

    it("agrees with the receiver: its request schema accepts what the receiver stores and refuses what it refuses", async () => {
      const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
      ajv.addSchema(doc, 'openapi.json');
      const request = ajv.compile({ $ref: 'openapi.json#/paths/~1api~1{formId}/post/requestBody/content/application~1json/schema' });
      assert.equal(request(envelope()), true, JSON.stringify(request.errors)?.slice(0, 1000));
      assert.equal(request(envelope(undefined, { result: null })), true);
      const old = validThreatReport();
      old.incident.subjectAge = 130;
      assert.equal(request(envelope(old)), false, 'invalid data');
      assert.equal(request({ ...envelope(), extra: 1 }), false, 'unknown property');
      assert.equal(request(envelope(undefined, { schemaVersion: '0.0.1' })), false, 'other schema version');
      const { result: _, ...noResult } = envelope();
      assert.equal(request(noResult), false, 'no result');

      const listed = ajv.compile({ $ref: 'openapi.json#/paths/~1api~1{formId}~1records/get/responses/200/content/application~1json/schema' });
      const records = await (await fetch(`${rx.base}/api/threat-report/records`, { signal: AbortSignal.timeout(10_000) })).json();
      assert.ok(records.length > 0);
      assert.equal(listed(records), true, JSON.stringify(listed.errors)?.slice(0, 1000));
    });
  });
});
