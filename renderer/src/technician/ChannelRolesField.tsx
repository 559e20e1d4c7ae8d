import { useTranslation } from 'react-i18next';
import { MAX_AUDIO_CHANNELS, MIC_ROLES } from '../../../common/settings';

export interface ChannelRolesFieldProps {
  id: string;
  channels: number;
  roles: string[];
  error?: string;
  onChange(roles: string[]): void;
}

/**
 * Each channel's microphone role, picked from the roles in the UI's language (app:roles). A role
 * saved before that is not in the list (typed by hand in an older version) stays, shown as typed;
 * no role is allowed too (the channel is then named ch<N>).
 */
export function ChannelRolesField({ id, channels, roles, error, onChange }: ChannelRolesFieldProps) {
  const { t } = useTranslation('settings');
  const n = Number.isInteger(channels) ? Math.max(1, Math.min(MAX_AUDIO_CHANNELS, channels)) : roles.length || 1;
  const set = (i: number, role: string) => {
    const next = Array.from({ length: Math.max(n, roles.length) }, (_, j) => roles[j] ?? '');
    next[i] = role;
    onChange(next);
  };
  return (
    <fieldset id={id} className="channel-roles" aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t('audioRoles')}</legend>
      {Array.from({ length: n }, (_, i) => {
        const role = roles[i] ?? '';
        const custom = role && !(MIC_ROLES as readonly string[]).includes(role);
        return (
          <label key={i} className="channel-role">
            <span>{t('channelRole', { channel: i + 1 })}</span>
            <select aria-label={t('channelRole', { channel: i + 1 })} value={role} onChange={(e) => set(i, e.target.value)}>
              {MIC_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`app:roles.${r}`)}
                </option>
              ))}
              {custom && <option value={role}>{role}</option>}
              <option value="">{t('roleNone', { code: `ch${i + 1}` })}</option>
            </select>
          </label>
        );
      })}
    </fieldset>
  );
}
