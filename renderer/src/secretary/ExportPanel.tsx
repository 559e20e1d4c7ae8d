import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hearing } from '../../../common/contract/protocol';
import { api } from '../core/core-client';
import { errorText } from './format';

/** The desktop app is served from app://; anything else is the browser UI of `hattama serve`. */
const IN_BROWSER = typeof location !== 'undefined' && location.protocol !== 'app:';

/** Export the short protocol (PDF/DOCX, kk/ru) and sign it with the judge's .p12 key. */
export function ExportPanel({ hearing, onError }: { hearing: Hearing; onError(m: string): void }) {
  const { t, i18n } = useTranslation('secretary');
  const [lang, setLang] = useState<'kk' | 'ru'>(i18n.language === 'ru' ? 'ru' : 'kk');
  // Kept as a message key with its values, not as text: it reads in the language shown now.
  const [result, setResult] = useState<{ key: 'export.done' | 'export.signed'; params: Record<string, string> } | null>(null);
  // What the core just wrote: the browser UI offers it for download; the desktop app opens it in
  // the system's viewer (to read or print) or shows it in its folder.
  const [files, setFiles] = useState<string[]>([]);
  const [p12Path, setP12Path] = useState('');
  const [password, setPassword] = useState('');
  // The core's check before signing: what the protocol lacks, and the signer's reason to go on.
  const [missing, setMissing] = useState<Array<{ item: string; names: string[] }> | null>(null);
  const [reason, setReason] = useState('');

  async function exportAs(format: 'pdf' | 'docx') {
    const r = await api().protocol.export({ hearingId: hearing.id, format, lang, saveAs: true });
    if (r.ok) {
      setResult({ key: 'export.done', params: { path: r.value.path } });
      setFiles([r.value.storedPath ?? r.value.path]);
      onError('');
    } else onError(errorText(r.error, t));
  }
  async function open(file: string, reveal: boolean) {
    const r = await api().protocol.openFile({ path: file, reveal });
    if (!r.ok) return onError(errorText(r.error, t));
    onError('');
  }
  async function download(file: string) {
    const r = await api().protocol.file({ path: file });
    if (!r.ok) return onError(errorText(r.error, t));
    const bytes = Uint8Array.from(atob(r.value.base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: r.value.mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async function sign(e: FormEvent) {
    e.preventDefault();
    if (missing === null) {
      const c = await api().protocol.signCheck({ hearingId: hearing.id });
      if (!c.ok) return onError(errorText(c.error, t));
      if (c.value.missing.length) {
        setMissing(c.value.missing);
        return; // the list is shown; the signer completes the protocol or writes why not
      }
    }
    const why = reason.trim() ? { incompleteReason: reason.trim() } : {};
    const r = await api().protocol.sign({ hearingId: hearing.id, p12Path, password, lang, ...why });
    setPassword('');
    if (r.ok) {
      setResult({ key: 'export.signed', params: { signer: r.value.signer, path: r.value.p7sPath } });
      setFiles([r.value.copyPath ?? r.value.pdfPath, r.value.p7sPath]);
      setMissing(null);
      setReason('');
      onError('');
    } else onError(errorText(r.error, t));
  }

  return (
    <section className="export-panel" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('export.heading')}</h2>
      <div className="row">
        <label>
          {t('export.lang')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value as 'kk' | 'ru')}>
            <option value="kk">{t('app:languageNames.kk')}</option>
            <option value="ru">{t('app:languageNames.ru')}</option>
          </select>
        </label>
        <button type="button" onClick={() => void exportAs('pdf')}>
          {t('export.pdf')}
        </button>
        <button type="button" onClick={() => void exportAs('docx')}>
          {t('export.docx')}
        </button>
      </div>
      {/* A cancelled hearing is never signed (the core refuses it too). */}
      {!hearing.locked && !hearing.cancelled && (
        <form className="row" onSubmit={sign}>
          <input aria-label={t('export.p12')} placeholder={t('export.p12')} value={p12Path} onChange={(e) => setP12Path(e.target.value)} />
          <input aria-label={t('export.password')} placeholder={t('export.password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
          <button type="submit" disabled={!p12Path || (missing !== null && missing.length > 0 && !reason.trim())}>
            {t('export.sign')}
          </button>
        </form>
      )}
      {!hearing.locked && missing !== null && missing.length > 0 && (
        <div className="sign-check" role="alert" data-testid="sign-check">
          <strong>{t('signcheck:heading')}</strong>
          <ul>
            {missing.map((m) => (
              <li key={m.item}>
                {t(`signcheck:items.${m.item}`)}
                {m.names.length ? `: ${m.names.join(', ')}` : ''}
              </li>
            ))}
          </ul>
          <label className="stack">
            {t('signcheck:reasonLabel')}
            <textarea value={reason} maxLength={2000} rows={2} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="button" onClick={() => setMissing(null)}>
            {t('signcheck:checkAgain')}
          </button>
        </div>
      )}
      {result && (
        <p className="notice" role="status" data-testid="export-result">
          {t(result.key, result.params)}
        </p>
      )}
      {IN_BROWSER
        ? files.map((f) => (
            <button key={f} type="button" data-testid="export-download" onClick={() => void download(f)}>
              {t('export.download', { name: f.split(/[/\\]/).pop() })}
            </button>
          ))
        : files.map((f) => (
            <div key={f} className="row">
              <button type="button" data-testid="export-open" onClick={() => void open(f, false)}>
                {t('export.open', { name: f.split(/[/\\]/).pop() })}
              </button>
              <button type="button" onClick={() => void open(f, true)}>
                {t('export.reveal')}
              </button>
            </div>
          ))}
    </section>
  );
}
