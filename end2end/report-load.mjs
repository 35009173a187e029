// Crash-test helper for 防贫申报 submissions.
//   node report-load.mjs load URL OUT [concurrency=8]
//     submits valid, unique reports until the server stops answering; every receipt the
//     server acknowledged (a 303 to /report/done/<code>) is appended to OUT at once.
//   node report-load.mjs faults URL OUT SECONDS [concurrency=8]
//     submits for SECONDS while the test breaks the database underneath; every answer must
//     be a receipt (appended to OUT) or the form back with what was typed and a 503 notice;
//     prints submissions, acknowledged, returned with their values, and anything else.
//   node report-load.mjs timed URL OUT SECONDS [concurrency=8]
//     submits for SECONDS; every answer must be a receipt (appended to OUT): behind the
//     proxy, with an instance killed, none may fail. Prints submissions, acknowledged,
//     failed, submissions per second and the p50/p99 latency; exits 1 if any failed.
//   node report-load.mjs wait-ready URL OUT [seconds=90]
//     after a fault: submits until one report is stored again; prints how long it took.
//   node report-load.mjs verify URL OUT
//     checks that every receipt in OUT is stored (the status look-up with the phone's last
//     four digits finds it); prints found/lost.
import { appendFileSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const [mode, base, out, concurrencyArg] = process.argv.slice(2);
const hex = (n) => randomBytes(n).toString('hex');

async function post(worker, n) {
  const csrf = hex(16);
  const description = `crash-${worker}-${n}-${hex(4)}`;
  const body = new URLSearchParams({
    token: hex(16), csrf, village: 'qxn-p-01', name: '王大山', id_number: '11010519491231002X',
    phone: '13812345678', household_size: '4', risks: 'illness',
    description, reporter: 'self', consent: 'yes', website: '',
  });
  const response = await fetch(`${base}/report`, {
    method: 'POST', redirect: 'manual', body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `portal_csrf=${csrf}` },
  });
  return { response, description };
}

async function submitOne(worker, n) {
  const { response } = await post(worker, n);
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
} else if (mode === 'faults') {
  const seconds = Number(concurrencyArg ?? 10);
  const concurrency = Number(process.argv[6] ?? 8);
  const until = Date.now() + seconds * 1000;
  const tally = { submissions: 0, acknowledged: 0, returned: 0, other: 0 };
  const others = [];
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    for (let n = 0; Date.now() < until; n += 1) {
      tally.submissions += 1;
      try {
        const { response, description } = await post(worker, n);
        if (response.status === 303) {
          appendFileSync(out, `${response.headers.get('location').replace('/report/done/', '')}\n`);
          tally.acknowledged += 1;
        } else {
          const html = await response.text();
          if (response.status === 503 && html.includes(description) && html.includes('还没有保存')) {
            tally.returned += 1;
          } else {
            tally.other += 1;
            if (others.length < 5) others.push(`${response.status}: ${html.slice(0, 200)}`);
          }
        }
      } catch (err) {
        tally.other += 1;
        if (others.length < 5) others.push(String(err));
      }
    }
  }));
  console.log(`submissions ${tally.submissions}, acknowledged ${tally.acknowledged}, form returned with its values and a 503 notice ${tally.returned}, anything else ${tally.other}`);
  for (const o of others) console.log(`  ${o}`);
  process.exit(tally.other === 0 ? 0 : 1);
} else if (mode === 'timed') {
  const seconds = Number(concurrencyArg ?? 10);
  const concurrency = Number(process.argv[6] ?? 8);
  const started = Date.now();
  const until = started + seconds * 1000;
  const latencies = [];
  const failures = [];
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    for (let n = 0; Date.now() < until; n += 1) {
      const at = performance.now();
      try {
        const { response } = await post(worker, n);
        if (response.status === 303) {
          appendFileSync(out, `${response.headers.get('location').replace('/report/done/', '')}\n`);
          latencies.push(performance.now() - at);
        } else {
          const html = await response.text();
          failures.push(`${response.status}: ${html.replace(/\s+/g, ' ').slice(0, 200)}`);
        }
      } catch (err) {
        failures.push(String(err));
      }
    }
  }));
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pick = (p) => (latencies.length ? latencies[Math.max(0, Math.ceil(latencies.length * p) - 1)] : NaN);
  const total = latencies.length + failures.length;
  console.log(`submissions ${total}, acknowledged ${latencies.length}, failed ${failures.length}, `
    + `${(latencies.length / elapsed).toFixed(1)}/s, p50 ${pick(0.5).toFixed(1)} ms, p99 ${pick(0.99).toFixed(1)} ms`);
  for (const f of failures.slice(0, 5)) console.log(`  ${f}`);
  process.exit(failures.length === 0 ? 0 : 1);
} else if (mode === 'wait-ready') {
  // After a fault: submits one report every half second until one is stored (at most
  // SECONDS); prints how long the portal took to take reports again.
  const seconds = Number(concurrencyArg ?? 90);
  const started = Date.now();
  for (let n = 0; Date.now() - started < seconds * 1000; n += 1) {
    try {
      const code = await submitOne('ready', n);
      appendFileSync(out, `${code}\n`);
      console.log(`taking reports again ${((Date.now() - started) / 1000).toFixed(1)} s after the fault ended`);
      process.exit(0);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  console.log(`still not taking reports ${seconds} s after the fault ended`);
  process.exit(1);
} else if (mode === 'verify') {
  const codes = readFileSync(out, 'utf8').split('\n').filter(Boolean);
  let found = 0;
  const lost = [];
  for (const code of codes) {
    // The receipt page shows a receipt only to the browser that submitted it; the status
    // look-up (receipt and the phone's last four digits) finds any stored one.
    const response = await fetch(`${base}/report/status`, {
      method: 'POST',
      body: new URLSearchParams({ receipt: code, phone_tail: '5678' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const html = await response.text();
    if (response.status === 200 && html.includes('现在：')) found += 1; else lost.push(code);
  }
  console.log(`acknowledged ${codes.length}, found ${found}, lost ${lost.length}${lost.length ? ': ' + lost.join(' ') : ''}`);
  process.exit(lost.length === 0 ? 0 : 1);
} else {
  console.error('usage: node report-load.mjs load|faults|timed|wait-ready|verify URL OUT [seconds] [concurrency]');
  process.exit(2);
}
