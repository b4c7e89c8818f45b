import { safeFileName } from '../engine/safeFileName';

/** Starts browser downloads of files the worker prepared (main thread: workers cannot). */
export function saveFiles(files: { name: string; mime: string; bytes: ArrayBuffer }[]): void {
  for (const file of files) {
    const url = URL.createObjectURL(new Blob([file.bytes], { type: file.mime }));
    const link = document.createElement('a');
    link.href = url;
    // The worker names files safely already; the page checks again, as for anything it is sent.
    link.download = safeFileName(file.name);
    link.click();
    // The download has started reading the blob by then; revoking frees its memory.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}
