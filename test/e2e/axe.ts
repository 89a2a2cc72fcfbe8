import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { transitionsEnded } from './browser';

/** axe-core's checks of WCAG 2.0 and 2.1, levels A and AA. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const blocking = new Set(['serious', 'critical']);

/** A serious or critical violation on one screen: which rule, and the elements that break it. */
export type Violation = { rule: string; impact: string; targets: string[] };

/**
 * Runs axe-core on what the page shows now (open dialogs and menus included) and returns its
 * serious and critical violations. The script is evaluated by the browser's debugger, which the
 * app's Content-Security-Policy does not restrict.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await transitionsEnded(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const result = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    wcagTags,
  );
  return result.violations
    .filter((v) => v.impact && blocking.has(v.impact))
    .map((v) => ({ rule: v.id, impact: v.impact as string, targets: v.nodes.map((node) => node.target.join(' ')) }));
}

/** One line per violation: `<where>: serious color-contrast (3) a.x | p.y`. */
export const describeViolations = (where: string, violations: Violation[]) =>
  violations.map((v) => `${where}: ${v.impact} ${v.rule} (${v.targets.length}) ${v.targets.slice(0, 5).join(' | ')}`);
