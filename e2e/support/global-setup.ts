import { ensurePulse, PULSE_TOOLS, releasePulse } from '../../test/support/pulse';
import { missingTools } from '../../test/support/tools';

// The secretary's workflow records real audio: a PulseAudio null-sink "room" is the capture
// device for `hattama serve` (ENVIRONMENT.md). Under CI=true a missing tool fails the run.
export default async function globalSetup(): Promise<() => void> {
  const missing = missingTools(...PULSE_TOOLS, 'pdftotext');
  if (missing) {
    process.env.HATTAMA_E2E_NO_AUDIO = missing;
    return () => undefined;
  }
  await ensurePulse();
  return () => releasePulse();
}
