import { volumeListName, volumeName } from '../../../shared/model/volume-names';

/** The file names a build writes, for the summary before it runs (the engine's naming rules). */
export { FAT32_VOLUME, parseSplitSize } from '../../../shared/model/volume-names';

export interface PlannedFiles {
  readonly archives: readonly string[];
  readonly sidecars: readonly string[];
  readonly volumeList?: string | undefined;
}

/** `out`, or `out.000`… when split (as many as the estimate needs), with their sidecars. */
export function plannedFiles(out: string, estimatedBytes: number, volumeSize: number | undefined): PlannedFiles {
  const count = volumeSize ? Math.max(1, Math.ceil(estimatedBytes / volumeSize)) : 0;
  const archives = volumeSize ? Array.from({ length: count }, (_, i) => volumeName(out, i)) : [out];
  const sidecars = archives.flatMap((a) => [`${a}.md5`, `${a}.sha256`]);
  return volumeSize ? { archives, sidecars, volumeList: volumeListName(out) } : { archives, sidecars };
}
