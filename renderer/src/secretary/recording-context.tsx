import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { BoardAlarm } from '../../../common/contract/app';
import type { Levels, RecordingState } from '../../../common/contract/recording';
import { useAuth } from '../auth/auth-store';
import type { RecordingRef } from '../../../common/protocol/text';
import { api, useConnection, useCoreValue } from '../core/core-client';

interface RecordingView {
  state: RecordingState | undefined;
  /** The core is gone: whatever it last said, nothing is being recorded now. */
  lost: boolean;
  levels: Levels | undefined;
  /** The core's alarm board: each condition once with its count; those this person acknowledged are left out. */
  alarms: BoardAlarm[];
  /** This person has seen it (the core records who, and when). */
  dismiss(alarm: BoardAlarm): void;
  /** The recorder as one hearing sees it: idle unless the session is that hearing's. */
  forHearing(hearingId: number): RecordingState;
  /** Where the recording is right now, to show beside a note being typed (the core pins the entry itself); null when nothing records. */
  now(): RecordingRef | null;
}

const IDLE: RecordingState = { state: 'idle', sessionId: null, folder: null, caseRef: null, hearingId: null, startedAt: null, position: 0, pauseReason: null, device: '', sampleRate: 0, channels: [], segments: 0, capturing: false, timeline: [], muted: [] };

export const isLive = (s: RecordingState | undefined): boolean => s?.state === 'recording' || s?.state === 'paused';

const Ctx = createContext<RecordingView | null>(null);

/** The core's recording state, levels and alarms, observed once for the whole workspace. */
export function RecordingProvider({ children }: { children: ReactNode }) {
  const told = useCoreValue(() => api().recording.state({}), (h) => api().on.recording.state(h));
  const lost = useConnection() !== 'connected';
  // A core that is gone records nothing: its last word ("recording") is not shown as the truth.
  const state = useMemo(() => (lost && told ? { ...told, state: 'stopped' as const, capturing: false } : told), [lost, told]);
  const [levels, setLevels] = useState<Levels>();
  const [board, setBoard] = useState<BoardAlarm[]>([]);
  const me = useAuth().session?.person?.id;
  const alarms = board.filter((a) => !a.acknowledgedBy.some((x) => x.personId === me));
  const last = useRef<{ position: number; received: number; sessionId: string | null } | null>(null);

  useEffect(() => {
    // The board is the core's: raised before this page loaded (a reload, a second window), counted, acknowledged.
    let pushed = false;
    const offBoard = api().on.app.alarms((list) => {
      pushed = true;
      setBoard(list);
    });
    void api().app.alarms({}).then((r) => r.ok && !pushed && setBoard(r.value));
    const offLevels = api().on.recording.levels((l) => {
      last.current = { position: l.position, received: performance.now(), sessionId: l.sessionId };
      setLevels(l);
    });
    return () => {
      offLevels();
      offBoard();
    };
  }, []);

  const dismiss = useCallback((a: BoardAlarm) => {
    const track = typeof a.params.track === 'string' ? a.params.track : undefined;
    const hearingId = typeof a.params.hearingId === 'number' ? a.params.hearingId : undefined;
    void api()
      .app.acknowledgeAlarm({ kind: a.kind, channel: a.channel, ...(track ? { track } : {}), ...(hearingId !== undefined ? { hearingId } : {}) })
      .then((r) => r.ok && setBoard((list) => list.map((x) => (x.key === r.value.key ? r.value : x))));
  }, []);

  const now = useCallback((): RecordingRef | null => {
    if (!state || (state.state !== 'recording' && state.state !== 'paused') || !state.sessionId) return null;
    let seconds = state.position;
    if (state.state === 'recording' && last.current && last.current.sessionId === state.sessionId) {
      // Levels arrive 10 times a second; advance by the time since the last one, at most half a second.
      seconds = last.current.position + Math.min(0.5, (performance.now() - last.current.received) / 1000);
    }
    return { sessionId: state.sessionId, positionMs: Math.round(seconds * 1000) };
  }, [state]);

  const forHearing = useCallback(
    (hearingId: number): RecordingState => (state && state.hearingId === String(hearingId) ? state : { ...(state ?? IDLE), ...IDLE, hearingId: String(hearingId), channels: state?.channels ?? [] }),
    [state],
  );

  return <Ctx.Provider value={{ state, lost, levels, alarms, dismiss, now, forHearing }}>{children}</Ctx.Provider>;
}

export function useRecording(): RecordingView {
  const v = useContext(Ctx);
  if (!v) throw new Error('useRecording outside RecordingProvider');
  return v;
}
