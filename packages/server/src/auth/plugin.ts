/**
 * Who is asking, and may they: runs on every request, before any route.
 * - `onRequest`: the principal from the session cookie, or from `Authorization: Bearer` (an API key).
 * - `preHandler`: the route's `config.permission` (permissions.ts); then, for a state-changing request
 *   carried by the session cookie, the CSRF token (@fastify/csrf-protection, bound to the session).
 *   Bearer requests carry no ambient credential, so CSRF does not apply to them.
 * Denials answer 401 (nobody signed in) or 403, problem+json under /api and a page elsewhere, and
 * a signed-in denial is audited.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { allows, type RoutePermission } from './permissions.js';

export interface RequestPrincipal {
  kind: 'account' | 'api-key';
  id: string;
  roles: string[];
  /** The session's id (hash of its token), for sign-out and CSRF binding. */
  sessionId?: string;
  displayName?: string;
  /** Came with `Authorization: Bearer` (an API key or an OIDC access token): no ambient credential, so no CSRF check. */
  bearer?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: RequestPrincipal;
  }
  interface FastifyContextConfig {
    permission?: RoutePermission;
    /** Skip the CSRF check (only the bearer-authenticated or read-only routes need this). */
    csrf?: false;
  }
}

export const isApi = (req: FastifyRequest) => req.url.startsWith('/api/');

export function sendProblem(reply: FastifyReply, status: number, title: string, extra: Record<string, unknown> = {}) {
  return reply.code(status).header('content-type', 'application/problem+json; charset=utf-8').header('cache-control', 'no-store').send(JSON.stringify({ type: 'about:blank', title, status, ...extra }));
}

export function permissionOf(req: FastifyRequest): RoutePermission | undefined {
  return req.routeOptions.config?.permission;
}

export { allows };
