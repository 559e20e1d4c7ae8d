import type { PauseReason, RecordingState } from '../../common/contract/recording';
import type { MuteGate } from './privacy-mute';
import { roleOf, type RecordingConfig } from './recording-config';
import type { SessionTracks } from './session-tracks';

// The recorder's state as the contract states it, from the session running (or the last one).

export interface StateSource extends SessionTracks {
  config: RecordingConfig;
  caseRef: string | null;
  hearingId: string | null;
  startedAt: string;
}

export function recordingStateOf(
  name: RecordingState['state'],
  a: StateSource | null,
  cfg: RecordingConfig,
  now: { pauseReason: PauseReason | null; capturing: boolean; mutes: MuteGate | null },
): RecordingState {
  return {
    state: name,
    sessionId: a?.session.sessionId ?? null,
    folder: a?.session.relDir ?? null,
    caseRef: a?.caseRef ?? null,
    hearingId: a?.hearingId ?? null,
    startedAt: a?.startedAt ?? null,
    position: a ? round3(a.audio.positionSec) : 0,
    pauseReason: name === 'paused' ? now.pauseReason : null,
    device: cfg.device,
    sampleRate: cfg.sampleRate,
    channels: Array.from({ length: cfg.channels }, (_, i) => ({ channel: i + 1, role: roleOf(cfg, i) })),
    segments: a?.audio.segmentsClosed ?? 0,
    capturing: now.capturing,
    timeline: a ? a.session.entries.flatMap((e) => (e.type === 'mark' ? [e.mark] : [])) : [],
    muted: now.mutes?.list() ?? [],
  };
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;
