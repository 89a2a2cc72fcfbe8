import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ar from '../../web/src/i18n/ar.json';
import * as browser from './browser';
import { apiAs, baseUrl } from './browser';

/**
 * The knowledge library in a real browser, on the demo library (server/db/seed/demo-library.ts): a
 * reader who is not signed in finds the public items from the sign-in page; a participant finds an
 * item by a word that appears only inside its files ("supervisors", in the generated documents'
 * sentences, never in a title or summary) and opens it; a focal point of another state never finds
 * Nigeria's draft national strategy, which Nigeria's focal point does find; French and Arabic
 * screenshots, the Arabic one right to left on a phone.
 */

type Localised = { text: string; values: Record<string, string> };

const STRATEGY = 'Draft national counter-terrorism strategy of Nigeria';

describe('the knowledge library in the browser', () => {
  let session: browser.Browser;
  let ghana: { email: string; password: string };

  beforeAll(async () => {
    const admin = await apiAs('admin@tadrib.demo');
    const email = `focal.gh.${Date.now().toString(36)}@tadrib.test`;
    const created = await admin.post<{ user: { id: string } }>('/users', {
      email,
      displayName: 'Kwame Mensah',
      role: 'focal_point',
      stateIso2: 'GH',
    });
    // The invitation waits in the outbox: a temporary password from the admin is the quicker way in here.
    const { temporaryPassword } = await admin.post<{ temporaryPassword: string }>(`/users/${created.user.id}/reset-password`);
    const password = `Kente-${Date.now().toString(36)}-harbour`;
    const own = await apiAs(email, temporaryPassword);
    await own.post('/me/password', { currentPassword: temporaryPassword, newPassword: password });
    ghana = { email, password };
    session = await browser.launchBrowser();
  });
  afterAll(async () => session?.close());

  it('a reader who is not signed in reaches the public items from the sign-in page', async () => {
    const { page } = session;
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByTestId('sign-in-library').click();
    await page.getByTestId('library-result').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/library');
    // Only public items: the facet of audiences is not shown, but no item of the office is listed.
    await page.getByTestId('library-search').fill(STRATEGY);
    await page
      .getByTestId('library-total')
      .getByText(/^0 items$/)
      .waitFor();
    await page.getByTestId('library-sign-in').waitFor();
  });

  it('a participant finds an item by a word inside its file only, and opens it', async () => {
    const { page } = session;
    // The generated sentences serve summaries too: pick a result whose title and summary lack the word.
    const participant = await apiAs('participant.ng@tadrib.demo');
    const found = await participant.get<{ items: { id: string }[] }>('/library/items?q=supervisors&lang=en');
    const details = await Promise.all(
      found.items.map((i) =>
        participant.get<{ id: string; title: Localised; summary: Localised }>(`/library/items/${i.id}?lang=en`),
      ),
    );
    const onlyInFile = details.find(
      (d) => !JSON.stringify([d.title.values, d.summary.values]).toLowerCase().includes('supervisor'),
    );
    expect(onlyInFile).toBeDefined();
    const title = onlyInFile?.title.text ?? '';

    await browser.signInAs(page, 'participant');
    await page.getByTestId('nav-library').click();
    await page.getByTestId('library-search').fill('supervisors');
    const result = page.getByTestId('library-result').filter({ hasText: title }).first();
    const mark = result.getByTestId('library-snippet').locator('mark').first();
    await mark.waitFor();
    expect((await mark.textContent())?.toLowerCase()).toContain('supervisor');
    await result.getByTestId('library-result-title').click();
    await page.getByTestId('library-item-title').getByText(title).waitFor();
    const download = page.getByTestId('library-download-en');
    expect(await download.getAttribute('href')).toMatch(/^\/api\/library\/items\/[0-9a-f-]{36}\/files\/[0-9a-f-]{36}$/);
    // Earlier versions are the office's: a participant sees no history.
    expect(await page.getByTestId('library-history').count()).toBe(0);
  });

  it('the participant searches in French: the snippet comes in French', async () => {
    const { page } = session;
    await browser.switchLanguage(page, 'fr', true);
    await page.goto(`${baseUrl}/library?q=hi%C3%A9rarchie`);
    const snippet = page.getByTestId('library-snippet').first();
    await snippet.locator('mark').first().waitFor();
    expect((await snippet.locator('mark').first().textContent())?.toLowerCase()).toBe('hiérarchie');
    await browser.screenshot(page, 'library-search', 'fr');
    await browser.switchLanguage(page, 'en', true);
    await browser.signOut(page);
  });

  it("a focal point of another state never finds Nigeria's draft strategy; Nigeria's focal point does", async () => {
    const { page } = session;
    const nigeria = await apiAs('focal.ng@tadrib.demo');
    const found = await nigeria.get<{ items: { id: string; title: { text: string } }[] }>(
      `/library/items?q=${encodeURIComponent(STRATEGY)}`,
    );
    const strategy = found.items.find((i) => i.title.text.startsWith(STRATEGY));
    expect(strategy).toBeDefined();

    await browser.signInAs(page, ghana);
    await page.goto(`${baseUrl}/library?q=${encodeURIComponent(STRATEGY)}`);
    await page.getByTestId('library-total').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByText(STRATEGY).count()).toBe(0);
    // Not by its address either: the item does not exist for them.
    await page.goto(`${baseUrl}/library/items/${strategy?.id}`);
    await page.getByText('This item does not exist or is not available to you.').waitFor();
    expect(await page.getByTestId('library-item-title').count()).toBe(0);
    await browser.signOut(page);

    await browser.signInAs(page, 'focal');
    await page.goto(`${baseUrl}/library/items/${strategy?.id}`);
    await page.getByTestId('library-item-title').getByText(STRATEGY).waitFor();
    await browser.signOut(page);
  });

  it('the office adds an item in the form and uploads a French file; its words are found at once, signed out too', async () => {
    const { page } = session;
    const word = `baobabville${Date.now().toString(36)}`;
    await browser.signInAs(page, 'officer');
    await page.goto(`${baseUrl}/library`);
    await page.getByTestId('library-create').click();
    await page.getByTestId('library-item-type').click();
    await page.getByRole('option', { name: 'Manual', exact: true }).click();
    await page.getByTestId('library-item-audience-input').click();
    await page.getByRole('option', { name: 'Public', exact: true }).click();
    await page.getByTestId('library-item-title-input-en').fill('Checkpoint handbook for border officers');
    await page.getByTestId('library-item-save').click();
    await page.getByTestId('library-item-title').getByText('Checkpoint handbook for border officers').waitFor();

    await page.getByTestId('library-upload-language').click();
    await page.getByRole('option', { name: 'Français' }).click();
    await browser.chooseTextFile(
      page,
      'manuel-poste-frontiere.txt',
      `Le poste frontière de ${word} contrôle chaque véhicule et consigne chaque décision.\n`,
    );
    await page.getByTestId('library-upload-submit').click();
    await page.getByTestId('library-download-fr').getByText('manuel-poste-frontiere.txt').waitFor();
    await browser.signOut(page);

    await page.goto(`${baseUrl}/library?q=${word}`);
    await page.getByTestId('library-result-title').getByText('Checkpoint handbook for border officers').waitFor();
    expect(await page.getByTestId('library-result').count()).toBe(1);
  });

  it('a participant submits a good practice; the office returns it with comments, which the participant reads', async () => {
    const { page } = session;
    const title = `Joint border patrols ${Date.now().toString(36)}`;
    await browser.signInAs(page, 'participant');
    await page.goto(`${baseUrl}/library`);
    await page.getByTestId('library-submissions').click();
    await page.getByTestId('submission-create').click();
    await page.getByTestId('submission-title').fill(title);
    for (const section of ['context', 'challenge', 'approach', 'results', 'lessons']) {
      await page.getByTestId(`submission-${section}`).fill(`The ${section} of the joint patrols along the northern border.`);
    }
    await page.getByLabel('No, keep the state anonymous').check();
    await page.getByTestId('submission-save').click();
    const mine = page.getByTestId('submission').filter({ hasText: title });
    await mine.getByTestId('submission-status').getByText('Submitted').waitFor();
    await browser.signOut(page);

    await browser.signInAs(page, 'officer');
    await page.goto(`${baseUrl}/library/submissions`);
    await page.getByTestId('submission').filter({ hasText: title }).getByTestId('submission-review').click();
    await page.getByTestId('review-decision').click();
    await page.getByRole('option', { name: 'Return with comments' }).click();
    await page.getByLabel('Comments for the submitter').fill('Please give the number of officers trained.');
    await page.getByTestId('review-save').click();
    await page.getByTestId('submission').filter({ hasText: title }).getByText('Returned with comments').waitFor();
    await browser.signOut(page);

    await browser.signInAs(page, 'participant');
    await page.goto(`${baseUrl}/library/submissions`);
    await mine.getByTestId('submission-note').getByText('Please give the number of officers trained.').waitFor();
    expect(await mine.getByTestId('submission-resubmit').count()).toBe(1);
    await browser.signOut(page);
  });

  it('the office publishes a practice to the pillars and states it picks, then removes a file version and the item', async () => {
    const { page } = session;
    const title = `Fusion cell of the northern ports ${Date.now().toString(36)}`;
    const focal = await apiAs('focal.ng@tadrib.demo');
    const practice = Object.fromEntries(
      ['context', 'challenge', 'approach', 'results', 'lessons'].map((s) => [s, `The ${s} of the fusion cell.`]),
    );
    const submitted = await focal.post<{ id: string }>('/library/submissions', {
      language: 'en',
      title,
      ...practice,
      nameState: true,
    });
    const officer = await apiAs('officer@tadrib.demo');

    await browser.signInAs(page, 'officer');
    const review = async (language: 'fr' | 'ar') => {
      await browser.switchLanguage(page, language, true);
      await page.goto(`${baseUrl}/library/submissions`);
      await page.getByTestId('submission').filter({ hasText: title }).getByTestId('submission-review').click();
      await page.getByTestId('review-decision').click();
      await page.getByRole('option').first().click(); // publish
      await page.getByTestId('review-audience').click();
      await page.getByRole('option').nth(1).click(); // signed-in users
      // The pillars' field sits under its box, which takes the pointer: the click goes to the field itself.
      await page.getByTestId('library-subject-pillars').click({ force: true });
      await page.getByRole('option').first().click();
      await page.keyboard.press('Escape');
      // The submitter allowed their state to be named: it is proposed.
      await page.getByRole('dialog').getByText('(NG)').first().waitFor();
      await browser.screenshot(page, 'library-publish', language);
    };
    await review('fr');
    await page.keyboard.press('Escape');
    await review('ar');
    await page.getByTestId('review-save').click();
    // The badge was there before the save: the list must show the new status, which it has once the
    // review is saved and the list fetched again.
    await page
      .getByTestId('submission')
      .filter({ hasText: title })
      .getByTestId('submission-status')
      .getByText(ar.library.submissions.statuses.published, { exact: true })
      .waitFor();
    const published = await officer.get<{ status: string; itemId: string }>(`/library/submissions/${submitted.id}`);
    expect(published.status).toBe('published');
    const item = await officer.get<{ audience: string; pillars: string[]; states: string[] }>(
      `/library/items/${published.itemId}`,
    );
    expect(item).toMatchObject({ audience: 'signed_in', states: ['NG'] });
    expect(item.pillars).toHaveLength(1);

    // A second version of its file, removed with confirmation: the first is current again.
    await page.goto(`${baseUrl}/library/items/${published.itemId}`);
    await page.getByTestId('library-upload-language').click();
    await page.getByRole('option', { name: 'English' }).click();
    await browser.chooseTextFile(page, 'fusion-cell-v2.txt', 'The fusion cell meets every morning.\n');
    await page.getByTestId('library-upload-submit').click();
    await page.getByTestId('library-download-en').getByText('fusion-cell-v2.txt').waitFor();
    await page.getByTestId('library-file-remove-en-2').click();
    await browser.screenshot(page, 'library-remove-file', 'ar');
    await page.getByRole('dialog').getByRole('button').last().click();
    await page
      .getByTestId('library-download-en')
      .getByText(/\.docx$/)
      .waitFor();
    expect(await page.getByTestId('library-history').count()).toBe(0);

    // The item itself: asked first, then gone for everyone.
    await page.getByTestId('library-item-remove').click();
    await page.getByRole('dialog').getByRole('button').last().click();
    await page.waitForURL((url) => url.pathname === '/library');
    expect(await officer.status('GET', `/library/items/${published.itemId}`)).toBe(404);
    await browser.switchLanguage(page, 'en', true);
    await browser.signOut(page);
  });

  it("a trainer attaches a material to their session from the session's page, then removes it; French and Arabic", async () => {
    const { page } = session;
    const trainer = await apiAs('trainer@tadrib.demo');
    const sessions = await trainer.get<{ items: { id: string }[] }>('/sessions');
    const sessionId = sessions.items[0]?.id;
    expect(sessionId).toBeDefined();
    const title = `Fiche réflexe ${Date.now().toString(36)}`;

    await browser.signInAs(page, 'trainer');
    await browser.switchLanguage(page, 'fr', true);
    await page.goto(`${baseUrl}/sessions/${sessionId}`);
    await page.getByTestId('session-tab-materials').click();
    await page.getByTestId('material-title').fill(title);
    await browser.chooseTextFile(page, 'fiche-reflexe.txt', 'Fiche réflexe : contrôle des documents de voyage.\n');
    // A trainer gives materials to their session only: no choice of the whole course.
    expect(await page.getByTestId('material-whole-course').count()).toBe(0);
    await page.getByTestId('material-submit').click();
    await page.getByTestId('session-material').filter({ hasText: title }).waitFor();
    await browser.screenshot(page, 'session-materials', 'fr');
    await browser.switchLanguage(page, 'ar', true);
    await page.getByTestId('session-material').filter({ hasText: title }).waitFor();
    await browser.screenshot(page, 'session-materials', 'ar');
    await browser.switchLanguage(page, 'fr', true);

    const found = await trainer.get<{ items: { id: string; audience: string; languages: string[] }[] }>(
      `/library/items?session=${sessionId}&q=${encodeURIComponent('réflexe')}`,
    );
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({ audience: 'participants', languages: ['fr'] });

    // Their own material, removed from the same tab after a confirmation: gone from the library.
    const row = page.getByTestId('session-material').filter({ hasText: title });
    await row.getByTestId('session-material-remove').click();
    await page.getByRole('dialog').waitFor();
    await browser.screenshot(page, 'session-material-remove', 'fr');
    await page.getByRole('dialog').getByRole('button').last().click();
    await row.waitFor({ state: 'detached' });
    expect(await trainer.status('GET', `/library/items/${found.items[0]?.id}`)).toBe(404);
    await browser.signOut(page);
  });

  it('in Arabic on a phone, right to left, an Arabic word is found by its stem', async () => {
    const phone = await browser.launchBrowser({ width: 390, height: 844 });
    try {
      const { page } = phone;
      await browser.signInAs(page, 'participant');
      await browser.switchLanguage(page, 'ar', true);
      await page.goto(`${baseUrl}/library?q=${encodeURIComponent('المحاكاة')}`);
      await page.getByTestId('library-snippet').first().locator('mark').first().waitFor();
      expect(await browser.htmlAttributes(page)).toEqual({ lang: 'ar', dir: 'rtl' });
      // Nothing wider than the phone's screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await browser.screenshot(page, 'library-search-phone', 'ar');
      // The filters fold away on a phone; a type narrows the results and shows as chosen.
      await page.getByTestId('library-filters-toggle').click();
      await page.getByTestId('facet-type-manual').click();
      await page.waitForURL(/type=manual/);
      expect(await page.getByTestId('facet-type-manual').getAttribute('aria-pressed')).toBe('true');
      await page.getByTestId('library-result-title').first().click();
      await page.getByTestId('library-item-title').waitFor();
      await browser.screenshot(page, 'library-item-phone', 'ar');
      await browser.switchLanguage(page, 'en', true);
    } finally {
      await phone.close();
    }
  });
});
