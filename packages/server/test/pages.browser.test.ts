/**
 * Issue 12 item 8, in a real browser (Debian Chromium): every page each role can reach passes axe
 * (WCAG 2.2 AA), does not scroll sideways at 320 px, starts with a skip link that moves focus to
 * main, shows the protective marking where it shows records, and logs no console error (so no CSP
 * violation) and no page error. Sign-in is done by keyboard only, through the real page.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { databases } from "./support/databases.js";
import { startApp, type TestApp } from "./support/app.js";
import { envelope, newKey } from "./support/fixtures.js";
import {
  checkPage,
  launchBrowser,
  listenLocally,
  newContext,
  signedInContext,
  signInByKeyboard,
} from "./support/browser.js";

const sqlite = databases().find((d) => d.name === "sqlite")!;

describe("pages in a real browser (sqlite)", () => {
  let t: TestApp;
  let browser: Browser;
  let base = "";
  const recordIds: string[] = [];

  before(async () => {
    t = await startApp(await sqlite.open());
    const staff = {
      kind: "account",
      id: t.ids["staff.demo"]!,
      roles: ["staff"],
    } as Parameters<typeof t.services.records.submit>[0];
    for (let i = 0; i < 3; i++) {
      const reply = await t.services.records.submit(
        staff,
        "threat-report",
        newKey(),
        JSON.stringify(
          envelope(undefined, { submittedAt: `2026-11-2${i}T10:00:00.000Z` }),
        ),
        `req-${i}`,
      );
      assert.equal(reply.status, 201);
      recordIds.push((reply as { recordId: string }).recordId);
    }
    base = await listenLocally(t.app);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await t?.db.close();
  });

  /** Opens `path` in the watched page and checks everything a page must pass (support/browser.ts). */
  const check = checkPage;

  it("the sign-in page, and signing in by keyboard only lands on home", async () => {
    const w = await newContext(browser, base);
    try {
      await check(w, "/sign-in");
      await signInByKeyboard(w.page, "staff.demo");
      assert.equal(new URL(w.page.url()).pathname, "/");
      assert.match(await w.page.locator("main").innerText(), /Your reports/);
      assert.deepEqual(w.errors, []);
    } finally {
      await w.context.close();
    }
  });

  it("/healthz answers in the browser", async () => {
    const w = await newContext(browser, base);
    try {
      const res = await w.page.goto("/healthz");
      assert.equal(res?.status(), 200);
      assert.deepEqual(w.errors, []);
    } finally {
      await w.context.close();
    }
  });

  it("home of every demo role", async () => {
    for (const username of [
      "staff.demo",
      "manager.demo",
      "safety.demo",
      "head.demo",
      "director.demo",
      "visitor.demo",
      "admin.demo",
    ]) {
      const w = await signedInContext(browser, base, username);
      try {
        await check(w, "/");
        await check(w, "/notifications");
      } finally {
        await w.context.close();
      }
    }
  });

  it("staff: forms, your reports, one of your records, 403 and 404", async () => {
    const w = await signedInContext(browser, base, "staff.demo");
    try {
      await check(w, "/forms");
      await check(w, "/reports/mine", { marking: true });
      await check(w, `/reports/${recordIds[0]}`, { marking: true });
      await check(w, "/admin/accounts", { status: 403 });
      await check(w, "/no-such-page", { status: 404 });
    } finally {
      await w.context.close();
    }
  });

  it("line manager: team reports and a team record", async () => {
    const w = await signedInContext(browser, base, "manager.demo");
    try {
      await check(w, "/reports/team", { marking: true });
      await check(w, `/reports/${recordIds[1]}`, { marking: true });
    } finally {
      await w.context.close();
    }
  });

  it("safety team: the list, with filters, and a record page", async () => {
    const w = await signedInContext(browser, base, "safety.demo");
    try {
      await check(w, "/reports", { marking: true });
      await check(
        w,
        "/reports?form=threat-report&status=&from=2026-11-01&to=2026-12-31",
        { marking: true },
      );
      await check(w, "/reports?form=&status=&from=2026-01-01&to=2026-01-02", {
        marking: true,
      });
      await check(w, `/reports/${recordIds[0]}`, { marking: true });
    } finally {
      await w.context.close();
    }
  });

  it("admin: accounts list, new account form, account edit, audit log, held mail", async () => {
    const w = await signedInContext(browser, base, "admin.demo");
    try {
      await check(w, "/admin/accounts");
      await check(w, `/admin/accounts/${t.ids["staff.demo"]}`);
      await check(w, `/admin/accounts/${t.ids["staff.demo"]}?saved=1`, {
        skipLinkFirst: false,
      });
      await check(w, "/admin/audit");
      await check(w, "/admin/mail");
    } finally {
      await w.context.close();
    }
  });
});
