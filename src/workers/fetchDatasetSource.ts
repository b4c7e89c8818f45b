/** The datasets built into the app (public/datasets), fetched from the app's own origin. */
import type { DatasetSource } from '../engine/data/types';

const BUILD_HINT =
  'Build the datasets with `npm run datasets` (npm start and npm run build need them in ' +
  'public/datasets), then reload the page.';

/** A dataset file the server does not have (the datasets were not built into the app). */
export class DatasetNotFoundError extends Error {
  override name = 'DatasetNotFoundError';
}

export class FetchDatasetSource implements DatasetSource {
  /** `baseUrl` is the datasets folder, ending in a slash (e.g. https://host/app/datasets/). */
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFile: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  describe(path: string): string {
    if (path.startsWith('/') || path.split('/').includes('..') || /^[a-z]+:/i.test(path)) {
      throw new Error(`Dataset path "${path}" must be relative to ${this.baseUrl}.`);
    }
    return new URL(path, this.baseUrl).href;
  }

  async read(path: string): Promise<Uint8Array> {
    const url = this.describe(path);
    let response: Response;
    try {
      response = await this.fetchFile(url);
    } catch (error) {
      throw new Error(`Could not download dataset file ${url}: ${(error as Error).message}.`);
    }
    // Development servers answer unknown paths with the app's index.html (status 200).
    const html = response.headers.get('content-type')?.includes('text/html') ?? false;
    if (response.status === 404 || (response.ok && html && !path.endsWith('.html'))) {
      throw new DatasetNotFoundError(
        `Dataset file ${url} was not found on the server. ${BUILD_HINT}`,
      );
    }
    if (!response.ok) {
      throw new Error(
        `Dataset file ${url} could not be downloaded: HTTP ${response.status} ${response.statusText}.`,
      );
    }
    // fetch unpacks a body sent with "Content-Encoding: gzip"; the manifest's checksum is of the
    // .gz file itself, so such a response can never verify. Say so instead of "corrupt".
    if (path.endsWith('.gz') && /gzip/i.test(response.headers.get('content-encoding') ?? '')) {
      throw new Error(
        `The server sent ${url} with "Content-Encoding: gzip", so the browser unpacked it and ` +
          'it cannot match the dataset manifest. Serve the .gz dataset files as plain bytes ' +
          '(no Content-Encoding header; vite.config.ts does this for npm start and preview).',
      );
    }
    return new Uint8Array(await response.arrayBuffer());
  }
}
