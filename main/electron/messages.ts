import type { ArchiveProblem } from '../../db/open.js';
import { defaultLanguage, type AppLanguage } from '../api/settings/schema.js';

// The few texts main shows itself, before any renderer (and its translations) exist.

// Each archive problem has its own words and its own way out: a shop told "not an archive"
// about a good file in a read-only folder might delete it.
export type StartupProblem = ArchiveProblem | 'startup_failed';

interface Message {
  title: string;
  body: string;
}

const MESSAGES: Record<AppLanguage, Record<StartupProblem, Message>> = {
  nl: {
    db_too_new: {
      title: 'Counterpart kan het klantenarchief niet openen',
      body:
        'Het klantenarchief is bijgewerkt door een nieuwere versie van Counterpart dan deze. ' +
        'Installeer de nieuwste versie van Counterpart en start opnieuw.\n\n' +
        'Er is niets aan het archief veranderd.',
    },
    not_an_archive: {
      title: 'Counterpart kan het klantenarchief niet openen',
      body:
        'Op de plek van het klantenarchief staat een bestand dat geen Counterpart-archief is. ' +
        'Counterpart heeft het niet aangeraakt. Verplaats of hernoem het bestand en start opnieuw, ' +
        'dan begint Counterpart met een leeg archief.',
    },
    archive_empty: {
      title: 'Counterpart kan het klantenarchief niet openen',
      body:
        'Het bestand van het klantenarchief is leeg (0 bytes): er staan geen klanten in. Dat gebeurt ' +
        'bijvoorbeeld als de schijf vol was of een kopie werd afgebroken. Counterpart heeft het niet aangeraakt.\n\n' +
        'Wat u kunt doen: zet het lege bestand opzij (verplaats het naar een andere map), start Counterpart ' +
        'opnieuw en zet uw laatste back-up terug via Back-ups → Terugzetten.',
    },
    archive_truncated: {
      title: 'Het klantenarchief is afgebroken',
      body:
        'Het bestand van het klantenarchief is korter dan het hoort te zijn: een deel ontbreekt, bijvoorbeeld ' +
        'na een afgebroken kopie of een volle schijf. Het is wél een Counterpart-archief: gooi het niet weg. ' +
        'Counterpart heeft het niet aangeraakt.\n\n' +
        'Wat u kunt doen: bewaar het bestand op een veilige plek (verplaats het), start Counterpart opnieuw ' +
        'en zet uw laatste back-up terug via Back-ups → Terugzetten.',
    },
    archive_damaged: {
      title: 'Het klantenarchief is beschadigd',
      body:
        'Het klantenarchief is beschadigd. Counterpart heeft er niets in geschreven. Gooi het niet weg.\n\n' +
        'Wat u kunt doen: zet uw laatste back-up terug via Back-ups → Terugzetten.',
    },
    archive_readonly: {
      title: 'Counterpart mag het klantenarchief niet bijwerken',
      body:
        'Het bestand van het klantenarchief is alleen-lezen, dus geen enkele verkoop zou bewaard kunnen worden. ' +
        'Het bestand zelf is in orde en Counterpart heeft het niet aangeraakt.\n\n' +
        'Wat u kunt doen: zet "alleen-lezen" uit in de eigenschappen van het bestand (of vraag het aan wie deze ' +
        'computer beheert) en start Counterpart opnieuw.',
    },
    archive_folder_readonly: {
      title: 'Counterpart mag niet schrijven in de map van het klantenarchief',
      body:
        'In de map waarin het klantenarchief staat mag Counterpart niets schrijven, dus geen enkele verkoop zou ' +
        'bewaard kunnen worden. Het archief zelf is in orde en Counterpart heeft het niet aangeraakt.\n\n' +
        'Wat u kunt doen: geef schrijfrechten op de map (of vraag het aan wie deze computer beheert) en start ' +
        'Counterpart opnieuw.',
    },
    startup_failed: {
      title: 'Counterpart kan niet starten',
      body: 'Er ging iets mis bij het starten. Er is niets aan het klantenarchief veranderd.',
    },
  },
  en: {
    db_too_new: {
      title: 'Counterpart cannot open the customer archive',
      body:
        'The customer archive was updated by a newer version of Counterpart than this one. ' +
        'Install the latest version of Counterpart and start it again.\n\n' +
        'Nothing in the archive was changed.',
    },
    not_an_archive: {
      title: 'Counterpart cannot open the customer archive',
      body:
        'Where the customer archive should be there is a file that is not a Counterpart archive. ' +
        'Counterpart has not touched it. Move or rename that file and start again, ' +
        'and Counterpart will begin with an empty archive.',
    },
    archive_empty: {
      title: 'Counterpart cannot open the customer archive',
      body:
        'The customer archive file is empty (0 bytes): it holds no customers. This happens, for example, when ' +
        'the disk was full or a copy was interrupted. Counterpart has not touched it.\n\n' +
        'What you can do: move the empty file aside (to another folder), start Counterpart again and restore ' +
        'your latest backup under Backups → Restore.',
    },
    archive_truncated: {
      title: 'The customer archive has been cut off',
      body:
        'The customer archive file is shorter than it should be: part of it is missing, for example after an ' +
        'interrupted copy or a full disk. It is a Counterpart archive: do not delete it. ' +
        'Counterpart has not touched it.\n\n' +
        'What you can do: keep the file somewhere safe (move it), start Counterpart again and restore your ' +
        'latest backup under Backups → Restore.',
    },
    archive_damaged: {
      title: 'The customer archive is damaged',
      body:
        'The customer archive is damaged. Counterpart has not written anything to it. Do not delete it.\n\n' +
        'What you can do: restore your latest backup under Backups → Restore.',
    },
    archive_readonly: {
      title: 'Counterpart may not update the customer archive',
      body:
        'The customer archive file is read-only, so no sale could be saved. The file itself is fine and ' +
        'Counterpart has not touched it.\n\n' +
        'What you can do: switch off "read-only" in the file\'s properties (or ask whoever manages this ' +
        'computer) and start Counterpart again.',
    },
    archive_folder_readonly: {
      title: 'Counterpart may not write in the customer archive\'s folder',
      body:
        'Counterpart may not write in the folder that holds the customer archive, so no sale could be saved. ' +
        'The archive itself is fine and Counterpart has not touched it.\n\n' +
        'What you can do: allow writing in that folder (or ask whoever manages this computer) and start ' +
        'Counterpart again.',
    },
    startup_failed: {
      title: 'Counterpart could not start',
      body: 'Something went wrong while starting. Nothing in the customer archive was changed.',
    },
  },
};

const FILE_LABEL: Record<AppLanguage, string> = { nl: 'Bestand', en: 'File' };
/** The dialog's buttons when a file is named: show it where it lies, or close. */
export const STARTUP_BUTTONS: Record<AppLanguage, { showFile: string; quit: string }> = {
  nl: { showFile: 'Toon het bestand', quit: 'Sluiten' },
  en: { showFile: 'Show the file', quit: 'Close' },
};
const DETAILS_LABEL: Record<AppLanguage, string> = { nl: 'Details', en: 'Details' };

/** Language as chosen in settings when readable, else from the system locale. */
export function messageLanguage(chosen: (() => AppLanguage) | null, locale: string): AppLanguage {
  try {
    if (chosen) return chosen();
  } catch {
    // Settings unreadable: the locale will do.
  }
  return defaultLanguage(locale);
}

export function startupMessage(problem: StartupProblem, language: AppLanguage, extra: { file?: string; details?: string } = {}): Message {
  const message = MESSAGES[language][problem];
  let body = message.body;
  // The path tells whoever helps the shop which file is meant; details help support.
  if (extra.file) body += `\n\n${FILE_LABEL[language]}: ${extra.file}`;
  if (extra.details) body += `\n\n${DETAILS_LABEL[language]}: ${extra.details}`;
  return { title: message.title, body };
}
