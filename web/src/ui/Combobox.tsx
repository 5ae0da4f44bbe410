import { useEffect, useState, type KeyboardEvent } from 'react';
import { Field, type FieldShellProps } from './Form';

export interface Choice {
  value: string;
  label: string;
  /** A second, quieter line: a code, a unit, the kind of place. */
  detail?: string;
}

/**
 * A text input that offers matching choices below it (the ARIA 1.2 combobox pattern): type to
 * narrow, arrows to move, Enter to choose, Escape to leave. The caller finds the matches for the
 * text typed (in the catalogue already loaded, or from the server).
 */
export function ComboboxField(
  props: FieldShellProps & {
    selected: Choice | null;
    choices: readonly Choice[];
    onSearch(text: string): void;
    onChoose(choice: Choice | null): void;
    /** Said in the list when nothing matches. */
    empty: string;
    disabled?: boolean;
  },
) {
  const { selected, choices, onSearch, onChoose } = props;
  const [text, setText] = useState(selected?.label ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const selectedLabel = selected?.label ?? '';
  // A choice made elsewhere (a line prefilled, a name that arrived later) shows in the input.
  useEffect(() => setText(selectedLabel), [selectedLabel]);

  const choose = (choice: Choice) => {
    onChoose(choice);
    setText(choice.label);
    setOpen(false);
  };
  const type = (value: string) => {
    setText(value);
    setOpen(true);
    setActive(0);
    onSearch(value);
    if (value.trim() === '' && selected) onChoose(null);
  };
  const keyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        onSearch(text === selectedLabel ? '' : text);
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (choices.length === 0 ? 0 : (i + step + choices.length) % choices.length));
    } else if (event.key === 'Enter' && open) {
      // Enter picks the highlighted choice; it must not submit the form around it.
      event.preventDefault();
      const choice = choices[active];
      if (choice) choose(choice);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
      setText(selectedLabel);
    }
  };

  return (
    <Field name={props.name} label={props.label} hint={props.hint} className="combobox">
      {(aria) => {
        const listId = `${aria.id}-choices`;
        const optionId = (i: number) => `${aria.id}-choice-${i}`;
        const showList = open && !props.disabled;
        return (
          <div className="combobox-wrap">
            <input
              type="text"
              role="combobox"
              autoComplete="off"
              spellCheck={false}
              {...aria}
              aria-expanded={showList}
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={showList && choices[active] ? optionId(active) : undefined}
              disabled={props.disabled}
              value={text}
              onChange={(e) => type(e.target.value)}
              onKeyDown={keyDown}
              onClick={() => {
                if (!open) {
                  setOpen(true);
                  onSearch(text === selectedLabel ? '' : text);
                }
              }}
              onBlur={() => {
                setOpen(false);
                setText(selectedLabel);
              }}
            />
            <ul id={listId} role="listbox" className="combobox-list" hidden={!showList} aria-label={props.label}>
              {choices.length === 0 && <li className="combobox-empty">{props.empty}</li>}
              {choices.map((choice, i) => (
                <li
                  key={choice.value}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  // Chosen on mousedown, before the input's blur would close the list.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    choose(choice);
                  }}
                  onMouseEnter={() => setActive(i)}
                >
                  <span>{choice.label}</span>
                  {choice.detail && <span className="combobox-detail">{choice.detail}</span>}
                </li>
              ))}
            </ul>
          </div>
        );
      }}
    </Field>
  );
}
