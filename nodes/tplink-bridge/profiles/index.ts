// The firmware profiles the bridge knows, by id. Add a file per firmware family and list it here.
import type { FirmwareProfile } from './types.ts';
import { xx230v } from './xx230v.ts';

export type { FirmwareProfile } from './types.ts';

export const PROFILES: Record<string, FirmwareProfile> = { [xx230v.id]: xx230v };

export const DEFAULT_PROFILE = xx230v.id;

export const profileFor = (id: string | undefined): FirmwareProfile | undefined => PROFILES[id || DEFAULT_PROFILE];
