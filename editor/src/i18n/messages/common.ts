// Words and messages shared by several screens of the editor.
export default {
  en: {
    save: 'Save',
    cancel: 'Cancel',
    close: 'Close',
    remove: 'Remove',
    add: 'Add',
    delete: 'Delete',
    json: 'JSON',
    items: '{n} item | {n} items',
    httpFailed: '{method} {path} failed with HTTP {status}',
  },
  fr: {
    save: 'Enregistrer',
    cancel: 'Annuler',
    close: 'Fermer',
    remove: 'Retirer',
    add: 'Ajouter',
    delete: 'Supprimer',
    json: 'JSON',
    items: '{n} élément | {n} éléments',
    httpFailed: '{method} {path} a échoué (HTTP {status})',
  },
};
