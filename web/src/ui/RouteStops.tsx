import { transportModes } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { FieldGroup, SelectField } from './Form';
import { LocationPickerField } from './LocationPicker';

export type TransportMode = (typeof transportModes)[number];
interface Leg {
  fromLocationId: string;
  toLocationId: string;
  mode: TransportMode;
}

/** Stops between the origin and the destination, in order, and how each leg is travelled (one mode more than stops). */
export interface RouteDraft {
  stops: string[];
  modes: TransportMode[];
}

export const directRoute: RouteDraft = { stops: [], modes: ['road'] };

/** The legs a draft makes, from the origin through its stops to the destination. */
export function legsOf(originLocationId: string, destinationLocationId: string, draft: RouteDraft): Leg[] {
  const places = [originLocationId, ...draft.stops, destinationLocationId];
  return places.slice(0, -1).map((from, i) => ({ fromLocationId: from, toLocationId: places[i + 1]!, mode: draft.modes[i] ?? 'road' }));
}

/**
 * The stops of a route and the mode of each leg. The first `passed` stops are places the
 * consignment has already been: they are shown, not edited, and neither are the legs that led
 * there (a route changed on the way keeps where the goods went).
 */
export function RouteStopsField(props: { name?: string; value: RouteDraft; onChange(draft: RouteDraft): void; passed?: readonly string[]; hint?: string }) {
  const { t } = useI18n();
  const { value, onChange } = props;
  // The field names the server's errors use: `route.…` when creating, `legs.…` when changing it.
  const name = props.name ?? 'route';
  const passed = props.passed ?? [];
  const modeOptions = transportModes.map((m) => ({ value: m, label: t(`transportMode.${m}`) }));
  const setMode = (i: number, mode: TransportMode) => onChange({ ...value, modes: Object.assign([...value.modes], { [i]: mode }) });
  return (
    <FieldGroup name={name} legend={t('consignment.route')} hint={props.hint ?? t('consignment.routeHint')}>
      {value.stops.map((stop, i) =>
        i < passed.length ? (
          <div className="repeat-row repeat-row-wide-first" key={i} data-stop={i} data-passed>
            <p>
              {t('consignment.stopN', { n: i + 1 })}: <strong>{passed[i]}</strong> <span className="muted small">{t('consignment.passedStop')}</span>
            </p>
            <SelectField name={`${name}.${i}.mode`} label={t('consignment.modeTo')} value={value.modes[i] ?? 'road'} onChange={(m) => setMode(i, m)} options={modeOptions} disabled />
          </div>
        ) : (
          <div className="repeat-row repeat-row-wide-first" key={i} data-stop={i}>
            <LocationPickerField
              name={`${name}.${i}.toLocationId`}
              label={t('consignment.stopN', { n: i + 1 })}
              value={stop}
              onChange={(id) => onChange({ ...value, stops: value.stops.map((s, j) => (j === i ? id : s)) })}
            />
            <SelectField name={`${name}.${i}.mode`} label={t('consignment.modeTo')} value={value.modes[i] ?? 'road'} onChange={(m) => setMode(i, m)} options={modeOptions} />
            <div>
              <button
                type="button"
                className="button-quiet"
                onClick={() => onChange({ stops: value.stops.filter((_, j) => j !== i), modes: value.modes.filter((_, j) => j !== i) })}
              >
                {t('common.remove')}
              </button>
            </div>
          </div>
        ),
      )}
      <div className="form-row">
        <SelectField
          name={`${name}.${value.stops.length}.mode`}
          label={t('consignment.lastLegMode')}
          value={value.modes[value.stops.length] ?? 'road'}
          onChange={(m) => setMode(value.stops.length, m)}
          options={modeOptions}
        />
      </div>
      <div>
        <button type="button" onClick={() => onChange({ stops: [...value.stops, ''], modes: [...value.modes, 'road'] })}>
          {t('consignment.addStop')}
        </button>
      </div>
    </FieldGroup>
  );
}
