// Crash-test helper for 防贫申报 submissions.
//   node report-load.mjs load URL OUT [concurrency=8]
//     submits valid, unique reports until the server stops answering; every receipt the
//     server acknowledged (a 303 to /report/done/<code>) is appended to OUT at once.
//   node report-load.mjs verify URL OUT
//     checks that every receipt in OUT has its receipt page; prints found/lost.
import { appendFileSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const [mode, base, out, concurrencyArg] = process.argv.slice(2);
const hex = (n) => randomBytes(n).toString('hex');

async function submitOne(worker, n) {
  const csrf = hex(16);
  const body = new URLSearchParams({
    token: hex(16), csrf, village: 'qxn-p-01', name: '王大山', id_number: '11010519491231002X',
    phone: '13812345678', household_size: '4', risks: 'illness',
    description: `crash-${worker}-${n}-${hex(4)}`, reporter: 'self', consent: 'yes', website: '',
  });
  const response = await fetch(`${base}/report`, {
    method: 'POST', redirect: 'manual', body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `portal_csrf=${csrf}` },
  });
  if (response.status !== 303) throw new Error(`status ${response.status}`);
  return response.headers.get('location').replace('/report/done/', '');
}

if (mode === 'load') {
  const concurrency = Number(concurrencyArg ?? 8);
  let acknowledged = 0;
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    for (let n = 0; ; n += 1) {
      let code;
      try {
        code = await submitOne(worker, n);
      } catch {
        return; // the server is gone
      }
      appendFileSync(out, `${code}\n`);
      acknowledged += 1;
    }
  }));
  console.log(`acknowledged ${acknowledged}`);
} else if (mode === 'verify') {
  const codes = readFileSync(out, 'utf8').split('\n').filter(Boolean);
  let found = 0;
  const lost = [];
  for (const code of codes) {
    const response = await fetch(`${base}/report/done/${code}`);
    if (response.status === 200) found += 1; else lost.push(code);
  }
  console.log(`acknowledged ${codes.length}, found ${found}, lost ${lost.length}${lost.length ? ': ' + lost.join(' ') : ''}`);
  process.exit(lost.length === 0 ? 0 : 1);
} else {
  console.error('usage: node report-load.mjs load|verify URL OUT [concurrency]');
  process.exit(2);
}
