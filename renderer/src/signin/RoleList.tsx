import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../common/contract/people';

/** A person's roles as the court names them, always in the same order (secretary, judge, technician, administrator). */
export function RoleList({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation('signin');
  return <span className="person-roles-list">{ROLES.filter((r) => roles.includes(r)).map((r) => t(`roles.${r}`)).join(' · ')}</span>;
}
