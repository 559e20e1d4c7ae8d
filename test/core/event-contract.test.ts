import { describe, expect, it } from 'vitest';
import { EventBus } from '../../main/runtime/event-bus';

// The suites run with every emitted event checked against the contract; this proves the check bites.

describe('event bus contract check', () => {
  it('is on in the test suites', () => {
    expect(process.env.HATTAMA_CHECK_EVENTS).toBe('1');
  });

  it('refuses a payload the contract does not describe, and passes one it does', () => {
    const bus = new EventBus(true);
    const seen: unknown[] = [];
    bus.on('sync.state', (p) => seen.push(p));
    expect(() => bus.emit('recording.alarm', { kind: 'deadMic' } as never)).toThrow(/event recording.alarm does not match the contract/);
    bus.emit('app.status', { stationId: 'st-1', dataDir: '/d', freeBytes: 1, freeHours: 1, channels: 8, now: 1, version: '0', settingsProblems: [] });
    expect(seen).toEqual([]);
  });
});
