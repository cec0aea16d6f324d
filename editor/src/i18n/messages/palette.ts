// The node palette. Category names of integrations come from the nodes themselves and are shown as-is.
export default {
  en: {
    search: 'Search nodes',
    hint: 'Drag a node onto the canvas, or double-click it (Enter from the keyboard) to add it.',
    addTitle: '{description} — double-click or Enter to add',
    categories: { Triggers: 'Triggers', Flow: 'Flow', Data: 'Data', Integrations: 'Integrations', Other: 'Other' },
  },
  fr: {
    search: 'Rechercher des nœuds',
    hint: 'Glissez un nœud sur le canevas, ou double-cliquez dessus (Entrée au clavier) pour l’ajouter.',
    addTitle: '{description} — double-clic ou Entrée pour ajouter',
    categories: { Triggers: 'Déclencheurs', Flow: 'Contrôle du flux', Data: 'Données', Integrations: 'Intégrations', Other: 'Autres' },
  },
};
