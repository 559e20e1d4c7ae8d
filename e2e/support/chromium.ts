// Debian's Chromium (never a downloaded browser) and the flags that work on the build machines:
// no background network, fake camera/microphone/screen without prompts (ENVIRONMENT.md).
export const CHROMIUM_PATH = process.env.HATTAMA_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];
