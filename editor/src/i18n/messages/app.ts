// The frame around every screen: navigation, language switch, shared words.
export default {
  en: {
    brand: 'Gigaflow',
    nav: { workflows: 'Workflows', executions: 'Executions', insights: 'Insights', credentials: 'Credentials', templates: 'Templates' },
    language: 'Language',
    languages: { en: 'English', fr: 'Français' },
    signOut: 'Sign out',
    loading: 'Loading…',
  },
  fr: {
    brand: 'Gigaflow',
    nav: { workflows: 'Workflows', executions: 'Exécutions', insights: 'Statistiques', credentials: 'Identifiants', templates: 'Modèles' },
    language: 'Langue',
    languages: { en: 'English', fr: 'Français' },
    signOut: 'Se déconnecter',
    loading: 'Chargement…',
  },
};
