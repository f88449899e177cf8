// Calls the gateway through a client generated from its swagger.json (openapi-typescript types + openapi-fetch).
// Type-checked by tsc against the generated api.d.ts, then run by node: node client.js BASE_URL IMAGE_BASE64.
import createClient from "openapi-fetch";
import type { paths } from "./api.js";

declare const process: { argv: string[] };

const [baseUrl, imageBase64] = process.argv.slice(2);
const client = createClient<paths>({ baseUrl });

const loans = await client.POST("/v1/models/loans:predict", {
  body: { instances: [{ income: 2000, credit_cards: 2, age: 45 }, { income: 8000, credit_cards: 0, age: 30 }] },
});
if (loans.error !== undefined || loans.data === undefined) throw new Error(`loans: ${JSON.stringify(loans.error)}`);
const approved: number[] = loans.data.predictions!.map((p) => p.approved!);

const orientation = await client.POST("/v1/models/text-orientation:predict", {
  body: { instances: [{ image: { b64: imageBase64 } }] },
});
if (orientation.error !== undefined || orientation.data === undefined) throw new Error(`orientation: ${JSON.stringify(orientation.error)}`);
const top = orientation.data.predictions![0][0];

const bad = await client.POST("/v1/models/loans:predict", { body: { instances: [] } });

console.log(JSON.stringify({ approved, probabilities: loans.data.predictions!.map((p) => p.probabilities), label: top.label, score: top.score, badStatus: bad.response.status, badError: bad.error }));
