import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import QRCode from 'qrcode';
import type { Locale, LocalisedText } from '../../db/schema';
import { translator } from '../../platform/i18n';
import { textIn } from './credential';

const require = createRequire(import.meta.url);
for (const lang of ['en', 'fr', 'ar', 'pt']) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

export type PaperFacts = {
  lang: Locale;
  holder: string;
  course: LocalisedText;
  trainingOfTrainers: boolean;
  hours: number;
  startDate: string;
  endDate: string;
  venue: { city: string | null; country: string | null; online: boolean };
  issuerName: string;
  signatories: { name: string; title: LocalisedText }[];
  verificationCode: string;
  verifyUrl: string;
  revoked: boolean;
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * The paper certificate, one A4 landscape page in the participant's language (Arabic right to
 * left), printed by server/platform/pdf.ts. The QR code holds the public verification address.
 */
export async function certificateHtml(f: PaperFacts): Promise<string> {
  const t = translator(f.lang);
  const k = (key: string, vars?: Record<string, unknown>) => escapeHtml(t.t(`certificates.paper.${key}`, vars));
  const qr = await QRCode.toString(f.verifyUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
  const country = f.venue.country ? (countries.getName(f.venue.country, f.lang) ?? f.venue.country) : null;
  // Each part isolated, so that a Latin city keeps its place in an Arabic line.
  const venue = f.venue.online
    ? k('online')
    : [f.venue.city, country]
        .filter(Boolean)
        .map((v) => `<bdi>${escapeHtml(v as string)}</bdi>`)
        .join(f.lang === 'ar' ? '، ' : ', ');
  const signatories = f.signatories
    .map(
      (s) =>
        `<div class="signatory"><div class="line"></div><div class="name">${escapeHtml(s.name)}</div><div class="title">${escapeHtml(textIn(s.title, f.lang))}</div></div>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${f.lang}" dir="${t.dir}">
<head><meta charset="utf-8"><title>${k('title')}</title>
<style>
  @page { size: A4 landscape; margin: 0; }
  * { box-sizing: border-box; }
  body { margin: 0; font-family: 'Noto Sans', 'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', sans-serif; color: #1b2a3a; }
  .page { width: 297mm; height: 210mm; padding: 14mm; position: relative; }
  .frame { border: 2.5mm solid #1f4e79; outline: 0.6mm solid #9bb7d4; outline-offset: -5mm; height: 100%; padding: 14mm 18mm; display: flex; flex-direction: column; align-items: center; text-align: center; }
  .issuer { font-size: 12pt; letter-spacing: 0.04em; color: #1f4e79; text-transform: uppercase; }
  h1 { font-size: 30pt; margin: 6mm 0 4mm; font-weight: 700; }
  .certifies { font-size: 13pt; color: #445; }
  .holder { font-size: 26pt; font-weight: 700; margin: 4mm 0; border-bottom: 0.4mm solid #9bb7d4; padding: 0 10mm 2mm; }
  .course { font-size: 18pt; font-weight: 600; margin: 3mm 0 1mm; }
  .tot { font-size: 12pt; font-weight: 700; color: #8a5a00; margin-bottom: 2mm; }
  .facts { font-size: 11.5pt; color: #334; line-height: 1.6; }
  .bottom { margin-top: auto; width: 100%; display: flex; align-items: flex-end; justify-content: space-between; gap: 10mm; }
  .signatories { display: flex; gap: 12mm; }
  .signatory { width: 60mm; text-align: center; }
  .signatory .line { border-top: 0.3mm solid #1b2a3a; margin-bottom: 1.5mm; height: 12mm; }
  .signatory .name { font-weight: 700; font-size: 10.5pt; }
  .signatory .title { font-size: 9pt; color: #445; }
  .verify { display: flex; align-items: center; gap: 4mm; text-align: start; font-size: 8.5pt; color: #334; max-width: 100mm; }
  .verify svg { width: 28mm; height: 28mm; flex: none; }
  .code { font-family: 'DejaVu Sans Mono', monospace; font-size: 12pt; font-weight: 700; direction: ltr; unicode-bidi: isolate; }
  .url { direction: ltr; unicode-bidi: isolate; word-break: break-all; }
  .revoked { position: absolute; top: 80mm; inset-inline: 0; text-align: center; font-size: 60pt; font-weight: 700; color: rgba(180, 0, 0, 0.25); transform: rotate(-12deg); }
</style></head>
<body><div class="page"><div class="frame">
  <div class="issuer">${escapeHtml(f.issuerName)}</div>
  <h1>${k('title')}</h1>
  <div class="certifies">${k('certifies')}</div>
  <div class="holder"><bdi>${escapeHtml(f.holder)}</bdi></div>
  <div class="certifies">${k('completed')}</div>
  <div class="course">${escapeHtml(textIn(f.course, f.lang))}</div>
  ${f.trainingOfTrainers ? `<div class="tot">${k('trainingOfTrainers')}</div>` : ''}
  <div class="facts">
    <div>${k('dates', { start: t.formatDay(f.startDate), end: t.formatDay(f.endDate) })} · ${k('hours', { count: f.hours })}</div>
    ${venue ? `<div>${venue}</div>` : ''}
  </div>
  <div class="bottom">
    <div class="signatories">${signatories}</div>
    <div class="verify">${qr}<div><div>${k('verify')}</div><div class="code">${escapeHtml(f.verificationCode)}</div><div class="url">${escapeHtml(f.verifyUrl)}</div></div></div>
  </div>
  ${f.revoked ? `<div class="revoked">${k('revoked')}</div>` : ''}
</div></div></body></html>`;
}
