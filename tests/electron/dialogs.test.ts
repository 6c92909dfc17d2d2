import { describe, expect, it } from 'vitest';
import { electronDialogs, quitAfter } from '../../main/electron/dialogs.js';

// A stand-in for Electron's dialog records what it was asked and answers as the shop would.
function fakeDialog(answer: { canceled: boolean; filePaths: string[] }) {
  const asked: unknown[][] = [];
  return {
    asked,
    dialog: {
      showOpenDialog: async (...args: unknown[]) => {
        asked.push(args);
        return answer;
      },
    } as never,
  };
}

describe('choosing where backups go and which to restore', () => {
  it('asks for a folder on the app window, in the shop’s language', async () => {
    const fake = fakeDialog({ canceled: false, filePaths: ['/media/usb/Back-ups'] });
    const parent = { id: 'main window' };
    const dialogs = electronDialogs({ dialog: fake.dialog, parent: () => parent as never, language: () => 'nl' });
    expect(await dialogs.pickFolder()).toBe('/media/usb/Back-ups');
    expect(fake.asked).toEqual([[parent, expect.objectContaining({ title: 'Map voor back-ups kiezen', properties: ['openDirectory', 'createDirectory'] })]]);
  });

  it('offers only backup files, and gives nothing when cancelled', async () => {
    const fake = fakeDialog({ canceled: true, filePaths: [] });
    const dialogs = electronDialogs({ dialog: fake.dialog });
    expect(await dialogs.pickBackupFile()).toBeNull();
    expect(fake.asked).toEqual([[expect.objectContaining({
      title: 'Choose a backup to restore',
      properties: ['openFile'],
      filters: [{ name: 'Counterpart backups', extensions: ['sqlite', 'cpbackup'] }],
    })]]);
  });
});

describe('choosing the receipt printer’s device', () => {
  it('opens in /dev, showing what is hidden, and gives the picked path to main', async () => {
    const fake = fakeDialog({ canceled: false, filePaths: ['/dev/usb/lp0'] });
    const dialogs = electronDialogs({ dialog: fake.dialog, language: () => 'nl' }, 'linux');
    expect(await dialogs.pickPrinterDevice?.()).toBe('/dev/usb/lp0');
    expect(fake.asked).toEqual([[{
      title: 'Bonprinter kiezen (apparaat)', buttonLabel: 'Kiezen', properties: ['openFile', 'showHiddenFiles'], defaultPath: '/dev',
    }]]);
  });

  it('has no /dev to start in on Windows, and gives nothing when cancelled', async () => {
    const fake = fakeDialog({ canceled: true, filePaths: [] });
    const dialogs = electronDialogs({ dialog: fake.dialog }, 'win32');
    expect(await dialogs.pickPrinterDevice?.()).toBeNull();
    expect(fake.asked[0]?.[0]).not.toHaveProperty('defaultPath');
  });
});

describe('the backup on quit', () => {
  it('holds the quit until the backup is done, runs it once, then quits', async () => {
    const listeners: ((event: { preventDefault(): void }) => void)[] = [];
    let quits = 0;
    let prevented = 0;
    const app = {
      on: (_name: string, listener: (event: { preventDefault(): void }) => void) => listeners.push(listener),
      quit: () => {
        quits++;
        listeners.forEach((l) => l({ preventDefault: () => prevented++ }));
      },
    };
    let finishBackup = () => {};
    let backups = 0;
    quitAfter(app as never, () => {
      backups++;
      return new Promise<void>((resolve) => (finishBackup = resolve));
    });

    listeners.forEach((l) => l({ preventDefault: () => prevented++ }));
    // A second Ctrl+Q while the backup runs does not start another.
    listeners.forEach((l) => l({ preventDefault: () => prevented++ }));
    expect([backups, prevented, quits]).toEqual([1, 2, 0]);

    finishBackup();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect([backups, prevented, quits]).toEqual([1, 2, 1]);
  });
});
