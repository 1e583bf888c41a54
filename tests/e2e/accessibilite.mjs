// The portal's main pages checked by axe-core (Deque's WCAG rules engine) in the same
// headless Chromium: no violation of WCAG 2.1 A or AA on any of them, signed in as the
// supplier's and the recipient's managers, in French and in English.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import { chromium } from 'playwright-core';

const BASE = process.env.FACTEUR_URL ?? 'http://127.0.0.1:8080';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

/// The WCAG 2.1 A and AA violations on the page as it stands.
async function violations(page) {
  // axe is evaluated by the test, not loaded by the page: the page's CSP stays as served.
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function signedIn(email) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/connexion`);
  assert.deepEqual(await violations(page), [], 'the sign-in page');
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill('facteur-demo');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${BASE}/`);
  return { context, page };
}

for (const [email, paths] of [
  ['dirigeant@fournitures.demo.facteur', ['/', '/factures/emises', '/factures/saisie', '/factures/depot', '/flux', '/engagements?recus=true', '/messages', '/messages/nouveau', '/statistiques']],
  ['gestionnaire@ministere.demo.facteur', ['/factures/recues', '/engagements', '/engagements/nouveau', '/gestion/1', '/statistiques/structure/1']],
]) {
  test(`pages of ${email} meet WCAG 2.1 AA`, async () => {
    const { context, page } = await signedIn(email);
    const found = {};
    for (const lang of ['fr', 'en']) {
      await page.goto(`${BASE}/langue/${lang}?retour=/`);
      for (const path of paths) {
        const response = await page.goto(`${BASE}${path}`);
        if (response.status() !== 200) { found[`${lang} ${path}`] = [`status ${response.status()}`]; continue; }
        const v = await violations(page);
        if (v.length) found[`${lang} ${path}`] = v;
      }
    }
    // An invoice's page, from the first in the list.
    await page.goto(`${BASE}/factures/${paths.includes('/factures/recues') ? 'recues' : 'emises'}`);
    await page.locator('table a').first().click();
    const v = await violations(page);
    if (v.length) found['invoice'] = v;
    assert.deepEqual(found, {});
    await context.close();
  });
}

test.after(() => browser.close());
