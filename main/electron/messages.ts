import { defaultLanguage, type AppLanguage } from '../api/settings/schema.js';

// The few texts main shows itself, before any renderer (and its translations) exist.

export type StartupProblem = 'db_too_new' | 'not_an_archive' | 'startup_failed';

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
    startup_failed: {
      title: 'Counterpart could not start',
      body: 'Something went wrong while starting. Nothing in the customer archive was changed.',
    },
  },
};

const FILE_LABEL: Record<AppLanguage, string> = { nl: 'Bestand', en: 'File' };
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
