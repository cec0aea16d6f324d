// The fake site's schema: the ERPNext and Gigafibre doctypes of the shared contract
// (/tmp/briefs/erpnext-model.md), plus the core meta doctypes (DocType, DocField, Custom Field)
// so metadata is read the way Frappe serves it. Sales Invoice and Payment Entry (+ its reference
// table) go beyond the contract, for the payment-received template.

export type FieldType =
  | 'Data'
  | 'Select'
  | 'Link'
  | 'Dynamic Link'
  | 'Check'
  | 'Int'
  | 'Float'
  | 'Currency'
  | 'Percent'
  | 'Date'
  | 'Datetime'
  | 'Text'
  | 'Small Text'
  | 'Text Editor'
  | 'Table';

export interface DocFieldDef {
  fieldname: string;
  label: string;
  fieldtype: FieldType;
  options?: string;
  reqd?: 0 | 1;
  unique?: 0 | 1;
  default?: string;
  allow_on_submit?: 0 | 1;
  in_list_view?: 0 | 1;
  read_only?: 0 | 1;
  /** A Custom Field on a standard doctype: merged into the meta, but not a DocField of the DocType document. */
  custom_field?: boolean;
  insert_after?: string;
}

export interface DocTypeDef {
  name: string;
  module: string;
  custom: 0 | 1;
  istable: 0 | 1;
  issingle: 0;
  is_submittable: 0 | 1;
  is_tree: 0;
  /** "field:x", a naming series pattern ("ISS-.YYYY.-.#####"), "hash" or "Prompt". */
  autoname: string;
  naming_rule: string;
  sort_field: string;
  sort_order: 'ASC' | 'DESC';
  title_field?: string;
  fields: DocFieldDef[];
  /** Core meta doctypes the fake serves read-only. */
  readOnly?: boolean;
}

export const STANDARD_FIELDS = ['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx'] as const;
export const CHILD_FIELDS = ['parent', 'parentfield', 'parenttype'] as const;
export const OPTIONAL_FIELDS = ['_user_tags', '_comments', '_assign', '_liked_by', '_seen'] as const;
export const FLOAT_TYPES = new Set<string>(['Float', 'Currency', 'Percent']);
export const INT_TYPES = new Set<string>(['Int', 'Check']);
export const NUMERIC_TYPES = new Set<string>([...FLOAT_TYPES, ...INT_TYPES]);

/** The type of a standard column, for comparisons and output. */
export function standardFieldType(fieldname: string): FieldType | undefined {
  if (fieldname === 'creation' || fieldname === 'modified') return 'Datetime';
  if (fieldname === 'docstatus' || fieldname === 'idx') return 'Int';
  if ((STANDARD_FIELDS as readonly string[]).includes(fieldname) || (CHILD_FIELDS as readonly string[]).includes(fieldname)) return 'Data';
  return undefined;
}

const ACRONYMS: Record<string, string> = { mac: 'MAC', onu: 'ONU', olt: 'OLT', pon: 'PON', id: 'ID', genieacs: 'GenieACS', no: 'No' };
const labelOf = (fieldname: string): string =>
  fieldname
    .split('_')
    .map((w) => ACRONYMS[w] ?? w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

/** A field; the label is derived from the fieldname unless given. */
function f(fieldname: string, fieldtype: FieldType, extra: Partial<DocFieldDef> = {}): DocFieldDef {
  return { fieldname, label: labelOf(fieldname), fieldtype, ...extra };
}

function doctype(name: string, module: string, autoname: string, fields: DocFieldDef[], extra: Partial<DocTypeDef> = {}): DocTypeDef {
  const naming_rule = autoname.startsWith('field:') ? 'By fieldname' : autoname === 'hash' ? 'Random' : autoname === 'Prompt' ? 'Set by user' : 'Expression (old style)';
  return { name, module, custom: 0, istable: 0, issingle: 0, is_submittable: 0, is_tree: 0, autoname, naming_rule, sort_field: 'modified', sort_order: 'DESC', fields, ...extra };
}

const gigafibre = (def: DocTypeDef): DocTypeDef => ({ ...def, module: 'Gigafibre', custom: 1 });

const ERPNEXT: DocTypeDef[] = [
  doctype(
    'Customer',
    'Selling',
    'field:customer_name',
    [
      f('customer_name', 'Data', { reqd: 1, in_list_view: 1 }),
      f('customer_type', 'Select', { options: 'Company\nIndividual', default: 'Individual' }),
      f('customer_group', 'Data'),
      f('territory', 'Data'),
      f('mobile_no', 'Data'),
      f('email_id', 'Data', { label: 'Email Id' }),
      f('disabled', 'Check', { default: '0' }),
      f('stripe_customer_id', 'Data', { label: 'Stripe Customer ID', custom_field: true, insert_after: 'email_id' }),
    ],
    { title_field: 'customer_name' },
  ),
  doctype(
    'Quotation',
    'Selling',
    'SAL-QTN-.YYYY.-.#####',
    [
      f('quotation_to', 'Select', { options: 'Customer\nLead', default: 'Customer' }),
      f('party_name', 'Dynamic Link', { label: 'Party', options: 'quotation_to', reqd: 1 }),
      f('transaction_date', 'Date', { label: 'Date', reqd: 1 }),
      f('valid_till', 'Date'),
      f('status', 'Select', { options: 'Draft\nOpen\nOrdered\nLost\nCancelled\nExpired', default: 'Draft', allow_on_submit: 1 }),
      f('grand_total', 'Currency'),
      f('items', 'Table', { options: 'Quotation Item' }),
    ],
    { is_submittable: 1, title_field: 'party_name' },
  ),
  doctype(
    'Quotation Item',
    'Selling',
    'hash',
    [f('item_code', 'Data', { reqd: 1, in_list_view: 1 }), f('qty', 'Float', { label: 'Quantity' }), f('rate', 'Currency'), f('amount', 'Currency')],
    { istable: 1 },
  ),
  doctype(
    'Issue',
    'Support',
    'ISS-.YYYY.-.#####',
    [
      f('subject', 'Data', { reqd: 1, in_list_view: 1 }),
      f('status', 'Select', { options: 'Open\nReplied\nOn Hold\nResolved\nClosed', default: 'Open' }),
      f('priority', 'Select', { options: 'Low\nMedium\nHigh\nUrgent', default: 'Medium' }),
      f('issue_type', 'Data'),
      f('customer', 'Link', { options: 'Customer' }),
      f('raised_by', 'Data', { label: 'Raised By (Email)' }),
      f('description', 'Text Editor'),
      f('opening_date', 'Date'),
      f('service_location', 'Link', { options: 'Service Location', custom_field: true, insert_after: 'customer' }),
    ],
    { title_field: 'subject' },
  ),
  doctype(
    'Subscription',
    'Accounts',
    'ACC-SUB-.YYYY.-.#####',
    [
      f('party_type', 'Select', { options: 'Customer\nSupplier', reqd: 1 }),
      f('party', 'Dynamic Link', { options: 'party_type', reqd: 1 }),
      f('status', 'Select', { options: 'Trialing\nActive\nPast Due Date\nCancelled\nUnpaid\nCompleted', default: 'Active' }),
      f('start_date', 'Date', { reqd: 1 }),
      f('end_date', 'Date'),
      f('current_invoice_start', 'Date'),
      f('current_invoice_end', 'Date'),
      f('plans', 'Table', { options: 'Subscription Plan Detail' }),
    ],
  ),
  doctype('Subscription Plan Detail', 'Accounts', 'hash', [f('plan', 'Data', { reqd: 1, in_list_view: 1 }), f('qty', 'Int', { label: 'Quantity' })], { istable: 1 }),
  doctype(
    'Sales Invoice',
    'Accounts',
    'ACC-SINV-.YYYY.-.#####',
    [
      f('customer', 'Link', { options: 'Customer', reqd: 1, in_list_view: 1 }),
      f('posting_date', 'Date', { reqd: 1 }),
      f('due_date', 'Date'),
      f('grand_total', 'Currency', { reqd: 1 }),
      // Kept by the controllers: grand_total on save, lowered by submitted Payment Entries.
      f('outstanding_amount', 'Currency', { read_only: 1 }),
      f('status', 'Select', { options: 'Draft\nUnpaid\nPartly Paid\nOverdue\nPaid\nCancelled', default: 'Draft' }),
    ],
    { is_submittable: 1, title_field: 'customer' },
  ),
  doctype(
    'Payment Entry',
    'Accounts',
    'ACC-PAY-.YYYY.-.#####',
    [
      f('payment_type', 'Select', { options: 'Receive\nPay\nInternal Transfer', default: 'Receive', reqd: 1 }),
      f('posting_date', 'Date'),
      f('party_type', 'Select', { options: 'Customer\nSupplier', reqd: 1 }),
      f('party', 'Dynamic Link', { options: 'party_type', reqd: 1 }),
      // A Link to Mode of Payment on a real site; plain text here (no such doctype in the fake).
      f('mode_of_payment', 'Data'),
      f('paid_amount', 'Currency', { reqd: 1 }),
      f('received_amount', 'Currency'),
      f('total_allocated_amount', 'Currency', { read_only: 1 }),
      f('unallocated_amount', 'Currency', { read_only: 1 }),
      f('reference_no', 'Data', { label: 'Cheque/Reference No' }),
      f('reference_date', 'Date', { label: 'Cheque/Reference Date' }),
      f('remarks', 'Small Text'),
      f('references', 'Table', { options: 'Payment Entry Reference' }),
    ],
    { is_submittable: 1, title_field: 'party' },
  ),
  doctype(
    'Payment Entry Reference',
    'Accounts',
    'hash',
    [
      f('reference_doctype', 'Data', { reqd: 1, in_list_view: 1 }),
      f('reference_name', 'Dynamic Link', { options: 'reference_doctype', reqd: 1, in_list_view: 1 }),
      f('allocated_amount', 'Currency'),
    ],
    { istable: 1 },
  ),
];

const CUSTOM: DocTypeDef[] = [
  gigafibre(
    doctype(
      'Service Contract',
      '',
      'SC-.YYYY.-.#####',
      [
        f('customer', 'Link', { options: 'Customer', reqd: 1 }),
        f('service_location', 'Link', { options: 'Service Location' }),
        f('plan', 'Data', { reqd: 1 }),
        f('monthly_fee', 'Currency'),
        f('start_date', 'Date', { reqd: 1 }),
        f('end_date', 'Date', { allow_on_submit: 1 }),
        f('status', 'Select', { options: 'Draft\nActive\nSuspended\nTerminated', default: 'Draft', allow_on_submit: 1 }),
      ],
      { is_submittable: 1 },
    ),
  ),
  gigafibre(
    doctype('Service Location', '', 'SL-.#####', [
      f('customer', 'Link', { options: 'Customer', reqd: 1 }),
      f('address_line', 'Data', { reqd: 1, in_list_view: 1 }),
      f('city', 'Data'),
      f('postal_code', 'Data'),
      f('latitude', 'Float'),
      f('longitude', 'Float'),
      f('olt_name', 'Data'),
      f('pon_port', 'Data'),
      f('onu_id', 'Int'),
      f('status', 'Select', { options: 'Pending\nActive\nDisconnected', default: 'Pending' }),
    ]),
  ),
  gigafibre(
    doctype('Service Equipment', '', 'SE-.#####', [
      f('serial_no', 'Data', { reqd: 1, unique: 1, in_list_view: 1 }),
      f('mac_address', 'Data', { unique: 1 }),
      f('equipment_type', 'Select', { options: 'ONT\nRouter\nMesh Node\nSTB', reqd: 1 }),
      f('model', 'Data'),
      f('service_location', 'Link', { options: 'Service Location' }),
      f('status', 'Select', { options: 'In Stock\nInstalled\nFaulty\nReturned', default: 'In Stock' }),
      f('genieacs_device_id', 'Data'),
    ]),
  ),
  gigafibre(
    doctype(
      'Technician',
      '',
      'TECH-.####',
      [
        f('technician_name', 'Data', { reqd: 1, in_list_view: 1 }),
        f('mobile_no', 'Data'),
        f('email', 'Data'),
        f('employee', 'Data'),
        f('skills', 'Small Text'),
        f('active', 'Check', { default: '1' }),
      ],
      { title_field: 'technician_name' },
    ),
  ),
  gigafibre(
    doctype('Dispatch Job', '', 'DJ-.YYYY.-.#####', [
      f('issue', 'Link', { options: 'Issue' }),
      f('customer', 'Link', { options: 'Customer' }),
      f('service_location', 'Link', { options: 'Service Location' }),
      f('technician', 'Link', { options: 'Technician' }),
      f('job_type', 'Select', { options: 'Installation\nRepair\nMaintenance\nRemoval', default: 'Repair' }),
      f('status', 'Select', { options: 'Draft\nPublished\nAssigned\nIn Progress\nCompleted\nCancelled', default: 'Draft' }),
      f('scheduled_date', 'Datetime'),
      f('notes', 'Text'),
    ]),
  ),
];

const FIELD_TYPES = 'Data\nSelect\nLink\nDynamic Link\nCheck\nInt\nFloat\nCurrency\nPercent\nDate\nDatetime\nText\nSmall Text\nText Editor\nTable';
const docFieldColumns = (): DocFieldDef[] => [
  f('fieldname', 'Data'),
  f('label', 'Data'),
  f('fieldtype', 'Select', { options: FIELD_TYPES, default: 'Data' }),
  f('options', 'Small Text'),
  f('reqd', 'Check', { label: 'Mandatory' }),
  f('unique', 'Check'),
  f('default', 'Small Text'),
  f('allow_on_submit', 'Check'),
  f('in_list_view', 'Check'),
  f('read_only', 'Check'),
];

const CORE: DocTypeDef[] = [
  doctype(
    'DocType',
    'Core',
    'Prompt',
    [
      f('module', 'Data'),
      f('custom', 'Check'),
      f('istable', 'Check', { label: 'Is Child Table' }),
      f('issingle', 'Check', { label: 'Is Single' }),
      f('is_submittable', 'Check'),
      f('is_tree', 'Check'),
      f('autoname', 'Data', { label: 'Auto Name' }),
      f('naming_rule', 'Data'),
      f('sort_field', 'Data'),
      f('sort_order', 'Data'),
      f('title_field', 'Data'),
      f('fields', 'Table', { options: 'DocField' }),
    ],
    { readOnly: true },
  ),
  doctype('DocField', 'Core', 'hash', docFieldColumns(), { istable: 1, readOnly: true }),
  doctype('Custom Field', 'Custom', 'hash', [f('dt', 'Data', { label: 'DocType' }), ...docFieldColumns(), f('insert_after', 'Data')], { readOnly: true }),
];

export const SITE_DOCTYPES: DocTypeDef[] = [...ERPNEXT, ...CUSTOM, ...CORE];

/** Doctype name → definition (a fresh copy per fake, so nothing leaks between tests). */
export function buildSchema(): Map<string, DocTypeDef> {
  return new Map(SITE_DOCTYPES.map((d) => [d.name, structuredClone(d)]));
}

/** Fields stored as columns (every field but tables). */
export const dataFields = (meta: DocTypeDef): DocFieldDef[] => meta.fields.filter((df) => df.fieldtype !== 'Table');
export const tableFields = (meta: DocTypeDef): DocFieldDef[] => meta.fields.filter((df) => df.fieldtype === 'Table');
export const getField = (meta: DocTypeDef, fieldname: string): DocFieldDef | undefined => meta.fields.find((df) => df.fieldname === fieldname);

/** The column type of a field or standard column of `meta`. */
export function columnType(meta: DocTypeDef, fieldname: string): FieldType | undefined {
  return getField(meta, fieldname)?.fieldtype ?? standardFieldType(fieldname);
}

/** True for standard columns Frappe lets every query use (frappe.desk.reportview.is_standard). */
export function isStandardField(fieldname: string): boolean {
  return [...STANDARD_FIELDS, ...CHILD_FIELDS, ...OPTIONAL_FIELDS, 'doctype'].includes(fieldname as never);
}
