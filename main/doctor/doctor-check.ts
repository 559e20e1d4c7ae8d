// One line of `hattama doctor`: what was checked, how it went, and the numbers. Names and details
// are message keys (roomcheck:doctor.checks.* and roomcheck:doctor.detail.*) with their params,
// so the same result reads in kk, ru and en.

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  id: string;
  status: CheckStatus;
  name: string;
  nameParams?: Record<string, string | number>;
  detail: string;
  params: Record<string, string | number>;
}

export const check = (id: string, status: CheckStatus, detail: string, params: Record<string, string | number> = {}, name = id, nameParams?: Record<string, string | number>): DoctorCheck => ({
  id,
  status,
  name,
  ...(nameParams ? { nameParams } : {}),
  detail,
  params,
});

/** "3 h 12 min", "45 min", "20 s": the age of the oldest pending upload. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
