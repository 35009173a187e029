// One implementation of the report's rules. Every case goes through the server's own path
// (POST /report: the body read, the village resolved, validate_report) and through the
// WebAssembly the page runs (checkReport, built from the same Rust in browser/), and both
// must accept or refuse it alike, with the same messages for the same fields, in the same
// order. The cases: the hostile values of the HTTP suite (server/tests/hostile_payloads.json)
// in each text field the rules read, and the edges of every rule. Nothing is stored: a case
// the rules accept is sent with a malformed form token, which the server refuses only after
// the rules (400, 页面已过期).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, waitForScripts } from './fixtures';
import { GOOD_ID, LAOLIQI } from './household';

type Fields = Record<string, string | string[]>;

const payloads: [string, string][] = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'tests', 'hostile_payloads.json'), 'utf8'),
).map((p: { name: string; value: string; repeat?: number }) => [p.name, p.value.repeat(p.repeat ?? 1)]);

const good: Fields = {
  village: LAOLIQI,
  name: '王大山',
  id_number: GOOD_ID,
  phone: '13912345678',
  household_size: '4',
  risks: ['illness'],
  description: '老人住院，花了三万多元。',
  reporter: 'self',
  consent: 'yes',
};

const cases: [string, Fields][] = [['complete', good]];
for (const field of ['name', 'id_number', 'phone']) {
  for (const [name, value] of payloads) cases.push([`${field}: ${name}`, { ...good, [field]: value }]);
}
for (const [name, value] of payloads.filter(([n]) => ['script', 'nul-control', 'overlong', 'emoji', 'line-separator'].includes(n))) {
  cases.push([`description: ${name}`, { ...good, description: value }]);
  cases.push([`household_size: ${name}`, { ...good, household_size: value }]);
}
const edges: [string, Fields][] = [
  ['id: full-width digits', { id_number: '１１０１０５１９４９１２３１００２Ｘ' }],
  ['id: lower-case x and spaces', { id_number: ' 110105 19491231 002x ' }],
  ['id: 17 characters', { id_number: '11010519491231002' }],
  ['id: a letter inside', { id_number: '1101051949123100AX' }],
  ['id: region 0', { id_number: '010105194912310021' }],
  ['id: a birth date in the future', { id_number: '110105209912310011' }],
  ['id: 31 February', { id_number: '110105194902310011' }],
  ['id: empty', { id_number: '' }],
  ['phone: +86 and spaces', { phone: '+86 139 1234 5678' }],
  ['phone: 86 prefix', { phone: '8613912345678' }],
  ['phone: full-width', { phone: '１３９１２３４５６７８' }],
  ['phone: starts 12', { phone: '12912345678' }],
  ['phone: 10 digits', { phone: '1391234567' }],
  ['phone: empty', { phone: '   ' }],
  ['household: 0', { household_size: '0' }],
  ['household: 31', { household_size: '31' }],
  ['household: 30 full-width', { household_size: '３０' }],
  ['household: 4.5', { household_size: '4.5' }],
  ['household: empty', { household_size: '' }],
  ['name: 30 characters', { name: '王'.repeat(30) }],
  ['name: 31 characters', { name: '王'.repeat(31) }],
  ['name: with ·', { name: '买买提·艾力' }],
  ['name: digits', { name: '王2' }],
  ['name: spaces only', { name: '   ' }],
  ['description: 500 characters', { description: '病'.repeat(500) }],
  ['description: 501 characters', { description: '病'.repeat(501) }],
  ['risks: none', { risks: [] }],
  ['risks: unknown only', { risks: ['lottery'] }],
  ['risks: every one and again', { risks: ['illness', 'other', 'illness', 'water'] }],
  ['reporter: unknown', { reporter: 'boss' }],
  ['reporter: cadre', { reporter: 'cadre' }],
  ['consent: missing', { consent: '' }],
  ['village: none', { village: '' }],
  ['everything missing', { village: '', name: '', id_number: '', phone: '', household_size: '', risks: [], description: '', reporter: '', consent: '' }],
];
for (const [name, fields] of edges) cases.push([name, { ...good, ...fields }]);

function body(fields: Fields, csrf: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== '') params.append(key, one);
  }
  // A malformed form token: nothing is ever stored, the rules still run first.
  params.append('token', 'x');
  params.append('csrf', csrf);
  params.append('website', '');
  return params.toString();
}

test('the form\'s rules give the same answer on the server and in the WebAssembly', async ({ page, consoleErrors }) => {
  test.setTimeout(120_000);
  await page.goto('/report?village=qxn-p-01');
  await waitForScripts(page);
  const csrf = await page.locator('input[name="csrf"]').inputValue();
  const bodies = cases.map(([name, fields]) => [name, body(fields, csrf)] as const);
  const answers = await page.evaluate(async (bodies) => {
    const loader = document.querySelector<HTMLScriptElement>('script[src="/wasm.js"]')!;
    const glue = await import(loader.dataset.glue!);
    await glue.default({ module_or_path: loader.dataset.wasm! });
    const out = [];
    for (const [name, sent] of bodies) {
      let response: Response;
      // The per-address limit of submissions: wait for it as a household would.
      for (;;) {
        response = await fetch('/report', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: sent,
          redirect: 'manual',
        });
        if (response.status !== 429) break;
        await new Promise((resolve) => setTimeout(resolve, 600));
      }
      const html = new DOMParser().parseFromString(await response.text(), 'text/html');
      const links = [...html.querySelectorAll('.error-summary li a')];
      const server = {
        status: response.status,
        accepted: response.status === 400 && html.body.textContent!.includes('页面已过期'),
        problems: links.map((a) => [a.getAttribute('href')!.slice(1), a.textContent!.trim()]),
      };
      const started = performance.now();
      const checked: { anchor: string; message: string }[] = glue.checkReport(sent);
      const took = performance.now() - started;
      const wasm = {
        accepted: checked.length === 0,
        problems: checked.map((p) => [p.anchor, p.message]),
      };
      out.push({ name, server, wasm, took });
    }
    return out;
  }, bodies);

  // The browser logs each refused POST (400: accepted by the rules, refused for the token;
  // 413: a body over the server's limit); those are the answers asked for.
  const expected = /Failed to load resource: the server responded with a status of (400|413)/;
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !expected.test(e)));

  let agreed = 0;
  const refused = answers.filter((a) => !a.wasm.accepted).length;
  const tooLarge = answers.filter((a) => a.server.status === 413).length;
  for (const { name, server, wasm } of answers) {
    if (server.status === 413) {
      // Over the server's limit for a form body, refused before the rules: refused here too.
      expect(wasm.accepted, `${name}: refused on both sides`).toBe(false);
      agreed += 1;
      continue;
    }
    // The server either ran the rules and refused (200 with its summary) or accepted (400).
    expect([200, 400], `${name}: ${server.status}`).toContain(server.status);
    expect(server.accepted || server.problems.length > 0, `${name}: the server's answer`).toBe(true);
    expect(wasm.accepted, `${name}: accepted on both sides`).toBe(server.accepted);
    expect(wasm.problems, `${name}: the same problems, the same words`).toEqual(server.problems);
    agreed += 1;
  }
  const slowest = Math.max(...answers.map((a) => a.took));
  console.log(
    `report rules: ${agreed} of ${answers.length} cases agree (${answers.length - refused} accepted, ${refused} refused, ` +
      `${tooLarge} of them over the server's body limit); ` +
      `slowest check in the WebAssembly ${slowest.toFixed(2)} ms`,
  );
  expect(refused).toBeGreaterThan(40);
  expect(answers.length - refused).toBeGreaterThan(5);
});
