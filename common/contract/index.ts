import type { z } from 'zod';
import { appCalls, appEvents } from './app';
import { settingsCalls, settingsEvents } from './settings';
import { recordingCalls, recordingEvents } from './recording';
import { syncCalls, syncEvents } from './sync';
import { protocolCalls, protocolEvents } from './protocol';
import { protocolDocumentCalls } from './protocol-documents';
import { protocolRosterCalls } from './protocol-roster';
import { videoCalls, videoEvents } from './video';
import { reviewCalls, reviewEvents } from './review';
import { reviewAidCalls } from './review-aids';
import { copyRequestCalls } from './copy-requests';
import { peopleCalls } from './people';
import { auditCalls } from './audit';
import { hearingCalls } from './hearing';
import { observeCalls, observeEvents } from './observe';

// THE contract between the renderer and the core. Every call and event is declared once, in
// its domain's file; the preload API, the Electron IPC wiring and the browser bridge are all
// generated from these two tables. Adding a call = adding one entry to a domain table.
export const calls = {
  ...appCalls,
  ...settingsCalls,
  ...recordingCalls,
  ...syncCalls,
  ...protocolCalls,
  ...protocolDocumentCalls,
  ...protocolRosterCalls,
  ...videoCalls,
  ...reviewCalls,
  ...reviewAidCalls,
  ...copyRequestCalls,
  ...peopleCalls,
  ...auditCalls,
  ...hearingCalls,
  ...observeCalls,
};

export const events = {
  ...appEvents,
  ...settingsEvents,
  ...recordingEvents,
  ...syncEvents,
  ...protocolEvents,
  ...videoEvents,
  ...reviewEvents,
  ...observeEvents,
};

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type Events = typeof events;
export type EventName = keyof Events;

export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** IPC channel names: one per call and per event, all under the app's own prefix. */
export const CHANNEL_PREFIX = 'hattama:';
export const callChannel = (name: CallName): string => `${CHANNEL_PREFIX}call:${name}`;
export const eventChannel = (name: EventName): string => `${CHANNEL_PREFIX}event:${name}`;
