import type { AllocationPlan, Consignment, DashboardLossCause, ConsignmentEvent, EntitlementRule, Household, IntakeBody, IntakeLine, Item, Location, LotStatusInput, Member, Need, NeedEvent, Organisation, Pledge, PledgeLine, StockCount, StockRow, UnmetNeed } from './client';

/**
 * The values of the API's enumerations, for selects and filters. `every<T>()` refuses to compile
 * unless all members of T are listed, so a value added on the server shows up here as a type error
 * (and then, through the translation test, as a missing label).
 */
const every =
  <T extends string>() =>
  <const A extends readonly T[]>(...values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : 'missing a value')) =>
    values as A;

export const sectors = every<Item['sector']>()('health', 'education', 'food_security', 'wash', 'shelter', 'other');
export const organisationKinds = every<Organisation['kind']>()('sending', 'partner', 'donor', 'logistics', 'monitor');
export const roles = every<Member['role']>()('admin', 'coordinator', 'warehouse', 'field', 'monitor');
export const locationLevels = every<Location['level']>()('country', 'admin1', 'admin2', 'site');
export const siteKinds = every<NonNullable<Location['siteKind']>>()(
  'warehouse',
  'transit_hub',
  'airport',
  'port',
  'border_crossing',
  'distribution_point',
  'health_facility',
  'school',
);
export const priorities = every<Need['priority']>()('critical', 'high', 'medium', 'low');
export const needStatuses = every<Need['status']>()('draft', 'submitted', 'approved', 'closed', 'cancelled');
export const needEventKinds = every<NeedEvent['kind']>()('create', 'edit', 'submit', 'approve', 'close', 'cancel');
export const pledgeStatuses = every<Pledge['status']>()('open', 'partially_received', 'received', 'cancelled');
export const donorKinds = every<Pledge['donor']['kind']>()('organisation', 'individual', 'anonymous');
export const pledgeLineKinds = every<PledgeLine['kind']>()('goods', 'cash');
export const vulnerabilityFlags = every<Household['vulnerabilities'][number]>()(
  'female_headed',
  'child_headed',
  'older_person_headed',
  'disability',
  'chronic_illness',
  'pregnant_or_lactating',
  'separated_child',
  'displaced',
);
export const entitlementBases = every<EntitlementRule['per']>()('household', 'member', 'child_under_5', 'school_age_child');
export const windowKinds = every<EntitlementRule['window']['kind']>()('rolling_days', 'school_year');
export const consignmentStatuses = every<Consignment['status']>()(
  'draft',
  'packed',
  'in_transit',
  'at_checkpoint',
  'offloaded',
  'collected',
  'received',
  'closed',
  'cancelled',
);
export const consignmentEventKinds = every<ConsignmentEvent['kind']>()(
  'created',
  'packed',
  'dispatched',
  'arrived',
  'under_review',
  'inspected',
  'departed',
  'offloaded',
  'collected',
  'received',
  'closed',
  'cancelled',
  'rerouted',
);
export const handlingUnitKinds = every<Consignment['handlingUnits'][number]['kind']>()('parcel', 'box', 'pallet');
export const transportModes = every<Consignment['route'][number]['mode']>()('road', 'air', 'sea', 'rail', 'on_foot');
export const inspectionOutcomes = every<NonNullable<ConsignmentEvent['inspection']>[number]['outcome']>()('cleared', 'held', 'rejected');
type ReceiptLine = NonNullable<ConsignmentEvent['receipt']>[number];
export const damagedReasons = every<NonNullable<ReceiptLine['damagedReason']>>()('crushed', 'wet', 'spoiled', 'broken_seal', 'other');
export const shortReasons = every<NonNullable<ReceiptLine['shortReason']>>()('missing', 'pilfered', 'miscounted', 'other');
export const lossKinds = every<DashboardLossCause['kind']>()('damaged', 'short', 'rejected', 'written-off');

export const lotStatuses = every<StockRow['status']>()('available', 'quarantined', 'expired', 'recalled', 'damaged');
/** What a person may set by hand: `expired` follows from the expiry date. */
export const settableLotStatuses = every<LotStatusInput['status']>()('available', 'quarantined', 'recalled', 'damaged');
export const expiryBands = every<StockRow['expiryBand']>()('expired', 'under-3-months', 'under-9-months', 'later', 'no-expiry');
export const triageClasses = every<IntakeLine['triage']>()('urgent', 'non-urgent', 'non-priority', 'unusable');
export const intakeSources = every<IntakeBody['source']>()('donation', 'purchase');
export const stockCountStatuses = every<StockCount['status']>()('open', 'closed');
export const countReasons = every<NonNullable<StockCount['lines'][number]['reason']>>()('lost', 'found', 'damaged', 'expired', 'theft', 'data-entry-error', 'other');
export const planStatuses = every<AllocationPlan['status']>()('proposed', 'accepted');
export const unmetConstraints = every<UnmetNeed['constraint']>()('no_stock', 'no_route', 'lead_time', 'shelf_life', 'outranked', 'route_capacity');
