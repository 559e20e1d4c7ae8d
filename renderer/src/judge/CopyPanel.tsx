import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CopyResult } from '../../../common/contract/review';
import { api } from '../core/core-client';
import { clock } from './timeline';
import { CopyRequests } from './CopyRequests';

// A participant's copy of the whole hearing, made on this station (review.copy): one MP4 with
// the sealed parts taken out, the protocol PDF in the chosen language, and the signed receipt.
// Making it re-encodes the hearing, so the buttons stay busy until the core answers. The
// parties' requests from central are listed under it, each fulfilled from here.

export function CopyPanel({ hearingId, onError }: { hearingId: number; onError(m: string): void }) {
  const { t, i18n } = useTranslation('review');
  const [lang, setLang] = useState<'kk' | 'ru'>(i18n.language === 'ru' ? 'ru' : 'kk');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CopyResult | null>(null);

  const make = () => {
    if (busy) return;
    setBusy(true);
    setResult(null);
    void api()
      .review.copy({ hearingId, lang })
      .then((r) => {
        setBusy(false);
        if (r.ok) setResult(r.value);
        else onError(r.error.message);
      });
  };
  const name = (p: string) => p.split(/[\\/]/).pop() ?? p;

  return (
    <section className="copy-panel" aria-labelledby="copy-heading" data-testid="copy-panel">
      <h3 id="copy-heading">{t('aids.copy.heading')}</h3>
      <div className="seal-bar">
        <label>
          {t('aids.copy.lang')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value === 'ru' ? 'ru' : 'kk')} disabled={busy} data-testid="copy-lang">
            <option value="kk">{t('app:languageNames.kk')}</option>
            <option value="ru">{t('app:languageNames.ru')}</option>
          </select>
        </label>
        <button type="button" onClick={make} disabled={busy} aria-busy={busy} data-testid="copy-make">
          {t('aids.copy.make')}
        </button>
        <span className="muted">{busy ? t('aids.copy.making') : t('aids.copy.note')}</span>
      </div>
      <CopyRequests hearingId={hearingId} lang={lang} busy={busy} setBusy={setBusy} onCopy={setResult} onError={onError} />
      {result && (
        <div className="clip-result" role="status" data-testid="copy-result" data-dir={result.dir}>
          <p>{t('aids.copy.done', { dir: result.dir })}</p>
          <p>{t('aids.copy.duration', { duration: clock(result.durationMs), recorded: clock(result.recordedMs), sealed: clock(result.sealedMs) })}</p>
          {[result.video, result.protocol, result.receipt].map((f) => (
            <p key={f.path} className="mono">
              {t('aids.copy.file', { name: name(f.path), hash: f.sha256 })}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
