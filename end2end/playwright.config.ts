import { defineConfig } from '@playwright/test';

// Every spec runs twice: with JavaScript off (what a villager on a bad connection may get
// before any script arrives) and with JavaScript on. Debian's Chromium, never a download.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'tests',
  retries: 0,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 30_000,
  use: {
    baseURL: process.env.PORTAL_BASE_URL ?? 'http://127.0.0.1:3000',
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  // The staff specs change what the public pages show (an interpretation, a progress note,
  // figures), so they run after every read-only spec has seen the seed data as imported.
  // `*.interactive.spec.ts` need the islands' scripts: the JavaScript-off project does not
  // load them (instead of skipping inside each test).
  projects: [
    {
      name: 'js-off',
      testIgnore: [/staff\.spec\.ts/, /\.interactive\.spec\.ts/],
      use: { javaScriptEnabled: false },
    },
    { name: 'js-on', testIgnore: /staff\.spec\.ts/, use: { javaScriptEnabled: true } },
    {
      name: 'staff-js-off',
      testMatch: /staff\.spec\.ts/,
      dependencies: ['js-off', 'js-on'],
      use: { javaScriptEnabled: false },
    },
    {
      name: 'staff-js-on',
      testMatch: /staff\.spec\.ts/,
      dependencies: ['staff-js-off'],
      use: { javaScriptEnabled: true },
    },
  ],
});
