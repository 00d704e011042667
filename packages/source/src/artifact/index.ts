export {
  ARTIFACT_DIR_MODE,
  ARTIFACT_EXEC_FILE_MODE,
  ARTIFACT_FILE_MODE,
  type Archive,
  type ArchiveDirectoryOptions,
  archiveDirectory,
} from "./archive.js";
export {
  cleanEntryName,
  type ExtractArchiveOptions,
  type ExtractResult,
  extractArchive,
  type SymlinkPolicy,
} from "./extract.js";
export { crc32, type GunzipOptions, gunzipBounded, gzipDeterministic } from "./gzip.js";
export {
  DEFAULT_MAX_ENTRIES,
  DEFAULT_MAX_SIZE,
  readTar,
  type TarEntry,
  type TarEntryKind,
  type TarReadLimits,
} from "./tar-reader.js";
export { type TarEntryType, type TarHeader, TarWriter } from "./tar-writer.js";
