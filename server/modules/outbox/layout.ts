import type { Locale } from '../../../contract/enums';
import { translator } from '../../platform/i18n';
import { escapeHtml } from '../results/report';

/** What a message says; every string is plain text (the layout escapes it for HTML). */
export type MailContent = {
  locale: Locale;
  heading: string;
  paragraphs: string[];
  /** The one thing the reader is asked to do: a button in HTML, and the address written out in both parts. */
  action?: { label: string; url: string };
  /** Replaces the standard footer (who sent it, do not reply). */
  footer?: string;
};

export type RenderedMail = { text: string; html: string };

/** Only web addresses go into a message: a `javascript:` or `data:` link would be a trap in a mail reader. */
function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`mail action: not an absolute address: ${url}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`mail action: not a web address: ${url}`);
  return parsed.href;
}

/**
 * One layout for every message Tadrib sends (issue 11): a heading, paragraphs, at most one action
 * and a footer, as a plain text part and an HTML part saying the same. The HTML is self-contained
 * for slow links and careful mail readers: inline styles, no remote image, no script; Arabic is
 * laid out right to left; an action is a button AND its address written out, for readers that
 * show no HTML or strip links.
 */
export function renderMail(content: MailContent): RenderedMail {
  const t = translator(content.locale);
  const footer = content.footer ?? t.t('mail.layout.footer');
  const action = content.action ? { label: content.action.label, url: checkedUrl(content.action.url) } : null;

  const textParts = [content.heading, ...content.paragraphs];
  if (action) textParts.push(`${action.label}:\n${action.url}`);
  textParts.push(`--\n${footer}`);
  const text = `${textParts.join('\n\n')}\n`;

  const align = t.dir === 'rtl' ? 'right' : 'left';
  const paragraph = (body: string) =>
    `<p style="margin:0 0 16px;font-size:16px;line-height:1.5;white-space:pre-line">${escapeHtml(body)}</p>`;
  const actionHtml = action
    ? `<p style="margin:24px 0 8px"><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 20px;background:#1c5d99;color:#ffffff;border-radius:4px;text-decoration:none;font-weight:bold;font-size:16px">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:14px;line-height:1.5;color:#444444">${escapeHtml(t.t('mail.layout.linkIntro'))}<br>` +
      `<a href="${escapeHtml(action.url)}" dir="ltr" style="color:#1c5d99;word-break:break-all">${escapeHtml(action.url)}</a></p>`
    : '';
  const html = `<!doctype html>
<html lang="${content.locale}" dir="${t.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.heading)}</title>
</head>
<body dir="${t.dir}" style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:6px">
<tr><td dir="${t.dir}" style="padding:24px;text-align:${align}">
<p style="margin:0 0 8px;font-size:14px;color:#1c5d99;font-weight:bold">${escapeHtml(t.t('app.name'))}</p>
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${escapeHtml(content.heading)}</h1>
${content.paragraphs.map(paragraph).join('\n')}
${actionHtml}
</td></tr>
<tr><td dir="${t.dir}" style="padding:16px 24px;border-top:1px solid #e1e4e8;font-size:12px;line-height:1.5;color:#666666;text-align:${align}">${escapeHtml(footer)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  return { text, html };
}
