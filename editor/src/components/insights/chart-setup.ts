// Chart.js with only the parts the Insights charts draw (the rest is tree-shaken away), and the
// colours shared by the charts, the tiles and the tables.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export const STATUS_COLORS = { success: '#2e9e5b', error: '#d64541', canceled: '#9aa0a6', crashed: '#8e44ad' } as const;
export const USAGE_COLORS = { sms: '#2f6fde', vision: '#e6a23c' } as const;
