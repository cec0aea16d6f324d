import { createApp } from 'vue';
import App from './App.vue';
import { currentLocale, i18n } from './i18n/index.ts';

document.documentElement.lang = currentLocale();
createApp(App).use(i18n).mount('#app');
