// Sandboxed preload, bundled to CommonJS: electron and the call names, nothing more.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld('counterpart', createBridge(ipcRenderer));
