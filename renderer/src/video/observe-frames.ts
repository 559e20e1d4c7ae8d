import type { HattamaApi } from '../../../common/contract/api';
import type { ObserveState } from '../../../common/contract/observe';
import { OBSERVATION_FRAME_EVERY_MS } from '../../../common/observe-api';
import { bytesToBase64 } from './base64';
import type { VideoController } from './video-controller';

// While the Situation Center observes the hearing, the first camera's picture goes to the core
// every 2 s as a small JPEG (the core sends it on; it is never recorded). Only while the core
// says someone observes: a frame is taken from the stream the recording already has open.

const WIDTH = 640;
const QUALITY = 0.7;

async function grab(stream: MediaStream, video: HTMLVideoElement, canvas: HTMLCanvasElement): Promise<Uint8Array | null> {
  if (video.srcObject !== stream) {
    video.srcObject = stream;
    await video.play().catch(() => undefined);
  }
  if (!video.videoWidth) return null;
  canvas.width = WIDTH;
  canvas.height = Math.round((WIDTH * video.videoHeight) / video.videoWidth);
  canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', QUALITY));
  return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
}

export function startObserveFrames(api: () => HattamaApi, video: VideoController): void {
  let timer: ReturnType<typeof setInterval> | null = null;
  const el = document.createElement('video');
  el.muted = true;
  el.playsInline = true;
  const canvas = document.createElement('canvas');
  const tick = async () => {
    const cam = video.getSnapshot().find((t) => t.source === 'camera' && t.stream);
    if (!cam?.stream) return;
    const jpeg = await grab(cam.stream, el, canvas).catch(() => null);
    if (jpeg) await api().observe.frame({ jpeg: bytesToBase64(jpeg) });
  };
  const follow = (s: ObserveState) => {
    if (s.streaming && !timer) {
      timer = setInterval(() => void tick(), OBSERVATION_FRAME_EVERY_MS);
      void tick();
    } else if (!s.streaming && timer) {
      clearInterval(timer);
      timer = null;
      el.srcObject = null;
    }
  };
  api().on.observe.state(follow);
  void api().observe.state({}).then((r) => r.ok && follow(r.value));
}
