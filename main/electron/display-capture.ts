import { desktopCapturer, type DesktopCapturerSource, type Session } from 'electron';
import { originOf } from './ipc-wiring';

// The video-conference screen as a video track: the renderer calls getDisplayMedia() (the same
// code as in a browser) and the shell answers without a picker: the window of a known
// video-conference application when one is open, else the primary screen. Only the app's own
// origin gets it (the permission handler in security.ts refuses display-capture to anyone else).

const CONFERENCE_WINDOWS = /trueconf|zoom|teams|jitsi|webex|skype|vinteo|videomost|видеоконференц/i;

export function pickDisplaySource(sources: DesktopCapturerSource[]): DesktopCapturerSource | undefined {
  return sources.find((s) => s.id.startsWith('window:') && CONFERENCE_WINDOWS.test(s.name)) ?? sources.find((s) => s.id.startsWith('screen:'));
}

export function allowDisplayCapture(session: Session, appOrigin: string): void {
  session.setDisplayMediaRequestHandler((request, callback) => {
    if (originOf(request.securityOrigin) !== appOrigin) {
      callback({});
      return;
    }
    desktopCapturer
      .getSources({ types: ['window', 'screen'] })
      .then((sources) => {
        const pick = pickDisplaySource(sources);
        callback(pick ? { video: pick } : {});
      })
      .catch(() => callback({}));
  });
}
