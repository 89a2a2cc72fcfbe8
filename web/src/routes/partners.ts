import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { matrixBases, organisationKinds } from '../../../contract/enums';
import { appRoute } from './root';
import { iso2, oneOf, publicationYear, text, year } from './search';

/** The partner organisations, their contributions, and who does what where. */

type PartnersSearch = { kind?: (typeof organisationKinds)[number]; country?: string; q?: string };

const partnersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'partners',
  validateSearch: (search): PartnersSearch => ({
    kind: oneOf(search.kind, organisationKinds),
    country: iso2(search.country),
    q: text(search.q),
  }),
  component: lazyRouteComponent(() => import('../features/partners/OrganisationsPage'), 'OrganisationsPage'),
});

const partnerRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'partners/$id',
  component: lazyRouteComponent(() => import('../features/partners/OrganisationPage'), 'OrganisationPage'),
});

const myOrganisationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'my-organisation',
  component: lazyRouteComponent(() => import('../features/partners/OrganisationPage'), 'MyOrganisationPage'),
});

type ContributionsSearch = {
  organisation?: string;
  programme?: string;
  currency?: string;
  earmarked?: 'true' | 'false';
  year?: number;
};

const contributionsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'contributions',
  validateSearch: (search): ContributionsSearch => ({
    organisation: text(search.organisation),
    programme: text(search.programme),
    currency: typeof search.currency === 'string' && /^[A-Z]{3}$/.test(search.currency) ? search.currency : undefined,
    // The router parses ?earmarked=true into a boolean.
    earmarked:
      search.earmarked === true || search.earmarked === 'true'
        ? 'true'
        : search.earmarked === false || search.earmarked === 'false'
          ? 'false'
          : undefined,
    year: publicationYear(search.year),
  }),
  component: lazyRouteComponent(() => import('../features/partners/ContributionsPage'), 'ContributionsPage'),
});

type MatrixSearch = {
  fromYear?: number;
  toYear?: number;
  programme?: string;
  kind?: (typeof organisationKinds)[number];
  partner?: string;
  basis?: 'delivered' | 'funded';
  state?: string;
  theme?: string;
  overlaps?: true;
};

const matrixRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'who-does-what-where',
  validateSearch: (search): MatrixSearch => ({
    fromYear: year(search.fromYear),
    toYear: year(search.toYear),
    programme: text(search.programme),
    kind: oneOf(search.kind, organisationKinds),
    partner: text(search.partner),
    basis: oneOf(search.basis, matrixBases),
    state: iso2(search.state),
    theme: typeof search.theme === 'string' && /^[a-z_]{2,60}$/.test(search.theme) ? search.theme : undefined,
    overlaps: search.overlaps === true || search.overlaps === 'true' ? true : undefined,
  }),
  component: lazyRouteComponent(() => import('../features/partners/MatrixPage'), 'MatrixPage'),
});

export const partnersRoutes = [partnersRoute, partnerRoute, myOrganisationRoute, contributionsRoute, matrixRoute] as const;
