/**
 * Administration: accounts (add, disable, re-role, set a manager), API keys, the audit log, and mail
 * held because no mail server is configured. Admins manage accounts; reading records needs a role
 * that may (permissions.ts). Disabling or re-roling an account ends its open sessions.
 */
import type { FastifyInstance } from 'fastify';
import { isRole, ROLES } from '../auth/permissions.js';
import { USERNAME } from '../services/accounts.js';

const idParams = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] };
const text = (max: number) => ({ type: 'string', maxLength: max });
const roleList = { anyOf: [{ type: 'string', maxLength: 40 }, { type: 'array', maxItems: ROLES.length, items: { type: 'string', maxLength: 40 } }] };

interface AccountBody {
  username?: string;
  displayName?: string;
  email?: string;
  password?: string;
  roles?: string | string[];
  managerId?: string;
  action?: string;
}

const asList = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

export async function adminRoutes(app: FastifyInstance) {
  const { accounts, sessions, audit, notifier, apiKeys } = app.services;
  const roleItems = (checked: string[]) => ROLES.map((r) => ({ value: r, text: r, checked: checked.includes(r) }));

  app.get('/admin/accounts', { config: { permission: 'account.manage' } }, async (req, reply) => {
    const list = await accounts.list();
    await req.audit({ action: 'accounts.list', outcome: 'ok', detail: { shown: list.length } });
    return reply.page('pages/admin/accounts.njk', { accounts: list, roleItems: roleItems(['staff']), keys: await apiKeys.list() });
  });

  app.post<{ Body: AccountBody }>(
    '/admin/accounts',
    {
      config: { permission: 'account.manage' },
      schema: { body: { type: 'object', properties: { username: text(200), displayName: text(200), email: text(320), password: text(1000), roles: roleList, _csrf: text(500) } } },
      attachValidation: true,
    },
    async (req, reply) => {
      const b = req.body ?? {};
      const roles = asList(b.roles);
      const errors: { href: string; text: string }[] = [];
      const username = (b.username ?? '').trim();
      const displayName = (b.displayName ?? '').trim();
      const email = (b.email ?? '').trim();
      if (req.validationError) errors.push({ href: '#username', text: 'One of the answers is too long' });
      if (!USERNAME.test(username)) errors.push({ href: '#username', text: 'Enter a username of 2 to 64 letters, digits, dots, dashes, underscores or @' });
      else if (await accounts.byUsername(username)) errors.push({ href: '#username', text: 'That username is taken' });
      if (!displayName) errors.push({ href: '#displayName', text: 'Enter the person’s name' });
      if (email && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email)) errors.push({ href: '#email', text: 'Enter an email address like name@example.gov.uk' });
      if ((b.password ?? '').length < 12) errors.push({ href: '#password', text: 'Enter a password of 12 characters or more' });
      if (!roles.length || !roles.every(isRole)) errors.push({ href: '#roles', text: 'Choose at least one role' });
      if (errors.length) {
        reply.code(400);
        return reply.page('pages/admin/accounts.njk', { accounts: await accounts.list(), roleItems: roleItems(roles), errors, values: { username: username.slice(0, 200), displayName: displayName.slice(0, 200), email: email.slice(0, 320) }, keys: await apiKeys.list() });
      }
      const id = await accounts.create({ username, displayName, email: email || null, roles, password: b.password! });
      await req.audit({ action: 'account.create', outcome: 'ok', targetKind: 'account', targetId: id, detail: { roles: roles.join(' ') } });
      return reply.redirect(`/admin/accounts/${id}?saved=1`, 303);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>(
    '/admin/accounts/:id',
    { config: { permission: 'account.manage' }, schema: { params: idParams, querystring: { type: 'object', additionalProperties: false, properties: { saved: { type: 'string', enum: ['1'] } } } } },
    async (req, reply) => {
      const row = await accounts.get(req.params.id);
      if (!row) return reply.code(404).page('pages/error.njk', { status: 404, title: 'Page not found' });
      const account = accounts.view(row);
      await req.audit({ action: 'account.read', outcome: 'ok', targetKind: 'account', targetId: row.id });
      const others = (await accounts.list()).filter((a) => a.id !== row.id);
      return reply.page('pages/admin/account.njk', {
        account,
        roleItems: roleItems(account.roles),
        managerOptions: [{ value: '', text: 'No manager' }, ...others.map((a) => ({ value: a.id, text: `${a.displayName} (${a.username})`, selected: a.id === account.managerId }))],
        saved: req.query.saved === '1',
      });
    },
  );

  app.post<{ Params: { id: string }; Body: AccountBody }>(
    '/admin/accounts/:id',
    {
      config: { permission: 'account.manage' },
      schema: { params: idParams, body: { type: 'object', properties: { roles: roleList, managerId: text(36), action: { type: 'string', enum: ['save', 'disable', 'enable'] }, _csrf: text(500) } } },
      attachValidation: true,
    },
    async (req, reply) => {
      const row = await accounts.get(req.params.id);
      if (!row) return reply.code(404).page('pages/error.njk', { status: 404, title: 'Page not found' });
      const b = req.body ?? {};
      const action = b.action ?? 'save';
      if (action === 'disable' || action === 'enable') {
        if (action === 'disable' && row.id === req.principal!.id) return reply.code(400).page('pages/error.njk', { status: 400, title: 'You cannot disable your own account', message: 'Ask another administrator.' });
        await accounts.setDisabled(row.id, action === 'disable');
        if (action === 'disable') await sessions.revokeAll(row.id);
        await req.audit({ action: action === 'disable' ? 'account.disable' : 'account.enable', outcome: 'ok', targetKind: 'account', targetId: row.id });
        return reply.redirect(`/admin/accounts/${row.id}?saved=1`, 303);
      }
      const roles = asList(b.roles);
      const managerId = b.managerId || null;
      const manager = managerId ? await accounts.get(managerId) : undefined;
      if (req.validationError || !roles.length || !roles.every(isRole) || (managerId && (!manager || managerId === row.id))) {
        const account = accounts.view(row);
        const others = (await accounts.list()).filter((a) => a.id !== row.id);
        reply.code(400);
        return reply.page('pages/admin/account.njk', {
          account,
          roleItems: roleItems(roles.filter(isRole)),
          managerOptions: [{ value: '', text: 'No manager' }, ...others.map((a) => ({ value: a.id, text: `${a.displayName} (${a.username})`, selected: a.id === managerId }))],
          errors: [!roles.length || !roles.every(isRole) ? { href: '#roles', text: 'Choose at least one role' } : { href: '#managerId', text: 'Choose a manager from the list' }],
        });
      }
      if (row.id === req.principal!.id && !roles.includes('admin')) return reply.code(400).page('pages/error.njk', { status: 400, title: 'You cannot remove your own admin role', message: 'Ask another administrator.' });
      const before = JSON.parse(row.roles) as string[];
      await accounts.setRoles(row.id, roles);
      await accounts.setManager(row.id, managerId);
      // New roles take effect at once: the open sessions end and the person signs in again.
      if (before.sort().join() !== [...roles].sort().join()) await sessions.revokeAll(row.id);
      await req.audit({ action: 'account.update', outcome: 'ok', targetKind: 'account', targetId: row.id, detail: { roles: roles.join(' '), manager: managerId } });
      return reply.redirect(`/admin/accounts/${row.id}?saved=1`, 303);
    },
  );

  app.post<{ Body: { name?: string } }>(
    '/admin/api-keys',
    { config: { permission: 'account.manage' }, schema: { body: { type: 'object', properties: { name: text(100), _csrf: text(500) } } }, attachValidation: true },
    async (req, reply) => {
      const name = (req.body?.name ?? '').trim();
      if (req.validationError || !name) {
        reply.code(400);
        return reply.page('pages/admin/accounts.njk', { accounts: await accounts.list(), roleItems: roleItems(['staff']), keys: await apiKeys.list(), keyErrors: [{ href: '#key-name', text: 'Enter a name for the integration, 100 characters or fewer' }] });
      }
      const key = await apiKeys.create(name, ['integration'], req.principal!.id);
      await req.audit({ action: 'api-key.create', outcome: 'ok', targetKind: 'api-key', targetId: key.id });
      // Shown once, on this no-store page; only its hash is kept.
      return reply.page('pages/admin/api-key.njk', { name, token: key.token });
    },
  );

  app.post<{ Params: { id: string } }>('/admin/api-keys/:id/revoke', { config: { permission: 'account.manage' }, schema: { params: idParams } }, async (req, reply) => {
    await apiKeys.revoke(req.params.id);
    await req.audit({ action: 'api-key.revoke', outcome: 'ok', targetKind: 'api-key', targetId: req.params.id });
    return reply.redirect('/admin/accounts', 303);
  });

  app.get<{ Querystring: { before?: number } }>(
    '/admin/audit',
    { config: { permission: 'audit.read' }, schema: { querystring: { type: 'object', additionalProperties: false, properties: { before: { type: 'integer', minimum: 1 } } } } },
    async (req, reply) => {
      const rows = await audit.page({ before: req.query.before, limit: 50 });
      await req.audit({ action: 'audit.read', outcome: 'ok', detail: { before: req.query.before ?? null } });
      const last = rows.at(-1);
      return reply.page('pages/admin/audit.njk', { rows, next: last && Number(last.seq) > 1 ? Number(last.seq) : undefined });
    },
  );

  app.get('/admin/mail', { config: { permission: 'mail.read-held' } }, async (req, reply) => {
    const messages = await notifier.held(100);
    await req.audit({ action: 'mail.read-held', outcome: 'ok', detail: { shown: messages.length } });
    return reply.page('pages/admin/mail.njk', { messages });
  });
}
