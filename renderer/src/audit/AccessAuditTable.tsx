import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditRow } from '../../../common/contract/audit';
import type { Role } from '../../../common/contract/people';
import { api } from '../core/core-client';
import { dateTime, timeOfDay } from '../secretary/format';
import { RoleList } from '../signin/RoleList';
import { callLabel, courtDate, doorLabel, outcomeLabel, roleLabel, targetParts } from './audit-format';

/**
 * Rows of the access audit. A row without a role (a refusal before any role was found, a file
 * read under a review token) shows the roles the person holds now, marked as such; a person
 * named by id in the target is named by their name when the station still has them active.
 */
export function AccessAuditTable({ rows, withHearing, cases, testId }: { rows: readonly AuditRow[]; withHearing: boolean; cases: ReadonlyMap<number, string>; testId: string }) {
  const { t, i18n } = useTranslation('audit');
  const [known, setKnown] = useState<ReadonlyArray<{ id: number; fullName: string; roles: Role[] }>>([]);
  useEffect(() => {
    let live = true;
    void api()
      .auth.people({})
      .then((r) => live && r.ok && setKnown(r.value));
    return () => {
      live = false;
    };
    // Read again with every new list: a role changed since is what "now" means.
  }, [rows]);
  const rolesNow = useMemo(() => new Map(known.map((p) => [p.id, p.roles])), [known]);
  const names = useMemo(() => new Map(known.map((p) => [p.id, p.fullName])), [known]);

  let day = '';
  const anyHeld = rows.some((r) => !r.role && r.personId !== null && rolesNow.has(r.personId));
  return (
    <>
      <table className="access-audit-table">
        <thead>
          <tr>
            <th>{t('columns.at')}</th>
            <th>{t('columns.person')}</th>
            <th>{t('columns.role')}</th>
            <th>{t('columns.action')}</th>
            <th>{t('columns.target')}</th>
            <th>{t('columns.door')}</th>
            <th>{t('columns.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.flatMap((r) => {
            const action = callLabel(t, i18n, r.call);
            const outcome = outcomeLabel(t, r.outcome);
            const role = r.role ? roleLabel(t, r.role) : null;
            const held = !r.role && r.personId !== null ? rolesNow.get(r.personId) : undefined;
            const thisDay = new Date(r.at).toDateString();
            const out = [];
            if (withHearing && thisDay !== day) {
              day = thisDay;
              out.push(
                <tr key={`day-${r.id}`} className="audit-day">
                  <td colSpan={7}>{courtDate(r.at)}</td>
                </tr>,
              );
            }
            out.push(
              <tr key={r.id} data-testid={testId} data-call={r.call} data-outcome={r.outcome} className={outcome.ok ? '' : 'refused'}>
                <td className="mono" title={dateTime(r.at, i18n.language)}>
                  {timeOfDay(r.at, i18n.language)}
                </td>
                <td data-testid="audit-person">{r.personName ?? <span className="muted">{t('nobody')}</span>}</td>
                <td data-testid="audit-role">
                  {role ? (
                    <span title={role.title}>{role.text}</span>
                  ) : held ? (
                    <span className="muted roles-now" title={t('rolesNow')}>
                      <RoleList roles={held} />
                    </span>
                  ) : null}
                </td>
                <td data-testid="audit-action" title={action.title}>
                  {action.text}
                </td>
                <td className="audit-target">{targetParts(t, r, { withHearing, cases, names, lang: i18n.language }).join(' · ')}</td>
                <td>{doorLabel(t, r.door)}</td>
                <td data-testid="audit-outcome" className={outcome.ok ? 'outcome-ok' : 'outcome-refused'} title={outcome.title}>
                  {outcome.text}
                </td>
              </tr>,
            );
            return out;
          })}
        </tbody>
      </table>
      {anyHeld && <p className="muted roles-now-note">{t('rolesNowNote')}</p>}
    </>
  );
}
