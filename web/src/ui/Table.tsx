import type { HTMLAttributes, ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell(row: T): ReactNode;
  /** Numbers line up at the end of the cell, in tabular figures. */
  numeric?: boolean;
  /** Codes and identifiers: kept on one line and left to right. */
  code?: boolean;
}

/** A list as a table that scrolls sideways on a phone; `empty` is said when there are no rows. */
export function Table<T>(props: {
  rows: readonly T[];
  columns: readonly (Column<T> | false | undefined)[];
  rowKey(row: T): string;
  empty: string;
  rowProps?(row: T): HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string>;
}) {
  if (props.rows.length === 0) return <p className="empty">{props.empty}</p>;
  const columns = props.columns.filter((c): c is Column<T> => Boolean(c));
  const className = (c: Column<T>) => (c.numeric ? 'number' : c.code ? 'nowrap' : undefined);
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? 'number' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)} {...props.rowProps?.(row)}>
              {columns.map((c) => (
                <td key={c.header} className={className(c)}>
                  {/* Inline, so a left-to-right code keeps the cell aligned with the page's direction. */}
                  {c.code ? <span className="code">{c.cell(row)}</span> : c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
