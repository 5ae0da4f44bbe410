import { useState } from 'react';
import { api, unwrap, type Consignment, type HandlingUnitScan } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { ScreenProps } from '../routes';
import { Link } from '../router';
import { useSession } from '../session';
import { ConsignmentStatusTag, operationId } from '../ui/consignments';
import { localError } from '../ui/errors';
import { CheckboxField, Form, TextField, useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { ScanButton } from '../ui/QrScanner';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

/**
 * A field officer at a hub or crossing scans the QR label of a box, pallet or parcel (or types its
 * code when the browser cannot read QR codes) and records that it was seen: now, and where the
 * phone says it is if the person allows the browser to tell. The consignment's scans are listed
 * below, the latest first.
 */
export default function ConsignmentScan({ params }: ScreenProps) {
  const organisationId = params.organisationId!;
  const consignmentId = params.consignmentId!;
  const path = { organisationId, consignmentId };
  const data = useLoad(() => unwrap(api.GET('/api/organisations/{organisationId}/consignments/{consignmentId}', { params: { path } })), [organisationId, consignmentId]);
  const scans = useLoad(() => unwrap(api.GET('/api/organisations/{organisationId}/consignments/{consignmentId}/scans', { params: { path } })), [organisationId, consignmentId], {
    keep: true,
  });
  return (
    <Load state={data}>
      {(c) => (
        <div data-screen="consignment-scan">
          <ScanHeader consignment={c} />
          <ScanForm consignment={c} organisationId={organisationId} onRecorded={scans.reload} />
          <Load state={scans}>{(list) => <ScanHistory consignment={c} scans={list} />}</Load>
        </div>
      )}
    </Load>
  );
}

function ScanHeader({ consignment: c }: { consignment: Consignment }) {
  const { t } = useI18n();
  return (
    <PageHeader title={t('unitScan.title', { reference: c.reference })}>
      <p>
        {t('unitScan.intro')} · <ConsignmentStatusTag status={c.status} />
      </p>
    </PageHeader>
  );
}

/** The browser's position, or null when it is refused, unknown or too slow: a scan is worth recording without one. */
function currentPosition(): Promise<GeolocationCoordinates | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (p) => resolve(p.coords),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    ),
  );
}

function ScanForm({ consignment: c, organisationId, onRecorded }: { consignment: Consignment; organisationId: string; onRecorded(): void }) {
  const { t } = useI18n();
  const session = useSession();
  const [code, setCode] = useState('');
  const [note, setNote] = useState('');
  const [withPosition, setWithPosition] = useState(true);
  const [scanId, setScanId] = useState(operationId);
  const [recorded, setRecorded] = useState<{ code: string; positioned: boolean } | null>(null);
  const form = useFormState();
  // A retry of the same code keeps the scan's id (recorded once); another code is another scan.
  const changeCode = (text: string) => {
    setCode(text);
    setScanId(operationId());
  };

  if (!session.can('consignments:scan', organisationId)) return <NotAllowed title={t('consignment.scanUnits')} reason={t('consignment.nothingForYou')} />;

  const record = (text: string, id = scanId) =>
    form.run(async () => {
      setRecorded(null);
      const unitCode = text.trim().toUpperCase();
      if (!c.handlingUnits.some((u) => u.code === unitCode)) throw localError('not_a_unit_of_this_consignment', 'code');
      // The moment of the scan, before waiting for the position.
      const scannedAt = new Date().toISOString();
      const position = withPosition ? await currentPosition() : null;
      await unwrap(
        api.POST('/api/organisations/{organisationId}/handling-units/{code}/scans', {
          params: { path: { organisationId, code: unitCode } },
          body: { id, scannedAt, ...(position ? { latitude: position.latitude, longitude: position.longitude } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      );
      setRecorded({ code: unitCode, positioned: position !== null });
      setScanId(operationId());
      setCode('');
      setNote('');
      onRecorded();
    });

  return (
    <section className="panel" data-action="scan">
      {recorded && (
        <div className="notice notice-ok" role="status" data-recorded={recorded.code}>
          {t(recorded.positioned ? 'unitScan.recorded' : 'unitScan.recordedNoPosition', { code: recorded.code })}
        </div>
      )}
      <Form
        state={form}
        onSubmit={() => void record(code)}
        submitLabel={t('unitScan.record')}
        actions={
          <Link className="button button-quiet" to={`/consignments/${organisationId}/${c.id}`}>
            {t('consignment.title', { reference: c.reference })}
          </Link>
        }
      >
        <TextField name="code" label={t('unitScan.code')} hint={t('unitScan.codeHint')} autoComplete="off" autoCapitalize="characters" spellCheck={false} dir="ltr" value={code} onChange={changeCode} />
        <ScanButton
          hint={t('unitScan.pointAt')}
          onCode={(scanned) => {
            const id = operationId();
            setCode(scanned);
            setScanId(id);
            void record(scanned, id);
          }}
        />
        <CheckboxField name="position" label={t('unitScan.withPosition')} hint={t('unitScan.withPositionHint')} checked={withPosition} onChange={setWithPosition} />
        <TextField name="note" label={t('consignment.note')} value={note} onChange={setNote} />
      </Form>
    </section>
  );
}

function ScanHistory({ consignment: c, scans }: { consignment: Consignment; scans: HandlingUnitScan[] }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const units = new Map(c.handlingUnits.map((u) => [u.id, u]));
  const degrees = (n: number) => formatNumber(n, { minimumFractionDigits: 5, maximumFractionDigits: 5 });
  return (
    <section className="section" aria-labelledby="scan-history">
      <h2 id="scan-history">{t('unitScan.history')}</h2>
      <Table
        rows={scans}
        rowKey={(s) => s.id}
        empty={t('unitScan.none')}
        rowProps={(s) => ({ 'data-scan-of': s.code })}
        columns={[
          { header: t('consignment.unitCode'), code: true, cell: (s) => s.code },
          {
            header: t('consignment.unit'),
            cell: (s) => {
              const u = units.get(s.handlingUnitId);
              return u ? t('consignment.unitN', { kind: t(`handlingUnitKind.${u.kind}`), n: u.number, total: u.total }) : '—';
            },
          },
          { header: t('unitScan.when'), cell: (s) => <time dateTime={s.scannedAt}>{formatDateTime(s.scannedAt)}</time> },
          {
            header: t('unitScan.position'),
            cell: (s) => (s.latitude !== null && s.longitude !== null ? <span dir="ltr" data-position>{`${degrees(s.latitude)}, ${degrees(s.longitude)}`}</span> : '—'),
          },
          { header: t('unitScan.by'), cell: (s) => s.userDisplayName },
          { header: t('consignment.note'), cell: (s) => s.note ?? '' },
        ]}
      />
    </section>
  );
}
