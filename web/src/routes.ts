import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Permission } from './api/client';
import type { MessageKey } from './i18n/i18n';
import { matchPath } from './router';

export interface ScreenProps {
  /** The `:name` parts of the path. */
  params: Record<string, string>;
}

export interface Route {
  path: string;
  screen: LazyExoticComponent<ComponentType<ScreenProps>>;
  /** 'public' screens show without signing in and without the navigation. */
  access: 'public' | 'signed-in';
  /** An entry in the navigation, in a section, shown to people who hold `permission` somewhere. */
  nav?: { label: MessageKey; section: NavSection; permission?: Permission };
}

/** Navigation sections follow the workflow: what is needed, what is promised, how to send it, what is in store, work in the field, then administration. */
export const navSections = ['overview', 'needs', 'pledges', 'planning', 'stock', 'consignments', 'field', 'administration', 'account'] as const;
export type NavSection = (typeof navSections)[number];

// Each screen is its own chunk, loaded when first visited.
const screen = (load: () => Promise<{ default: ComponentType<ScreenProps> }>) => lazy(load);

/** Every screen of the app. A new screen is one line here and one file in screens/. */
export const routes: Route[] = [
  { path: '/sign-in', access: 'public', screen: screen(() => import('./screens/SignIn')) },
  { path: '/setup', access: 'public', screen: screen(() => import('./screens/Setup')) },
  { path: '/', access: 'signed-in', screen: screen(() => import('./screens/Dashboard')), nav: { label: 'nav.dashboard', section: 'overview' } },
  { path: '/needs', access: 'signed-in', screen: screen(() => import('./screens/Needs')), nav: { label: 'nav.needs', section: 'needs', permission: 'shared:read' } },
  { path: '/needs/new', access: 'signed-in', screen: screen(() => import('./screens/NeedForm')), nav: { label: 'nav.newNeed', section: 'needs', permission: 'needs:write' } },
  { path: '/needs/:needId', access: 'signed-in', screen: screen(() => import('./screens/NeedDetail')) },
  { path: '/needs/:needId/edit', access: 'signed-in', screen: screen(() => import('./screens/NeedForm')) },
  { path: '/pledges', access: 'signed-in', screen: screen(() => import('./screens/Pledges')), nav: { label: 'nav.pledges', section: 'pledges', permission: 'shared:read' } },
  { path: '/pledges/new', access: 'signed-in', screen: screen(() => import('./screens/PledgeForm')), nav: { label: 'nav.newPledge', section: 'pledges', permission: 'pledges:write' } },
  { path: '/pledges/:pledgeId', access: 'signed-in', screen: screen(() => import('./screens/PledgeDetail')) },
  { path: '/trace/:kind/:id', access: 'signed-in', screen: screen(() => import('./screens/Trace')) },
  { path: '/pledges/:pledgeId/receipt', access: 'signed-in', screen: screen(() => import('./screens/PledgeReceipt')) },
  { path: '/stock', access: 'signed-in', screen: screen(() => import('./screens/Stock')), nav: { label: 'nav.stock', section: 'stock', permission: 'stock:read' } },
  { path: '/stock/intake', access: 'signed-in', screen: screen(() => import('./screens/Intake')), nav: { label: 'nav.intake', section: 'stock', permission: 'stock:write' } },
  { path: '/stock/counts', access: 'signed-in', screen: screen(() => import('./screens/StockCounts')), nav: { label: 'nav.stockCounts', section: 'stock', permission: 'stock:read' } },
  { path: '/stock/counts/new', access: 'signed-in', screen: screen(() => import('./screens/StockCount')) },
  { path: '/stock/counts/:countId', access: 'signed-in', screen: screen(() => import('./screens/StockCount')) },
  { path: '/stock/kits', access: 'signed-in', screen: screen(() => import('./screens/Kits')), nav: { label: 'nav.kits', section: 'stock', permission: 'stock:write' } },
  { path: '/audit', access: 'signed-in', screen: screen(() => import('./screens/Audit')), nav: { label: 'nav.audit', section: 'stock', permission: 'audit:read' } },
  {
    path: '/distributions/record',
    access: 'signed-in',
    screen: screen(() => import('./screens/DistributionRecord')),
    nav: { label: 'nav.recordDistribution', section: 'field', permission: 'distributions:write' },
  },
  {
    path: '/distributions/plans',
    access: 'signed-in',
    screen: screen(() => import('./screens/DistributionPlans')),
    nav: { label: 'nav.distributionPlans', section: 'field', permission: 'distributions:read' },
  },
  { path: '/distributions/plans/:organisationId/:planId', access: 'signed-in', screen: screen(() => import('./screens/DistributionPlanDetail')) },
  { path: '/plans', access: 'signed-in', screen: screen(() => import('./screens/Plans')), nav: { label: 'nav.plans', section: 'planning', permission: 'planning:read' } },
  {
    path: '/consignments',
    access: 'signed-in',
    screen: screen(() => import('./screens/Consignments')),
    nav: { label: 'nav.consignments', section: 'consignments', permission: 'consignments:read' },
  },
  {
    path: '/consignments/new',
    access: 'signed-in',
    screen: screen(() => import('./screens/ConsignmentForm')),
    nav: { label: 'nav.newConsignment', section: 'consignments', permission: 'consignments:write' },
  },
  { path: '/consignments/:organisationId/:consignmentId', access: 'signed-in', screen: screen(() => import('./screens/ConsignmentDetail')) },
  { path: '/consignments/:organisationId/:consignmentId/receipt', access: 'signed-in', screen: screen(() => import('./screens/ConsignmentReceipt')) },
  { path: '/consignments/:organisationId/:consignmentId/scan', access: 'signed-in', screen: screen(() => import('./screens/ConsignmentScan')) },
  {
    path: '/households',
    access: 'signed-in',
    screen: screen(() => import('./screens/Households')),
    nav: { label: 'nav.households', section: 'field', permission: 'households:read' },
  },
  {
    path: '/households/find',
    access: 'signed-in',
    screen: screen(() => import('./screens/HouseholdFind')),
    nav: { label: 'nav.findHousehold', section: 'field', permission: 'households:read' },
  },
  {
    path: '/households/new',
    access: 'signed-in',
    screen: screen(() => import('./screens/HouseholdForm')),
    nav: { label: 'nav.newHousehold', section: 'field', permission: 'households:write' },
  },
  { path: '/households/cards', access: 'signed-in', screen: screen(() => import('./screens/HouseholdCards')) },
  { path: '/households/:organisationId/:householdId', access: 'signed-in', screen: screen(() => import('./screens/HouseholdDetail')) },
  {
    path: '/entitlement-rules',
    access: 'signed-in',
    screen: screen(() => import('./screens/EntitlementRules')),
    nav: { label: 'nav.entitlementRules', section: 'field', permission: 'households:read' },
  },
  {
    path: '/organisations',
    access: 'signed-in',
    screen: screen(() => import('./screens/Organisations')),
    nav: { label: 'nav.organisations', section: 'administration' },
  },
  { path: '/organisations/new', access: 'signed-in', screen: screen(() => import('./screens/OrganisationForm')) },
  { path: '/organisations/:organisationId', access: 'signed-in', screen: screen(() => import('./screens/OrganisationForm')) },
  { path: '/organisations/:organisationId/members', access: 'signed-in', screen: screen(() => import('./screens/Members')) },
  { path: '/catalogue', access: 'signed-in', screen: screen(() => import('./screens/Catalogue')), nav: { label: 'nav.catalogue', section: 'administration' } },
  { path: '/catalogue/new', access: 'signed-in', screen: screen(() => import('./screens/ItemForm')) },
  { path: '/catalogue/:itemId', access: 'signed-in', screen: screen(() => import('./screens/ItemForm')) },
  { path: '/locations', access: 'signed-in', screen: screen(() => import('./screens/Locations')), nav: { label: 'nav.locations', section: 'administration' } },
  { path: '/locations/new', access: 'signed-in', screen: screen(() => import('./screens/LocationForm')) },
  { path: '/account/tokens', access: 'signed-in', screen: screen(() => import('./screens/Tokens')), nav: { label: 'nav.tokens', section: 'account' } },
  { path: '/account/password', access: 'signed-in', screen: screen(() => import('./screens/Password')), nav: { label: 'nav.password', section: 'account' } },
];

export const notFoundScreen = screen(() => import('./screens/NotFound'));

export function findRoute(pathname: string) {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}
