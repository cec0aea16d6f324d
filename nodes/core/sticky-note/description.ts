import type { INodeTypeDescription } from 'n8n-workflow';

/**
 * n8n's Sticky Note: a canvas annotation. No inputs, no outputs and no execute, so the engine never
 * runs it; it exists so n8n exports that contain notes load and keep their notes.
 */
export const stickyNoteDescription: INodeTypeDescription = {
  displayName: 'Sticky Note',
  name: 'stickyNote',
  icon: 'fa:sticky-note',
  group: ['input'],
  version: 1,
  description: 'Make your workflow easier to understand',
  defaults: { name: 'Sticky Note', color: '#FFD233' },
  inputs: [],
  outputs: [],
  properties: [
    {
      displayName: 'Content',
      name: 'content',
      type: 'string',
      required: true,
      default: "## I'm a note \n**Double click** to edit me. [Guide](https://docs.n8n.io/workflows/sticky-notes/)",
    },
    { displayName: 'Height', name: 'height', type: 'number', required: true, default: 160 },
    { displayName: 'Width', name: 'width', type: 'number', required: true, default: 240 },
    { displayName: 'Color', name: 'color', type: 'number', required: true, default: 1 },
  ],
};
