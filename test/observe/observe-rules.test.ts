import { describe, expect, it } from 'vitest';
import type { RecordingState } from '../../common/contract/recording';
import { observationRefusal, type ObservationFacts } from '../../main/observe/observe-rules';

// The court's rules for live observation, for every state the recorder can be in: only a hearing
// being recorded, never a closed session, never under a seal that covers the present moment.

const state = (o: Partial<RecordingState>): RecordingState =>
  ({ state: 'recording', sessionId: 's1', folder: 'recordings/s1', caseRef: null, hearingId: '7', startedAt: null, position: 120, pauseReason: null, device: 'pulse', sampleRate: 48000, channels: [], segments: 1, capturing: true, timeline: [], muted: [], ...o }) as RecordingState;
const facts = (mode: 'open' | 'closed' | null, seals: Array<{ fromMs: number; toMs: number }> = []): ObservationFacts => ({ sessionModeOf: () => mode, sealsOf: () => seals });

describe('who may observe a hearing live', () => {
  it('an open hearing being recorded, or in a recess, may be observed', () => {
    expect(observationRefusal(state({}), facts('open'))).toBeNull();
    expect(observationRefusal(state({ state: 'paused' }), facts('open'))).toBeNull();
  });
  it('nothing recorded, a test recording, or a hearing the protocol does not know: notInHearing', () => {
    expect(observationRefusal(state({ state: 'idle' }), facts('open'))).toBe('notInHearing');
    expect(observationRefusal(state({ state: 'stopped' }), facts('open'))).toBe('notInHearing');
    expect(observationRefusal(state({ hearingId: null }), facts('open'))).toBe('notInHearing');
    expect(observationRefusal(state({ hearingId: 'ad-hoc' }), facts('open'))).toBe('notInHearing');
    expect(observationRefusal(state({}), facts(null))).toBe('notInHearing');
  });
  it('a closed session is never observed', () => {
    expect(observationRefusal(state({}), facts('closed'))).toBe('closedSession');
  });
  it('a seal over the present moment refuses; one that ended before it, or starts later, does not', () => {
    expect(observationRefusal(state({ position: 120 }), facts('open', [{ fromMs: 100_000, toMs: 200_000 }]))).toBe('sealed');
    expect(observationRefusal(state({ position: 120 }), facts('open', [{ fromMs: 0, toMs: 120_000 }]))).toBeNull();
    expect(observationRefusal(state({ position: 120 }), facts('open', [{ fromMs: 121_000, toMs: 200_000 }]))).toBeNull();
  });
});
