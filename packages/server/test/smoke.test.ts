import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { databases } from './support/databases.js';
import { signedIn, startApp } from './support/app.js';

for (const d of databases()) {
  describe(`smoke (${d.name})`, () => {
    it('signs in, shows home', async () => {
      const t = await startApp(await d.open());
      try {
        const c = await signedIn(t, 'staff.demo');
        const home = await c.get('/');
        assert.equal(home.statusCode, 200, home.body);
        assert.match(home.body, /Your reports/);
      } finally {
        await t.close();
        await t.db.close();
      }
    });
  });
}
