import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { hasMoved } from '../router';

/**
 * A screen's title. It names the browser tab too, and after a navigation takes the keyboard focus,
 * so a screen-reader user hears where they arrived and Tab continues from the new content.
 */
export function PageHeader({ title, actions, children }: { title: string; actions?: ReactNode; children?: ReactNode }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    // On a fresh load the browser's own starting point (the top, the skip link) is kept.
    if (hasMoved()) heading.current?.focus();
  }, []);
  return (
    <div className="page-header">
      <div className="page-title">
        <h1 ref={heading} tabIndex={-1}>
          {/* Isolated: a title may be a record's own text, in another script than the page. */}
          <bdi>{title}</bdi>
        </h1>
        {children}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}

/** A screen the reader's roles do not open, with the reason in words they can act on. */
export function NotAllowed({ title, reason }: { title: string; reason: string }) {
  return (
    <PageHeader title={title}>
      <p>{reason}</p>
    </PageHeader>
  );
}
