import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { INTERVAL_DEFAULTS } from '../../../host/runtime/schedule-rules.ts';

const showFor = (...field: string[]) => ({ show: { field } });

const hourName = (h: number) => (h === 0 ? 'Midnight' : h === 12 ? 'Noon' : h < 12 ? `${h}am` : `${h - 12}pm`);
const hours = Array.from({ length: 24 }, (_, h) => ({ name: hourName(h), value: h }));

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((name, i) => ({ name, value: (i + 1) % 7 }));

const between = (unit: string, name: string, field: string): INodeProperties => ({
  displayName: `${unit} Between Triggers`,
  name,
  type: 'number',
  default: INTERVAL_DEFAULTS[name as keyof typeof INTERVAL_DEFAULTS] as number,
  displayOptions: showFor(field),
  description: `How many ${unit.toLowerCase()} pass between two runs`,
});

/**
 * n8n's Schedule Trigger parameters (v1–1.2): `rule.interval[]` entries, so exported schedules
 * import unchanged. The defaults are shared with the host scheduler (host/runtime/schedule-rules.ts),
 * which fills them in for values n8n leaves out of saved JSON.
 */
export const scheduleTriggerDescription: INodeTypeDescription = {
  displayName: 'Schedule Trigger',
  name: 'scheduleTrigger',
  icon: 'fa:clock',
  group: ['trigger', 'schedule'],
  version: [1, 1.1, 1.2],
  defaultVersion: 1.2,
  description: 'Starts the workflow at fixed times or intervals',
  eventTriggerDescription: '',
  activationMessage: 'The workflow now runs on the schedule you defined.',
  defaults: { name: 'Schedule Trigger', color: '#31C49F' },
  inputs: [],
  outputs: ['main'],
  properties: [
    {
      displayName:
        'The workflow runs on this schedule while it is active. Executing it by hand runs it once, now. Times are in the workflow timezone (settings), else the host timezone.',
      name: 'notice',
      type: 'notice',
      default: '',
    },
    {
      displayName: 'Trigger Rules',
      name: 'rule',
      placeholder: 'Add Rule',
      type: 'fixedCollection',
      typeOptions: { multipleValues: true },
      default: { interval: [{ field: INTERVAL_DEFAULTS.field }] },
      options: [
        {
          name: 'interval',
          displayName: 'Trigger Interval',
          values: [
            {
              displayName: 'Trigger Interval',
              name: 'field',
              type: 'options',
              default: INTERVAL_DEFAULTS.field,
              options: [
                { name: 'Seconds', value: 'seconds' },
                { name: 'Minutes', value: 'minutes' },
                { name: 'Hours', value: 'hours' },
                { name: 'Days', value: 'days' },
                { name: 'Weeks', value: 'weeks' },
                { name: 'Months', value: 'months' },
                { name: 'Custom (Cron)', value: 'cronExpression' },
              ],
            },
            between('Seconds', 'secondsInterval', 'seconds'),
            between('Minutes', 'minutesInterval', 'minutes'),
            between('Hours', 'hoursInterval', 'hours'),
            between('Days', 'daysInterval', 'days'),
            between('Weeks', 'weeksInterval', 'weeks'),
            between('Months', 'monthsInterval', 'months'),
            {
              displayName: 'Trigger at Day of Month',
              name: 'triggerAtDayOfMonth',
              type: 'number',
              typeOptions: { minValue: 1, maxValue: 31 },
              default: INTERVAL_DEFAULTS.triggerAtDayOfMonth,
              displayOptions: showFor('months'),
              description: 'Day of the month to run on (1-31)',
              hint: 'Months without this day are skipped',
            },
            {
              displayName: 'Trigger on Weekdays',
              name: 'triggerAtDay',
              type: 'multiOptions',
              typeOptions: { maxValue: 7 },
              options: weekdays,
              default: [...INTERVAL_DEFAULTS.triggerAtDay],
              displayOptions: showFor('weeks'),
            },
            {
              displayName: 'Trigger at Hour',
              name: 'triggerAtHour',
              type: 'options',
              options: hours,
              default: INTERVAL_DEFAULTS.triggerAtHour,
              displayOptions: showFor('days', 'weeks', 'months'),
              description: 'Hour of the day to run at',
            },
            {
              displayName: 'Trigger at Minute',
              name: 'triggerAtMinute',
              type: 'number',
              typeOptions: { minValue: 0, maxValue: 59 },
              default: INTERVAL_DEFAULTS.triggerAtMinute,
              displayOptions: showFor('hours', 'days', 'weeks', 'months'),
              description: 'Minute past the hour to run at (0-59)',
            },
            {
              displayName: 'Expression',
              name: 'expression',
              type: 'string',
              default: INTERVAL_DEFAULTS.expression,
              placeholder: 'e.g. 0 15 * * 1-5',
              displayOptions: showFor('cronExpression'),
              hint: 'Five fields [Minute] [Hour] [Day of Month] [Month] [Day of Week], or six with [Second] first',
            },
          ],
        },
      ],
    },
  ],
};
