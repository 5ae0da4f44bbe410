import QRCode from 'qrcode';
import { z } from 'zod';
import type { Permission } from '../../domain/access.js';
import type { ConsignmentView, HandlingUnitView } from '../../domain/consignments/views.js';
import { getConsignment } from '../../services/consignments/view.js';
import { ctxOf } from '../access.js';
import type { App, Deps } from '../app.js';
import { errors, OrganisationParams } from '../schemas.js';

/**
 * Printable pages for a consignment, rendered on the server as plain HTML (no script, no outside
 * resource: they print from any browser, also offline once opened): the packing list that travels
 * with the papers, and one label per handling unit with its QR code. The QR code holds the unit's
 * code (HU-XXXXXXXX): a scanner posts it to /api/organisations/{id}/handling-units/{code}/scans,
 * and the same code finds where the unit's goods went (/api/trace/handling-units/{code}, in the
 * web app /trace/handling-units/{code}).
 */

const esc = (s: string | number | null | undefined) =>
  String(s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const unitNames: Record<HandlingUnitView['kind'], string> = { parcel: 'Parcel', box: 'Box', pallet: 'Pallet' };

const page = (title: string, body: string, css: string) => `<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font-family: "Inter", "Vazirmatn", system-ui, sans-serif; margin: 12mm; color: #111; }
  h1 { font-size: 16pt; margin: 0 0 4mm; } h2 { font-size: 12pt; margin: 6mm 0 2mm; }
  table { border-collapse: collapse; width: 100%; font-size: 9.5pt; } th, td { border: 1px solid #999; padding: 1.5mm 2mm; text-align: start; vertical-align: top; }
  .bidi { unicode-bidi: plaintext; } .mark { display: inline-block; border: 2px solid #111; padding: 1mm 2mm; margin-inline-end: 2mm; font-weight: 700; }
  ${css}
  @media print { body { margin: 0; } .noprint { display: none; } }
</style></head><body>${body}</body></html>`;

const party = (label: string, org: { name: string }, place: { name: string }) =>
  `<div><strong>${esc(label)}</strong><br><span class="bidi">${esc(org.name)}</span><br><span class="bidi">${esc(place.name)}</span></div>`;

function contentsOf(c: ConsignmentView, u: HandlingUnitView) {
  const lines = new Map(c.lines.map((l) => [l.id, l]));
  return u.contents.map((x) => ({ line: lines.get(x.lineId)!, quantityUnits: x.quantityUnits }));
}

function marks(u: HandlingUnitView): string {
  return [u.fragile ? '<span class="mark">FRAGILE — handle with care</span>' : '', u.coldChain ? '<span class="mark">COLD CHAIN — keep +2 to +8 °C</span>' : ''].join('');
}

export function packingListHtml(c: ConsignmentView): string {
  const units = c.handlingUnits
    .map((u) =>
      contentsOf(c, u)
        .map(
          ({ line, quantityUnits }, i) => `<tr>
        ${i === 0 ? `<td rowspan="${u.contents.length}">${esc(u.code)}<br>${unitNames[u.kind]} ${u.number}/${u.total}<br>${u.weightKg} kg · ${u.volumeM3} m³ ${marks(u)}</td>` : ''}
        <td>${esc(line.itemCode)}</td><td class="bidi">${esc(line.itemName)}</td><td>${esc(line.lotCode)}</td><td>${esc(line.expiryDate ?? '—')}</td><td>${quantityUnits}</td></tr>`,
        )
        .join(''),
    )
    .join('');
  const lines = c.lines
    .map(
      (l) =>
        `<tr><td>${l.position}</td><td>${esc(l.itemCode)}</td><td class="bidi">${esc(l.itemName)}</td><td>${esc(l.lotCode)}</td><td>${esc(l.expiryDate ?? '—')}</td><td>${l.quantityUnits}</td><td>${esc(l.needLineId ?? '')}</td></tr>`,
    )
    .join('');
  const route = c.route.map((l) => `<li><span class="bidi">${esc(l.from.name)}</span> → <span class="bidi">${esc(l.to.name)}</span> (${esc(l.mode)})</li>`).join('');
  return page(
    `Packing list ${c.reference}`,
    `<h1>Packing list — consignment ${esc(c.reference)}</h1>
    <div class="parties">${party('Sender', c.sender, c.origin)}${party('Consignee', c.consignee, c.destination)}${c.carrier ? party('Carrier', c.carrier, { name: '' }) : ''}</div>
    <p>Status: ${esc(c.status.replace('_', ' '))} · ${c.totals.handlingUnits} handling units · ${c.totals.weightKg} kg · ${c.totals.volumeM3} m³${c.expectedArrivalOn ? ` · expected ${esc(c.expectedArrivalOn)}` : ''}</p>
    ${route ? `<h2>Route</h2><ol>${route}</ol>` : ''}
    <h2>Handling units</h2>
    <table><thead><tr><th>Unit</th><th>Item</th><th>Name</th><th>Lot</th><th>Expiry</th><th>Units</th></tr></thead><tbody>${units}</tbody></table>
    <h2>Lines</h2>
    <table><thead><tr><th>#</th><th>Item</th><th>Name</th><th>Lot</th><th>Expiry</th><th>Units</th><th>Need line</th></tr></thead><tbody>${lines}</tbody></table>
    <h2>Signatures</h2>
    <table><tr><th>Packed by</th><th>Dispatched by</th><th>Received by</th></tr><tr><td style="height:18mm"></td><td></td><td></td></tr></table>`,
    `.parties { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4mm; margin-bottom: 4mm; }`,
  );
}

/** One label per handling unit, two to an A4 page: who from, who to, what inside, marks, QR code. */
export async function labelsHtml(c: ConsignmentView): Promise<string> {
  const labels = await Promise.all(
    c.handlingUnits.map(async (u) => {
      const qr = await QRCode.toString(u.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      const contents = contentsOf(c, u)
        .map(({ line, quantityUnits }) => `<li>${quantityUnits} × ${esc(line.itemCode)} <span class="bidi">${esc(line.itemName)}</span> — lot ${esc(line.lotCode)}${line.expiryDate ? `, exp. ${esc(line.expiryDate)}` : ''}</li>`)
        .join('');
      return `<section class="label">
        <div class="head"><div><div class="ref">${esc(c.reference)}</div><div class="n">${unitNames[u.kind]} ${u.number}/${u.total}</div></div>
          <div class="qr" role="img" aria-label="QR code ${esc(u.code)}">${qr}<div class="code">${esc(u.code)}</div></div></div>
        <div class="parties">${party('From', c.sender, c.origin)}${party('To', c.consignee, c.destination)}</div>
        <div>${marks(u)}</div>
        <ul>${contents}</ul>
        <div>${u.weightKg} kg · ${u.volumeM3} m³ · humanitarian aid, not for sale</div>
      </section>`;
    }),
  );
  return page(
    `Labels ${c.reference}`,
    labels.length ? labels.join('') : '<p>No handling units yet: pack the consignment first.</p>',
    `.label { border: 2px solid #111; padding: 5mm; height: 128mm; box-sizing: border-box; margin-bottom: 6mm; page-break-inside: avoid; break-inside: avoid; }
     .head { display: flex; justify-content: space-between; gap: 4mm; } .ref { font-size: 14pt; font-weight: 700; } .n { font-size: 28pt; font-weight: 800; }
     .qr svg { width: 38mm; height: 38mm; display: block; } .code { font-family: monospace; font-size: 11pt; text-align: center; }
     .parties { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; margin: 3mm 0; } ul { margin: 2mm 0; padding-inline-start: 5mm; font-size: 10pt; }`,
  );
}

// Printed pages load nothing from anywhere: no script, no outside style, the QR codes inline.
const PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'self'";

export function consignmentPrintRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const params = OrganisationParams.extend({ consignmentId: z.uuid() });
  const config = { access: { permission: 'consignments:read' as Permission, in: 'organisation' as const } };
  const html = z.string().describe('an HTML page to print');
  const base = '/api/organisations/:organisationId/consignments/:consignmentId';
  const register = (path: string, summary: string, render: (c: ConsignmentView) => string | Promise<string>) =>
    app.get(
      `${base}${path}`,
      { config, schema: { tags: ['consignments'], summary, params, produces: ['text/html'], response: { 200: html, ...errors(400, 401, 403, 404) } } },
      async (request, reply) => {
        const c = await getConsignment(ctxOf(db, request), request.params.organisationId, request.params.consignmentId);
        return reply.type('text/html; charset=utf-8').header('content-security-policy', PRINT_CSP).send(await render(c));
      },
    );
  register('/packing-list', 'The packing list, to print: parties, route, each handling unit and what it holds, lines with lots and expiry', packingListHtml);
  register('/labels', 'Labels to print, one per handling unit: n/N, sender, consignee, contents, fragile and cold-chain marks, a QR code of the unit code', labelsHtml);
}
