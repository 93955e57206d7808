/**
 * Sign in with the organisation's account (OpenID Connect), registered only when `SAFETY_OIDC_ISSUER`
 * is set. `GET /sign-in/oidc` sends the browser to the provider; the provider sends it back to
 * `GET /sign-in/oidc/callback`. Every outcome is audited (ids and reason codes only); a failure shows
 * the sign-in page with a message that says what to do, never the provider's error text.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OidcUnavailable, PENDING_MS, type OidcFailure, type OidcSignIn } from '../auth/oidc.js';
import { startSession } from './auth.js';

const MESSAGES: Record<OidcFailure, string> = {
  'oidc-refused': 'Signing in with your organisation account was cancelled or refused. Try again, or sign in with a username and password.',
  'oidc-state': 'Your sign-in took too long or was started in another window. Try again.',
  'oidc-invalid': 'Your organisation account could not be checked. Try again, or ask an administrator.',
  'oidc-unavailable': 'Signing in with your organisation account is not available at the moment. Try again later, or sign in with a username and password.',
  'no-role': 'Your organisation account has no role in this service. Ask an administrator to add you to a group that gives one.',
  disabled: 'The username or password is not right, or the account cannot sign in',
};

export async function oidcRoutes(app: FastifyInstance, options: { oidc: OidcSignIn }) {
  const { oidc } = options;
  const services = app.services;
  const cookieName = services.config.secureCookies ? '__Host-sf-oidc' : 'sf-oidc';
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: services.config.secureCookies };

  async function fail(req: FastifyRequest, reply: FastifyReply, reason: OidcFailure, accountId?: string) {
    await req.audit({ action: 'session.sign-in', outcome: 'failed', targetKind: 'account', targetId: accountId ?? null, detail: { method: 'oidc', reason } });
    reply.code(reason === 'oidc-unavailable' ? 503 : reason === 'oidc-state' ? 400 : reason === 'no-role' ? 403 : 401);
    if (reason === 'oidc-unavailable') reply.header('retry-after', '30');
    return reply.page('pages/sign-in.njk', { errors: [{ href: '#oidc', text: MESSAGES[reason] }], oidc: true });
  }

  app.get('/sign-in/oidc', { config: { permission: 'public' } }, async (req, reply) => {
    if (req.principal?.kind === 'account') return reply.redirect('/', 303);
    try {
      const { url, cookie } = await oidc.start();
      reply.setCookie(cookieName, cookie, { ...cookieOptions, maxAge: PENDING_MS / 1000 });
      return reply.redirect(url, 303);
    } catch (error) {
      if (error instanceof OidcUnavailable) return fail(req, reply, 'oidc-unavailable');
      throw error;
    }
  });

  app.get(
    '/sign-in/oidc/callback',
    {
      config: { permission: 'public' },
      // The provider's parameters: bounded, and nothing else is read.
      schema: {
        querystring: {
          type: 'object',
          properties: { code: { type: 'string', maxLength: 2048 }, state: { type: 'string', maxLength: 512 }, iss: { type: 'string', maxLength: 2048 }, error: { type: 'string', maxLength: 256 }, error_description: { type: 'string', maxLength: 2048 }, session_state: { type: 'string', maxLength: 512 } },
        },
      },
      attachValidation: true,
    },
    async (req, reply) => {
      const cookie = req.cookies[cookieName];
      // One callback per started sign-in: the cookie is spent whatever happens next.
      reply.clearCookie(cookieName, { path: '/' });
      if (req.validationError) return fail(req, reply, 'oidc-invalid');
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(req.query as Record<string, unknown>)) if (typeof v === 'string') query.set(k, v);
      let result;
      try {
        result = await oidc.finish(query, cookie);
      } catch (error) {
        if (error instanceof OidcUnavailable) return fail(req, reply, 'oidc-unavailable');
        throw error;
      }
      if (!result.ok) return fail(req, reply, result.reason, result.accountId);
      if (result.created) {
        await services.audit.append({ actorId: result.account.id, actorKind: 'account', action: 'account.create', targetKind: 'account', targetId: result.account.id, outcome: 'ok', requestId: req.id, detail: { via: 'oidc', roles: (JSON.parse(result.account.roles) as string[]).join(',') } });
      }
      const sessionId = await startSession(services, req, reply, result.account.id);
      await services.audit.append({ actorId: result.account.id, actorKind: 'account', action: 'session.sign-in', targetKind: 'session', targetId: sessionId, outcome: 'ok', requestId: req.id, detail: { method: 'oidc' } });
      return reply.redirect('/', 303);
    },
  );
}
