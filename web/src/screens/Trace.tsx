import type { MouseEvent } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { useI18n, type I18n } from '../i18n/i18n';
import type { ScreenProps } from '../routes';
import { navigate } from '../router';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

type TraceData = Schemas['Trace'];
type TraceNode = Schemas['TraceNode'];
type Stage = TraceNode['stage'];
type Checkpoint = TraceNode['checkpoints'][number];

/** The diagram's columns, in the order goods travel. */
const stages: readonly Stage[] = ['origin', 'pledge', 'lot', 'store', 'transit', 'site', 'outcome', 'area'];
const kinds = { pledges: 'pledge', lots: 'lot', consignments: 'consignment', 'handling-units': 'handling-unit' } as const;

const NODE_W = 160;
const NODE_H = 46;
/** Each checkpoint a consignment passed adds a row to its node: the place, the wait, what was rejected. */
const CHECKPOINT_H = 34;
const COLUMN_W = 210;
const ROW_GAP = 18;
const PAD = 16;
const HEAD = 28;
const MAX_EDGE_PX = 26;

/** "Where did it go?": the flow of a pledge, a lot, a consignment or a handling unit (by id or label code), drawn as columns joined by bands as wide as the quantities. */
export default function Trace({ params }: ScreenProps) {
  const { t } = useI18n();
  const kind = kinds[params.kind as keyof typeof kinds];
  const id = params.id!;
  const data = useLoad(async () => {
    if (kind === 'pledge') return unwrap(api.GET('/api/trace/pledges/{pledgeId}', { params: { path: { pledgeId: id } } }));
    if (kind === 'lot') return unwrap(api.GET('/api/trace/lots/{lotId}', { params: { path: { lotId: id } } }));
    if (kind === 'handling-unit') return unwrap(api.GET('/api/trace/handling-units/{handlingUnitId}', { params: { path: { handlingUnitId: id } } }));
    return unwrap(api.GET('/api/trace/consignments/{consignmentId}', { params: { path: { consignmentId: id } } }));
  }, [kind, id]);
  return (
    <div data-screen="trace">
      <PageHeader title={t(`trace.title.${kind ?? 'lot'}`)}>
        <p className="muted">{t('trace.intro')}</p>
      </PageHeader>
      <Load state={data}>{(trace) => <TraceView trace={trace} />}</Load>
    </div>
  );
}

function TraceView({ trace }: { trace: TraceData }) {
  const i18n = useI18n();
  const { t, nameOf, formatNumber, formatDate, formatDateTime } = i18n;
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const unit = trace.nodes.find((n) => n.root && n.handlingUnit)?.handlingUnit ?? null;
  const roads = trace.nodes.filter((n) => n.kind === 'consignment' && n.checkpoints.length > 0);
  return (
    <>
      {unit && (
        <section className="panel" aria-labelledby="trace-unit" data-unit={unit.code}>
          <h2 id="trace-unit">{t('trace.unitTitle')}</h2>
          <p>
            {t('consignment.unitN', { kind: t(`handlingUnitKind.${unit.kind}`), n: formatNumber(unit.number), total: formatNumber(unit.total) })} ·{' '}
            <bdi>{t('trace.unitCode', { code: unit.code })}</bdi>
          </p>
          <Table
            rows={unit.contents}
            rowKey={(x) => `${x.item.id}-${x.lot.id}`}
            empty=""
            columns={[
              { header: t('trace.item'), cell: (x) => nameOf(x.item.names) },
              { header: t('trace.node.lot'), code: true, cell: (x) => x.lot.lotCode },
              {
                header: t('trace.quantity'),
                numeric: true,
                cell: (x) => (
                  <>
                    {formatNumber(x.quantityUnits)} <bdi>{x.item.unit}</bdi>
                  </>
                ),
              },
            ]}
          />
        </section>
      )}
      {trace.notes.map((note) => (
        <p key={note} className="notice" data-note={note}>
          {t(`traceNote.${note}`)}
        </p>
      ))}
      <section className="panel" aria-labelledby="trace-flow">
        <h2 id="trace-flow">{t('trace.flowTitle')}</h2>
        {trace.edges.length === 0 ? <p className="muted">{t('trace.nothingYet')}</p> : <Diagram trace={trace} />}
        <p className="bar-caption">{t('trace.households', { min: formatNumber(trace.minimumHouseholds) })}</p>
      </section>
      {roads.length > 0 && (
        <section className="panel" aria-labelledby="trace-checkpoints">
          <h2 id="trace-checkpoints">{t('trace.checkpointsTitle')}</h2>
          <Table
            rows={roads.flatMap((road) => road.checkpoints.map((cp, i) => ({ road, cp, i })))}
            rowKey={({ road, i }) => `${road.id}-${i}`}
            rowProps={({ cp }) => ({ 'data-checkpoint': cp.location.id })}
            empty=""
            columns={[
              { header: t('trace.node.consignment'), code: true, cell: ({ road }) => road.consignmentReference ?? road.consignmentId?.slice(0, 8) },
              { header: t('trace.node.checkpoint'), cell: ({ cp }) => nameOf(cp.location.names) },
              { header: t('trace.arrived'), cell: ({ cp }) => <time dateTime={cp.arrivedAt}>{formatDateTime(cp.arrivedAt)}</time> },
              { header: t('trace.left'), cell: ({ cp }) => (cp.leftAt ? <time dateTime={cp.leftAt}>{formatDateTime(cp.leftAt)}</time> : t('trace.stillThere')) },
              {
                header: t('trace.dwell'),
                cell: ({ cp }) => (
                  <>
                    <span data-dwell-hours={cp.dwellHours}>{dwellText(i18n, cp)}</span>
                    {cp.underReviewSince && <div className="muted">{t('trace.underReviewSince', { date: formatDate(cp.underReviewSince) })}</div>}
                  </>
                ),
              },
              {
                header: t('trace.rejected'),
                cell: ({ cp }) =>
                  cp.rejections.length === 0
                    ? '—'
                    : cp.rejections.map((r) => (
                        <div key={`${r.item.id}-${r.lot.id}`} data-rejected={r.rejectedUnits}>
                          {t('trace.rejectedLine', { count: formatNumber(r.rejectedUnits), item: nameOf(r.item.names), lot: r.lot.lotCode, reason: r.reason ?? '' })}
                        </div>
                      )),
              },
            ]}
          />
        </section>
      )}
      {trace.totals.length > 0 && (
        <section className="panel" aria-labelledby="trace-totals">
          <h2 id="trace-totals">{t('trace.totalsTitle')}</h2>
          <Table
            rows={trace.totals}
            rowKey={(x) => x.item.id}
            rowProps={(x) => ({ 'data-item': x.item.code })}
            empty=""
            columns={[
              { header: t('trace.item'), cell: (x) => nameOf(x.item.names) },
              { header: t('trace.received'), numeric: true, cell: (x) => formatNumber(x.receivedUnits + x.assembledUnits) },
              { header: t('trace.inStock'), numeric: true, cell: (x) => formatNumber(x.inStockUnits) },
              { header: t('trace.inTransit'), numeric: true, cell: (x) => formatNumber(x.inTransitUnits) },
              { header: t('trace.distributed'), numeric: true, cell: (x) => <span data-distributed={x.distributedUnits}>{formatNumber(x.distributedUnits)}</span> },
              { header: t('trace.lost'), numeric: true, cell: (x) => formatNumber(x.lostUnits) },
              { header: t('trace.inKits'), numeric: true, cell: (x) => formatNumber(x.inKitsUnits) },
            ]}
          />
        </section>
      )}
      {trace.edges.length > 0 && (
        <section className="panel" aria-labelledby="trace-moves">
          <h2 id="trace-moves">{t('trace.movesTitle')}</h2>
          <Table
            rows={trace.edges}
            rowKey={(e) => `${e.from}-${e.to}-${e.item.id}`}
            empty=""
            columns={[
              { header: t('trace.from'), cell: (e) => longLabel(i18n, byId.get(e.from)!) },
              { header: t('trace.to'), cell: (e) => longLabel(i18n, byId.get(e.to)!) },
              { header: t('trace.item'), cell: (e) => nameOf(e.item.names) },
              {
                header: t('trace.quantity'),
                numeric: true,
                cell: (e) => (
                  <>
                    {formatNumber(e.quantityUnits)} <bdi>{e.item.unit}</bdi>
                  </>
                ),
              },
            ]}
          />
        </section>
      )}
    </>
  );
}

/** What a node says: a title and a line beneath it. */
function nodeLabel(i18n: I18n, n: TraceNode): { title: string; sub: string } {
  const { t, nameOf, formatNumber } = i18n;
  const households = () =>
    n.householdsSuppressed || n.householdsServed === null ? t('trace.householdsHidden') : t('trace.householdsServed', { count: formatNumber(n.householdsServed) });
  switch (n.kind) {
    case 'donor':
      return { title: n.organisation ? nameOf(n.organisation.names) : t(`donorKind.${n.donorKind === 'individual' ? 'individual' : 'anonymous'}`), sub: t('trace.node.donor') };
    case 'source':
      return { title: t(`trace.source.${n.donorKind === 'gain' ? 'gain' : n.donorKind === 'purchase' ? 'purchase' : 'other'}`), sub: '' };
    case 'pledge':
      return { title: t('trace.node.pledge'), sub: n.pledgeId?.slice(0, 8) ?? '' };
    case 'lot':
      return { title: n.lot?.lotCode ?? t('trace.node.lot'), sub: n.lot ? nameOf(n.lot.item.names) : '' };
    case 'location':
      return { title: n.location ? nameOf(n.location.names) : '', sub: n.siteKind ? t(`siteKind.${n.siteKind}`) : '' };
    case 'consignment':
      return { title: t('trace.node.consignment'), sub: n.consignmentReference ?? n.consignmentId?.slice(0, 8) ?? '' };
    case 'handling-unit':
      return n.handlingUnit
        ? {
            title: t('consignment.unitN', { kind: t(`handlingUnitKind.${n.handlingUnit.kind}`), n: formatNumber(n.handlingUnit.number), total: formatNumber(n.handlingUnit.total) }),
            sub: n.handlingUnit.code,
          }
        : { title: '', sub: '' };
    case 'distributed':
      return { title: n.location ? nameOf(n.location.names) : '', sub: households() };
    case 'loss':
      return { title: t(`lossReason.${(n.lossReason ?? 'other') as 'other'}`), sub: t('trace.node.loss') };
    case 'governorate':
      return { title: n.location ? nameOf(n.location.names) : '', sub: households() };
  }
}

/** How long a consignment waited at a checkpoint: hours, or days and hours. */
function dwellText({ t, formatNumber }: I18n, cp: Checkpoint): string {
  const hours = Math.round(cp.dwellHours);
  return hours < 24
    ? t('trace.dwellHours', { hours: formatNumber(cp.dwellHours, { maximumFractionDigits: 1 }) })
    : t('trace.dwellDays', { days: formatNumber(Math.floor(hours / 24)), hours: formatNumber(hours % 24) });
}

/** A node named on its own, in a table row: "handed out at" a site, not just the site. */
function longLabel(i18n: I18n, n: TraceNode): string {
  const { title, sub } = nodeLabel(i18n, n);
  if (n.kind === 'distributed') return i18n.t('trace.handedOutAt', { site: title });
  // A consignment or a unit is known by its reference or code, as on its papers and label.
  return (n.kind === 'consignment' || n.kind === 'handling-unit') && sub ? `${title} ${sub}` : title;
}

const linkOf = (n: TraceNode): string | null =>
  n.kind === 'lot' && n.lot && !n.root
    ? `/trace/lots/${n.lot.id}`
    : n.kind === 'consignment' && n.consignmentId && !n.root
      ? `/trace/consignments/${n.consignmentId}`
      : n.kind === 'pledge' && n.pledgeId
        ? `/pledges/${n.pledgeId}`
        : null;

const clip = (s: string, max = 24) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * The diagram. Columns are the stages present; within a column the busiest node comes first.
 * In Persian and Arabic the columns run from the right, so goods flow the way the page reads.
 */
function Diagram({ trace }: { trace: TraceData }) {
  const i18n = useI18n();
  const { t, nameOf, formatNumber, dir } = i18n;
  // A warehouse that received goods from a consignment is drawn after it, among the consignments'
  // columns, so the band from the road to the warehouse runs forward like every other.
  const stageOfNode = new Map(trace.nodes.map((n) => [n.id, n.stage]));
  const fedByRoad = new Set(trace.edges.filter((e) => stageOfNode.get(e.from) === 'transit' && stageOfNode.get(e.to) === 'store').map((e) => e.to));
  const stageOf = new Map(trace.nodes.map((n) => [n.id, fedByRoad.has(n.id) ? 'transit' : n.stage]));
  const present = stages.filter((s) => trace.nodes.some((n) => stageOf.get(n.id) === s));
  const throughput = new Map<string, number>();
  for (const e of trace.edges) {
    throughput.set(e.from, (throughput.get(e.from) ?? 0) + e.quantityUnits);
    throughput.set(e.to, (throughput.get(e.to) ?? 0) + e.quantityUnits);
  }
  // Within a stage, goods may pass several places (a warehouse hands over to another): each step
  // gets a column of its own, so every band runs forward. Bounded passes, in case of a cycle.
  const step = new Map(trace.nodes.map((n) => [n.id, 0]));
  for (let pass = 0; pass < trace.nodes.length; pass++) {
    let changed = false;
    for (const e of trace.edges) {
      if (stageOf.get(e.from) !== stageOf.get(e.to)) continue;
      const next = Math.min(step.get(e.from)! + 1, 6);
      if (next > step.get(e.to)!) {
        step.set(e.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columnKeys = present.flatMap((st) => {
    const deepest = Math.max(...trace.nodes.filter((n) => stageOf.get(n.id) === st).map((n) => step.get(n.id)!));
    return Array.from({ length: deepest + 1 }, (_, depth) => ({ stage: st, depth }));
  });
  const columns = columnKeys.map((c) =>
    trace.nodes
      .filter((n) => stageOf.get(n.id) === c.stage && step.get(n.id) === c.depth)
      .sort((a, b) => (throughput.get(b.id) ?? 0) - (throughput.get(a.id) ?? 0)),
  );
  const heightOf = (n: TraceNode) => NODE_H + n.checkpoints.length * CHECKPOINT_H;
  const columnHeight = (c: readonly TraceNode[]) => c.reduce((sum, n) => sum + heightOf(n) + ROW_GAP, 0);
  const width = PAD * 2 + (columnKeys.length - 1) * COLUMN_W + NODE_W;
  const height = HEAD + PAD * 2 + Math.max(NODE_H + ROW_GAP, ...columns.map(columnHeight));
  const xOf = (column: number) => (dir === 'rtl' ? width - PAD - column * COLUMN_W - NODE_W : PAD + column * COLUMN_W);
  const place = new Map<string, { x: number; y: number }>();
  columns.forEach((c, ci) => c.forEach((n, ri) => place.set(n.id, { x: xOf(ci), y: HEAD + PAD + columnHeight(c.slice(0, ri)) })));
  const maxUnits = Math.max(1, ...trace.edges.map((e) => e.quantityUnits));
  const forward = dir === 'rtl' ? -1 : 1;
  const go = (href: string) => (event: MouseEvent) => {
    event.preventDefault();
    navigate(href);
  };

  return (
    <div className="trace-diagram">
      <svg
        role="img"
        aria-label={t('trace.diagramLabel', { nodes: formatNumber(trace.nodes.length), flows: formatNumber(trace.edges.length) })}
        width="100%"
        viewBox={`0 0 ${width} ${height}`}
        style={{ minInlineSize: `${Math.round(width * 0.7)}px`, maxInlineSize: `${width}px` }}
        data-dir={dir}
      >
        {columnKeys.map((c, ci) =>
          c.depth === 0 ? (
            <text key={c.stage} className="trace-stage" x={xOf(ci) + NODE_W / 2} y={18} textAnchor="middle" data-stage={c.stage}>
              {t(`traceStage.${c.stage}`)}
            </text>
          ) : null,
        )}
        {trace.edges.map((e) => {
          const a = place.get(e.from);
          const b = place.get(e.to);
          if (!a || !b) return null;
          const x1 = dir === 'rtl' ? a.x : a.x + NODE_W;
          const x2 = dir === 'rtl' ? b.x + NODE_W : b.x;
          const y1 = a.y + NODE_H / 2;
          const y2 = b.y + NODE_H / 2;
          const bend = Math.max(48, Math.abs(x2 - x1) / 2);
          const strokeWidth = Math.max(1.5, (MAX_EDGE_PX * e.quantityUnits) / maxUnits);
          const loss = e.to.startsWith('loss:');
          return (
            <path
              key={`${e.from}-${e.to}-${e.item.id}`}
              className={`trace-edge${loss ? ' trace-edge-loss' : ''}`}
              d={`M ${x1} ${y1} C ${x1 + forward * bend} ${y1}, ${x2 - forward * bend} ${y2}, ${x2} ${y2}`}
              strokeWidth={strokeWidth}
              data-from={e.from}
              data-to={e.to}
              data-units={e.quantityUnits}
            >
              <title>{`${nameOf(e.item.names)}: ${formatNumber(e.quantityUnits)} ${e.item.unit}`}</title>
            </path>
          );
        })}
        {trace.nodes.map((n) => {
          const p = place.get(n.id);
          if (!p) return null;
          const label = nodeLabel(i18n, n);
          const href = linkOf(n);
          const body = (
            <g className={`trace-node trace-node-${n.kind}${n.root ? ' trace-node-root' : ''}`} data-node={n.id} transform={`translate(${p.x} ${p.y})`}>
              <title>{label.sub ? `${label.title} — ${label.sub}` : label.title}</title>
              <rect width={NODE_W} height={heightOf(n)} rx={5} />
              <text x={NODE_W / 2} y={18} textAnchor="middle">
                {clip(label.title)}
              </text>
              <text className="trace-sub" x={NODE_W / 2} y={35} textAnchor="middle">
                {clip(label.sub, 28)}
              </text>
              {n.checkpoints.map((cp, i) => (
                <CheckpointRow key={`${cp.location.id}-${i}`} cp={cp} y={NODE_H + i * CHECKPOINT_H} />
              ))}
            </g>
          );
          return href ? (
            <a key={n.id} href={href} onClick={go(href)}>
              {body}
            </a>
          ) : (
            <g key={n.id}>{body}</g>
          );
        })}
      </svg>
    </div>
  );
}

/** One checkpoint on a consignment's node: the place, how long it waited, and what was rejected there. */
function CheckpointRow({ cp, y }: { cp: Checkpoint; y: number }) {
  const i18n = useI18n();
  const { t, nameOf, formatNumber } = i18n;
  const rejected = cp.rejections.reduce((sum, r) => sum + r.rejectedUnits, 0);
  const name = nameOf(cp.location.names);
  const wait = `${dwellText(i18n, cp)}${cp.leftAt ? '' : ` (${t('trace.stillThere')})`}`;
  const rejectedText = rejected > 0 ? t('trace.rejectedUnits', { count: formatNumber(rejected) }) : '';
  return (
    <g className="trace-checkpoint" data-checkpoint={cp.location.id} data-dwell-hours={cp.dwellHours} data-rejected={rejected} transform={`translate(0 ${y})`}>
      <title>{[name, wait, rejectedText].filter(Boolean).join(' — ')}</title>
      <line x1={8} x2={NODE_W - 8} y1={0} y2={0} />
      <text x={NODE_W / 2} y={14} textAnchor="middle">
        {clip(name, 26)}
      </text>
      <text className="trace-sub" x={NODE_W / 2} y={28} textAnchor="middle">
        {dwellText(i18n, cp)}
        {rejectedText && <tspan className="trace-rejected">{` · ${rejectedText}`}</tspan>}
      </text>
    </g>
  );
}
