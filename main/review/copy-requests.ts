import type { CopyResult } from '../../common/contract/review';
import { HattamaError } from '../../common/errors';
import type { Db } from '../db/database';
import type { CoreModule } from '../runtime/core-deps';
import { authorOf, type Handler } from '../runtime/handlers';
import { centralNamesOf, copyRequestById, copyRequests, localHearingOf, queueCopyDelivery } from '../sync/copy-requests';

// A party's copy request from central, fulfilled: the copy is made by review.copy itself (the
// same rules: who may review the hearing may make it, sealed ranges always out) and its four
// files are queued with sync for the upload against the request. The request names the hearing
// as central does; the station finds its own hearing of that name in what it told central.

export type CopyRequestCalls = 'review.copyRequests' | 'review.fulfilCopyRequest';

function copyRequestCalls(db: Db, dataDir: string, copy: Handler<'review.copy'>): CoreModule<CopyRequestCalls>['handlers'] {
  return {
    'review.copyRequests': ({ hearingId }) => copyRequests(db, hearingId === undefined ? undefined : centralNamesOf(db, hearingId)),
    'review.fulfilCopyRequest': async ({ requestId, lang }, ctx) => {
      const req = copyRequestById(db, requestId);
      if (!req) throw new HattamaError('copies.requestNotFound', { requestId });
      if (req.state !== 'requested') throw new HattamaError('copies.requestClosed', { requestId, state: req.state });
      if (req.delivery) throw new HattamaError('copies.requestFulfilled', { requestId, at: req.delivery.at });
      const hearingId = localHearingOf(db, req.hearingId);
      if (hearingId === null) throw new HattamaError('copies.hearingNotHere', { hearing: req.hearingId });
      const made: CopyResult = await copy({ hearingId, lang }, ctx);
      const files = [
        { name: 'copy.mp4', path: made.video.path },
        { name: 'protocol.pdf', path: made.protocol.path },
        { name: 'receipt.json', path: made.receipt.path },
        { name: 'receipt.sig', path: made.signature.path },
      ];
      if (!queueCopyDelivery(db, dataDir, requestId, { copyId: made.copyId, files }, authorOf(ctx))) throw new HattamaError('copies.requestFulfilled', { requestId, at: copyRequestById(db, requestId)?.delivery?.at ?? '' });
      return { request: copyRequestById(db, requestId)!, copy: made };
    },
  };
}

/** The review module with the copy-request calls beside its own, made with its own review.copy. */
export function withCopyRequests<M extends { handlers: { 'review.copy': Handler<'review.copy'> } }>(db: Db, dataDir: string, mod: M): NoInfer<M & { handlers: M['handlers'] & CoreModule<CopyRequestCalls>['handlers'] }> {
  return { ...mod, handlers: { ...mod.handlers, ...copyRequestCalls(db, dataDir, mod.handlers['review.copy']) } };
}
