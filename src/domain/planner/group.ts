/** Appends `value` to the list under `key` (in place: grouping thousands of records stays linear). */
export function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
