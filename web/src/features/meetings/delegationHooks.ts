import { useQueryClient } from '@tanstack/react-query';
import { useMemberStates } from '../../hooks/states';
import { type Edition, editionKey } from './meetings';

/** The delegation's name: the state (and the agency that leads it) or the organisation. */
export function useDelegationLabel() {
  const states = useMemberStates();
  return (d: {
    stateIso2: string | null;
    agency: { name: string } | null;
    organisation: { name: string; acronym: string | null } | null;
  }) => {
    if (d.stateIso2) return d.agency ? `${states.nameOf(d.stateIso2)} – ${d.agency.name}` : states.nameOf(d.stateIso2);
    return d.organisation
      ? d.organisation.acronym
        ? `${d.organisation.acronym} – ${d.organisation.name}`
        : d.organisation.name
      : '';
  };
}

export function useEditionChange(edition: Edition) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: editionKey(edition.id) });
}
