import type { LegInput } from './inputs.js';

/**
 * Changing the route of a consignment on its way: the part of the route already travelled stays
 * at its head, so the record of where the goods went is never rewritten; only the road ahead
 * changes (a crossing closes, goods go by another hub).
 */

/** The places a route passes, from its origin to its end. */
export const placesOf = (legs: readonly { fromLocationId: string; toLocationId: string }[]): string[] =>
  legs.length === 0 ? [] : [legs[0]!.fromLocationId, ...legs.map((l) => l.toLocationId)];

/**
 * The route travelled so far: from the origin, each place a journey step was recorded at (in
 * order), with the planned stops between two such places that were passed without a step (an
 * airport nobody recorded). A place off the planned route (`legs`; none: straight from the
 * origin to the destination) is kept as it was reached.
 */
export function travelledRoute(
  ends: { originLocationId: string; destinationLocationId: string },
  legs: readonly { fromLocationId: string; toLocationId: string }[],
  steps: readonly { locationId: string | null }[],
): string[] {
  const { originLocationId } = ends;
  const planned = legs.length ? placesOf(legs) : [originLocationId, ends.destinationLocationId];
  const route = [originLocationId];
  // Where on the planned route the goods last were; −1 while off it.
  let at = planned[0] === originLocationId ? 0 : -1;
  for (const { locationId: place } of steps) {
    if (!place || place === route.at(-1)) continue;
    const next = planned.indexOf(place, at + 1);
    if (next > 0 && at >= 0) route.push(...planned.slice(at + 1, next + 1));
    else route.push(place);
    at = next;
  }
  return route;
}

/**
 * The first place (0 = the origin) at which a new route leaves the route travelled so far, with
 * the place it should have kept there; undefined when it keeps it all.
 */
export function departureFromTravelled(newLegs: readonly LegInput[], travelled: readonly string[]): { position: number; expected: string } | undefined {
  const places = placesOf(newLegs);
  const position = travelled.findIndex((place, i) => places[i] !== place);
  return position < 0 ? undefined : { position, expected: travelled[position]! };
}
