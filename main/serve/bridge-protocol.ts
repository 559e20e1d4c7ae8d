import { z } from 'zod';

// The browser bridge's wire format: the contract's calls and events as JSON over a WebSocket.
// Requests:  {"id": 1, "call": "settings.get", "input": {}}
// Replies:   {"id": 1, "result": {"ok": true, "value": ...}}
// Events:    {"event": "app.status", "payload": {...}}

export const BridgeRequestSchema = z.object({
  id: z.int().nonnegative(),
  call: z.string().max(200),
  input: z.unknown(),
});
export type BridgeRequest = z.infer<typeof BridgeRequestSchema>;

/** Largest message the bridge accepts (camera chunks of later issues fit under this). */
export const MAX_BRIDGE_MESSAGE_BYTES = 16 * 1024 * 1024;
export const BRIDGE_PATH = '/bridge';
