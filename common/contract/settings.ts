import { z } from 'zod';
import { SettingsPatchSchema, SettingsSchema } from '../settings';
import { call, event } from './define';

export const settingsCalls = {
  'settings.get': call(z.object({}).strict(), SettingsSchema, 'Current settings.'),
  'settings.update': call(z.object({ patch: SettingsPatchSchema }).strict(), SettingsSchema, 'Change some settings; returns all of them.'),
};

export const settingsEvents = {
  'settings.changed': event(SettingsSchema, 'Settings after any change.'),
};
