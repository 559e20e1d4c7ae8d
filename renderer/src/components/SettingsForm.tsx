import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../common/errors';
import { LANGUAGES, SAMPLE_RATES, type Settings, type SettingsPatch } from '../../../common/settings';
import { api } from '../core/core-client';
import { AudioDeviceField } from '../technician/AudioDeviceField';
import { ConferenceDeviceField } from '../technician/ConferenceDeviceField';
import { ChannelRolesField } from '../technician/ChannelRolesField';

type Draft = Record<string, string>;

/** Roles travel in the draft one per line (a role may hold a comma); the pickers edit them. */
const ROLE_SEP = '\n';

/** Form values are strings; the core's schema decides what is valid and says why, per field. */
function toDraft(s: Settings): Draft {
  return {
    stationId: s.stationId,
    court: s.court,
    courtroom: s.courtroom,
    language: s.language,
    centralUrl: s.centralUrl,
    dataDir: s.dataDir,
    segmentSeconds: String(s.segmentSeconds),
    retentionDays: String(s.retentionDays),
    privacyMuteMinutes: String(s.privacyMuteMinutes),
    'audio.device': s.audio.device,
    'audio.channels': String(s.audio.channels),
    'audio.sampleRate': String(s.audio.sampleRate),
    'audio.roles': s.audio.roles.join(ROLE_SEP),
    'audio.conferenceDevice': s.audio.conferenceDevice,
  };
}

function num(v: string | undefined): number {
  return v === undefined || v.trim() === '' ? NaN : Number(v);
}

function rolesOf(d: Draft): string[] {
  const v = d['audio.roles'] ?? '';
  return v === '' ? [] : v.split(ROLE_SEP);
}

function toPatch(d: Draft): SettingsPatch {
  return {
    court: d.court,
    courtroom: d.courtroom,
    language: d.language as Settings['language'],
    centralUrl: d.centralUrl?.trim(),
    dataDir: d.dataDir,
    segmentSeconds: num(d.segmentSeconds),
    retentionDays: num(d.retentionDays),
    privacyMuteMinutes: num(d.privacyMuteMinutes),
    audio: {
      device: d['audio.device'],
      channels: num(d['audio.channels']),
      sampleRate: num(d['audio.sampleRate']),
      roles: rolesOf(d),
      conferenceDevice: d['audio.conferenceDevice'] ?? '',
    },
  } as SettingsPatch;
}

/** The patch without the fields equal to the saved settings (audio's fields one by one). */
function changedOnly(patch: SettingsPatch, saved: Settings | undefined): SettingsPatch {
  if (!saved) return patch;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'audio') {
      const audio = Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([ak, av]) => !same(av, (saved.audio as Record<string, unknown>)[ak])));
      if (Object.keys(audio).length) out.audio = audio;
    } else if (!same(v, (saved as unknown as Record<string, unknown>)[k])) out[k] = v;
  }
  return out as SettingsPatch;
}

const FIELDS: Array<{ name: string; label: string; type?: 'number' | 'select' | 'device' | 'conference' | 'roles'; options?: readonly (string | number)[]; readOnly?: boolean }> = [
  { name: 'stationId', label: 'stationId', readOnly: true },
  { name: 'court', label: 'court' },
  { name: 'courtroom', label: 'courtroom' },
  { name: 'language', label: 'language', type: 'select', options: LANGUAGES },
  { name: 'centralUrl', label: 'centralUrl' },
  { name: 'dataDir', label: 'dataDir' },
  { name: 'segmentSeconds', label: 'segmentSeconds', type: 'number' },
  { name: 'retentionDays', label: 'retentionDays', type: 'number' },
  { name: 'privacyMuteMinutes', label: 'privacyMuteMinutes', type: 'number' },
  { name: 'audio.device', label: 'audioDevice', type: 'device' },
  { name: 'audio.channels', label: 'audioChannels', type: 'number' },
  { name: 'audio.sampleRate', label: 'audioSampleRate', type: 'select', options: SAMPLE_RATES },
  { name: 'audio.roles', label: 'audioRoles', type: 'roles' },
  { name: 'audio.conferenceDevice', label: 'conferenceDevice', type: 'conference' },
];

export function SettingsForm() {
  const { t } = useTranslation('settings');
  const [saved, setSaved] = useState<Settings>();
  const [draft, setDraft] = useState<Draft>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState('');

  useEffect(() => {
    void api().settings.get({}).then((r) => {
      if (!r.ok) return;
      setSaved(r.value);
      setDraft(toDraft(r.value));
    });
    // A change made elsewhere (the language switch, another window, the CLI) shows here; a field
    // the person is editing keeps what they typed.
    return api().on.settings.changed((next) => {
      setSaved((before) => {
        const was = before ? toDraft(before) : {};
        const now = toDraft(next);
        setDraft((d) => Object.fromEntries(Object.entries(now).map(([k, v]) => [k, d[k] === undefined || d[k] === was[k] ? v : d[k]!])));
        return next;
      });
    });
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setNotice('');
    // Only what the person changed: saving the form never writes back a value it showed stale.
    const r = await api().settings.update({ patch: changedOnly(toPatch(draft), saved) });
    if (r.ok) {
      setSaved(r.value);
      setDraft(toDraft(r.value));
      setErrors({});
      setNotice(t('saved'));
      return;
    }
    // Field paths come back as "patch.audio.channels" (contract) or "audio.channels" (store).
    const byField: Record<string, string> = {};
    for (const f of r.error.fields ?? ([] as FieldIssue[])) {
      const path = f.path.replace(/^patch\./, '');
      const key = path.startsWith('audio.roles') ? 'audio.roles' : path;
      byField[key] ??= f.message;
    }
    setErrors(byField);
    if (Object.keys(byField).length === 0) setNotice(r.error.message);
  }

  if (!saved) return null;
  return (
    <form className="settings-form" onSubmit={submit} noValidate>
      <h2>{t('heading')}</h2>
      {FIELDS.map((f) => {
        const id = `setting-${f.name.replace('.', '-')}`;
        const err = errors[f.name];
        const common = {
          id,
          name: f.name,
          value: draft[f.name] ?? '',
          'aria-invalid': err ? true : undefined,
          'aria-describedby': err ? `${id}-error` : undefined,
          onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [f.name]: e.target.value }),
        };
        const errorLine = err && (
          <span className="field-error" id={`${id}-error`} role="alert">
            {err}
          </span>
        );
        if (f.type === 'roles') {
          return (
            <div key={f.name} className={err ? 'field invalid' : 'field'}>
              <ChannelRolesField id={id} channels={num(draft['audio.channels'])} roles={rolesOf(draft)} error={err} onChange={(roles) => setDraft({ ...draft, 'audio.roles': roles.join(ROLE_SEP) })} />
              {errorLine}
            </div>
          );
        }
        return (
          <div key={f.name} className={err ? 'field invalid' : 'field'}>
            <label htmlFor={id}>{t(f.label)}</label>
            {f.type === 'device' ? (
              <AudioDeviceField id={id} value={draft[f.name] ?? ''} channels={num(draft['audio.channels'])} error={err} onChange={(v) => setDraft({ ...draft, [f.name]: v })} />
            ) : f.type === 'conference' ? (
              <ConferenceDeviceField id={id} value={draft[f.name] ?? ''} error={err} onChange={(v) => setDraft({ ...draft, [f.name]: v })} />
            ) : f.type === 'select' ? (
              <select {...common}>
                {f.options!.map((o) => (
                  <option key={o} value={String(o)}>
                    {f.name === 'language' ? t(`app:languageNames.${o}`) : String(o)}
                  </option>
                ))}
              </select>
            ) : (
              <input {...common} type={f.type === 'number' ? 'number' : 'text'} readOnly={f.readOnly} />
            )}
            {errorLine}
          </div>
        );
      })}
      <div className="actions">
        <button type="submit" className="primary">
          {t('save')}
        </button>
        <button type="button" onClick={() => (setDraft(toDraft(saved)), setErrors({}))}>
          {t('reset')}
        </button>
        {notice && <span className="notice" role="status">{notice}</span>}
      </div>
    </form>
  );
}
