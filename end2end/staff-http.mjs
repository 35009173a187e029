// Staff actions over plain HTTP, for the proxy trial (.ci/proxy-trial).
//   node staff-http.mjs signin URL USERNAME PASSWORD
//     signs in through the sign-in form and prints the session cookie (name=value).
//   node staff-http.mjs signed-in URL COOKIE [times=1]
//     GET /staff/password TIMES times with the cookie (a staff page that costs the same for
//     any account); exits 1 unless every answer is that page (200, not the sign-in page).
//   node staff-http.mjs edit-qa URL COOKIE ID TEXT
//     appends TEXT to the answer of Q&A entry ID and saves it; prints the entry's question.
//   node staff-http.mjs ask-shows URL QUESTION TEXT [seconds=0]
//     whether /ask?q=QUESTION shows TEXT, asking every half second for at most SECONDS;
//     prints how long it took, exits 1 if it never did.
const [mode, base, ...args] = process.argv.slice(2);

const entities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') {
      const hex = name[1] === 'x' || name[1] === 'X';
      return String.fromCodePoint(parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10));
    }
    return entities[name.toLowerCase()] ?? whole;
  });
}

// The fields of the form posting to `action`, in order.
function formFields(html, action) {
  const form = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)]
    .find(([, attrs]) => attrs.includes(`action="${action}"`));
  if (!form) throw new Error(`no form posting to ${action} on the page`);
  const fields = [];
  const tag = /<input\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g;
  for (const [, input, area, text, select, options] of form[2].matchAll(tag)) {
    const attrs = input ?? area ?? select;
    const name = attrs.match(/\bname="([^"]*)"/)?.[1];
    if (!name) continue;
    if (input !== undefined) {
      fields.push([name, decode(attrs.match(/\bvalue="([^"]*)"/)?.[1] ?? '')]);
    } else if (area !== undefined) {
      fields.push([name, decode(text)]);
    } else {
      const all = [...options.matchAll(/<option\b([^>]*)>/g)];
      const chosen = all.find(([, a]) => /\bselected\b/.test(a)) ?? all[0];
      fields.push([name, decode(chosen?.[1].match(/\bvalue="([^"]*)"/)?.[1] ?? '')]);
    }
  }
  return fields;
}

if (mode === 'signin') {
  const [username, password] = args;
  // The sign-in form: its anti-forgery token, in a field and in a cookie.
  const form = await fetch(`${base}/staff/login`);
  const cookies = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const fields = formFields(await form.text(), '/staff/login');
  const body = new URLSearchParams(fields.map(([name, value]) => [name, value]));
  body.set('username', username);
  body.set('password', password);
  body.set('next', '/staff/cases');
  const response = await fetch(`${base}/staff/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
    body,
  });
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => /portal_staff=./.test(c));
  if (response.status !== 303 || !cookie) {
    console.error(`sign-in: status ${response.status}, ${cookie ? 'a cookie' : 'no cookie'}`);
    process.exit(1);
  }
  console.log(cookie);
} else if (mode === 'signed-in') {
  const [cookie, times = '1'] = args;
  let good = 0;
  const bad = [];
  for (let n = 0; n < Number(times); n += 1) {
    const response = await fetch(`${base}/staff/password`, { redirect: 'manual', headers: { cookie } });
    const html = await response.text();
    if (response.status === 200 && html.includes('退出登录')) good += 1;
    else bad.push(`${response.status} ${response.headers.get('location') ?? ''}`.trim());
  }
  console.log(`staff page with the session: ${good} of ${times}${bad.length ? ` (others: ${bad.join(', ')})` : ''}`);
  process.exit(bad.length === 0 ? 0 : 1);
} else if (mode === 'edit-qa') {
  const [cookie, id, text] = args;
  const url = `${base}/staff/content/qa/${id}`;
  const page = await fetch(url, { redirect: 'manual', headers: { cookie } });
  if (page.status !== 200) throw new Error(`GET ${url}: status ${page.status}`);
  const fields = formFields(await page.text(), `/staff/content/qa/${id}`);
  const question = fields.find(([name]) => name === 'question')?.[1];
  const body = new URLSearchParams(fields.map(([name, value]) => {
    if (name === 'answer') return [name, `${value}${text}`];
    if (name === 'reason') return [name, '核对多实例部署'];
    return [name, value];
  }));
  const saved = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const html = await saved.text();
  if (saved.status !== 200 || !html.includes('已保存')) {
    console.error(`POST ${url}: status ${saved.status}: ${html.replace(/\s+/g, ' ').slice(0, 300)}`);
    process.exit(1);
  }
  console.log(question);
} else if (mode === 'ask-shows') {
  const [question, text, seconds = '0'] = args;
  const started = Date.now();
  for (;;) {
    // An instance that is restarting refuses the connection: not shown yet, ask again.
    const response = await fetch(`${base}/ask?q=${encodeURIComponent(question)}`).catch(() => null);
    const html = response ? await response.text() : '';
    if (response?.status === 200 && html.includes(text)) {
      console.log(`shown after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      process.exit(0);
    }
    if (Date.now() - started >= Number(seconds) * 1000) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(`not shown within ${seconds} s`);
  process.exit(1);
} else {
  console.error('usage: node staff-http.mjs signin|signed-in|edit-qa|ask-shows URL …');
  process.exit(2);
}
