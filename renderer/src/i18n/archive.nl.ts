import type { archiveEn } from './archive.en';

// Dutch strings for the damaged-archive screen.
export const archiveNl: Record<keyof typeof archiveEn, string> = {
  'archive.damaged.title': 'Het klantenarchief is beschadigd',
  'archive.damaged.lead': 'Counterpart vond bij het starten een beschadiging in het archiefbestand. Om te bewaren wat erin staat, schrijft Counterpart er niets meer in: geen verkoop, stempel, notitie of wijziging kan worden opgeslagen tot er een back-up is teruggezet.',
  'archive.damaged.safe': 'Uw back-ups zijn aparte bestanden en zijn niet beschadigd. Bij het terugzetten wordt het beschadigde bestand ongewijzigd bewaard bij de veiligheidskopieën.',
  'archive.damaged.lastGood': 'Laatste goede back-up: {when} ({relative}).',
  'archive.damaged.since': 'Wat daarna is verkocht of genoteerd staat er niet in: bewaar de kassabonnen van die verkopen om ze opnieuw in te voeren.',
  'archive.damaged.restoreIt': 'Begin met terugzetten',
  'archive.damaged.none': 'Er is geen back-up gevonden in de back-upmappen. Bewaart u back-ups ergens anders (een usb-stick, een netwerkschijf), kies dat bestand dan hieronder. Gooi het beschadigde bestand niet weg: een specialist kan het misschien nog herstellen.',
  'archive.damaged.steps': 'Zo zet u een back-up terug',
  'archive.damaged.step1': 'Controleer de back-up: Counterpart laat zien wat erin staat.',
  'archive.damaged.step2': 'Bevestig: de back-up komt in de plaats van het beschadigde archief.',
  'archive.damaged.step3': 'Voer de verkopen van na de back-up opnieuw in.',
  'archive.damaged.details': 'Technische gegevens voor wie u helpt',
  'archive.damaged.folder': 'Gegevensmap: {folder}',
  'archive.damaged.found': 'Wat de controle vond:',
};
