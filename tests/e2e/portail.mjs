// The portal end to end in a real headless Chromium (Debian's), driven by playwright-core:
// a supplier types an invoice, the recipient finds and processes it, the supplier sees the
// status change, the statistics move, and a form posted from another site is refused.
// scripts/e2e starts the server and sets FACTEUR_URL; screenshots go to SCREENSHOTS.

import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import test from 'node:test';
import { chromium } from 'playwright-core';

const BASE = process.env.FACTEUR_URL ?? 'http://127.0.0.1:8080';
const SHOTS = process.env.SCREENSHOTS ?? 'screenshots';
const PASSWORD = 'facteur-demo';
const SUPPLIER = 'dirigeant@fournitures.demo.facteur';
const RECIPIENT = 'gestionnaire@ministere.demo.facteur';
const NUMBER = `E2E-${Date.now()}`;

mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

async function person(email) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const errors = [];
  // A script blocked by the CSP, or any script error, fails the test.
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${BASE}/`);
  assert.match(page.url(), /\/connexion$/);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${BASE}/`);
  return { context, page, errors };
}

/// This year's count of invoices typed in the portal, read from the statistics' table.
async function typedThisYear(page) {
  await page.goto(`${BASE}/statistiques`);
  const row = page.locator('#par-canal tr', { has: page.getByRole('rowheader', { name: 'Saisie sur le portail' }) });
  if (await row.count() === 0) return 0;
  return Number((await row.locator('td').first().innerText()).replace(/\s/g, ''));
}

test('a typed invoice goes from supplier to recipient and back', async () => {
  const supplier = await person(SUPPLIER);
  const s = supplier.page;
  await s.getByRole('heading', { name: 'Fournitures Démo SAS' }).waitFor();
  await s.screenshot({ path: `${SHOTS}/accueil-fournisseur.png`, fullPage: true });

  // The skip link is the first thing the keyboard reaches.
  await s.keyboard.press('Tab');
  assert.equal(await s.evaluate(() => document.activeElement.textContent), 'Aller au contenu');

  const before = await typedThisYear(s);

  await s.goto(`${BASE}/factures/saisie`);
  await s.getByLabel('SIRET du destinataire').fill('11000201100044');
  await s.getByLabel('Code du service').fill('DAF-01');
  await s.locator("#numero").fill(NUMBER);
  await s.getByLabel('Désignation 1').fill('Ramettes de papier A4');
  await s.getByLabel('Quantité 1').fill('3');
  await s.getByLabel('Prix unitaire HT 1').fill('4,99');
  await s.getByLabel('Désignation 2').fill('Stylos');
  await s.getByLabel('Quantité 2').fill('10');
  await s.getByLabel('Prix unitaire HT 2').fill('1.5');
  await s.getByLabel('Taux de TVA (%) 2').fill('5,5');
  // Totals follow the typing (htmx), without a page load.
  await s.locator('#total-ttc', { hasText: '33,79' }).waitFor();
  await s.screenshot({ path: `${SHOTS}/saisie-facture.png`, fullPage: true });
  await s.getByRole('button', { name: 'Déposer la facture' }).click();
  await s.waitForURL(/\/factures\/\d+\?fait=1$/);
  const invoiceUrl = s.url().replace(/\?fait=1$/, '');
  assert.equal(await s.locator('#statut').innerText(), 'Mise à disposition');

  const recipient = await person(RECIPIENT);
  const r = recipient.page;
  await r.goto(`${BASE}/factures/recues?tri=date_depot&ordre=desc`);
  const link = r.getByRole('link', { name: NUMBER });
  await link.waitFor();
  await r.screenshot({ path: `${SHOTS}/factures-recues.png`, fullPage: true });
  await link.click();
  await r.getByRole('heading', { name: `Facture ${NUMBER}` }).waitFor();
  await r.screenshot({ path: `${SHOTS}/facture-detail.png`, fullPage: true });
  await r.getByLabel('Nouveau statut').selectOption('MANDATEE');
  await r.getByLabel('Numéro de mandat').fill('MDT-2026-0042');
  await r.getByRole('button', { name: 'Valider' }).click();
  await r.getByText('C’est fait.').waitFor();
  assert.equal(await r.locator('#statut').innerText(), 'Mandatée');

  await s.goto(invoiceUrl);
  assert.equal(await s.locator('#statut').innerText(), 'Mandatée');

  const after = await typedThisYear(s);
  assert.equal(after, before + 1, 'the statistics count the typed invoice');
  await s.screenshot({ path: `${SHOTS}/statistiques.png`, fullPage: true });

  // Another site's page posts a form to the portal in the recipient's browser: refused,
  // and the invoice stays as it was.
  assert.deepEqual(recipient.errors, []);
  const id = invoiceUrl.split('/').pop();
  const evil = http.createServer((_, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<form id="f" method="post" action="${BASE}/factures/${id}/traiter">
      <input name="statut" value="REJETEE"><input name="motif" value="forged"></form>
      <script>document.getElementById('f').submit()</script>`);
  });
  await new Promise((ok) => evil.listen(0, '127.0.0.1', ok));
  const forged = r.waitForResponse((resp) => resp.url().endsWith(`/factures/${id}/traiter`));
  await r.goto(`http://127.0.0.1:${evil.address().port}/`);
  assert.equal((await forged).status(), 403);
  evil.close();
  // The browser logs the refusal; nothing else.
  assert.deepEqual(recipient.errors.splice(0), [
    'Failed to load resource: the server responded with a status of 403 (Forbidden)',
  ]);
  await r.goto(invoiceUrl);
  assert.equal(await r.locator('#statut').innerText(), 'Mandatée');

  // In English too.
  await s.goto(invoiceUrl);
  await s.getByRole('link', { name: 'English' }).click();
  await s.getByRole('heading', { name: `Invoice ${NUMBER}` }).waitFor();
  assert.equal(await s.locator('#statut').innerText(), 'Payment ordered');

  // On a phone, the received list still reads (cells stack with their labels).
  await r.setViewportSize({ width: 390, height: 844 });
  await r.goto(`${BASE}/factures/recues`);
  await r.screenshot({ path: `${SHOTS}/factures-recues-mobile.png`, fullPage: false });

  assert.deepEqual(supplier.errors, []);
  assert.deepEqual(recipient.errors, []);
  await supplier.context.close();
  await recipient.context.close();
});

test.after(() => browser.close());
