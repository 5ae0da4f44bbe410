import QRCode from 'qrcode';
import { api, unwrap, type Household, type OrganisationRef } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { Load } from '../ui/Loading';
import { chosenOrganisation, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { Pager, usePage } from '../ui/Pager';
import { householdFilter, householdRef } from '../ui/households';
import { useLoad } from '../ui/useLoad';

/** Ten ID-1 cards (85.6 × 54 mm) fill an A4 sheet in two columns of five, within its margins. */
const CARDS_PER_SHEET = 10;
/** Twenty sheets at a time: a printer's tray, and a page the browser lays out quickly. */
const CARDS_PER_BATCH = 200;

/**
 * Printable cards for the households of the list's filters (a place and everything under it, a
 * code, those registered twice): each shows the code in large letters and as a QR code, the
 * household's size and its place, and nothing that identifies the family.
 */
export default function HouseholdCards() {
  const acting = useActingOrganisations('households:read', 'partner');
  return <Load state={acting}>{(candidates) => <Cards candidates={candidates} />}</Load>;
}

interface Card {
  household: Household;
  /** What the QR code holds: the whole id, so a scan finds the household even where two share the printed code's 8 digits. */
  payload: string;
  svg: string;
}

/** The same QR code as the consignment labels printed by the server (src/http/print/consignments.ts): an inline SVG, nothing fetched. */
const qrSvg = (payload: string) => QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });

function Cards({ candidates }: { candidates: OrganisationRef[] }) {
  const { t, nameOf, formatNumber } = useI18n();
  const [query] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'));
  const filter = householdFilter(query);
  const page = usePage(CARDS_PER_BATCH);
  const organisationId = organisation?.id;
  const batch = useLoad(async () => {
    if (!organisationId) return { cards: [], more: false };
    const found = await unwrap(
      api.GET('/api/organisations/{organisationId}/households', {
        params: { path: { organisationId }, query: { ...filter.api, ...page.apiQuery } },
      }),
    );
    const households = found.slice(0, CARDS_PER_BATCH);
    const cards: Card[] = await Promise.all(households.map(async (household) => ({ household, payload: household.id, svg: await qrSvg(household.id) })));
    return { cards, more: found.length > CARDS_PER_BATCH };
  }, [organisationId, filter.key, page.from]);
  if (!organisation) {
    return <NotAllowed title={t('cards.title')} reason={t('households.notAllowed')} />;
  }
  const listQuery = new URLSearchParams(query);
  listQuery.delete('from');
  // The code as the reader writes digits; the distribution screen reads them back in any script.
  const localDigits = (text: string) => text.replace(/[0-9]/g, (d) => formatNumber(Number(d)));

  return (
    <div className="household-cards" data-screen="household-cards">
      <div className="no-print">
        <PageHeader
          title={t('cards.title')}
          actions={
            <>
              <button type="button" className="button-primary" onClick={() => window.print()} data-print>
                {t('cards.print')}
              </button>
              <Link className="button" to={`/households?${listQuery.toString()}`}>
                {t('cards.back')}
              </Link>
            </>
          }
        >
          <p>{t('cards.intro')}</p>
        </PageHeader>
      </div>
      <Load state={batch}>
        {({ cards, more }) =>
          cards.length === 0 ? (
            <p data-empty>{t('cards.empty')}</p>
          ) : (
            <>
              <Pager
                page={page}
                shown={cards.length}
                more={more}
                labels={{ range: (first, last) => t('cards.range', { first, last }), previous: t('cards.previous'), next: t('cards.next') }}
              />
              {sheets(cards).map((sheet, i) => (
                <div className="card-sheet" key={i}>
                  {sheet.map(({ household, payload, svg }) => {
                    const code = householdRef(household);
                    return (
                      <article className="household-card" key={household.id} data-household={household.id} data-code={code}>
                        <header className="household-card-head">
                          <span className="household-card-title">{t('cards.cardTitle')}</span>
                          <bdi className="household-card-org">{nameOf(organisation.names)}</bdi>
                        </header>
                        <div className="household-card-body">
                          <div className="household-card-text">
                            <p className="household-card-code">
                              <span className="code" dir="ltr" data-code-text>
                                {localDigits(code)}
                              </span>
                            </p>
                            <dl>
                              <dt>{t('household.members')}</dt>
                              <dd data-members>{formatNumber(household.memberCount)}</dd>
                              <dt>{t('household.location')}</dt>
                              <dd data-place>
                                <bdi>{nameOf(household.location.names)}</bdi>
                              </dd>
                            </dl>
                          </div>
                          {/* The SVG comes from the QR generator, given only the household's id. */}
                          <div className="household-card-qr" role="img" aria-label={t('cards.qr', { code })} data-qr={payload} dangerouslySetInnerHTML={{ __html: svg }} />
                        </div>
                        <p className="household-card-note">{t('cards.note')}</p>
                      </article>
                    );
                  })}
                </div>
              ))}
            </>
          )
        }
      </Load>
    </div>
  );
}

const sheets = <T,>(cards: T[]): T[][] => Array.from({ length: Math.ceil(cards.length / CARDS_PER_SHEET) }, (_, i) => cards.slice(i * CARDS_PER_SHEET, (i + 1) * CARDS_PER_SHEET));
