import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as browser from './browser';
import { apiAs, baseUrl } from './browser';

/**
 * The high-level meeting in a real browser. The officer prepares an upcoming edition with Nigeria's
 * delegation and Ghana's, which registers a person (through the API); Nigeria's focal point registers a delegate in the form, in Arabic,
 * and sees it wait for the office; the officer approves it in French and finds it on the badge
 * list. The seeded fourth edition (Agadir) shows its delegations, agenda and outcome documents.
 */

const inDays = browser.dayFromToday;

describe('the high-level meeting in the browser', () => {
  let session: browser.Browser;
  let editionId: string;

  beforeAll(async () => {
    const officer = (await apiAs('officer@tadrib.demo')).call;
    const edition = await officer<{ id: string }>('POST', '/meetings/editions', {
      // A number no demo edition or other journey uses.
      number: 90,
      startDate: inDays(90),
      endDate: inDays(91),
      city: 'Rabat',
      countryIso2: 'MA',
      theme: { en: 'Browser check of the meeting pages', fr: 'Vérification des pages de la réunion' },
    });
    editionId = edition.id;
    await officer('POST', `/meetings/editions/${editionId}/delegations`, { stateIso2: 'NG', role: 'member' });
    const ghana = await officer<{ id: string }>('POST', `/meetings/editions/${editionId}/delegations`, {
      stateIso2: 'GH',
      role: 'observer',
    });
    // The same person, registered by Ghana too: Nigeria's focal point must never learn of it.
    await officer('POST', `/meetings/delegations/${ghana.id}/delegates`, {
      givenNames: 'Ngozi',
      familyName: 'Adeyemi',
      function: 'Adviser',
      email: 'ngozi.adeyemi@nctc.example',
    });
    session = await browser.launchBrowser();
  });
  afterAll(async () => session?.close());

  it('a focal point registers a delegate of their state in Arabic, and sees only their delegation', async () => {
    const { page } = session;
    await browser.signInAs(page, 'focal');
    await browser.switchLanguage(page, 'ar', true);
    await page.goto(`${baseUrl}/meetings/${editionId}?tab=delegations`);
    await page.getByTestId('delegation-NG').waitFor();
    expect(await page.getByTestId('delegation-GH').count()).toBe(0);
    expect(await browser.htmlAttributes(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    await page.getByTestId('delegate-register').click();
    await page.getByTestId('delegate-given-names').fill('Ngozi');
    await page.getByTestId('delegate-family-name').fill('Adeyemi');
    await page.getByTestId('delegate-function').fill('Director, National Counter-Terrorism Centre');
    await page.getByTestId('delegate-email').fill('ngozi.adeyemi@nctc.example');
    await page.getByTestId('delegate-save').click();
    const row = page.getByTestId('delegation-NG').getByRole('row', { name: /Adeyemi/ });
    await row.waitFor();
    expect(await row.getByTestId('delegate-status').textContent()).toBe('قيد الانتظار');
    // Approval stays with the office, and so does the knowledge that Ghana registered the same person.
    expect(await page.getByTestId('delegate-approve').count()).toBe(0);
    expect(await page.getByTestId('delegate-same-email').count()).toBe(0);
    await browser.screenshot(page, 'meetings-delegations-focal-point', 'ar');
    await browser.signOut(page);
  });

  it('the officer approves it in French and finds it on the badge list', async () => {
    const { page } = session;
    await browser.signInAs(page, 'officer');
    await browser.switchLanguage(page, 'fr', true);
    await page.goto(`${baseUrl}/meetings/${editionId}?tab=delegations`);
    const row = page.getByTestId('delegation-NG').getByRole('row', { name: /Adeyemi/ });
    await row.getByTestId('delegate-same-email').getByText(/Ghana/).waitFor();
    await row.getByTestId('delegate-approve').click();
    await row.getByText('Approuvé').waitFor();
    // Approved in Nigeria's delegation, the person is not approved a second time in Ghana's.
    const inGhana = page.getByTestId('delegation-GH').getByRole('row', { name: /Adeyemi/ });
    await inGhana
      .getByTestId('delegate-same-email')
      .getByText(/Nigeria|Nigéria/)
      .waitFor();
    expect(await inGhana.getByTestId('delegate-approve').count()).toBe(0);
    await page.getByTestId('edition-tab-badges').click();
    await page.getByTestId('badge-sheet').getByText('Ngozi Adeyemi').waitFor();
    await browser.screenshot(page, 'meetings-badges', 'fr');
  });

  it('the seeded fourth edition shows its agenda and its outcome documents', async () => {
    const { page } = session;
    await page.goto(`${baseUrl}/meetings`);
    await page.getByTestId('edition-row-4').getByRole('link').click();
    await page.getByTestId('edition-title').waitFor();
    expect(await page.getByTestId('edition-status').textContent()).toBe('Passée');
    await page.getByTestId('edition-tab-agenda').click();
    await page.getByText('Cérémonie d’ouverture').waitFor();
    expect(await page.getByTestId('agenda-item').count()).toBeGreaterThan(5);
    await page.getByTestId('edition-tab-documents').click();
    await page.getByTestId('document-row').first().waitFor();
    expect(await page.getByTestId('document-row').count()).toBeGreaterThanOrEqual(3);
    await browser.screenshot(page, 'meetings-documents', 'fr');
  });

  it('the officer attaches an outcome document: it is listed, and the form is empty for the next', async () => {
    const { page } = session;
    await page.goto(`${baseUrl}/meetings/${editionId}?tab=documents`);
    await page.getByTestId('document-title').waitFor();
    // Nothing chosen: refused on the page, nothing sent.
    await page.getByTestId('document-upload').click();
    expect(await page.getByTestId('document-row').count()).toBe(0);
    await page.getByTestId('document-title').fill('Relevé de conclusions');
    await browser.chooseTextFile(
      page,
      'releve-de-conclusions.txt',
      'Les délégations conviennent de se réunir de nouveau dans un an.\n',
    );
    await page.getByTestId('document-upload').click();
    await page.getByTestId('document-row').getByText('Relevé de conclusions').waitFor();
    expect(await page.getByTestId('document-title').inputValue()).toBe('');
    expect(await page.getByTestId('document-row').count()).toBe(1);
  });
});
