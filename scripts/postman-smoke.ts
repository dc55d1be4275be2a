// The Postman smoke run: sign-up → product → customer → order → paid, each request's method
// and path taken from openapi.yaml by operationId (a renamed or removed route fails generation).
interface Spec {
  paths: Record<string, Record<string, { operationId?: string }>>;
}

interface Step {
  operationId: string;
  name: string;
  /** Path parameter name → collection variable. */
  params?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  prerequest?: string[];
  test: string[];
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const ADDRESS = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

const STEPS: Step[] = [
  {
    operationId: 'createTenant',
    name: 'A merchant signs up',
    prerequest: ["pm.collectionVariables.set('subdomain', 'smoke-' + Date.now().toString(36));"],
    headers: JSON_HEADERS,
    body: {
      name: 'Smoke Store',
      subdomain: '{{subdomain}}',
      currency: 'USD',
      admin: { email: 'owner@{{subdomain}}.example.com', password: 'correct-horse-battery' },
    },
    test: ['pm.response.to.have.status(201);', "pm.collectionVariables.set('apiKey', pm.response.json().data.apiKey);"],
  },
  {
    operationId: 'createProduct',
    name: 'The merchant adds a product',
    headers: { ...JSON_HEADERS, 'X-API-Key': '{{apiKey}}' },
    body: { name: 'Trail Backpack', sku: 'BP-30L', price: '129.99', initialQuantity: 25 },
    test: ['pm.response.to.have.status(201);', "pm.collectionVariables.set('productId', pm.response.json().data.id);"],
  },
  {
    operationId: 'listProducts',
    name: 'The storefront lists products',
    headers: { 'X-Tenant': '{{subdomain}}' },
    test: ['pm.response.to.have.status(200);', "pm.expect(pm.response.json().data[0].name).to.eql('Trail Backpack');"],
  },
  {
    operationId: 'registerCustomer',
    name: 'A customer signs up',
    headers: { ...JSON_HEADERS, 'X-Tenant': '{{subdomain}}' },
    body: { email: 'jane@example.com', password: 'jane-secret-pass', name: 'Jane' },
    test: ['pm.response.to.have.status(201);'],
  },
  {
    operationId: 'login',
    name: 'The customer logs in',
    headers: { ...JSON_HEADERS, 'X-Tenant': '{{subdomain}}' },
    body: { email: 'jane@example.com', password: 'jane-secret-pass' },
    test: [
      'pm.response.to.have.status(200);',
      "pm.collectionVariables.set('accessToken', pm.response.json().data.accessToken);",
    ],
  },
  {
    operationId: 'createOrder',
    name: 'The customer places an order',
    headers: { ...JSON_HEADERS, Authorization: 'Bearer {{accessToken}}', 'Idempotency-Key': 'smoke-{{subdomain}}' },
    body: { items: [{ productId: '{{productId}}', quantity: 2 }], shippingAddress: ADDRESS },
    test: [
      'pm.response.to.have.status(201);',
      'const order = pm.response.json().data;',
      "pm.expect(order.status).to.eql('PENDING');",
      "pm.expect(order.totalAmount).to.eql('259.98');",
      "pm.collectionVariables.set('orderId', order.id);",
    ],
  },
  {
    operationId: 'changeOrderStatus',
    name: 'The merchant records the payment',
    params: { id: 'orderId' },
    headers: { ...JSON_HEADERS, 'X-API-Key': '{{apiKey}}' },
    body: { status: 'PAID' },
    test: ['pm.response.to.have.status(200);', "pm.expect(pm.response.json().data.status).to.eql('PAID');"],
  },
  {
    operationId: 'getOrder',
    name: 'The customer sees the order paid',
    params: { id: 'orderId' },
    headers: { Authorization: 'Bearer {{accessToken}}' },
    test: ['pm.response.to.have.status(200);', "pm.expect(pm.response.json().data.status).to.eql('PAID');"],
  },
];

function findOperation(spec: Spec, operationId: string): { method: string; path: string } {
  for (const [p, ops] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(ops)) if (op?.operationId === operationId) return { method, path: p };
  throw new Error(`openapi.yaml has no operation ${operationId} (the Postman smoke run needs it)`);
}

function item(spec: Spec, s: Step): Record<string, unknown> {
  const op = findOperation(spec, s.operationId);
  const urlPath = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = s.params?.[name];
    if (!v) throw new Error(`smoke step ${s.operationId}: no variable for path parameter ${name}`);
    return `{{${v}}}`;
  });
  // Inside pm.test so Newman counts each step's checks as assertions.
  const exec = [`pm.test(${JSON.stringify(s.name)}, function () {`, ...s.test.map((l) => `  ${l}`), '});'];
  const event = [{ listen: 'test', script: { type: 'text/javascript', exec } }];
  if (s.prerequest) event.unshift({ listen: 'prerequest', script: { type: 'text/javascript', exec: s.prerequest } });
  return {
    name: s.name,
    event,
    request: {
      method: op.method.toUpperCase(),
      header: Object.entries(s.headers ?? {}).map(([key, value]) => ({ key, value })),
      url: `{{baseUrl}}${urlPath}`,
      ...(s.body === undefined
        ? {}
        : { body: { mode: 'raw', raw: JSON.stringify(s.body, null, 2), options: { raw: { language: 'json' } } } }),
    },
  };
}

export function smokeCollection(spec: Spec): Record<string, unknown> {
  return {
    info: {
      name: 'Commerce API smoke run: sign-up to paid order',
      description: 'Generated from openapi.yaml by scripts/generate-clients.ts. Run: newman run <this file>.',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: STEPS.map((s) => item(spec, s)),
    variable: [{ key: 'baseUrl', value: 'http://localhost:3000' }],
  };
}
