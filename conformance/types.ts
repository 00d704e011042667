/** The result of one conformance case. Every case found in a corpus is reported: none is skipped. */
export interface CaseResult {
  id: string;
  ok: boolean;
  /** Why the case failed (a short diff summary or error); optional on success. */
  message?: string;
}

/**
 * One corpus of `../shared/conformance`. Each module in `conformance/corpora/` default-exports one.
 * `run` reads every case under `dir` (the corpus folder) and checks it against the engine; when the
 * engine does not exist yet, it still lists every case and reports each as failed.
 */
export interface Corpus {
  /** Name as printed, e.g. `semver`, `flux/image-policy`. */
  name: string;
  /** Folder relative to the conformance root, e.g. `semver`, `flux/image-policy`. */
  folder: string;
  run(dir: string): Promise<CaseResult[]>;
}
