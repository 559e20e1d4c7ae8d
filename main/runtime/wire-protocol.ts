import { z } from 'zod';

// The doors' wire format: the contract's calls and events as JSON, over the browser bridge's
// WebSocket and (one message a line) over the local control socket.
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
