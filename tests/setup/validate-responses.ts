// Every response a test receives through supertest is checked against openapi.yaml (the
// documented schema of its route and status), so a drift between the code and the spec fails
// the test that saw it. Tests that start real processes and use fetch are not covered.
import { OpenApiResponseValidator } from '../helpers/openapi-validator';

interface SupertestTest {
  method: string;
  url: string;
}
type Assert = (this: SupertestTest, err: unknown, res: unknown, fn?: (err: unknown, res: unknown) => void) => void;
interface Res {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
  text?: string;
}

let validator: OpenApiResponseValidator | undefined;
const proto = (require('supertest/lib/test') as { prototype: { assert: Assert; __specChecked?: boolean } }).prototype;

if (!proto.__specChecked) {
  const original = proto.assert;
  proto.assert = function assert(this: SupertestTest, resError, res, fn) {
    const r = res as Res | undefined;
    const wrapped =
      fn &&
      ((err: unknown, out: unknown) => {
        if (err || !r) return fn(err, out);
        validator ??= OpenApiResponseValidator.fromFile();
        const problem = validator.check({
          method: this.method,
          url: this.url,
          status: r.status,
          contentType: r.headers['content-type'],
          body: r.body,
        });
        fn(problem ? new Error(problem) : null, out);
      });
    original.call(this, resError, res, wrapped);
  };
  proto.__specChecked = true;
}
