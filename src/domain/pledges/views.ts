import { z } from 'zod';
import { ItemRef, OrganisationRef } from '../refs.js';
import { donorKinds, pledgeLineKinds, pledgeStatuses } from './pledge.js';

const Timestamp = z.iso.datetime({ offset: true });

export const DonorView = z
  .object({
    kind: z.enum(donorKinds),
    organisation: OrganisationRef.nullable(),
    displayName: z
      .string()
      .nullable()
      .describe("an individual donor's name, shown only to the organisation that recorded the pledge"),
  })
  .meta({ id: 'Donor' });

export const PledgeLineView = z
  .object({
    id: z.uuid(),
    kind: z.enum(pledgeLineKinds),
    needLineId: z.uuid().nullable(),
    needId: z.uuid().nullable(),
    item: ItemRef.nullable().describe('goods lines'),
    quantityUnits: z.number().int().nullable().describe('goods lines: units promised'),
    receivedUnits: z.number().int().nullable().describe('goods lines: units brought in at intake'),
    unusableUnits: z.number().int().nullable().describe('goods lines: of those received, found unusable at triage'),
    currency: z.string().nullable().describe('cash lines'),
    amountMinor: z.number().int().nullable().describe('cash lines: promised, in minor units'),
    receivedMinor: z.number().int().nullable().describe('cash lines: received so far, in minor units'),
  })
  .meta({ id: 'PledgeLine' });
export type PledgeLineView = z.infer<typeof PledgeLineView>;

export const CashReceiptView = z
  .object({
    id: z.uuid(),
    pledgeLineId: z.uuid(),
    currency: z.string(),
    amountMinor: z.number().int(),
    receivedOn: z.iso.date(),
    recordedAt: Timestamp,
    recordedBy: z.uuid(),
  })
  .meta({ id: 'CashReceipt' });
export type CashReceiptView = z.infer<typeof CashReceiptView>;

export const PledgeView = z
  .object({
    id: z.uuid(),
    organisation: OrganisationRef.describe('the sending organisation that took the pledge and receives what is given'),
    donor: DonorView,
    expectedOn: z.iso.date(),
    status: z.enum(pledgeStatuses),
    lines: z.array(PledgeLineView),
    cashReceipts: z.array(CashReceiptView),
    createdAt: Timestamp,
    createdBy: z.uuid(),
    cancelledAt: Timestamp.nullable(),
    cancelReason: z.string().nullable(),
  })
  .meta({ id: 'Pledge' });
export type PledgeView = z.infer<typeof PledgeView>;
