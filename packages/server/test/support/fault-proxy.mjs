// A small fault-injecting HTTP proxy for the end-to-end submission tests and the submission bench.
// It listens on 127.0.0.1 (loopback only) in front of a receiver: every request is forwarded as is,
// except POSTs to the submission path, which take the next step of a script (or the standing fault)
// before, instead of, or after forwarding. It records the Idempotency-Key of every submission attempt.
//
//   const proxy = await startFaultProxy({ upstream: rx.base });
//   proxy.script([{ status: 500 }, 'forward']);   // first attempt 500, second goes through
//   proxy.always({ status: 401 });                // every attempt, until proxy.always('forward')
//
// Steps:
//   'forward'                     forward to the receiver and pass its reply on
//   { status, headers?, json?, type?, body? }
//                                 answer from the proxy, without forwarding (json: body as JSON,
//                                 type: Content-Type; application/problem+json for 4xx/5xx by default)
//   'html'                        a 200 text/html "sign in" page from the proxy, without forwarding
//   { delay: ms }                 wait, then forward
//   'drop'                        forward, wait for the receiver's reply, then destroy the client
//                                 socket: the record is stored but the browser never sees the answer
//   'hangup'                      destroy the client socket without forwarding
//   async (ctx) => step | void    custom: may await, use ctx.forward() / ctx.respond() / ctx.destroy()
import { createServer, request as httpRequest } from 'node:http';

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

const LOGIN_PAGE =
  '<!doctype html><html lang="en-GB"><head><title>Sign in - Anytown Borough Council</title></head>' +
  '<body><h1>Sign in</h1><form method="post" action="/login"><label>User name <input name="u"></label>' +
  '<button>Sign in</button></form></body></html>';

function readAll(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.on('aborted', () => reject(new Error('aborted')));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function copyHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP.has(name.toLowerCase()) && value !== undefined) out[name] = value;
  return out;
}

/**
 * @param {{ upstream: string, path?: string, log?: (line: string) => void }} options
 *   upstream: the receiver's base URL (http://127.0.0.1:port); path: the submission path.
 */
export async function startFaultProxy({ upstream, path = '/api/threat-report', log = () => undefined }) {
  let target = new URL(upstream);
  let queue = [];
  let standing = 'forward';
  /** Every submission attempt: { key, step, status, at } (status: what the client was sent, or 'dropped'). */
  const attempts = [];
  const waiters = new Set();
  const sockets = new Set();

  /** Sends a request upstream with a buffered body; resolves with { status, headers, body }. */
  function forward(req, body) {
    return new Promise((resolve, reject) => {
      const headers = copyHeaders(req.headers);
      headers.host = target.host;
      if (body) headers['content-length'] = String(body.length);
      const up = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false },
        (res) => readAll(res).then((data) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: data }), reject),
      );
      up.setTimeout(30_000, () => up.destroy(new Error('upstream timeout')));
      up.on('error', reject);
      up.end(body && body.length ? body : undefined);
    });
  }

  function reply(res, { status, headers, body }) {
    if (res.destroyed) return;
    res.writeHead(status, copyHeaders(headers ?? {}));
    res.end(body);
  }

  function notify() {
    for (const w of [...waiters]) {
      if (w.test()) {
        waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve();
      }
    }
  }

  async function runStep(step, req, res, body, record) {
    const ctx = {
      req,
      body,
      forward: () => forward(req, body),
      respond: (r) => reply(res, r),
      destroy: () => req.socket.destroy(),
      attempt: attempts.length,
    };
    if (typeof step === 'function') {
      const next = await step(ctx);
      if (next === undefined) {
        record.status = res.headersSent ? res.statusCode : res.destroyed ? 'dropped' : 'custom';
        if (!res.headersSent && !res.destroyed) res.end();
        return;
      }
      return runStep(next, req, res, body, record);
    }
    if (step === 'forward' || (step && typeof step === 'object' && 'delay' in step)) {
      if (typeof step === 'object') await sleep(step.delay);
      const r = await forward(req, body);
      record.status = r.status;
      return reply(res, r);
    }
    if (step === 'drop') {
      const r = await forward(req, body);
      record.upstreamStatus = r.status;
      record.status = 'dropped';
      req.socket.destroy();
      return;
    }
    if (step === 'hangup') {
      record.status = 'dropped';
      req.socket.destroy();
      return;
    }
    if (step === 'html') {
      record.status = 200;
      return reply(res, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }, body: LOGIN_PAGE });
    }
    if (step && typeof step === 'object' && typeof step.status === 'number') {
      const payload =
        step.body !== undefined
          ? step.body
          : JSON.stringify(step.json ?? { type: 'about:blank', title: `Injected ${step.status}`, status: step.status });
      const type = step.type ?? (step.status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8');
      record.status = step.status;
      return reply(res, { status: step.status, headers: { 'Content-Type': type, 'Cache-Control': 'no-store', ...step.headers }, body: payload });
    }
    throw new Error(`fault-proxy: unknown step ${JSON.stringify(step)}`);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy.invalid');
    let body;
    try {
      body = await readAll(req);
    } catch {
      return;
    }
    if (req.method === 'POST' && url.pathname === path) {
      const step = queue.length ? queue.shift() : standing;
      const record = { key: req.headers['idempotency-key'], step: typeof step === 'function' ? 'custom' : step, status: undefined, at: Date.now() };
      attempts.push(record);
      notify();
      log(`attempt ${attempts.length} ${typeof record.step === 'string' ? record.step : JSON.stringify(record.step)}`);
      try {
        await runStep(step, req, res, body, record);
      } catch (error) {
        // The receiver went away (or a hook destroyed its socket): the browser loses its connection too.
        record.status = 'dropped';
        record.error = error?.code ?? error?.message;
        req.socket.destroy();
      }
      notify();
      return;
    }
    try {
      reply(res, await forward(req, body));
    } catch {
      if (!res.headersSent) reply(res, { status: 502, headers: { 'Content-Type': 'text/plain' }, body: 'Bad gateway' });
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const base = `http://127.0.0.1:${server.address().port}`;

  return {
    base,
    attempts,
    /** The Idempotency-Keys of every submission attempt so far, in order. */
    get keys() {
      return attempts.map((a) => a.key);
    },
    /** Queues steps for the next attempts (after them, the standing fault applies). */
    script(steps) {
      queue = [...steps];
      return this;
    },
    /** The step for every attempt once the script has run out ('forward' at first). */
    always(step) {
      standing = step;
      return this;
    },
    /** Forgets the script, the standing fault and the recorded attempts. */
    clear() {
      queue = [];
      standing = 'forward';
      attempts.length = 0;
      return this;
    },
    /** Points the proxy at another receiver (e.g. after a restart on a new port). */
    setUpstream(url) {
      target = new URL(url);
    },
    /** Resolves once `test()` holds (checked when an attempt arrives and when it has been answered); rejects after `timeout` ms. */
    waitFor(test, timeout = 10_000, what = 'the proxy condition') {
      if (test()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const w = { test, resolve };
        w.timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`fault-proxy: timed out after ${timeout} ms waiting for ${what} (attempts: ${JSON.stringify(attempts.map((a) => a.status))})`));
        }, timeout);
        waiters.add(w);
      });
    },
    close() {
      return new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}
