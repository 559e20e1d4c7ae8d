import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SEAL_REASONS, type ClipResult, type ReviewSession, type SealedRange } from '../../../common/contract/review';
import { Modal } from '../components/Modal';
import { ReasonDialog } from '../components/ReasonDialog';
import { api } from '../core/core-client';
import { clock } from './timeline';

type SealReason = (typeof SEAL_REASONS)[number];
export interface Marks {
  inMs: number | null;
  outMs: number | null;
}

/** The marked range, earliest first, or null while either end is missing or both are the same. */
export function markedRange(m: Marks): { fromMs: number; toMs: number } | null {
  if (m.inMs === null || m.outMs === null) return null;
  const fromMs = Math.round(Math.min(m.inMs, m.outMs));
  const toMs = Math.round(Math.max(m.inMs, m.outMs));
  return toMs > fromMs ? { fromMs, toMs } : null;
}

/**
 * The judge's marks on the session (in/out), sealing the marked range with a ground, the seals
 * in force with lifting, and an excerpt of the marked range (sealed parts cut out, as the core does).
 */
export function SealControls({ session, marks, onMark, onChanged, onError }: { session: ReviewSession; marks: Marks; onMark(which: 'in' | 'out'): void; onChanged(): void; onError(m: string): void }) {
  const { t } = useTranslation('review');
  const [sealing, setSealing] = useState(false);
  const [lifting, setLifting] = useState<SealedRange | null>(null);
  const [clip, setClip] = useState<ClipResult | null>(null);
  const [clipping, setClipping] = useState(false);
  const range = markedRange(marks);

  async function makeClip() {
    if (!range) return;
    setClipping(true);
    setClip(null);
    const r = await api().review.clip({ sessionId: session.sessionId, ...range });
    setClipping(false);
    if (r.ok) setClip(r.value);
    else onError(r.error.message);
  }

  return (
    <section className="seal-controls" data-testid="seal-controls" aria-label={t('seal.inForce')}>
      <div className="seal-bar">
        <button type="button" className="tb" onClick={() => onMark('in')} title={t('seal.markInTitle')} data-testid="mark-in">
          [ {t('seal.markIn')}
        </button>
        <button type="button" className="tb" onClick={() => onMark('out')} title={t('seal.markOutTitle')} data-testid="mark-out">
          {t('seal.markOut')} ]
        </button>
        <span className="mono" data-testid="marked-range" data-from-ms={range?.fromMs ?? ''} data-to-ms={range?.toMs ?? ''}>
          {range ? t('seal.range', { from: clock(range.fromMs), to: clock(range.toMs) }) : t('seal.noRange')}
        </span>
        <button type="button" className="primary" disabled={!range} onClick={() => setSealing(true)} data-testid="seal-open">
          {t('seal.sealButton')}
        </button>
        <button type="button" disabled={!range || clipping} onClick={() => void makeClip()} data-testid="clip-make">
          {t('seal.clipButton')}
        </button>
      </div>
      {clip && (
        <div className="clip-result" data-testid="clip-result" data-dir={clip.dir} data-hash={clip.manifestSha256}>
          <p>{t('seal.clipDone', { dir: clip.dir })}</p>
          <p className="mono">{t('seal.clipHash', { hash: clip.manifestSha256 })}</p>
          {clip.excluded.map((x) => (
            <p key={x.seq} className="muted">
              {t('seal.clipExcluded', { from: clock(x.fromMs), to: clock(x.toMs) })}
            </p>
          ))}
        </div>
      )}
      <h3>{t('seal.inForce')}</h3>
      {session.sealed.length === 0 ? (
        <p className="muted">{t('seal.none')}</p>
      ) : (
        <ul className="seal-list">
          {session.sealed.map((s) => (
            <li key={s.seq} data-testid="seal-row" data-seq={s.seq} data-from-ms={s.fromMs} data-to-ms={s.toMs}>
              <span className="mono">{t('seal.row', { from: clock(s.fromMs), to: clock(s.toMs), reason: t(`sealReasons.${s.reason}`), by: s.by ?? '' })}</span>
              {s.text && <span className="muted"> · {s.text}</span>}
              <button type="button" onClick={() => setLifting(s)} data-testid="seal-lift">
                {t('seal.lift')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {sealing && range && (
        <SealDialog
          sessionId={session.sessionId}
          range={range}
          onClose={() => setSealing(false)}
          onDone={() => {
            setSealing(false);
            onChanged();
          }}
          onError={onError}
        />
      )}
      {lifting && (
        <LiftDialog
          sessionId={session.sessionId}
          seal={lifting}
          onClose={() => setLifting(null)}
          onDone={() => {
            setLifting(null);
            onChanged();
          }}
          onError={onError}
        />
      )}
    </section>
  );
}

interface DialogProps {
  sessionId: string;
  onClose(): void;
  onDone(): void;
  onError(m: string): void;
}

function SealDialog({ sessionId, range, onClose, onDone, onError }: DialogProps & { range: { fromMs: number; toMs: number } }) {
  const { t } = useTranslation('review');
  const [reason, setReason] = useState<SealReason>('closedSession');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const needsText = reason === 'other' && text.trim() === '';
  async function seal() {
    setBusy(true);
    const r = await api().review.seal({ sessionId, ...range, reason, ...(text.trim() ? { text: text.trim() } : {}) });
    setBusy(false);
    if (r.ok) onDone();
    else onError(r.error.message);
  }
  return (
    <Modal labelledBy="seal-heading" onClose={onClose} testId="seal-dialog">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (!needsText) void seal();
        }}
      >
        <h3 id="seal-heading">{t('seal.heading')}</h3>
        <p className="mono">{t('seal.range', { from: clock(range.fromMs), to: clock(range.toMs) })}</p>
        <label className="stack">
          {t('seal.reason')}
          <select autoFocus value={reason} onChange={(e) => setReason(e.target.value as SealReason)} data-testid="seal-reason">
            {SEAL_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`sealReasons.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="stack">
          {t('seal.text')}
          <textarea rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} data-testid="seal-text" aria-required={reason === 'other'} />
        </label>
        {reason === 'other' && <p className="muted">{t('seal.textRequired')}</p>}
        <div className="row">
          <button type="submit" className="primary" disabled={needsText || busy} data-testid="seal-submit">
            {t('seal.submit')}
          </button>
          <button type="button" onClick={onClose}>
            {t('seal.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function LiftDialog({ sessionId, seal, onClose, onDone, onError }: DialogProps & { seal: SealedRange }) {
  const { t } = useTranslation('review');
  return (
    <ReasonDialog
      id="lift"
      testId="lift-dialog"
      heading={t('seal.liftHeading', { seq: seal.seq, from: clock(seal.fromMs), to: clock(seal.toMs) })}
      label={t('seal.liftText')}
      maxLength={2000}
      confirm={t('seal.liftSubmit')}
      back={t('seal.cancel')}
      textTestId="lift-text"
      confirmTestId="lift-submit"
      onConfirm={async (text) => {
        const r = await api().review.unseal({ sessionId, seal: seal.seq, text });
        if (r.ok) onDone();
        return r;
      }}
      errorText={(e) => {
        onError(e.message);
        return e.message;
      }}
      onClose={onClose}
    />
  );
}
