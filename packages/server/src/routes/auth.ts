/**
 * Sign in (local accounts; OpenID Connect in routes/oidc.ts when configured) and sign out.
 * A failed sign-in says the same thing whatever went wrong, so it does not tell an attacker which
 * usernames exist; the audit log records which it was (by account id, never the typed username).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../app.js';

export async function startSession(services: Services, req: FastifyRequest, reply: FastifyReply, accountId: string) {
  // A new session id at every sign-in; any session this browser had before ends.
  if (req.principal?.sessionId) await services.sessions.revoke(req.principal.sessionId);
  const { token, id } = await services.sessions.create(accountId);
  reply.setCookie(services.cookieName, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: services.config.secureCookies });
  return id;
}

export async function authRoutes(app: FastifyInstance) {
  const { accounts, config, sessions, cookieName } = app.services;

  app.get('/sign-in', { config: { permission: 'public' } }, async (req, reply) => {
    if (req.principal?.kind === 'account') return reply.redirect('/', 303);
    return reply.page('pages/sign-in.njk', { oidc: !!config.oidc });
  });

  app.post<{ Body: { username?: string; password?: string } }>(
    '/sign-in',
    {
      config: { permission: 'public' },
      schema: {
        body: {
          type: 'object',
          properties: { username: { type: 'string', maxLength: 200 }, password: { type: 'string', maxLength: 1000 }, _csrf: { type: 'string', maxLength: 500 } },
        },
      },
      attachValidation: true,
    },
    async (req, reply) => {
      const username = (req.body?.username ?? '').trim();
      const password = req.body?.password ?? '';
      const errors: { href: string; text: string }[] = [];
      if (!username) errors.push({ href: '#username', text: 'Enter your username' });
      if (!password) errors.push({ href: '#password', text: 'Enter your password' });
      if (req.validationError || errors.length) {
        reply.code(400);
        return reply.page('pages/sign-in.njk', { errors: errors.length ? errors : [{ href: '#username', text: 'Enter your username and password' }], username: username.slice(0, 200), oidc: !!config.oidc });
      }
      const result = await accounts.signIn(username, password);
      if (!result.ok) {
        await req.audit({ action: 'session.sign-in', outcome: 'failed', targetKind: 'account', targetId: result.accountId ?? null, detail: { reason: result.reason } });
        reply.code(401);
        const text = result.reason === 'locked' ? 'Too many tries. Your account is locked for a while: try again later, or ask an administrator.' : 'The username or password is not right, or the account cannot sign in';
        return reply.page('pages/sign-in.njk', { errors: [{ href: '#username', text }], username, oidc: !!config.oidc });
      }
      const sessionId = await startSession(app.services, req, reply, result.account.id);
      await app.services.audit.append({ actorId: result.account.id, actorKind: 'account', action: 'session.sign-in', targetKind: 'session', targetId: sessionId, outcome: 'ok', requestId: req.id, detail: { method: 'password' } });
      return reply.redirect('/', 303);
    },
  );

  app.post('/sign-out', { config: { permission: 'signed-in' } }, async (req, reply) => {
    if (req.principal?.sessionId) {
      await sessions.revoke(req.principal.sessionId);
      await req.audit({ action: 'session.sign-out', outcome: 'ok', targetKind: 'session', targetId: req.principal.sessionId });
    }
    reply.clearCookie(cookieName, { path: '/' });
    return reply.redirect('/sign-in', 303);
  });
}
