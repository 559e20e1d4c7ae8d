import path from 'node:path';
import { app } from 'electron';
import { createSettingsStore, type ConfLike, type SettingsStore } from '../settings/settings-store';

/** The shell's settings: electron-store in userData, on the same schema and checks as the headless conf store. */
export async function openElectronSettings(): Promise<SettingsStore> {
  const { default: Store } = await import('electron-store');
  const dir = app.getPath('userData');
  return createSettingsStore(path.join(dir, 'settings.json'), () => new Store<Record<string, unknown>>({ name: 'settings', cwd: dir }) as unknown as ConfLike);
}
