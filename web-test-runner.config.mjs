// @web/test-runner: every *.test.ts under packages/*/src, in Debian's Chromium through playwright.
// Browsers are never downloaded: CHROME_PATH (default /usr/bin/chromium) must exist; .ci/run installs it.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { existsSync } from 'node:fs';

const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  throw new Error(`web-test-runner: no Chromium at ${executablePath}. Run .ci/run, or: apt-get install -y chromium (or set CHROME_PATH).`);
}

/**
 * `executeServerCommand('sf-cdp', { method, params })` sends one Chrome DevTools Protocol command to
 * the test's own page: storage fault injection (a tiny quota, the browser clearing IndexedDB under
 * an open connection) that no page script can cause.
 */
function cdpCommandPlugin() {
  // One DevTools session per page, kept open: overrides such as the quota last only while it is attached.
  const sessions = new WeakMap();
  return {
    name: 'sf-cdp',
    async executeCommand({ command, payload, session }) {
      if (command !== 'sf-cdp') return undefined;
      const page = session.browser.getPage(session.id);
      if (!sessions.has(page)) sessions.set(page, page.context().newCDPSession(page));
      const cdp = await sessions.get(page);
      return (await cdp.send(payload.method, payload.params ?? {})) ?? {};
    },
  };
}

export default {
  rootDir: '.',
  files: ['packages/*/src/**/*.test.ts', 'stories/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development', 'browser'] },
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 300000,
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }), cdpCommandPlugin()],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
      },
    }),
  ],
};
