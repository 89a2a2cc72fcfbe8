import { useTranslation } from 'react-i18next';
import classes from './SkipLink.module.css';

/** The id of the element that holds a screen's own content, which the skip link moves focus to. */
export const mainContentId = 'main-content';

/**
 * "Skip to content": the first thing a keyboard reaches on every screen, hidden until it has focus,
 * so that the header and the menu are not tabbed through on each page (WCAG 2.4.1).
 */
export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a
      href={`#${mainContentId}`}
      className={classes.skipLink}
      data-testid="skip-link"
      onClick={(event) => {
        // Focus the content itself: the router would read a changed fragment as a navigation.
        event.preventDefault();
        document.getElementById(mainContentId)?.focus();
      }}
    >
      {t('nav.skipToContent')}
    </a>
  );
}
