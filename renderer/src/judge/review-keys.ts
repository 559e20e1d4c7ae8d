import { useEffect, type RefObject } from 'react';
import { REVIEW_JUMP_MS, REVIEW_PREROLL_MS } from '../../../common/contract/review';
import type { ReviewPlayer } from './review-player';

/** ← / → move this far back / forward. */
export const REVIEW_STEP_MS = 5000;
/** L while playing: the next speed up (pitch kept), to 2× at most. */
export const FASTER = [1, 1.25, 1.5, 2] as const;

export function fasterThan(rate: number): number {
  return FASTER.find((r) => r > rate + 1e-9) ?? 2;
}

/** A key meant for a field or a dialog, not for the player. */
export function typingOrDialog(ev: KeyboardEvent): boolean {
  const target = ev.target as HTMLElement | null;
  return !!target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || !!target.closest('dialog'));
}

/**
 * The review's keys, on the whole window but never while typing in a field or inside a dialog:
 * Space play/pause, J 10 s back, K pause, L play (again while playing: faster), ←/→ 5 s, ↑/↓ the previous/next protocol entry (focused, and the
 * player moved to it), [ and ] the marks (judge only: `onMark` is null for anyone else).
 * Letters go by `code`, so that the Kazakh and Russian layouts work as the Latin one does.
 */
export function useReviewKeys(player: ReviewPlayer | null, list: RefObject<HTMLTableSectionElement | null>, onMark: ((which: 'in' | 'out') => void) | null): void {
  useEffect(() => {
    const rows = () => Array.from(list.current?.querySelectorAll<HTMLTableRowElement>('tr[data-testid="review-entry"]') ?? []);
    const onKey = (ev: KeyboardEvent) => {
      if (ev.altKey || ev.ctrlKey || ev.metaKey || typingOrDialog(ev)) return;
      const code = ev.code;
      const key = ev.key;
      if ((key === ' ' || code === 'Space') && player) {
        ev.preventDefault();
        if (!ev.repeat) void player.toggle();
      } else if (code === 'KeyJ' && player) void player.skip(-REVIEW_JUMP_MS);
      else if (code === 'KeyK' && player) player.pause();
      else if (code === 'KeyL' && player && !ev.repeat) {
        if (player.snapshot().playing) player.setRate(fasterThan(player.snapshot().rate));
        else void player.toggle();
      }
      else if ((key === 'ArrowLeft' || key === 'ArrowRight') && player) {
        ev.preventDefault();
        void player.skip(key === 'ArrowLeft' ? -REVIEW_STEP_MS : REVIEW_STEP_MS);
      } else if ((code === 'BracketLeft' || key === '[') && onMark && player) onMark('in');
      else if ((code === 'BracketRight' || key === ']') && onMark && player) onMark('out');
      else if (key === 'ArrowDown' || key === 'ArrowUp') {
        const all = rows();
        if (all.length === 0) return;
        ev.preventDefault();
        const at = all.indexOf(document.activeElement as HTMLTableRowElement);
        const down = key === 'ArrowDown';
        const next = at === -1 ? nextRow(all, player?.position() ?? 0, down) : Math.min(all.length - 1, Math.max(0, at + (down ? 1 : -1)));
        const row = all[next];
        row?.focus();
        // The player goes to the entry's moment (with the lead-in) when it is in this recording; it keeps playing or stays paused.
        const pos = row?.dataset.positionMs;
        if (player && row && pos && row.dataset.sessionId === player.session.sessionId) void player.seek(Math.max(0, Number(pos) - REVIEW_PREROLL_MS));
      }
    };
    // A focused button must not also be "clicked" by the Space that toggled playback.
    const onKeyUp = (ev: KeyboardEvent) => {
      if (ev.key === ' ' && (ev.target as HTMLElement | null)?.tagName === 'BUTTON' && !(ev.target as HTMLElement).closest('dialog')) ev.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, [player, list, onMark]);
}

/** Without a focused entry: the first entry after the position (↓) or the last one before it (↑). */
function nextRow(rows: HTMLTableRowElement[], positionMs: number, down: boolean): number {
  const pos = rows.map((r) => (r.dataset.positionMs === '' ? null : Number(r.dataset.positionMs)));
  if (down) {
    const i = pos.findIndex((p) => p !== null && p > positionMs + REVIEW_PREROLL_MS);
    return i === -1 ? rows.length - 1 : i;
  }
  let best = 0;
  pos.forEach((p, i) => {
    if (p !== null && p < positionMs) best = i;
  });
  return best;
}
