/**
 * What an exact solve decides, before it is turned into allocation lines: how many units each
 * shipment option carries from lots, from pledges and as freshly assembled kits, and how many
 * units each need line receives. Indexed by `ShipmentOption.index` and by need line id.
 */
export interface ShipmentFlows {
  fromLotsUnits: number[];
  fromPledgesUnits: number[];
  kitsAssembledUnits: number[];
  servedUnits: Map<string, number>;
}
