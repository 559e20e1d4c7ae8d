import { PULSE_TOOLS } from '../../test/support/pulse';
import { missingTools } from '../../test/support/tools';

// The specs record real audio: each worker starts its own PulseAudio daemon with a null-sink
// "room" as the capture device for `hattama serve` (worker-pulse.ts, ENVIRONMENT.md). Here only
// the tools are checked; under CI=true a missing tool fails the run.
export default function globalSetup(): void {
  const missing = missingTools(...PULSE_TOOLS, 'pdftotext');
  if (missing) process.env.HATTAMA_E2E_NO_AUDIO = missing;
}
