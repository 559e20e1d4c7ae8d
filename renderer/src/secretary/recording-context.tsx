import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Alarm, Levels, RecordingState } from '../../../common/contract/recording';
import type { RecordingRef } from '../../../common/protocol/text';
import { api, useCoreValue } from '../core/core-client';

interface RecordingView {
  state: RecordingState | undefined;
  levels: Levels | undefined;
  /** Alarms currently raised (a cleared alarm disappears; dismissed ones stay dismissed until raised again). */
  alarms: Alarm[];
  dismiss(alarm: Alarm): void;
  /** The recorder as one hearing sees it: idle unless the session is that hearing's. */
  forHearing(hearingId: number): RecordingState;
  /** Where the recording is right now, to show beside a note being typed (the core pins the entry itself); null when nothing records. */
  now(): RecordingRef | null;
}

const IDLE: RecordingState = { state: 'idle', sessionId: null, folder: null, caseRef: null, hearingId: null, startedAt: null, position: 0, pauseReason: null, device: '', sampleRate: 0, channels: [], segments: 0, capturing: false, timeline: [] };

export const isLive = (s: RecordingState | undefined): boolean => s?.state === 'recording' || s?.state === 'paused';

const Ctx = createContext<RecordingView | null>(null);
const alarmKey = (a: Alarm) => `${a.kind}:${a.channel ?? a.params.track ?? a.params.hearingId ?? '-'}`;

/** The core's recording state, levels and alarms, observed once for the whole workspace. */
export function RecordingProvider({ children }: { children: ReactNode }) {
  const state = useCoreValue(() => api().recording.state({}), (h) => api().on.recording.state(h));
  const [levels, setLevels] = useState<Levels>();
  const [alarms, setAlarms] = useState<Alarm[]>([]);
  const last = useRef<{ position: number; received: number; sessionId: string | null } | null>(null);

  useEffect(() => {
    // Alarms raised before this page loaded (a reload, a second window) are the core's to tell.
    void api().app.alarms({}).then((r) => r.ok && setAlarms((list) => [...r.value.filter((a) => !list.some((x) => alarmKey(x) === alarmKey(a))), ...list]));
    const offLevels = api().on.recording.levels((l) => {
      last.current = { position: l.position, received: performance.now(), sessionId: l.sessionId };
      setLevels(l);
    });
    const offAlarm = api().on.recording.alarm((a) =>
      setAlarms((list) => {
        const rest = list.filter((x) => alarmKey(x) !== alarmKey(a));
        return a.active ? [...rest, a] : rest;
      }),
    );
    return () => {
      offLevels();
      offAlarm();
    };
  }, []);

  const dismiss = useCallback((a: Alarm) => setAlarms((list) => list.filter((x) => alarmKey(x) !== alarmKey(a))), []);

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

  return <Ctx.Provider value={{ state, levels, alarms, dismiss, now, forHearing }}>{children}</Ctx.Provider>;
}

export function useRecording(): RecordingView {
  const v = useContext(Ctx);
  if (!v) throw new Error('useRecording outside RecordingProvider');
  return v;
}
