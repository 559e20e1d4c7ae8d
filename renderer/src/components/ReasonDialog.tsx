import { useState, type ReactNode } from 'react';
import type { ErrorPayload, Result } from '../../../common/errors';
import { Modal } from './Modal';

/**
 * A modal that asks for a written reason before an act the record keeps (cancelling a hearing,
 * withdrawing a roster line, opening on an untested room): nothing happens until the reason is
 * typed and confirmed; the core's refusal is shown in the dialog, which stays open.
 */
export function ReasonDialog(p: {
  id: string;
  testId?: string;
  heading: string;
  children?: ReactNode;
  label: string;
  maxLength: number;
  confirm: string;
  confirmClass?: 'primary' | 'danger';
  back: string;
  textTestId?: string;
  confirmTestId?: string;
  onConfirm(reason: string): Promise<Result<unknown>>;
  errorText(e: ErrorPayload): string;
  onClose(): void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setError('');
    setBusy(true);
    const r = await p.onConfirm(reason.trim());
    setBusy(false);
    if (r.ok) p.onClose();
    else setError(p.errorText(r.error));
  }
  return (
    <Modal labelledBy={`${p.id}-heading`} onClose={p.onClose} testId={p.testId}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void confirm();
        }}
      >
        <h3 id={`${p.id}-heading`}>{p.heading}</h3>
        {p.children}
        <label className="stack">
          {p.label}
          <textarea autoFocus required rows={3} maxLength={p.maxLength} value={reason} onChange={(e) => setReason(e.target.value)} data-testid={p.textTestId} />
        </label>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className={p.confirmClass ?? 'primary'} disabled={!reason.trim() || busy} data-testid={p.confirmTestId}>
            {p.confirm}
          </button>
          <button type="button" onClick={p.onClose}>
            {p.back}
          </button>
        </div>
      </form>
    </Modal>
  );
}
