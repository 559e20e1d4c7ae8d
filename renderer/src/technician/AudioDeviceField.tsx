import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaptureDevice, CaptureDevices } from '../../../common/contract/recording';
import { api } from '../core/core-client';

export interface AudioDeviceFieldProps {
  id: string;
  value: string;
  channels: number;
  error?: string;
  onChange(device: string): void;
}

/** What the technician reads for a device: the system's default, PulseAudio's default source, or its own name with its channels. */
function optionText(d: CaptureDevice, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (d.name === 'default') return t('recording:devices.default');
  if (d.name === 'pulse') return t('recording:devices.pulseDefault', { description: d.description || d.source || '' });
  return d.channels ? t('deviceOption', { description: d.description || d.name, channels: d.channels }) : d.description || d.name;
}

/**
 * The audio device, picked from the capture devices the station has (recording.devices), each
 * with its channel count. Where the core has no list (not Linux) it is a text field, said so.
 * A saved device that is not there now stays selectable, marked as missing.
 */
export function AudioDeviceField({ id, value, channels, error, onChange }: AudioDeviceFieldProps) {
  const { t } = useTranslation('settings');
  const [list, setList] = useState<CaptureDevices | null>(null);
  const [failed, setFailed] = useState('');
  const load = useCallback(() => {
    void api().recording.devices({}).then((r) => {
      if (r.ok) {
        setList(r.value);
        setFailed('');
      } else setFailed(r.error.message);
    });
  }, []);
  useEffect(load, [load]);

  const aria = { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined };
  const picked = list?.devices.find((d) => d.name === value);
  const notes = [...(list?.problems.map((p) => t(p.code, p.params)) ?? []), ...(failed ? [t('devicesUnavailable', { reason: failed })] : [])];
  return (
    <div className="device-field">
      {list?.listed ? (
        <select id={id} name="audio.device" value={value} onChange={(e) => onChange(e.target.value)} {...aria}>
          {!picked && <option value={value}>{t('deviceMissing', { device: value })}</option>}
          {list.devices.map((d) => (
            <option key={d.name} value={d.name} title={d.name}>
              {optionText(d, t)}
            </option>
          ))}
        </select>
      ) : (
        <input id={id} name="audio.device" type="text" value={value} onChange={(e) => onChange(e.target.value)} {...aria} />
      )}
      {list?.listed && (
        <button type="button" className="link" onClick={load}>
          {t('devicesRefresh')}
        </button>
      )}
      {picked?.channels && channels > picked.channels ? (
        <span className="field-note" data-testid="device-too-few">
          {t('devicesTooFew', { channels: picked.channels, configured: channels })}
        </span>
      ) : null}
      {notes.map((n) => (
        <span key={n} className="field-note muted">
          {n}
        </span>
      ))}
    </div>
  );
}
