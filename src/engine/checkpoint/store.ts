/** Where checkpoints live: files in Node, IndexedDB in the browser. Ids are store-relative. */
export interface CheckpointStore {
  save(id: string, bytes: Uint8Array): Promise<void>;
  load(id: string): Promise<Uint8Array>;
  remove(id: string): Promise<void>;
  has(id: string): Promise<boolean>;
  /** A human-readable location, for messages. */
  describe(id: string): string;
}
