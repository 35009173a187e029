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
  projects: [
    { name: 'js-off', use: { javaScriptEnabled: false } },
    { name: 'js-on', use: { javaScriptEnabled: true } },
  ],
});
