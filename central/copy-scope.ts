import type { ExpressionBuilder } from 'kysely';
import type { CentralSchema } from './schema';

// Whose copy request it is: the station of the hearing's courtroom. A request is on a hearing of
// the station's courtroom by central's schedule, or on a hearing the station itself reported (its
// protocol header or its activity), as a remark is (remark-scope.ts). The same rule decides which
// requests a station's feed carries, which it may read and which it may upload files against.

export interface Room {
  stationId: string;
  court: string;
  courtroom: string;
}

export function copyRequestOfRoom(eb: ExpressionBuilder<CentralSchema, 'copy_requests'>, st: Room) {
  return eb.or([
    eb('hearing_id', 'in', eb.selectFrom('schedule').select('hearing_id').where('courtroom', '=', st.courtroom).where((e2) => e2.or([e2('court', '=', st.court), e2('court', '=', '')]))),
    eb('hearing_id', 'in', eb.selectFrom('hearing_activity').select('hearing_id').where('station_id', '=', st.stationId)),
    eb('hearing_id', 'in', eb.selectFrom('protocol_hearings').select('hearing_uid').where('station_id', '=', st.stationId)),
    eb('hearing_id', 'in', eb.selectFrom('protocol_hearings').select('external_id').where('station_id', '=', st.stationId).where('external_id', 'is not', null)),
  ]);
}
