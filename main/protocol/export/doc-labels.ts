import fs from 'node:fs';
import { resourcePath } from './resources';

export type ExportLang = 'kk' | 'ru';

/** Document labels of one language, from resources/protocol-templates/<lang>.json. */
export type DocLabels = Record<
  | 'title' | 'subtitle' | 'caseNumber' | 'category' | 'court' | 'courtroom' | 'date' | 'start' | 'end' | 'composition'
  | 'judge' | 'secretary' | 'participants' | 'role' | 'name' | 'attendance' | 'entries' | 'time' | 'position' | 'event'
  | 'noEntries' | 'addenda' | 'exhibits' | 'exhibitStatus' | 'recordingNote' | 'signatures' | 'signJudge' | 'signSecretary'
  | 'signLine' | 'page' | 'notStarted' | 'notEnded' | 'edited'
  | 'toBeSigned' | 'signedElectronically' | 'electronicSignature' | 'signedAt' | 'certificate' | 'iin' | 'validity' | 'serial'
  | 'issuer' | 'signatureSheet' | 'signedFile' | 'sha256' | 'signatureFile' | 'copyNote'
  | 'subtitleAudio' | 'subtitleNotRecorded' | 'recording' | 'microphones' | 'cameras' | 'screenCapture' | 'channel' | 'session'
  | 'fromTo' | 'manifestHash' | 'notSigned' | 'damaged' | 'stillRecording' | 'notRecorded' | 'paused' | 'gap' | 'crashed'
  | 'interrupted' | 'qrNote' | 'description' | 'interpreter'
  | 'sessionMode' | 'sessionOpen' | 'sessionClosed' | 'proceedingsLanguage' | 'languageKk' | 'languageRu' | 'cancelled'
  | 'sealedMark' | 'sealedWithheld' | 'publicCopy' | 'publicCopyNote'
  | 'videoconference' | 'remoteMark' | 'attendanceRemote',
  string
>;

const labelCache = new Map<ExportLang, DocLabels>();

export function docLabels(lang: ExportLang): DocLabels {
  let l = labelCache.get(lang);
  if (!l) {
    l = JSON.parse(fs.readFileSync(resourcePath('protocol-templates', `${lang}.json`), 'utf8')) as DocLabels;
    labelCache.set(lang, l);
  }
  return l;
}
