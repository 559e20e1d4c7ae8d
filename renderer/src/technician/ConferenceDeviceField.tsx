import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaptureDevices } from '../../../common/contract/recording';
import { api } from '../core/core-client';

export interface ConferenceDeviceFieldProps {
  id: string;
  value: string;
  error?: string;
  onChange(device: string): void;
}

/**
 * Where the video-conference's sound is recorded as its own track: off, or one of the monitors
 * of the station's outputs (recording.devices' `outputs`), the one the conference app plays to.
 * Where the core has no list (not Linux) it is a text field. A saved device not there now stays
 * selectable, marked as missing.
 */
export function ConferenceDeviceField({ id, value, error, onChange }: ConferenceDeviceFieldProps) {
  const { t } = useTranslation('settings');
  const [list, setList] = useState<CaptureDevices | null>(null);
  useEffect(() => {
    void api().recording.devices({}).then((r) => r.ok && setList(r.value));
  }, []);
  const aria = { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : `${id}-note` };
  const outputs = list?.outputs ?? [];
  const known = value === '' || outputs.some((d) => d.name === value);
  return (
    <div className="device-field">
      {list?.listed ? (
        <select id={id} name="audio.conferenceDevice" value={value} onChange={(e) => onChange(e.target.value)} {...aria}>
          <option value="">{t('conferenceOff')}</option>
          {!known && <option value={value}>{t('deviceMissing', { device: value })}</option>}
          {outputs.map((d) => (
            <option key={d.name} value={d.name} title={d.name}>
              {d.channels ? t('deviceOption', { description: d.description || d.name, channels: d.channels }) : d.description || d.name}
            </option>
          ))}
        </select>
      ) : (
        <input id={id} name="audio.conferenceDevice" type="text" value={value} onChange={(e) => onChange(e.target.value)} {...aria} />
      )}
      <span className="field-note muted" id={`${id}-note`}>
        {list?.listed && outputs.length === 0 ? t('conferenceNoOutputs') : t('conferenceNote')}
      </span>
    </div>
  );
}
