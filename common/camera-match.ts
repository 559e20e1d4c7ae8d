// Which present camera a saved camera slot is. A browser's deviceId is scoped to the page's
// origin (Chromium hashes it with a per-origin salt), so the served UI on another port, or a
// browser whose site data was cleared, sees new ids for the same cameras; the label (the
// device's own name) stays. A slot is its id when the browser still knows it, else the present
// camera with its label that no other slot took (two identical cameras share a label: they are
// taken in order), else none.

export interface SavedCamera {
  deviceId: string;
  label?: string;
}

export interface PresentCamera {
  deviceId: string;
  label: string;
}

export function matchCameras<P extends PresentCamera>(saved: readonly SavedCamera[], present: readonly P[]): Array<P | null> {
  const taken = new Set<P>();
  const out: Array<P | null> = saved.map((s) => {
    const byId = s.deviceId ? present.find((p) => p.deviceId === s.deviceId && !taken.has(p)) : undefined;
    if (byId) taken.add(byId);
    return byId ?? null;
  });
  saved.forEach((s, i) => {
    if (out[i] || !s.label) return;
    const byLabel = present.find((p) => p.label === s.label && !taken.has(p));
    if (byLabel) {
      taken.add(byLabel);
      out[i] = byLabel;
    }
  });
  return out;
}
