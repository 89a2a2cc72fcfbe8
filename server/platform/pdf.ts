import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { AppError } from '../errors';
import { chromiumFlags } from './chromium-flags';

/**
 * Prints an HTML document to PDF with the system Chromium (never a downloaded one). The page gets
 * its HTML set directly, runs no script and may not fetch anything: every request is refused, so
 * a document can neither leak data nor wait on the network. Chromium takes hundreds of megabytes:
 * one print at a time per process, a few waiting at most, each within a time limit.
 */

const MAX_WAITING = 4;
const DEFAULT_TIMEOUT_MS = 90_000;

export type PdfOptions = {
  executablePath: string;
  timeoutMs?: number;
  /** Small text in the page footer, beside the page number (e.g. the report's title and period). */
  footer?: string;
  /** Writing direction of the footer text (rtl for Arabic). */
  dir?: 'ltr' | 'rtl';
  /** A one-page document that sets its own page (a certificate): no footer, no margins but its CSS's. */
  bare?: boolean;
};

let queue: Promise<unknown> = Promise.resolve();
let waiting = 0;

const unavailable = (message: string, headers?: Record<string, string>) =>
  new AppError('PDF_RENDERER_UNAVAILABLE', message, headers ? { headers } : {});

export function pdfRendererInstalled(executablePath: string): boolean {
  return existsSync(executablePath);
}

export async function renderPdf(html: string, options: PdfOptions): Promise<Buffer> {
  if (!pdfRendererInstalled(options.executablePath)) {
    throw unavailable(
      `No Chromium at ${options.executablePath} to print the PDF: install it (Debian: apt-get install chromium fonts-noto-core) or set TADRIB_CHROMIUM_PATH. The HTML report (report.html) can be printed from a browser meanwhile.`,
    );
  }
  if (waiting >= MAX_WAITING) {
    throw unavailable('Other PDF reports are being printed: try again in a minute', { 'retry-after': '30' });
  }
  waiting += 1;
  const turn = queue.then(() => printOnce(html, options));
  // The next print waits for this one, whether it succeeds or not.
  queue = turn.catch(() => undefined);
  try {
    return await turn;
  } finally {
    waiting -= 1;
  }
}

async function printOnce(html: string, options: PdfOptions): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'tadrib-pdf-'));
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | null = null;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(unavailable(`The PDF was not printed within ${Math.round(timeoutMs / 1000)} s: try a shorter period`)),
        timeoutMs,
      );
    });
    const print = async () => {
      // playwright refuses --user-data-dir among the args: a persistent context takes the fresh directory itself.
      context = await chromium.launchPersistentContext(profileDir, {
        executablePath: options.executablePath,
        headless: true,
        args: [...chromiumFlags],
        javaScriptEnabled: false,
        offline: true,
        timeout: timeoutMs,
      });
      await context.route('**/*', (route) => route.abort());
      const page = context.pages()[0] ?? (await context.newPage());
      await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
      return page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        ...(options.bare
          ? { displayHeaderFooter: false, margin: { top: '0', bottom: '0', left: '0', right: '0' } }
          : {
              displayHeaderFooter: true,
              headerTemplate: '<span></span>',
              footerTemplate: footerTemplate(options.footer ?? '', options.dir ?? 'ltr'),
              margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
            }),
      });
    };
    return await Promise.race([print(), timedOut]);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unavailable(`Chromium could not print the PDF: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  } finally {
    clearTimeout(timer);
    await (context as { close(): Promise<void> } | null)?.close().catch(() => undefined);
    await rm(profileDir, { recursive: true, force: true });
  }
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Chromium fills the spans of class pageNumber and totalPages; the template sees no page CSS. */
function footerTemplate(text: string, dir: 'ltr' | 'rtl'): string {
  return `<div dir="${dir}" style="width:100%;font-size:7pt;color:#555;padding:0 14mm;display:flex;justify-content:space-between;font-family:'Noto Sans','Noto Sans Arabic','DejaVu Sans',sans-serif"><span>${escapeHtml(text)}</span><span dir="ltr"><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
}
