import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';

// Which rows of a long protocol are drawn. Every frame of the console costs in proportion to the
// rows in the page (layout and paint of the whole table, while the meters move many times a
// second), so past WINDOW_FROM rows only those near the view, the newest ones (where a new entry
// appears) and the one being corrected are drawn; the rest are spacers of the height they would
// have. Shorter hearings draw every row, as before.

/** Hearings with more entries than this draw a window of rows. */
export const WINDOW_FROM = 300;
/** Drawn beyond the view on each side, so a quick scroll does not show blanks. */
const OVERSCAN_PX = 1200;
/** The newest rows, always drawn. */
const TAIL = 40;
const DEFAULT_ROW_PX = 34;

/** Half-open index ranges of the rows to draw, in order, and the height a row not drawn takes. */
export interface RowWindow {
  ranges: Array<[number, number]>;
  rowPx: number;
}

function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowY;
    if (o === 'auto' || o === 'scroll') return p;
  }
  return null;
}

function merge(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const r of ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** The rows of a table of `count` rows (in `table`) to draw; `keep` is a row drawn wherever it is. */
export function useRowWindow(count: number, table: RefObject<HTMLElement | null>, keep: number | null): RowWindow {
  const windowed = count > WINDOW_FROM;
  // The view, in px from the table's top.
  const [view, setView] = useState({ from: 0, to: 0 });
  const [rowPx, setRowPx] = useState(DEFAULT_ROW_PX);

  useEffect(() => {
    const el = table.current;
    if (!windowed || !el) return;
    const scroller = scrollParent(el);
    let frame = 0;
    const measure = () => {
      frame = 0;
      const top = el.getBoundingClientRect().top;
      const box = scroller ? scroller.getBoundingClientRect() : { top: 0, bottom: window.innerHeight };
      setView((v) => (Math.abs(v.from - (box.top - top)) < 50 && Math.abs(v.to - (box.bottom - top)) < 50 ? v : { from: box.top - top, to: box.bottom - top }));
    };
    const later = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    (scroller ?? window).addEventListener('scroll', later, { passive: true });
    window.addEventListener('resize', later);
    return () => {
      cancelAnimationFrame(frame);
      (scroller ?? window).removeEventListener('scroll', later);
      window.removeEventListener('resize', later);
    };
  }, [windowed, table]);

  // The spacers' row height follows the rows drawn (text wraps): measured after each render, kept unless it moved.
  useLayoutEffect(() => {
    if (!windowed) return;
    const rows = table.current?.querySelectorAll<HTMLElement>('tbody > tr[data-testid="entry"]');
    if (!rows?.length) return;
    let sum = 0;
    for (const r of rows) sum += r.offsetHeight;
    const avg = sum / rows.length;
    if (Math.abs(avg - rowPx) > 2) setRowPx(avg);
  }, [windowed, table, rowPx, count, view]);

  if (!windowed) return { ranges: [[0, count]], rowPx };
  const clamp = (i: number) => Math.max(0, Math.min(count, i));
  const near: [number, number] = [clamp(Math.floor((view.from - OVERSCAN_PX) / rowPx)), clamp(Math.ceil((view.to + OVERSCAN_PX) / rowPx))];
  const ranges: Array<[number, number]> = [near, [clamp(count - TAIL), count]];
  if (keep !== null && keep >= 0) ranges.push([keep, keep + 1]);
  return { ranges: merge(ranges), rowPx };
}
