import type { CentralDb } from './db';

// Whose remark it is to decide: the station of the remark's courtroom. A remark is on a hearing
// of the station's courtroom by central's schedule, or on a hearing the station itself reported;
// the same rule decides which remarks a station's feed carries (feeds.ts).

export async function remarkInScope(db: CentralDb, stationId: string, remarkId: string): Promise<boolean> {
  const st = await db.selectFrom('stations').select(['court', 'courtroom']).where('station_id', '=', stationId).executeTakeFirst();
  if (!st) return false;
  const hit = await db
    .selectFrom('remarks')
    .select('remark_id')
    .where('remark_id', '=', remarkId)
    .where((eb) =>
      eb.or([
        eb('hearing_id', 'in', eb.selectFrom('schedule').select('hearing_id').where('courtroom', '=', st.courtroom).where((e2) => e2.or([e2('court', '=', st.court), e2('court', '=', '')]))),
        eb('hearing_id', 'in', eb.selectFrom('hearing_activity').select('hearing_id').where('station_id', '=', stationId)),
      ]),
    )
    .executeTakeFirst();
  return hit !== undefined;
}
