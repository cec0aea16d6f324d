// One-click example conditions for Gigaflow's own flows. Field paths are the real ones:
// Device Diagnostic output (nodes/diagnostics/diagnostic.schema.json: opticalStatus[].rxPowerDbm,
// dBm; "weak" below -27 as nodes/diagnostics/thresholds.ts), and the ERPNext Trigger's item
// ({doctype, event, body: the document}, nodes/erpnext/ErpNextTrigger.node.ts) with the options of
// nodes/erpnext/catalogs/{issue,subscription,dispatch-job}.json; the ERPNext ones are the trigger
// condition examples of docs/conditions.md.
export interface ConditionExample {
  /** data-test and i18n key (conditions.examples.<key>). */
  key: string;
  rule: unknown;
}

const v = (path: string) => ({ var: path });

export const CONDITION_EXAMPLES: readonly ConditionExample[] = [
  {
    key: 'weakOpticalPower',
    // Any optical reading (ONU or OLT side) received below -27 dBm; a null reading is not weak.
    rule: { some: [v('opticalStatus'), { '<': [v('rxPowerDbm'), -27] }] },
  },
  {
    key: 'highPriorityIssue',
    rule: { '==': [v('body.priority'), 'High'] },
  },
  {
    key: 'subscriptionUnpaid',
    // ERPNext sends the document after the save, not the one before: "became" needs the previous
    // status, which the Webhook's JSON template adds as body.previous_status (docs/conditions.md).
    rule: { and: [{ '==': [v('body.status'), 'Unpaid'] }, { '!=': [v('body.previous_status'), 'Unpaid'] }] },
  },
  {
    key: 'dispatchJobPublished',
    rule: { '==': [v('body.status'), 'Published'] },
  },
];
