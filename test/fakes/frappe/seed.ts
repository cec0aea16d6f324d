// A small, consistent field-service dataset for startFakeFrappe({ seed: seedFieldService() }):
// every Link points at a seeded row, series names use the given year (default: this year).
// Chain for the domain helper: Service Equipment (MAC/serial) → Service Location → Customer.

export function seedFieldService(opts: { year?: number } = {}): Record<string, Array<Record<string, unknown>>> {
  const y = opts.year ?? new Date().getUTCFullYear();
  return {
    Customer: [
      { customer_name: 'Boulangerie Tremblay', customer_type: 'Company', customer_group: 'Commercial', territory: 'Québec', mobile_no: '+1 418 555 0142', email_id: 'info@boulangerie-tremblay.example', stripe_customer_id: 'cus_QfT7bK2mN4pL8x' },
      { customer_name: 'Marie-Ève Gagnon', customer_type: 'Individual', customer_group: 'Residential', territory: 'Québec', mobile_no: '+1 418 555 0199', email_id: 'marie.gagnon@example.ca', stripe_customer_id: 'cus_QfT8cL3nO5qM9y' },
      { customer_name: 'Jean Dupont', customer_type: 'Individual', customer_group: 'Residential', territory: 'Montréal', mobile_no: '+1 514 555 0123', email_id: 'jean.dupont@example.ca' },
      { customer_name: 'Clinique Vétérinaire du Lac', customer_type: 'Company', customer_group: 'Commercial', territory: 'Saguenay', email_id: 'accueil@clinique-du-lac.example' },
      { customer_name: 'Ferme Bergeron', customer_type: 'Company', customer_group: 'Commercial', territory: 'Chaudière-Appalaches', disabled: 1 },
    ],
    'Service Location': [
      { name: 'SL-00001', customer: 'Boulangerie Tremblay', address_line: '1250 Rue Saint-Jean', city: 'Québec', postal_code: 'G1R 1S1', latitude: 46.8123, longitude: -71.2145, olt_name: 'OLT-QC-01', pon_port: '0/1/3', onu_id: 12, status: 'Active' },
      { name: 'SL-00002', customer: 'Marie-Ève Gagnon', address_line: '48 Avenue des Érables', city: 'Lévis', postal_code: 'G6V 4K2', latitude: 46.8032, longitude: -71.1779, olt_name: 'OLT-QC-02', pon_port: '0/2/1', onu_id: 5, status: 'Active' },
      { name: 'SL-00003', customer: 'Jean Dupont', address_line: '3400 Rue Ontario Est', city: 'Montréal', postal_code: 'H1W 1R3', latitude: 45.5442, longitude: -73.5475, olt_name: 'OLT-MTL-01', pon_port: '1/0/7', onu_id: 33, status: 'Active' },
      { name: 'SL-00004', customer: 'Clinique Vétérinaire du Lac', address_line: '210 Boulevard Talbot', city: 'Chicoutimi', postal_code: 'G7H 4B4', latitude: 48.4167, longitude: -71.065, olt_name: 'OLT-SAG-01', pon_port: '0/0/2', status: 'Pending' },
      { name: 'SL-00005', customer: 'Ferme Bergeron', address_line: '1785 Rang Saint-Joseph', city: 'Saint-Lambert-de-Lauzon', postal_code: 'G0S 2W0', latitude: 46.587, longitude: -71.2156, olt_name: 'OLT-QC-03', pon_port: '0/3/0', onu_id: 18, status: 'Disconnected' },
    ],
    'Service Equipment': [
      { name: 'SE-00001', serial_no: 'ZTEGC8A1B2C3', mac_address: 'E0:19:54:A1:B2:C3', equipment_type: 'ONT', model: 'ZTE F670L', service_location: 'SL-00001', status: 'Installed', genieacs_device_id: 'E01954-F670L-ZTEGC8A1B2C3' },
      { name: 'SE-00002', serial_no: 'TPLK21480117', mac_address: '50:C7:BF:0A:11:7E', equipment_type: 'Router', model: 'TP-Link Archer C6', service_location: 'SL-00001', status: 'Installed', genieacs_device_id: '50C7BF-ArcherC6-TPLK21480117' },
      { name: 'SE-00003', serial_no: 'ZTEGC8D4E5F6', mac_address: 'E0:19:54:D4:E5:F6', equipment_type: 'ONT', model: 'ZTE F670L', service_location: 'SL-00002', status: 'Installed', genieacs_device_id: 'E01954-F670L-ZTEGC8D4E5F6' },
      { name: 'SE-00004', serial_no: 'TPLK21480342', mac_address: '50:C7:BF:0A:34:2A', equipment_type: 'Mesh Node', model: 'TP-Link Deco X20', service_location: 'SL-00002', status: 'Installed' },
      { name: 'SE-00005', serial_no: 'HWTC9F0A1B2C', mac_address: '48:8E:EF:9F:0A:1B', equipment_type: 'ONT', model: 'Huawei HG8245Q2', service_location: 'SL-00003', status: 'Faulty', genieacs_device_id: '488EEF-HG8245Q2-HWTC9F0A1B2C' },
      { name: 'SE-00006', serial_no: 'ZTEGC8778899', mac_address: 'E0:19:54:77:88:99', equipment_type: 'ONT', model: 'ZTE F670L', status: 'In Stock' },
      { name: 'SE-00007', serial_no: 'AMNT00451277', equipment_type: 'STB', model: 'Amino H200', service_location: 'SL-00003', status: 'Installed' },
    ],
    Technician: [
      { name: 'TECH-0001', technician_name: 'Luc Bouchard', mobile_no: '+1 418 555 0311', email: 'luc.bouchard@gigafibre.example', employee: 'HR-EMP-00012', skills: 'Fibre splicing\nONT installation', active: 1 },
      { name: 'TECH-0002', technician_name: 'Sophie Lavoie', mobile_no: '+1 418 555 0327', email: 'sophie.lavoie@gigafibre.example', employee: 'HR-EMP-00019', skills: 'Business installations\nWi-Fi surveys', active: 1 },
      { name: 'TECH-0003', technician_name: 'Karim Haddad', mobile_no: '+1 514 555 0388', email: 'karim.haddad@gigafibre.example', employee: 'HR-EMP-00007', skills: 'Aerial fibre', active: 0 },
    ],
    Issue: [
      { name: `ISS-${y}-00001`, subject: 'No internet since the storm', status: 'Open', priority: 'Urgent', issue_type: 'Outage', customer: 'Jean Dupont', service_location: 'SL-00003', raised_by: 'jean.dupont@example.ca', description: '<p>Red LOS light on the ONT since last night.</p>', opening_date: `${y}-03-02` },
      { name: `ISS-${y}-00002`, subject: 'Wi-Fi slow upstairs', status: 'Replied', priority: 'Medium', issue_type: 'Wi-Fi', customer: 'Marie-Ève Gagnon', service_location: 'SL-00002', raised_by: 'marie.gagnon@example.ca', opening_date: `${y}-03-04` },
      { name: `ISS-${y}-00003`, subject: 'Installation request for the clinic', status: 'Open', priority: 'High', issue_type: 'Installation', customer: 'Clinique Vétérinaire du Lac', service_location: 'SL-00004', raised_by: 'accueil@clinique-du-lac.example', opening_date: `${y}-03-05` },
      { name: `ISS-${y}-00004`, subject: 'Question about the March invoice', status: 'Closed', priority: 'Low', issue_type: 'Billing', customer: 'Boulangerie Tremblay', raised_by: 'info@boulangerie-tremblay.example', opening_date: `${y}-02-20` },
    ],
    'Dispatch Job': [
      { name: `DJ-${y}-00001`, issue: `ISS-${y}-00001`, customer: 'Jean Dupont', service_location: 'SL-00003', technician: 'TECH-0001', job_type: 'Repair', status: 'Assigned', scheduled_date: `${y}-03-03 09:00:00`, notes: 'Replace the faulty ONT (SE-00005).' },
      { name: `DJ-${y}-00002`, issue: `ISS-${y}-00003`, customer: 'Clinique Vétérinaire du Lac', service_location: 'SL-00004', technician: 'TECH-0002', job_type: 'Installation', status: 'Published', scheduled_date: `${y}-03-10 13:30:00` },
    ],
    Subscription: [
      {
        name: `ACC-SUB-${y}-00001`,
        party_type: 'Customer',
        party: 'Marie-Ève Gagnon',
        status: 'Active',
        start_date: `${y}-01-01`,
        current_invoice_start: `${y}-03-01`,
        current_invoice_end: `${y}-03-31`,
        plans: [
          { plan: 'Fibre 500 Mbps', qty: 1 },
          { plan: 'Mesh Wi-Fi Add-on', qty: 1 },
        ],
      },
    ],
    Quotation: [
      {
        name: `SAL-QTN-${y}-00001`,
        quotation_to: 'Customer',
        party_name: 'Clinique Vétérinaire du Lac',
        transaction_date: `${y}-03-05`,
        valid_till: `${y}-04-04`,
        status: 'Draft',
        items: [
          { item_code: 'FIBRE-1G-BUSINESS', qty: 1, rate: 129.99 },
          { item_code: 'INSTALL-COMMERCIAL', qty: 1, rate: 250 },
        ],
      },
    ],
    // Submitted invoices (status from the site clock); the Boulangerie's January one is paid.
    'Sales Invoice': [
      { name: `ACC-SINV-${y}-00001`, customer: 'Boulangerie Tremblay', posting_date: `${y}-01-31`, due_date: `${y}-02-28`, grand_total: 129.99, outstanding_amount: 0, status: 'Paid', docstatus: 1 },
      { name: `ACC-SINV-${y}-00002`, customer: 'Boulangerie Tremblay', posting_date: `${y}-02-28`, due_date: `${y}-03-30`, grand_total: 129.99, docstatus: 1 },
      { name: `ACC-SINV-${y}-00003`, customer: 'Boulangerie Tremblay', posting_date: `${y}-03-31`, due_date: `${y}-04-30`, grand_total: 129.99, docstatus: 1 },
      { name: `ACC-SINV-${y}-00004`, customer: 'Marie-Ève Gagnon', posting_date: `${y}-03-01`, due_date: `${y}-03-31`, grand_total: 89.99, docstatus: 1 },
      { name: `ACC-SINV-${y}-00005`, customer: 'Jean Dupont', posting_date: `${y}-03-01`, due_date: `${y}-03-31`, grand_total: 74.99 },
    ],
    'Service Contract': [
      { name: `SC-${y}-00001`, customer: 'Boulangerie Tremblay', service_location: 'SL-00001', plan: 'Fibre 1 Gbps Business', monthly_fee: 129.99, start_date: `${y}-01-15`, status: 'Active', docstatus: 1 },
    ],
  };
}
