import { describe, expect, it } from 'vitest';
import { messageLanguage, startupMessage } from '../../main/electron/messages.js';

const PROBLEMS = [
  'db_too_new', 'not_an_archive', 'archive_empty', 'archive_truncated', 'archive_damaged', 'archive_readonly', 'archive_folder_readonly', 'startup_failed',
] as const;

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
      for (const problem of PROBLEMS) {
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

  it('gives each archive problem its own words and way out, never "not an archive" for a good file', () => {
    const bodies = new Set(PROBLEMS.map((problem) => startupMessage(problem, 'en').body));
    expect(bodies.size).toBe(PROBLEMS.length);
    for (const problem of ['archive_readonly', 'archive_folder_readonly', 'archive_truncated', 'archive_empty'] as const) {
      for (const language of ['nl', 'en'] as const) {
        const { body } = startupMessage(problem, language);
        expect(body, `${language} ${problem}`).not.toMatch(/geen Counterpart-archief|not a Counterpart archive/);
        expect(body, `${language} ${problem}`).toMatch(/Wat u kunt doen|What you can do/);
      }
    }
    expect(startupMessage('archive_readonly', 'nl').body).toContain('alleen-lezen');
    expect(startupMessage('archive_folder_readonly', 'en').body).toContain('folder');
    expect(startupMessage('archive_truncated', 'en').body).toContain('do not delete it');
    expect(startupMessage('archive_empty', 'nl').body).toContain('0 bytes');
  });
});
