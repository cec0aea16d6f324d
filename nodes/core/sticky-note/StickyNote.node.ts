import type { INodeType } from 'n8n-workflow';
import { stickyNoteDescription } from './description.ts';

/** Editor-only annotation: deliberately without execute (see description.ts). */
export class StickyNote implements INodeType {
  description = stickyNoteDescription;
}
