/**
 * Keeps the checkpoint lists of the studio's tabs in step: a tab whose worker changed the
 * stored checkpoints says so on a BroadcastChannel, and every other tab reads its list again.
 */
const CHANNEL = 'inklab-checkpoints';

/** Returns `announce` (call it after this tab's checkpoints changed) and the closer. */
export function syncCheckpointLists(onOtherTabChanged: () => void): {
  announce: () => void;
  close: () => void;
} {
  if (typeof BroadcastChannel === 'undefined') return { announce: () => {}, close: () => {} };
  const channel = new BroadcastChannel(CHANNEL);
  // A channel does not hear its own messages, so a tab never answers itself.
  channel.onmessage = () => onOtherTabChanged();
  return { announce: () => channel.postMessage('changed'), close: () => channel.close() };
}
