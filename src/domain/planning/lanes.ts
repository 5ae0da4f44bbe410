import { z } from 'zod';
import { LocationRef } from '../refs.js';

const Timestamp = z.iso.datetime({ offset: true });

/**
 * A transport lane as a coordinator describes it: from one of the organisation's warehouses to
 * a destination (a governorate, or a site such as a partner's warehouse), how long the road
 * takes, how often a departure leaves and how much each departure carries.
 */
export const LaneInput = z.strictObject({
  fromLocationId: z.uuid().describe("one of the organisation's own sites (a warehouse)"),
  toLocationId: z.uuid().describe('a governorate or district, or a site; needs there and below it are served by the lane'),
  leadTimeDays: z.number().int().nonnegative().max(365).describe('days from departure to arrival'),
  periodDays: z.number().int().positive().max(365).describe('a departure leaves on the plan day and then every this many days'),
  capacityKgPerPeriod: z.number().nonnegative().max(1e9).describe('kg one departure carries'),
  capacityM3PerPeriod: z.number().nonnegative().max(1e7).describe('m³ one departure carries'),
});
export type LaneInput = z.infer<typeof LaneInput>;

/** A change of a lane's timing or capacity; its two ends stay (a new pair is a new lane). */
export const LaneUpdate = LaneInput.omit({ fromLocationId: true, toLocationId: true })
  .partial()
  .refine((u) => Object.keys(u).length > 0, { message: 'give at least one field to change' });
export type LaneUpdate = z.infer<typeof LaneUpdate>;

export const LaneView = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    from: LocationRef,
    to: LocationRef,
    leadTimeDays: z.number().int(),
    periodDays: z.number().int(),
    capacityKgPerPeriod: z.number(),
    capacityM3PerPeriod: z.number(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'TransportLane' });
export type LaneView = z.infer<typeof LaneView>;
