import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal dialog: the browser's own (`<dialog>` shown with showModal), so the page behind takes
 * no clicks or keys, focus stays inside, and Escape closes it. Never `window.prompt()`: the
 * desktop app has none.
 */
export function Modal({ labelledBy, onClose, children, testId }: { labelledBy: string; onClose(): void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={labelledBy}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        close.current();
      }}
    >
      {children}
    </dialog>
  );
}
