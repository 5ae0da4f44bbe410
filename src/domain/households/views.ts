import { z } from 'zod';
import { LocationRef, OrganisationRef } from '../refs.js';
import { vulnerabilityFlags } from './household.js';

const Timestamp = z.iso.datetime({ offset: true });

/**
 * That the same identity document is registered with another partner, and nothing else about
 * that household: the two partners need to know whom to talk to, not who the family is.
 */
export const OtherRegistrationView = z
  .object({
    organisation: OrganisationRef,
    registeredOn: z.iso.date().describe('the day the other partner registered the document'),
  })
  .meta({ id: 'OtherRegistration' });

export const HouseholdView = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    location: LocationRef,
    memberCount: z.number().int(),
    childrenUnder5Count: z.number().int(),
    schoolAgeChildrenCount: z.number().int(),
    vulnerabilities: z.array(z.enum(vulnerabilityFlags)),
    alsoRegisteredWith: z.array(OtherRegistrationView),
    registeredAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Household' });
export type HouseholdView = z.infer<typeof HouseholdView>;
