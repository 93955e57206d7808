/**
 * The submission contract (DESIGN.md, "Submission contract"), ported from the old receiver's tests and
 * now authenticated: `POST /api/<formId>` by an intranet's API key (bearer, no CSRF) and by a signed-in
 * page (session cookie + X-CSRF-Token, as the SDK sends it), 401 problem+json without either, and the
 * OpenAPI document that describes it. Runs on every test database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { databases } from './support/databases.js';
import { Client, signedIn, startApp, type InjectResult, type TestApp } from './support/app.js';
import { FAKE_WORDS, REFERENCE, SCHEMA_VERSION, envelope, newKey, validThreatReport } from './support/fixtures.js';

type Problem = { type: string; title: string; status: number; errors?: { pointer: string; detail: string }[] };

for (const d of databases()) {
  describe(`submission contract (${d.name})`, () => {
    let t: TestApp;
    let token = '';

    before(async () => {
      t = await startApp(await d.open());
      token = (await t.services.apiKeys.create('intranet', ['integration'], null)).token;
    });
    after(async () => {
      await t?.close();
      await t?.db.close();
    });

    const count = async () => (await t.db.kysely.selectFrom('records').select('id').execute()).length;

    function post(body: unknown, { key = newKey() as string | null, type = 'application/json', path = '/api/threat-report', auth = `Bearer ${token}` as string | null } = {}): Promise<InjectResult> {
      const headers: Record<string, string> = { 'content-type': type, accept: 'application/json' };
      if (key !== null) headers['idempotency-key'] = key;
      if (auth !== null) headers.authorization = auth;
      return t.app
        .inject({ method: 'POST', url: path, headers, payload: typeof body === 'string' ? body : JSON.stringify(body) })
        .then((res) => ({ statusCode: res.statusCode, headers: res.headers, body: res.body, json: <T>() => JSON.parse(res.body) as T }));
    }

    function problem(res: InjectResult, status: number): Problem {
      assert.equal(res.statusCode, status, res.body.slice(0, 500));
      assert.match(String(res.headers['content-type'] ?? ''), /^application\/problem\+json/);
      const body = res.json<Problem>();
      assert.equal(body.status, status);
      assert.equal(typeof body.title, 'string');
      assert.ok(body.title.length > 0);
      return body;
    }

    async function refused(body: unknown, pointer: string): Promise<Problem> {
      const before = await count();
      const p = problem(await post(body), 422);
      assert.ok(
        p.errors?.some((e) => e.pointer === pointer && typeof e.detail === 'string' && e.detail.length > 0),
        `expected an error at ${JSON.stringify(pointer)}: ${JSON.stringify(p.errors)}`,
      );
      assert.equal(await count(), before, 'nothing stored');
      return p;
    }

    describe('submissions with an API key', () => {
      const key = newKey();
      const sent = envelope();
      let first = '';

      it('stores a valid, complete threat report and answers 201 with a reference, no-store', async () => {
        const before = await count();
        const res = await post(sent, { key });
        assert.equal(res.statusCode, 201, res.body);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        assert.equal(res.headers['cache-control'], 'no-store');
        first = res.json<{ reference: string }>().reference;
        assert.match(first, REFERENCE);
        assert.equal(await count(), before + 1);
        const row = await t.db.kysely.selectFrom('records').selectAll().where('reference', '=', first).executeTakeFirstOrThrow();
        assert.equal(row.form_id, 'threat-report');
        assert.equal(row.submitter_kind, 'api-key');
        assert.deepEqual(t.services.records.view(row).payload.envelope, sent, 'the envelope is stored as sent');
      });

      it('replays the first reply for a repeated key with the same body, storing nothing new', async () => {
        assert.ok(first);
        const before = await count();
        for (let i = 0; i < 3; i++) {
          const res = await post(sent, { key });
          assert.equal(res.statusCode, 201);
          assert.deepEqual(res.json(), { reference: first });
        }
        assert.equal(await count(), before);
      });

      it('refuses the same key with a different body (422), then still replays the first reply', async () => {
        const other = validThreatReport();
        other.incident.subjectAge = 15;
        problem(await post(envelope(other), { key }), 422);
        const again = await post(sent, { key });
        assert.equal(again.statusCode, 201);
        assert.deepEqual(again.json(), { reference: first });
      });

      it('scopes a key to its sender: the same key from another API key is another submission', async () => {
        const other = (await t.services.apiKeys.create('other intranet', ['integration'], null)).token;
        const res = await post(sent, { key, auth: `Bearer ${other}` });
        assert.equal(res.statusCode, 201);
        assert.notEqual(res.json<{ reference: string }>().reference, first);
      });

      it('stores one record when the same submission arrives several times at once', async () => {
        const before = await count();
        const k = newKey();
        const body = envelope();
        const replies = await Promise.all([post(body, { key: k }), post(body, { key: k }), post(body, { key: k })]);
        const statuses = replies.map((r) => r.statusCode);
        for (const s of statuses) assert.ok(s === 201 || s === 409, `status ${s}`);
        assert.ok(statuses.includes(201));
        for (const r of replies.filter((r) => r.statusCode === 409)) assert.equal(r.headers['retry-after'], '1');
        const refs = new Set(replies.filter((r) => r.statusCode === 201).map((r) => r.json<{ reference: string }>().reference));
        assert.equal(refs.size, 1);
        assert.equal(await count(), before + 1);
      });

      it('stores every one of many different submissions sent at once (group commit), each once', async () => {
        const before = await count();
        const replies = await Promise.all(Array.from({ length: 40 }, () => post(envelope())));
        assert.deepEqual(new Set(replies.map((r) => r.statusCode)), new Set([201]));
        const refs = replies.map((r) => r.json<{ reference: string }>().reference);
        assert.equal(new Set(refs).size, 40);
        assert.equal(await count(), before + 40);
        const stored = await t.db.kysely.selectFrom('records').select('reference').where('reference', 'in', refs).execute();
        assert.equal(stored.length, 40);
      });

      it('needs an Idempotency-Key (400), and refuses a malformed one', async () => {
        const before = await count();
        problem(await post(envelope(), { key: null }), 400);
        for (const bad of ['short', 'x'.repeat(101), 'has space in it', "k'; drop table records;--"]) problem(await post(envelope(), { key: bad }), 400);
        assert.equal(await count(), before);
      });

      it('answers invalid data with 422 problem+json and GOV.UK messages at /data/... pointers', async () => {
        const data = validThreatReport() as Record<string, any>;
        delete data.incident.subjectName;
        data.incident.subjectAge = 130;
        data.incident.phone = 'call me maybe';
        delete data.evaluation.seriousness;
        const before = await count();
        const body = problem(await post(envelope(data)), 422);
        assert.ok(body.errors && body.errors.length > 0);
        for (const e of body.errors) {
          assert.ok(e.pointer.startsWith('/data/'), e.pointer);
          assert.ok(e.detail.length > 0);
          assert.doesNotMatch(e.detail, /must (have|NOT|be equal)|should/, `ajv wording leaked: ${e.detail}`);
        }
        const at = (p: string) => body.errors!.find((e) => e.pointer === p)?.detail;
        assert.equal(at('/data/incident/subjectName'), 'Enter the name of the person who made the threat');
        assert.equal(at('/data/incident/subjectAge'), 'Age must be 120 or less');
        assert.equal(at('/data/incident/phone'), 'Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192');
        assert.ok(at('/data/evaluation/seriousness'));
        assert.equal(await count(), before);
      });

      it('reports conditional requiredness (if/then) with the schema messages', async () => {
        const data = validThreatReport() as Record<string, any>;
        delete data.report.reporterAffiliationOther;
        delete data.priority.reason;
        const body = problem(await post(envelope(data)), 422);
        const at = (p: string) => body.errors!.find((e) => e.pointer === p)?.detail;
        assert.equal(at('/data/report/reporterAffiliationOther'), 'Enter the affiliation of the person reporting the threat');
        assert.equal(at('/data/priority/reason'), 'Enter the reason for choosing a different priority');
      });

      it('refuses a formId that does not match the endpoint, and an unsupported schemaVersion', async () => {
        await refused(envelope(undefined, { formId: 'risk-matrix' }), '/formId');
        assert.notEqual(SCHEMA_VERSION, '0.0.1');
        await refused(envelope(undefined, { schemaVersion: '0.0.1' }), '/schemaVersion');
      });

      it('refuses a submittedAt that is not an RFC 3339 date-time, and accepts offsets and fractions', async () => {
        for (const submittedAt of ['2026-02-31T10:00:00Z', '2026-13-01T10:00:00Z', 'yesterday', '2026-11-22', '2026-11-22T25:00:00Z', 1764000000000, null]) {
          await refused(envelope(undefined, { submittedAt }), '/submittedAt');
        }
        const { submittedAt: _, ...without } = envelope();
        await refused(without, '/submittedAt');
        for (const submittedAt of ['2026-11-22T10:00:00+01:00', '2026-11-22T10:00:00.123456Z', '2028-02-29T23:59:59Z']) {
          assert.equal((await post(envelope(undefined, { submittedAt }))).statusCode, 201, submittedAt);
        }
      });

      it('refuses a result that is not an object or null, and a missing one; null is allowed', async () => {
        for (const result of [[], 'serious', 3]) await refused(envelope(undefined, { result }), '/result');
        const { result: _, ...without } = envelope();
        await refused(without, '/result');
        assert.equal((await post(envelope(undefined, { result: null }))).statusCode, 201);
      });

      it('refuses unknown top-level properties, __proto__ included, with their pointers', async () => {
        await refused({ ...envelope(), extra: 1 }, '/extra');
        await refused({ ...envelope(), 'a/b~c': 1 }, '/a~1b~0c');
        await refused(JSON.stringify(envelope()).replace(/^\{/, '{"__proto__":{"polluted":true},'), '/__proto__');
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
      });

      it('refuses JSON that is not an object (422 at the root), and data that is not an object', async () => {
        for (const body of ['[]', 'null', '"text"', '42']) await refused(body, '');
        const p = problem(await post(envelope('not an object')), 422);
        assert.ok(p.errors!.every((e) => e.pointer.startsWith('/data')), JSON.stringify(p.errors));
      });

      it('answers 404 for a form it does not know, prototype names included', async () => {
        for (const id of ['no-such-form', 'constructor', '__proto__', 'tostring']) problem(await post(envelope(undefined, { formId: id }), { path: `/api/${id}` }), 404);
      });

      it('answers 400 for a body that is not JSON, 415 for another content type', async () => {
        const before = await count();
        problem(await post('{"formId": "threat-report", '), 400);
        problem(await post(JSON.stringify(envelope()), { type: 'text/plain' }), 415);
        problem(await post(JSON.stringify(envelope()), { type: 'application/x-www-form-urlencoded' }), 415);
        assert.equal(await count(), before);
      });

      it('answers 413 for a body over the limit, closing the connection', async () => {
        const before = await count();
        const big = JSON.stringify(envelope({ ...validThreatReport(), padding: 'x'.repeat(3 * 1024 * 1024) }));
        const res = await post(big);
        problem(res, 413);
        assert.equal(res.headers.connection, 'close');
        assert.equal(await count(), before);
      });

      it('answers 405 with Allow: POST to any other method on a form endpoint', async () => {
        for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
          const res = await t.app.inject({ method, url: '/api/threat-report', headers: { authorization: `Bearer ${token}` } });
          assert.equal(res.statusCode, 405, method);
          assert.match(String(res.headers.allow), /POST/);
        }
      });

      it('refuses a revoked API key (401), and an unknown one', async () => {
        const made = await t.services.apiKeys.create('revoked', ['integration'], null);
        assert.equal((await post(envelope(), { auth: `Bearer ${made.token}` })).statusCode, 201);
        await t.services.apiKeys.revoke(made.id);
        problem(await post(envelope(), { auth: `Bearer ${made.token}` }), 401);
        problem(await post(envelope(), { auth: 'Bearer sfk_not-a-key' }), 401);
      });

      it('never writes a submitted answer to the log', () => {
        const text = t.logs.join('');
        assert.ok(text.length > 0, 'something was logged');
        for (const w of FAKE_WORDS) assert.ok(!text.includes(w), `log holds ${w}`);
        assert.ok(!text.includes(token), 'log holds the API key');
      });
    });

    describe('without credentials', () => {
      it('answers 401 problem+json, before reading the body, and stores nothing', async () => {
        const before = await count();
        const res = await post(envelope(), { auth: null });
        problem(res, 401);
        assert.equal(await count(), before);
        problem(await post('x'.repeat(3 * 1024 * 1024), { auth: null }), 401);
      });
    });

    describe('from a signed-in page (session cookie + X-CSRF-Token)', () => {
      let c: Client;
      before(async () => {
        c = await signedIn(t, 'staff.demo');
      });

      const send = (headers: Record<string, string>, key = newKey()) =>
        c.request('POST', '/api/threat-report', { json: envelope(), headers: { accept: 'application/json', 'idempotency-key': key, ...headers } });

      it('stores the record as the signed-in account and it shows under Your reports', async () => {
        await c.get('/forms/threat-report');
        const res = await send({ 'x-csrf-token': c.csrf });
        assert.equal(res.statusCode, 201, res.body);
        const reference = res.json<{ reference: string }>().reference;
        const row = await t.db.kysely.selectFrom('records').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
        assert.equal(row.submitter_kind, 'account');
        assert.equal(row.submitter_id, t.ids['staff.demo']);
        const mine = await c.get('/reports/mine');
        assert.match(mine.body, new RegExp(reference));
      });

      it('refuses the session without a CSRF token, or with a made-up one (403), and stores nothing', async () => {
        const before = await count();
        problem(await send({}), 403);
        problem(await send({ 'x-csrf-token': 'forged-token-value' }), 403);
        assert.equal(await count(), before);
      });

      it('refuses a role that may not submit (partner: 403)', async () => {
        const id = await t.services.accounts.create({ username: 'partner.contract', displayName: 'Partner', password: 'a long partner password', roles: ['partner'] });
        assert.ok(id);
        const p = new Client(t);
        assert.equal((await p.signIn('partner.contract', 'a long partner password')).statusCode, 303);
        const res = await p.request('POST', '/api/threat-report', { json: envelope(), headers: { accept: 'application/json', 'idempotency-key': newKey(), 'x-csrf-token': p.csrf } });
        problem(res, 403);
      });
    });

    describe('OpenAPI document', () => {
      let doc: Record<string, any>;
      before(async () => {
        const res = await t.app.inject({ url: '/api/openapi.json' });
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        doc = JSON.parse(res.body);
      });

      it('is OpenAPI 3.1 with both ways in described (session cookie, bearer)', () => {
        assert.equal(doc.openapi, '3.1.0');
        assert.ok(doc.info?.title && doc.info?.version);
        assert.equal(doc.components.securitySchemes.bearer.scheme, 'bearer');
        assert.equal(doc.components.securitySchemes.session.in, 'cookie');
        // Every operation has responses; every $ref resolves.
        const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
        for (const r of refs) {
          const target = r.slice(9, -1).slice(2).split('/').reduce<any>((n, part) => n?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
          assert.ok(target, `${r} resolves`);
        }
        for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) for (const [method, op] of Object.entries<any>(item)) if (method !== 'parameters') assert.ok(op.responses, `${method} ${path} has responses`);
      });

      it('describes POST /api/{formId}: the form ids, the required Idempotency-Key, the receipt and problem+json', () => {
        const op = doc.paths['/api/{formId}'].post;
        const params = op.parameters as { name: string; in: string; required?: boolean; schema: { pattern?: string } }[];
        const formId = params.find((p) => p.name === 'formId')!;
        assert.equal(formId.in, 'path');
        const key = params.find((p) => p.name.toLowerCase() === 'idempotency-key')!;
        assert.equal(key.in, 'header');
        assert.equal(key.required, true);
        assert.ok(new RegExp(key.schema.pattern!).test(newKey()));
        assert.ok(op.requestBody.required);
        const env = op.requestBody.content['application/json'].schema;
        assert.deepEqual(env.required, ['formId', 'schemaVersion', 'submittedAt', 'data', 'result']);
        assert.equal(env.additionalProperties, false);
        assert.ok(env.properties.formId.enum.includes('threat-report'));
        assert.deepEqual(op.responses['201'].content['application/json'].schema.required, ['reference']);
        for (const status of ['400', '401', '403', '404', '409', '413', '415', '422', '503']) {
          const p = op.responses[status].content['application/problem+json'].schema;
          assert.deepEqual(p.required, ['type', 'title', 'status'], status);
          assert.deepEqual(p.properties.errors.items.required, ['pointer', 'detail']);
        }
        assert.ok(op.responses['409'].headers['Retry-After']);
        assert.deepEqual(op.security, [{ session: [] }, { bearer: [] }]);
      });

      it('agrees with the server: its request schema accepts what the server stores and refuses envelope faults', async () => {
        const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
        const request = ajv.compile(doc.paths['/api/{formId}'].post.requestBody.content['application/json'].schema);
        const ok = envelope();
        assert.equal(request(ok), true, JSON.stringify(request.errors));
        assert.equal((await post(ok)).statusCode, 201);
        assert.equal(request(envelope(undefined, { result: null })), true);
        for (const bad of [{ ...envelope(), extra: 1 }, envelope(undefined, { formId: 'nope' }), envelope('text'), envelope(undefined, { result: 3 })]) {
          assert.equal(request(bad), false, JSON.stringify(bad).slice(0, 80));
          assert.equal((await post(bad)).statusCode, 422);
        }
      });
    });
  });
}
