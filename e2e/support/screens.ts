import fs from 'node:fs';
import path from 'node:path';
import { test, type Page } from '@playwright/test';

// Screens a person checks by eye (a courtroom PC's 1366×768): saved with the test's output, as
// every spec does, and kept in the repository's test-artifacts/ where they are reviewed.
export const COURTROOM_SCREEN = { width: 1366, height: 768 };
const KEPT = path.resolve(import.meta.dirname, '../../test-artifacts');

export async function keepScreenshot(page: Page, name: string): Promise<void> {
  const file = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  fs.mkdirSync(KEPT, { recursive: true });
  fs.copyFileSync(file, path.join(KEPT, `${name}.png`));
}
