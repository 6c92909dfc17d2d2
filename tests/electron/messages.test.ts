import { describe, expect, it } from 'vitest';
import { messageLanguage, startupMessage } from '../../main/electron/messages.js';

describe('startup messages', () => {
  it('speaks Dutch or English, and names the file', () => {
    const nl = startupMessage('db_too_new', 'nl', { file: '/home/winkel/.config/Counterpart/counterpart.sqlite' });
    expect(nl.title).toContain('klantenarchief');
    expect(nl.body).toContain('nieuwere versie');
    expect(nl.body).toContain('Bestand: /home/winkel/.config/Counterpart/counterpart.sqlite');
    const en = startupMessage('not_an_archive', 'en');
    expect(en.body).toContain('not a Counterpart archive');
    expect(en.body).not.toContain('File:');
  });

  it('has every message in both languages', () => {
    for (const language of ['nl', 'en'] as const) {
      for (const problem of ['db_too_new', 'not_an_archive', 'startup_failed'] as const) {
        const { title, body } = startupMessage(problem, language);
        expect(title.length, `${language} ${problem}`).toBeGreaterThan(10);
        expect(body.length, `${language} ${problem}`).toBeGreaterThan(30);
      }
    }
  });

  it('prefers the chosen language, then the system locale', () => {
    expect(messageLanguage(() => 'en', 'nl-NL')).toBe('en');
    expect(messageLanguage(null, 'nl-BE')).toBe('nl');
    expect(messageLanguage(null, 'de-DE')).toBe('en');
    expect(messageLanguage(() => { throw new Error('unreadable'); }, 'nl')).toBe('nl');
  });
});
