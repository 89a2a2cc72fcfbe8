import { describe, expect, it } from 'vitest';
import { renderMail } from './layout';

describe('renderMail', () => {
  const hostile = `<img src=x onerror="alert('x')">&`;

  it('escapes every text in the HTML part and keeps it raw in the text part', () => {
    const { text, html } = renderMail({
      locale: 'en',
      heading: hostile,
      paragraphs: [`Dear ${hostile}`],
      action: { label: hostile, url: 'https://tadrib.example/reset?token=a&b="c"' },
      footer: hostile,
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;');
    expect(html).toContain('href="https://tadrib.example/reset?token=a&amp;b=%22c%22"');
    expect(text).toContain(`Dear ${hostile}`);
    expect(text).toContain('https://tadrib.example/reset?token=a&b=%22c%22');
  });

  it('writes the action as a button and as a plain address, in both parts', () => {
    const url = 'https://tadrib.example/set-password#t=abc';
    const { text, html } = renderMail({
      locale: 'fr',
      heading: 'Bienvenue',
      paragraphs: ['Un compte a été créé pour vous.'],
      action: { label: 'Choisir mon mot de passe', url },
    });
    expect(html.match(new RegExp(`href="${url}"`, 'g'))).toHaveLength(2);
    expect(html).toContain(`>${url}</a>`);
    expect(html).toContain('copiez cette adresse');
    expect(text).toBe(
      `Bienvenue\n\nUn compte a été créé pour vous.\n\nChoisir mon mot de passe:\n${url}\n\n--\n` +
        'Ce message a été envoyé par Tadrib, le système de formation et de coopération du bureau du programme. Merci de ne pas y répondre.\n',
    );
  });

  it('lays Arabic out right to left, and the other languages left to right', () => {
    const ar = renderMail({ locale: 'ar', heading: 'مرحبا', paragraphs: ['نص'] }).html;
    expect(ar).toContain('<html lang="ar" dir="rtl">');
    expect(ar).toContain('text-align:right');
    expect(ar).not.toContain('dir="ltr">');
    const pt = renderMail({ locale: 'pt', heading: 'Olá', paragraphs: ['Texto'] }).html;
    expect(pt).toContain('<html lang="pt" dir="ltr">');
    expect(pt).toContain('text-align:left');
    expect(pt).toContain('Por favor, não responda.');
  });

  it('loads nothing from elsewhere: no image, no script, no style sheet', () => {
    const { html } = renderMail({
      locale: 'en',
      heading: 'Heading',
      paragraphs: ['One', 'Two'],
      action: { label: 'Open', url: 'https://tadrib.example/' },
    });
    expect(html).not.toMatch(/<img|<script|<link|src=|url\(/i);
  });

  it('refuses an action that is not a web address', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', '/relative/path', 'not a url']) {
      expect(() => renderMail({ locale: 'en', heading: 'h', paragraphs: [], action: { label: 'x', url } })).toThrow();
    }
  });
});
