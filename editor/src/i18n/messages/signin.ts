// The sign-in screen.
export default {
  en: {
    apiKey: 'API key',
    submit: 'Sign in',
    hintBefore: 'Create a key with',
    hintAfter: 'It is kept only for this browser tab.',
    rejected: 'That API key was not accepted.',
  },
  fr: {
    apiKey: 'Clé d’API',
    submit: 'Se connecter',
    hintBefore: 'Créez une clé avec',
    hintAfter: 'Elle n’est conservée que dans cet onglet du navigateur.',
    rejected: 'Cette clé d’API n’a pas été acceptée.',
  },
};
