import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi } from '../common/contract/api';
import { callChannel, eventChannel } from '../common/contract/index';

// The only bridge between the sandboxed page and the core: one object, `window.hattama`, whose
// methods are generated from the contract. The page never sees ipcRenderer or a channel name.
const api = buildApi({
  invoke: (name, input) => ipcRenderer.invoke(callChannel(name), input),
  subscribe(name, handler) {
    const channel = eventChannel(name);
    const listener = (_e: IpcRendererEvent, payload: unknown) => handler(payload);
    ipcRenderer.on(channel, listener);
    return () => ipcRenderer.removeListener(channel, listener);
  },
});

contextBridge.exposeInMainWorld('hattama', api);
