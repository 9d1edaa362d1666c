// The canonical model (../shared/spec/data-model.md): every KPI reads these tables and roles
// only, whatever the files they come from looked like.

/** What a role's values are, which decides how a column is parsed into it. */
export type ValueKind = 'id' | 'time' | 'money' | 'number' | 'text' | 'boolean';

/** One column of a canonical table, with the column names that mean it in exports. */
export interface RoleDef {
  role: string;
  kind: ValueKind;
  /** Column names that mean this role (EN, NL, SV, DE), normalised by `normaliseName`, best first. */
  names: string[];
}

/** A canonical table: its roles, and which of them it cannot do without. */
export interface TableDef {
  name: CanonicalTable;
  grain: string;
  roles: RoleDef[];
  /** Each inner list is one requirement: any one of its roles satisfies it. */
  required: string[][];
  /** Words in a file name that suggest this table. */
  fileHints: string[];
}

export const CANONICAL_TABLES = [
  'orders',
  'order_items',
  'sessions',
  'events',
  'marketing_spend',
  'returns',
  'inventory',
  'surveys',
  'support_tickets',
  'email_subscribers',
] as const;

export type CanonicalTable = (typeof CANONICAL_TABLES)[number];

/** Lower-case ASCII letters and digits only: `Köp-datum` → `kopdatum`, `Order ID` → `orderid`. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
}

const role = (name: string, kind: ValueKind, names: string[]): RoleDef => ({ role: name, kind, names });

// Shared vocabularies.
const ORDER_ID = [
  'orderid',
  'ordernumber',
  'orderno',
  'ordernr',
  'order',
  'invoiceno',
  'invoice',
  'invoiceid',
  'invoicenumber',
  'transactionid',
  'ordernummer',
  'bestelnummer',
  'bestelling',
  'factuurnummer',
  'bestellnummer',
  'bestellung',
  'auftragsnummer',
  'rechnungsnummer',
  'ordernumret',
  // Last: a bare "id" is an order id only where the rest of the file says orders.
  'id',
];
const CUSTOMER_ID = [
  'customerid',
  'customer',
  'customerno',
  'customernumber',
  'clientid',
  'client',
  'userid',
  'klant',
  'klantnummer',
  'klantid',
  'klantnr',
  'kunde',
  'kundennummer',
  'kundenid',
  'kundennr',
  'kund',
  'kundnummer',
  'kundid',
];
const EMAIL = ['email', 'customeremail', 'emailaddress', 'mail', 'emailadres', 'epost', 'epostadress'];
const SKU = [
  'sku',
  'stockcode',
  'productsku',
  'variantsku',
  'lineitemsku',
  'artikelnummer',
  'artnr',
  'itemsku',
];
const PRODUCT_ID = ['productid', 'itemid', 'product', 'item', 'produktid', 'artikelid', 'productcode'];
const QUANTITY = [
  'quantity',
  'qty',
  'units',
  'aantal',
  'anzahl',
  'menge',
  'antal',
  'lineitemquantity',
  'itemquantity',
];
const SOURCE = ['source', 'utmsource', 'trafficsource', 'sessionsource', 'bron', 'quelle', 'kalla'];
const MEDIUM = ['medium', 'utmmedium', 'sessionmedium'];
const CAMPAIGN = [
  'campaign',
  'utmcampaign',
  'campaignname',
  'campagne',
  'kampagne',
  'kampanj',
  'sessioncampaign',
];
const DEVICE = ['device', 'devicecategory', 'devicetype', 'apparaat', 'gerat', 'enhet'];
const COUNTRY = ['country', 'billingcountry', 'shippingcountry', 'countrycode', 'land'];
const CHANNEL = [
  'channel',
  'saleschannel',
  'kanaal',
  'verkoopkanaal',
  'kanal',
  'vertriebskanal',
  'forsaljningskanal',
];
const VISITOR_ID = [
  'visitorid',
  'fullvisitorid',
  'clientid',
  'userpseudoid',
  'anonymousid',
  'cookieid',
  'userid',
  'bezoekerid',
  'besucherid',
];
const SESSION_ID = ['sessionid', 'usersession', 'visitid', 'gasessionid', 'sessieid', 'sitzungsid'];

export const TABLE_DEFS: Record<CanonicalTable, TableDef> = {
  orders: {
    name: 'orders',
    grain: 'one row per order',
    required: [['order_id'], ['ordered_at'], ['revenue']],
    fileHints: ['order', 'bestelling', 'bestellung', 'sales', 'verkoop'],
    roles: [
      role('order_id', 'id', ORDER_ID),
      role('ordered_at', 'time', [
        'orderedat',
        'orderdate',
        'orderdatetime',
        'ordertime',
        'createdat',
        'created',
        'invoicedate',
        'purchasedate',
        'orderpurchasetimestamp',
        'placedat',
        'paidat',
        'date',
        'datetime',
        'timestamp',
        'besteldatum',
        'orderdatum',
        'datum',
        'factuurdatum',
        'bestelldatum',
        'auftragsdatum',
        'kopdatum',
      ]),
      role('revenue', 'money', [
        'revenue',
        'ordertotal',
        'total',
        'totalamount',
        'grandtotal',
        'amount',
        'totalprice',
        'ordervalue',
        'sales',
        'value',
        'omzet',
        'bedrag',
        'totaal',
        'totaalbedrag',
        'betrag',
        'gesamtbetrag',
        'umsatz',
        'summe',
        'gesamt',
        'belopp',
        'summa',
        'totalt',
        'totalbelopp',
      ]),
      role('customer_id', 'id', CUSTOMER_ID),
      role('customer_email', 'text', EMAIL),
      // The person behind a customer id, from a file that links them (Olist: customer_unique_id).
      role('person_id', 'id', ['customeruniqueid', 'personid']),
      role('status', 'text', [
        'status',
        'orderstatus',
        'financialstatus',
        'state',
        'bestelstatus',
        'bestellstatus',
      ]),
      role('channel', 'text', CHANNEL),
      role('source', 'text', SOURCE),
      role('medium', 'text', MEDIUM),
      role('campaign', 'text', CAMPAIGN),
      role('device', 'text', DEVICE),
      role('country', 'text', COUNTRY),
      role('currency', 'text', ['currency', 'currencycode', 'valuta', 'wahrung']),
      role('discount', 'money', ['discount', 'discountamount', 'korting', 'rabatt']),
      role('shipping', 'money', [
        'shipping',
        'shippingcost',
        'shippingamount',
        'verzendkosten',
        'versandkosten',
        'frakt',
      ]),
      role('tax', 'money', ['tax', 'taxes', 'vat', 'btw', 'mwst', 'steuer', 'moms']),
      role('refunded_amount', 'money', ['refundedamount', 'refunded', 'refund', 'refunds', 'terugbetaald']),
      role('cancelled_at', 'time', ['cancelledat', 'canceledat', 'cancelleddate', 'cancellationdate']),
      // Only for orders derived from line items: revenue = Σ quantity × unit price.
      role('quantity', 'number', []),
      role('unit_price', 'money', []),
    ],
  },
  order_items: {
    name: 'order_items',
    grain: 'one row per order line',
    // Many exports name products without a code: the name identifies them then.
    required: [
      ['order_id'],
      ['product_id', 'sku', 'product_name'],
      ['quantity'],
      ['unit_price', 'line_total'],
    ],
    fileHints: ['item', 'line', 'regel', 'position', 'transaction'],
    roles: [
      role('order_id', 'id', ORDER_ID),
      role('product_id', 'id', PRODUCT_ID),
      role('sku', 'id', SKU),
      role('quantity', 'number', QUANTITY),
      role('unit_price', 'money', [
        'unitprice',
        'price',
        'itemprice',
        'lineitemprice',
        'itemcost',
        'prijs',
        'stuksprijs',
        'preis',
        'einzelpreis',
        'pris',
        'styckpris',
      ]),
      role('line_total', 'money', ['linetotal', 'lineamount', 'itemtotal', 'linerevenue', 'itemrevenue']),
      role('product_name', 'text', [
        'productname',
        'description',
        'itemname',
        'lineitemname',
        'producttitle',
        'title',
        'productnaam',
        'omschrijving',
        'artikelname',
        'bezeichnung',
        'produktnamn',
        'benamning',
      ]),
      role('category', 'text', [
        'category',
        'productcategory',
        'categorycode',
        'categorie',
        'kategorie',
        'kategori',
      ]),
      role('brand', 'text', ['brand', 'merk', 'marke', 'varumarke', 'vendor']),
    ],
  },
  sessions: {
    name: 'sessions',
    grain: 'one row per visit',
    // Report exports have a row per day × source with a session count instead of an id.
    required: [['session_id', 'session_count'], ['started_at']],
    fileHints: ['session', 'visit', 'sessie', 'besuch'],
    roles: [
      role('session_id', 'id', SESSION_ID),
      role('started_at', 'time', [
        'startedat',
        'sessionstart',
        'visitstarttime',
        'starttime',
        'timestamp',
        'date',
      ]),
      role('visitor_id', 'id', VISITOR_ID),
      role('customer_id', 'id', CUSTOMER_ID),
      role('source', 'text', SOURCE),
      role('medium', 'text', MEDIUM),
      role('campaign', 'text', CAMPAIGN),
      role('device', 'text', DEVICE),
      role('country', 'text', COUNTRY),
      role('landing_page', 'text', ['landingpage', 'landingpagepath', 'entrypage']),
      role('pageviews', 'number', ['pageviews', 'views', 'pages', 'screenpageviews']),
      role('duration_s', 'number', [
        'durations',
        'duration',
        'sessionduration',
        'timeonsite',
        'durationseconds',
      ]),
      role('page_load_ms', 'number', ['pageloadms', 'pageloadtime', 'loadtimems', 'loadtime']),
      role('converted', 'boolean', ['converted', 'conversion', 'purchased']),
      role('order_id', 'id', ORDER_ID),
      role('revenue', 'money', ['revenue', 'transactionrevenue', 'totalrevenue', 'sessionrevenue']),
      role('session_count', 'number', []),
      role('converted_count', 'number', []),
    ],
  },
  events: {
    name: 'events',
    grain: 'one row per event',
    required: [['occurred_at'], ['event_type'], ['session_id', 'visitor_id']],
    fileHints: ['event', 'click', 'hit'],
    roles: [
      role('occurred_at', 'time', [
        'occurredat',
        'eventtime',
        'eventtimestamp',
        'timestamp',
        'time',
        'datetime',
      ]),
      role('event_type', 'text', ['eventtype', 'event', 'eventname', 'action']),
      role('session_id', 'id', SESSION_ID),
      role('visitor_id', 'id', VISITOR_ID),
      role('page', 'text', ['page', 'pagepath', 'url', 'pagelocation', 'pageurl']),
      role('product_id', 'id', [...PRODUCT_ID, 'sku']),
      role('price', 'money', ['price', 'itemprice', 'value']),
      role('order_id', 'id', ORDER_ID),
    ],
  },
  marketing_spend: {
    name: 'marketing_spend',
    grain: 'one row per day × channel or campaign',
    required: [['date'], ['spend']],
    fileHints: ['spend', 'ads', 'campaign', 'cost', 'marketing', 'advert'],
    roles: [
      role('date', 'time', ['date', 'day', 'reportingstarts', 'reportdate', 'datum', 'dag', 'tag']),
      role('spend', 'money', [
        'spend',
        'cost',
        'amountspent',
        'spent',
        'adspend',
        'kosten',
        'uitgaven',
        'ausgaben',
        'kostnad',
      ]),
      role('channel', 'text', ['channel', 'platform', 'network', 'publisher', ...CHANNEL]),
      role('campaign', 'text', CAMPAIGN),
      role('impressions', 'number', ['impressions', 'impr', 'vertoningen', 'impressionen', 'visningar']),
      role('clicks', 'number', ['clicks', 'linkclicks', 'klikken', 'klicks', 'klick']),
      role('leads', 'number', ['leads']),
    ],
  },
  returns: {
    name: 'returns',
    grain: 'one row per returned line or refund',
    // A date alone would make any dated file a returns file: ask for what was returned too.
    required: [['returned_at'], ['order_id', 'product_id'], ['quantity', 'amount']],
    fileHints: ['return', 'refund', 'retour', 'rucksend', 'retur'],
    roles: [
      role('order_id', 'id', ORDER_ID),
      role('returned_at', 'time', [
        'returnedat',
        'returndate',
        'refunddate',
        'refundedat',
        'retourdatum',
        'createdat',
        'date',
      ]),
      role('product_id', 'id', [...PRODUCT_ID, ...SKU]),
      role('quantity', 'number', QUANTITY),
      role('amount', 'money', [
        'amount',
        'refundamount',
        'refundedamount',
        'value',
        'bedrag',
        'betrag',
        'belopp',
      ]),
      role('reason', 'text', ['reason', 'returnreason', 'reden', 'grund', 'orsak']),
      // Only for returns derived from negative order lines: amount = |quantity| × unit price.
      role('unit_price', 'money', []),
    ],
  },
  inventory: {
    name: 'inventory',
    grain: 'one row per snapshot × SKU',
    required: [['snapshot_at'], ['sku'], ['on_hand']],
    fileHints: ['inventory', 'stock', 'voorraad', 'lager', 'bestand'],
    roles: [
      role('snapshot_at', 'time', ['snapshotat', 'snapshotdate', 'asof', 'date', 'updatedat', 'datum']),
      role('sku', 'id', [...SKU, ...PRODUCT_ID]),
      role('on_hand', 'number', [
        'onhand',
        'stock',
        'stocklevel',
        'qtyonhand',
        'available',
        'inventory',
        'quantity',
        'voorraad',
        'bestand',
        'lagersaldo',
        'lager',
      ]),
    ],
  },
  surveys: {
    name: 'surveys',
    grain: 'one row per answer',
    required: [['answered_at'], ['score']],
    fileHints: ['survey', 'nps', 'review', 'feedback', 'enquete', 'umfrage', 'enkat'],
    roles: [
      role('answered_at', 'time', [
        'answeredat',
        'submittedat',
        'responsedate',
        'reviewcreationdate',
        'createdat',
        'date',
      ]),
      role('score', 'number', [
        'score',
        'nps',
        'npsscore',
        'rating',
        'reviewscore',
        'cijfer',
        'bewertung',
        'betyg',
      ]),
      role('customer_id', 'id', CUSTOMER_ID),
    ],
  },
  support_tickets: {
    name: 'support_tickets',
    grain: 'one row per ticket',
    required: [['ticket_id'], ['created_at']],
    fileHints: ['ticket', 'support', 'case', 'helpdesk', 'klantenservice'],
    roles: [
      role('ticket_id', 'id', ['ticketid', 'ticket', 'ticketnumber', 'caseid', 'casenumber']),
      role('created_at', 'time', ['createdat', 'openedat', 'created', 'datecreated']),
      role('first_response_at', 'time', [
        'firstresponseat',
        'firstreplyat',
        'firstresponse',
        'firstresponsetime',
      ]),
      role('resolved_at', 'time', ['resolvedat', 'closedat', 'solvedat']),
      role('channel', 'text', ['channel', 'via', 'source']),
    ],
  },
  email_subscribers: {
    name: 'email_subscribers',
    grain: 'one row per subscriber',
    required: [['subscribed_at']],
    fileHints: ['subscriber', 'newsletter', 'email', 'mailing', 'nieuwsbrief'],
    roles: [
      role('subscribed_at', 'time', [
        'subscribedat',
        'signupdate',
        'optindate',
        'optintime',
        'subscribedate',
      ]),
      role('unsubscribed_at', 'time', ['unsubscribedat', 'unsubscribedate', 'optoutdate']),
      role('email', 'text', EMAIL),
    ],
  },
};

/** Whether a set of assigned roles meets every requirement of a table. */
export function meetsRequirements(table: CanonicalTable, assigned: Iterable<string>): boolean {
  const have = new Set(assigned);
  return TABLE_DEFS[table].required.every((options) => options.some((r) => have.has(r)));
}

/** The requirements a set of assigned roles still misses, each as its alternative roles. */
export function missingRequirements(table: CanonicalTable, assigned: Iterable<string>): string[][] {
  const have = new Set(assigned);
  return TABLE_DEFS[table].required.filter((options) => !options.some((r) => have.has(r)));
}
