/**
 * Ledger arithmetic: balances are the sum of what came in minus what went out, per account,
 * item and lot. Replaying every transfer into empty balances must give the balances table.
 */
export interface Movement {
  fromAccountId: string;
  toAccountId: string;
  itemId: string;
  lotId: string;
  quantityUnits: number;
}

export interface BalanceKey {
  accountId: string;
  itemId: string;
  lotId: string;
}

export const balanceKey = (k: BalanceKey): string => `${k.accountId}|${k.itemId}|${k.lotId}`;

export function parseBalanceKey(key: string): BalanceKey {
  const [accountId, itemId, lotId] = key.split('|') as [string, string, string];
  return { accountId, itemId, lotId };
}

export class Balances {
  readonly units = new Map<string, number>();

  apply(m: Movement): void {
    this.add({ accountId: m.fromAccountId, itemId: m.itemId, lotId: m.lotId }, -m.quantityUnits);
    this.add({ accountId: m.toAccountId, itemId: m.itemId, lotId: m.lotId }, m.quantityUnits);
  }

  add(k: BalanceKey, units: number): void {
    const key = balanceKey(k);
    this.units.set(key, (this.units.get(key) ?? 0) + units);
  }

  get(k: BalanceKey): number {
    return this.units.get(balanceKey(k)) ?? 0;
  }

  /** Conservation: for every item and lot, the balances of all accounts sum to zero. */
  unconservedLots(): { itemId: string; lotId: string; sumUnits: number }[] {
    const sums = new Map<string, number>();
    for (const [key, units] of this.units) {
      const { itemId, lotId } = parseBalanceKey(key);
      const lot = `${itemId}|${lotId}`;
      sums.set(lot, (sums.get(lot) ?? 0) + units);
    }
    return [...sums]
      .filter(([, sum]) => sum !== 0)
      .map(([lot, sumUnits]) => {
        const [itemId, lotId] = lot.split('|') as [string, string];
        return { itemId, lotId, sumUnits };
      });
  }
}

export interface BalanceDifference extends BalanceKey {
  storedUnits: number;
  replayedUnits: number;
}

/** Every key where the stored balances and the replayed ones disagree (a missing row counts as 0). */
export function compareBalances(stored: Balances, replayed: Balances): BalanceDifference[] {
  const keys = new Set([...stored.units.keys(), ...replayed.units.keys()]);
  const differences: BalanceDifference[] = [];
  for (const key of [...keys].sort()) {
    const storedUnits = stored.units.get(key) ?? 0;
    const replayedUnits = replayed.units.get(key) ?? 0;
    if (storedUnits !== replayedUnits) differences.push({ ...parseBalanceKey(key), storedUnits, replayedUnits });
  }
  return differences;
}
