import type { Locale, NotificationKind, NotificationParam } from '../../db/schema';
import { translator } from '../../platform/i18n';
import { resolveText } from '../../platform/localised';

/**
 * The words of a notification in one reader's language, from the `notifications` section of the
 * catalogues (web/src/i18n): the same text in the app, in an email and in the daily digest.
 */
export type NotificationText = { title: string; body: string };

/** A parameter naming a catalogue text (a decision, "in 7 days"), read in the reader's language. */
export const catalogueParam = (key: string): NotificationParam => ({ t: key });

function paramText(param: NotificationParam, lang: Locale): string {
  const t = translator(lang);
  if (typeof param === 'string') return param;
  if (typeof param === 'number') return t.formatNumber(param);
  if ('day' in param && typeof param.day === 'string') return t.formatDay(param.day);
  if ('t' in param && typeof param.t === 'string') return t.t(param.t);
  return resolveText(param as Record<Locale, string>, lang).text;
}

export function notificationText(
  lang: Locale,
  kind: NotificationKind,
  params: Record<string, NotificationParam>,
): NotificationText {
  const t = translator(lang);
  const vars = Object.fromEntries(Object.entries(params).map(([name, param]) => [name, paramText(param, lang)]));
  const body = t.t(`notifications.kinds.${kind}.body`, vars);
  return {
    title: t.t(`notifications.kinds.${kind}.title`, vars),
    body: vars.reason ? `${body} ${t.t('notifications.reason', vars)}` : body,
  };
}
