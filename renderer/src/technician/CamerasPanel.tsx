import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { matchCameras } from '../../../common/camera-match';
import { MAX_CAMERAS, type Settings } from '../../../common/settings';
import { api } from '../core/core-client';
import { CameraPreviews } from '../video/CameraPreviews';

const ROLES = ['judge', 'prosecutor', 'defence', 'witness', 'plaintiff', 'defendant', 'secretary', 'interpreter'];
const RESOLUTIONS = [
  [640, 360],
  [1280, 720],
  [1920, 1080],
] as const;

/** A slot as saved (id and label) until the present cameras are known; then its id is the one this page sees. */
type Slot = { deviceId: string; label: string; role: string; res: string };

/** Which cameras record, in which role and resolution, and whether the conference screen does; with live previews. */
export function CamerasPanel() {
  const { t } = useTranslation('video');
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [slots, setSlots] = useState<Slot[]>([]);
  const [recordScreen, setRecordScreen] = useState(false);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    const list = () => void navigator.mediaDevices?.enumerateDevices().then((d) => setDevices(d.filter((x) => x.kind === 'videoinput')));
    list();
    navigator.mediaDevices?.addEventListener('devicechange', list);
    // Labels appear once the previews have been granted the camera.
    const again = setTimeout(list, 1500);
    void api().settings.get({}).then((r) => {
      if (!r.ok) return;
      setRecordScreen(r.value.recordScreen);
      const s: Slot[] = r.value.cameras.map((c) => ({ deviceId: c.deviceId, label: c.label, role: c.role, res: `${c.width}x${c.height}` }));
      while (s.length < MAX_CAMERAS) s.push({ deviceId: '', label: '', role: ROLES[s.length] ?? 'judge', res: '1280x720' });
      setSlots(s);
    });
    return () => {
      clearTimeout(again);
      navigator.mediaDevices?.removeEventListener('devicechange', list);
    };
  }, []);

  // Saved ids are origin-scoped: a slot whose id this page does not know is its camera found by label.
  const [rematched, setRematched] = useState(false);
  useEffect(() => {
    if (rematched || slots.length === 0 || !devices.some((d) => d.label)) return;
    const assigned = slots.filter((x) => x.deviceId || x.label);
    const found = matchCameras(assigned, devices);
    let k = 0;
    setSlots(slots.map((x) => (x.deviceId || x.label ? { ...x, deviceId: found[k++]?.deviceId ?? x.deviceId } : x)));
    setRematched(true);
  }, [devices, slots, rematched]);

  async function save() {
    const cameras: Settings['cameras'] = slots
      .filter((s) => s.deviceId)
      .map((s) => {
        const [w, h] = s.res.split('x').map(Number);
        return { deviceId: s.deviceId, label: devices.find((d) => d.deviceId === s.deviceId)?.label || s.label, role: s.role, width: w!, height: h! };
      });
    const r = await api().settings.update({ patch: { cameras, recordScreen } });
    setNotice(r.ok ? t('setup.saved') : r.error.message);
  }

  const set = (i: number, patch: Partial<Slot>) => setSlots(slots.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const pick = (i: number, deviceId: string) => set(i, { deviceId, label: devices.find((d) => d.deviceId === deviceId)?.label ?? '' });
  /** The slot that already has this camera, if another one does: a camera records in one slot only (the core refuses it too). */
  const takenBy = (i: number, deviceId: string) => slots.findIndex((x, j) => j !== i && x.deviceId === deviceId);
  return (
    <section className="cameras-panel" aria-labelledby="cameras-heading">
      <h2 id="cameras-heading">{t('setup.heading')}</h2>
      <CameraPreviews live />
      <table className="camera-slots">
        <thead>
          <tr>
            <th>{t('setup.device')}</th>
            <th>{t('setup.role')}</th>
            <th>{t('setup.resolution')}</th>
          </tr>
        </thead>
        <tbody>
          {slots.map((s, i) => (
            <tr key={i}>
              <td>
                <select aria-label={`${t('camera', { n: i + 1 })}: ${t('setup.device')}`} value={s.deviceId} onChange={(e) => pick(i, e.target.value)}>
                  <option value="">{t('setup.none')}</option>
                  {s.deviceId && !devices.some((d) => d.deviceId === s.deviceId) && (
                    <option value={s.deviceId}>{t('settings:deviceMissing', { device: s.label || t('camera', { n: i + 1 }) })}</option>
                  )}
                  {devices.map((d, k) => {
                    const other = takenBy(i, d.deviceId);
                    return (
                      <option key={d.deviceId || k} value={d.deviceId} disabled={other >= 0}>
                        {d.label || t('camera', { n: k + 1 })}
                        {other >= 0 ? ` — ${t('camera', { n: other + 1 })}` : ''}
                      </option>
                    );
                  })}
                </select>
              </td>
              <td>
                <select aria-label={`${t('camera', { n: i + 1 })}: ${t('setup.role')}`} value={s.role} onChange={(e) => set(i, { role: e.target.value })}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`app:roles.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select aria-label={`${t('camera', { n: i + 1 })}: ${t('setup.resolution')}`} value={s.res} onChange={(e) => set(i, { res: e.target.value })}>
                  {RESOLUTIONS.map(([w, h]) => (
                    <option key={w} value={`${w}x${h}`}>
                      {w}×{h}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('setup.firstCamera')}</p>
      <label className="check">
        <input type="checkbox" checked={recordScreen} onChange={(e) => setRecordScreen(e.target.checked)} /> {t('setup.recordScreen')}
      </label>
      <div className="row">
        <button type="button" className="primary" onClick={() => void save()}>
          {t('setup.save')}
        </button>
        {notice && <span role="status">{notice}</span>}
      </div>
    </section>
  );
}
