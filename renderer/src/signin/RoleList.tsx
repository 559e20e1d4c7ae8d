import { useTranslation } from 'react-i18next';
import type { Role } from '../../../common/contract/people';

/** A person's roles as the court names them, in the order the station knows them. */
export function RoleList({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation('signin');
  return <span className="person-roles-list">{roles.map((r) => t(`roles.${r}`)).join(' · ')}</span>;
}
