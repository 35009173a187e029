import { execFileSync } from 'node:child_process';
import { test, expect, expectNoAxeViolations, jsEnabled } from './fixtures';
import type { Page, TestInfo } from '@playwright/test';

const PASSWORD = 'qiaotou-2026-春天';

// Accounts are made with the server's own command, on the data directory of the server
// under test (the test command passes both), or on its PostgreSQL database when
// PORTAL_E2E_DATABASE_URL names one (the proxy trial; PORTAL_KEY_FILE is passed on too).
function createStaff(username: string, role: string, area: string) {
  const bin = process.env.PORTAL_SERVER_BIN;
  const dataDir = process.env.PORTAL_E2E_DATA_DIR;
  if (!bin || !dataDir) throw new Error('PORTAL_SERVER_BIN and PORTAL_E2E_DATA_DIR must be set (./.ci/test sets them)');
  execFileSync(bin, ['create-staff', '--username', username, '--role', role, '--area', area], {
    input: PASSWORD + '\n',
    // Its messages go into the error if it fails, not into the test report.
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PORTAL_DATA_DIR: dataDir, PORTAL_DATABASE_URL: process.env.PORTAL_E2E_DATABASE_URL ?? '' },
  });
}

async function signIn(page: Page, username: string) {
  await page.goto('/staff/cases');
  await expect(page).toHaveURL(/\/staff\/login\?next=/);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/staff\/cases$/);
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/staff\/login$/);
}

// Nothing wider than a 360 px phone: the page does not scroll sideways.
async function fitsA360Phone(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'the page scrolls sideways at 360 px').toBeLessThanOrEqual(360);
}

// A day `days` after today, as a date field takes it.
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

// The household's own view of its case.
async function statusOf(page: Page, code: string, tail: string) {
  await page.goto('/report/status');
  await page.getByRole('textbox', { name: '回执号' }).fill(code);
  await page.getByLabel('申报时所填手机号的后四位').fill(tail);
  await page.getByRole('button', { name: '查询' }).click();
  return page.locator('.status-stage');
}

test('a report from a village outside the catalogue reaches that village\'s staff and no other village\'s', async ({ page }, testInfo: TestInfo) => {
  const tag = `${testInfo.project.name}-${Date.now() % 1_000_000}`;
  // 街心社区 of 兴义市 (522301001001) is in no catalogue; 老里旗村 is another village.
  createStaff(`vj-${tag}`, 'village', '522301001001');
  createStaff(`vo-${tag}`, 'village', '522302109207');
  const phone = `136${String(Date.now() % 100000000).padStart(8, '0')}`;
  await page.goto('/villages/522301001001');
  await page.getByRole('link', { name: '本村农户：防贫申报' }).click();
  await expect(page.locator('input[name="village"]')).toHaveValue('522301001001');
  await page.getByLabel('户主姓名').fill('张小溪');
  await page.getByLabel('户主身份证号').fill('11010519491231002X');
  await page.getByLabel('联系电话（手机）').fill(phone);
  await page.getByLabel('家庭人口').fill('2');
  await page.getByLabel('因病').check();
  await page.getByLabel('情况说明').fill(`老人生病住院（${tag}）。`);
  await page.getByLabel('本人').check();
  await page.getByLabel(/我承诺所填情况真实/).check();
  await page.getByRole('button', { name: '提交申报' }).click();
  await expect(page).toHaveURL(/\/report\/done\/[A-Z0-9]{8}$/);
  const code = (await page.locator('.receipt-code').textContent())!.trim();

  await signIn(page, `vo-${tag}`);
  await expect(page.locator('tr', { hasText: code })).toHaveCount(0);
  await signOut(page);
  await signIn(page, `vj-${tag}`);
  const row = page.locator('tr', { hasText: code });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('街心社区');
  await signOut(page);
});

test('a report goes from the village to the township to the county, and the household sees each step', async ({ page }, testInfo: TestInfo) => {
  test.setTimeout(90_000);
  const tag = `${testInfo.project.name}-${Date.now() % 1_000_000}`;
  createStaff(`v-${tag}`, 'village', '522302109207');
  createStaff(`t-${tag}`, 'town', '522302109');
  createStaff(`c-${tag}`, 'county', '522302');

  // The household reports.
  const phone = `137${String(Date.now() % 100000000).padStart(8, '0')}`;
  await page.goto('/report?village=qxn-p-01');
  await page.getByLabel('户主姓名').fill('李小河');
  await page.getByLabel('户主身份证号').fill('11010519491231002X');
  await page.getByLabel('联系电话（手机）').fill(phone);
  await page.getByLabel('家庭人口').fill('3');
  await page.getByLabel('因灾').check();
  await page.getByLabel('情况说明').fill(`房子被冰雹打坏（${tag}）。`);
  await page.getByLabel('本人').check();
  await page.getByLabel(/我承诺所填情况真实/).check();
  await page.getByRole('button', { name: '提交申报' }).click();
  await expect(page).toHaveURL(/\/report\/done\/[A-Z0-9]{8}$/);
  const receipt = page.url().split('/').pop()!;
  const code = (await page.locator('.receipt-code').textContent())!.trim();
  const tail = phone.slice(-4);

  // The village accepts it and records the home visit.
  await signIn(page, `v-${tag}`);
  const row = page.locator('tr', { hasText: code });
  await expect(row).toContainText('已提交');
  await expect(row).toContainText(/剩 \d+ 个工作日|今天到期/);
  await expectNoAxeViolations(page, testInfo);
  await row.getByRole('link', { name: code }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`案件 ${code}`);
  // Personal data is masked until asked for.
  await expect(page.getByText('1101**********002X')).toBeVisible();
  await expect(page.getByText(phone)).toHaveCount(0);
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole('button', { name: '受理，安排入户核实' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已办理' })).toBeVisible();
  // 待告知: the stage changed, so the queue asks the village to tell the household.
  await expect(page.getByText(/阶段有变化，请在 .* 前电话或上门告诉农户/)).toBeVisible();
  // On a cadre's phone the case and the queue fit the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  await fitsA360Phone(page);
  await page.goto('/staff/cases');
  await fitsA360Phone(page);
  await expect(page.locator('tr', { hasText: code })).toContainText(/前告知农户/);
  await page.goto(`/staff/cases/${receipt}`);
  await page.getByLabel('电话').check();
  await page.getByRole('button', { name: '已告知农户' }).click();
  await expect(page.getByText(/最近一次告知农户：.*电话/)).toBeVisible();
  // Told: the task leaves the queue.
  await page.goto('/staff/cases');
  await expect(page.locator('tr', { hasText: code })).not.toContainText('告知农户');
  await page.goto(`/staff/cases/${receipt}`);
  // A visit without its result is not sent (the field is required; the server refuses it
  // too, with the message beside the field: see the HTTP tests).
  await page.getByRole('button', { name: '提交入户核实结果' }).click();
  await expect(page.locator('.status-stage')).toContainText('村级核实');
  await page.getByLabel(/入户核实结果/).fill('已入户，屋顶三处漏雨，需危房评估。');
  await page.getByRole('button', { name: '提交入户核实结果' }).click();
  await expect(page.locator('.status-stage')).toContainText('乡镇审核');
  await signOut(page);
  await expect(await statusOf(page, code, tail)).toContainText('乡镇审核');
  await expect(page.getByText(/村里最近一次告诉您办理情况：.*电话/)).toBeVisible();

  // The township puts the hail-damaged house on the 绿色通道, adds a measure at once, and
  // reviews.
  await signIn(page, `t-${tag}`);
  await page.goto(`/staff/cases/${receipt}`);
  await fitsA360Phone(page);
  await page.getByLabel('情况说明').fill('冰雹致房屋受损，先行安排住房安全帮扶。');
  await page.getByRole('button', { name: '启用绿色通道：先帮扶后认定' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已启用绿色通道' })).toBeVisible();
  await page.getByLabel('类别').selectOption('housing');
  await page.getByLabel('责任单位').fill('县住房和城乡建设局');
  await page.getByLabel('完成时限').fill(daysFromNow(30));
  await page.getByRole('button', { name: '加入帮扶计划' }).click();
  await expect(page.getByRole('region', { name: '帮扶计划' })).toContainText('县住房和城乡建设局');
  await expectNoAxeViolations(page, testInfo);
  await page.getByLabel('审核意见').fill('情况属实，建议纳入。');
  await page.getByRole('button', { name: '乡镇审核通过，报县级审定' }).click();
  await expect(page.locator('.status-stage')).toContainText('县级审定');
  await signOut(page);
  await expect(await statusOf(page, code, tail)).toContainText('县级审定');

  // The county decides; the household sees the result.
  await signIn(page, `c-${tag}`);
  await page.goto(`/staff/cases?stage=county_decision`);
  await expect(page.locator('tr', { hasText: code })).toBeVisible();
  await page.goto(`/staff/cases/${receipt}`);
  // 纳入监测 needs the household type.
  await page.getByLabel(/突发严重困难户/).check();
  await page.getByRole('button', { name: '审定：纳入监测' }).click();
  await expect(page.locator('.status-stage')).toContainText('纳入监测');
  const history = page.getByRole('region', { name: '办理记录' });
  await expect(history.locator('li')).toHaveCount(5);
  await expect(history).toContainText(`v-${tag}`);
  await expect(history).toContainText(`t-${tag}`);
  await expect(history).toContainText(`c-${tag}`);
  await page.getByRole('button', { name: '登记已落实' }).click();
  await expect(page.getByRole('region', { name: '帮扶计划' })).toContainText('已落实');
  await signOut(page);
  await expect(await statusOf(page, code, tail)).toContainText('纳入监测');
  await expect(page.locator('.measures')).toContainText('住房安全');
  await expect(page.getByText('监测对象类型：突发严重困难户。')).toBeVisible();
  await expect(page.getByText(/乡镇已为您启用绿色通道/)).toBeVisible();

  // 风险消除: the township confirms the three conditions, the county decides.
  await signIn(page, `t-${tag}`);
  await page.goto(`/staff/cases/${receipt}`);
  await page.getByLabel('返贫致贫风险稳定消除：怎样核实的').fill('房屋已修缮，入户查看。');
  await page.getByLabel('大额刚性支出有效解决：怎样核实的').fill('维修费用由住房安全帮扶解决。');
  await page.getByLabel('收入来源稳定：怎样核实的').fill('两人在县城务工，收入稳定。');
  await page.getByRole('button', { name: '三项条件已核实，报县里审定风险消除' }).click();
  await expect(page.locator('.status-stage')).toContainText('风险消除审核');
  await signOut(page);
  await signIn(page, `c-${tag}`);
  await page.goto(`/staff/cases/${receipt}`);
  await page.getByLabel('审定意见').fill('三项条件均已核实，同意消除风险。');
  await page.getByRole('button', { name: '审定：风险消除，不再监测帮扶' }).click();
  await expect(page.locator('.status-stage')).toContainText('风险消除');
  await signOut(page);
  await expect(await statusOf(page, code, tail)).toContainText('风险消除');
  await expect(page.getByText(/不再监测帮扶/)).toBeVisible();
});

// A refused form comes back as 422 with the problems beside the fields; the browser logs
// that status as an error, which is expected here and nothing else is.
async function expect422(consoleErrors: string[]) {
  const expected = 'console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)';
  await expect.poll(() => consoleErrors.includes(expected), { message: consoleErrors.join('\n') }).toBe(true);
  consoleErrors.splice(consoleErrors.indexOf(expected), 1);
}

test('a county user edits a Q&A entry and pastes figures; a cadre files a report for a household', async ({ page, consoleErrors }, testInfo: TestInfo) => {
  test.setTimeout(90_000);
  const tag = `${testInfo.project.name}-${Date.now() % 1_000_000}`;
  createStaff(`ce-${tag}`, 'county', '522302');
  createStaff(`ve-${tag}`, 'village', '522302109207');

  // Q&A: a quote the document does not hold is refused beside the field.
  await signIn(page, `ce-${tag}`);
  await page.getByRole('link', { name: '编辑政策问答' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('编辑政策问答');
  await expectNoAxeViolations(page, testInfo);
  await page.getByRole('link', { name: /^qa-002 / }).click();
  const quote = await page.getByLabel(/文件原文/).inputValue();
  await page.getByLabel(/文件原文/).fill('文件里没有这句话');
  await page.getByLabel(/修改说明/).fill('核对原文');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText(/引文必须是所选文件中的原文/)).toBeVisible();
  await expect422(consoleErrors);
  await expect(page.getByLabel(/文件原文/)).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page, testInfo);
  await page.getByLabel(/文件原文/).fill(quote);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();

  // Figures: a bad row stops the whole paste.
  await page.getByRole('link', { name: '更新指标' }).click();
  const header = (await page.locator('code').first().textContent())!.trim();
  await page.getByLabel('CSV 内容').fill(`${header}\ne2e-${tag},蔬菜基地,黔西南州,多,个,,2026,actual,,policy-002,第五章,农业,,\n`);
  await page.getByRole('button', { name: '检查并导入' }).click();
  await expect(page.getByRole('alert')).toContainText('第 2 行');
  await expect422(consoleErrors);
  await expect(page.getByLabel('CSV 内容')).toHaveValue(/蔬菜基地/);
  await expectNoAxeViolations(page, testInfo);

  // The same file, corrected, uploaded as a file.
  await page.getByLabel(/^CSV 文件（/).setInputFiles({
    name: 'figures.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`\ufeff${header}\r\ne2e-${tag},蔬菜基地,黔西南州,12,个,,2026,actual,,policy-002,第五章,农业,蔬菜,\r\n`),
  });
  await page.getByRole('button', { name: '上传并导入' }).click();
  await expect(page.getByRole('status')).toContainText('已导入 1 条指标');

  // One figure typed in: a value that is not a number is refused beside its field.
  await page.getByLabel('编号').fill(`e2e-one-${tag}`);
  await page.getByLabel('指标名称').fill('茶园面积');
  await page.getByLabel('地区').fill('兴仁市');
  await page.getByLabel('数值').fill('约五万');
  await page.getByLabel('单位', { exact: true }).fill('万亩');
  await page.getByLabel('年份').fill('2026');
  await page.getByLabel('出处章节').fill('第五章 第一节');
  await page.getByLabel('类型').selectOption('target');
  await page.getByLabel('出处文件').selectOption('policy-002');
  await page.getByRole('button', { name: '检查并保存' }).click();
  await expect422(consoleErrors);
  await expect(page.getByLabel('数值')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('指标名称')).toHaveValue('茶园面积');
  await expectNoAxeViolations(page, testInfo);
  await page.getByLabel('数值').fill('5');
  await page.getByRole('button', { name: '检查并保存' }).click();
  await expect(page.getByRole('status')).toContainText('已导入 1 条指标');
  await page.goto(`/data?industry=vegetables`);
  await expect(page.getByText('蔬菜基地').first()).toBeVisible();
  await page.goto('/staff/cases');
  await signOut(page);

  // 代报: the household's form, filled by the cadre.
  await signIn(page, `ve-${tag}`);
  await page.getByRole('link', { name: '代为申报' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('代为申报（防贫申报）');
  await expectNoAxeViolations(page, testInfo);
  await page.getByLabel('户主姓名').fill('赵大爷');
  await page.getByLabel('户主身份证号').fill('11010519491231002X');
  await page.getByLabel('联系电话（手机）').fill(`136${String(Date.now() % 100000000).padStart(8, '0')}`);
  await page.getByLabel('家庭人口').fill('2');
  await page.getByLabel('因残').check();
  await page.getByLabel('情况说明').fill(`老人不会用手机（${tag}）。`);
  await page.getByLabel(/我承诺所填情况真实/).check();
  await page.getByRole('button', { name: '提交申报' }).click();
  await expect(page).toHaveURL(/\/staff\/cases\/[A-Z0-9]{8}\?done=assisted$/);
  await expect(page.getByRole('status').filter({ hasText: '已代为申报' })).toBeVisible();
  await expect(page.getByText('村干部代为申报').first()).toBeVisible();
});

test('a county user publishes an interpretation and a progress note; the public pages show them', async ({ page, consoleErrors }, testInfo: TestInfo) => {
  test.setTimeout(90_000);
  const tag = `${testInfo.project.name}-${Date.now() % 1_000_000}`;
  createStaff(`cw-${tag}`, 'county', '522302');
  await signIn(page, `cw-${tag}`);

  await page.getByRole('link', { name: '解读文章' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('解读文章');
  await page.getByRole('link', { name: '写一篇新解读' }).click();
  await page.getByLabel('标题').fill(`看病报销一看就懂 ${tag}`);
  await page.getByLabel(/^正文/).fill('## 先找村医\n\n带上**医保卡**，先到村卫生室。\n\n<script>window.hacked = 1</script>');
  await page.getByRole('button', { name: '发布' }).click();
  await expect422(consoleErrors);
  await expect(page.getByText('请选择所解读的文件。')).toBeVisible();
  await expect(page.getByLabel('标题')).toHaveValue(`看病报销一看就懂 ${tag}`);
  await expectNoAxeViolations(page, testInfo);
  await page.getByLabel(/所解读的文件/).selectOption('policy-002');
  await page.getByLabel(/所解读的章节/).fill('第三章');
  await page.getByRole('button', { name: '发布' }).click();
  await expect(page).toHaveURL(/\/staff\/content\/interpretations\/\d+\?saved=1$/);
  await expect(page.getByRole('status')).toContainText('已保存');
  await expect(page.locator('.preview strong')).toHaveText('医保卡');
  await expectNoAxeViolations(page, testInfo);

  await page.getByRole('link', { name: '查看公开页面' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`看病报销一看就懂 ${tag}`);
  await expect(page.getByRole('heading', { level: 2, name: '先找村医' })).toBeVisible();
  await expect(page.locator('.article-text')).toContainText('<script>window.hacked = 1</script>');
  if (jsEnabled(testInfo)) {
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
  }
  await expectNoAxeViolations(page, testInfo);
  await page.goto('/policies/policy-002');
  await expect(page.getByRole('link', { name: `看病报销一看就懂 ${tag}` })).toBeVisible();

  // A progress note on one of the county's pilots.
  await page.goto('/staff/content/pilots/qxn-p-01');
  await page.getByLabel('日期').fill('2026-11-01');
  await page.getByLabel('进展内容').fill(`冷库建成投用（${tag}）。`);
  await page.getByRole('button', { name: '发布' }).click();
  await expect422(consoleErrors);
  await expect(page.getByText('请填写出处。')).toBeVisible();
  await expect(page.getByLabel('进展内容')).toHaveValue(`冷库建成投用（${tag}）。`);
  await page.getByLabel('出处').fill('大山镇工作简报');
  await page.getByRole('button', { name: '发布' }).click();
  await expect(page.getByRole('status')).toContainText('已保存');
  await expectNoAxeViolations(page, testInfo);
  await page.goto('/pilots/qxn-p-01');
  const progress = page.getByRole('region', { name: '建设进展' });
  await expect(progress).toContainText(`冷库建成投用（${tag}）。`);
  await expect(progress).toContainText('来源：大山镇工作简报');
  await expectNoAxeViolations(page, testInfo);
});

test('an administrator opens an account, which signs in, then stops it, which cannot', async ({ page, consoleErrors }, testInfo: TestInfo) => {
  test.setTimeout(90_000);
  const tag = `${testInfo.project.name}-${Date.now() % 1_000_000}`;
  createStaff(`ad-${tag}`, 'admin', '');
  await signIn(page, `ad-${tag}`);
  await page.getByRole('link', { name: '账号管理' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('账号管理');
  await expect(page.getByRole('cell', { name: `ad-${tag}`, exact: true })).toBeVisible();
  await expectNoAxeViolations(page, testInfo);

  // The area is a code: found by the village's name first.
  await page.getByLabel(/县、乡镇或村的名称/).fill('老里旗');
  await page.getByRole('button', { name: '查找' }).click();
  const found = page.getByRole('table', { name: /查找结果/ }).getByRole('row').filter({ hasText: '老里旗村' });
  await expect(found.getByRole('cell').first()).toHaveText('522302109207');
  await page.getByLabel('用户名').fill(`vn-${tag}`);
  await page.getByLabel('角色').selectOption('village');
  await page.getByLabel('辖区（区划代码）').fill('522302109207');
  await page.getByLabel('初始密码', { exact: true }).fill(PASSWORD);
  await page.getByLabel('再输一次初始密码').fill('not-the-same-password');
  await page.getByRole('button', { name: '开设账号' }).click();
  await expect422(consoleErrors);
  await expect(page.getByText('两次输入的密码不一样。')).toBeVisible();
  await expect(page.getByLabel('用户名')).toHaveValue(`vn-${tag}`);
  await expectNoAxeViolations(page, testInfo);
  await page.getByLabel('初始密码', { exact: true }).fill(PASSWORD);
  await page.getByLabel('再输一次初始密码').fill(PASSWORD);
  await page.getByRole('button', { name: '开设账号' }).click();
  await expect(page.getByRole('status')).toContainText(`已开设账号 vn-${tag}`);
  await signOut(page);

  await signIn(page, `vn-${tag}`);
  await signOut(page);

  await signIn(page, `ad-${tag}`);
  await page.goto('/staff/accounts');
  await page.getByRole('button', { name: `停用 vn-${tag}` }).click();
  await expect(page.getByRole('status')).toContainText(`已停用账号 vn-${tag}`);
  await signOut(page);

  await page.goto('/staff/login');
  await page.getByLabel('用户名').fill(`vn-${tag}`);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  const refused = 'console: Failed to load resource: the server responded with a status of 401 (Unauthorized)';
  await expect(page.getByRole('alert')).toContainText('用户名或密码不对');
  await expect.poll(() => consoleErrors.includes(refused)).toBe(true);
  consoleErrors.splice(consoleErrors.indexOf(refused), 1);
});
