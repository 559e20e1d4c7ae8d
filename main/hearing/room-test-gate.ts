import type { LastRoomTest } from '../../common/contract/recording';
import { HattamaError } from '../../common/errors';
import { addCallAuditFacts } from '../audit/call-audit';
import type { HearingFacts } from './rules';

// A hearing opens on a room that was tested: a room test passed (ready) within
// settings.check.validHours, or a written reason why not. The reason, with the last test's id,
// time and verdict (or none), goes into the opening call's access-audit row, which central gets
// as audit.entry; a refusal's row names the last test too.

export function roomTestGate(h: Pick<HearingFacts, 'id' | 'caseNumber'>, last: LastRoomTest, reason: string | undefined): void {
  if (last.valid) return;
  const t = last.test;
  addCallAuditFacts({ roomTestId: t?.id ?? null, roomTestAt: t?.at ?? null, roomTestReady: t?.ready ?? null, roomTestValidHours: last.validHours });
  if (!reason) {
    throw new HattamaError('roomcheck.noValidTest', {
      id: h.id,
      caseNumber: h.caseNumber,
      validHours: last.validHours,
      lastAt: t?.at ?? '-',
      lastReady: t === null ? 'none' : t.ready ? 'ready' : 'notReady',
    });
  }
  addCallAuditFacts({ roomTestReason: reason });
}
