/** Starts the tfjs backend once, on the page's init or on the first request that needs it. */
import type { BackendName } from '../engine/backends/initBackend';
import { type BackendProbes, chooseAfterDeviceLoss, chooseBackend } from './backendChoice';
import { type MeasureDeps, measureBackends } from './backendMeasure';
import type { BackendReport } from './protocol';

export class BackendGate {
  private report?: Promise<BackendReport>;

  constructor(
    private readonly probes: BackendProbes,
    private readonly onStarted: (report: BackendReport) => void = () => {},
  ) {}

  /** Chooses (again) with `preferred` tried first. */
  init(preferred?: BackendName): Promise<BackendReport> {
    return this.choose(chooseBackend(this.probes, preferred));
  }

  /** An auto run's backend: the fastest on its model, timed now or read from the cache. */
  measure(deps: Omit<MeasureDeps, 'probes'>): Promise<BackendReport> {
    return this.choose(measureBackends({ ...deps, probes: this.probes }));
  }

  /** `lost`'s GPU device was lost: continues on the next backend of the chain that starts. */
  afterDeviceLoss(lost: BackendName, detail: string): Promise<BackendReport> {
    return this.choose(chooseAfterDeviceLoss(this.probes, lost, detail));
  }

  private choose(report: Promise<BackendReport>): Promise<BackendReport> {
    this.report = report;
    report.then(this.onStarted, () => {
      // A failed choice is retried by the next request.
      if (this.report === report) this.report = undefined;
    });
    return report;
  }

  /** The current backend, starting the default order if none has been chosen yet. */
  ready(): Promise<BackendReport> {
    return this.report ?? this.init();
  }
}
