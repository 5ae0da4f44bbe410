import { useEffect, useId, useState } from 'react';

/** A filter above a list: changes apply at once, no submit button. */
export function SelectFilter(props: { label: string; value: string; onChange(value: string): void; options: { value: string; label: string }[] }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A search box that asks the server once the typing pauses, not at every key. */
export function SearchFilter(props: { label: string; value: string; onChange(value: string): void }) {
  const id = useId();
  const [text, setText] = useState(props.value);
  const { onChange, value } = props;
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onChange(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} type="search" value={text} onChange={(e) => setText(e.target.value)} />
    </div>
  );
}
