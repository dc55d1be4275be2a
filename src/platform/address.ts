// The postal address of contract part 2 (orders' shipping address, saved customer addresses,
// carts): part 1's fields plus optional name, company and phone. One schema for every place
// that takes an address, so they validate the same way.
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);

// ISO-3166-1 alpha-2 (officially assigned codes).
const COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY ' +
    'BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM ' +
    'FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT ' +
    'JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN ' +
    'MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT ' +
    'PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL ' +
    'TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

export const countrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: 'must be an upper-case ISO-3166 alpha-2 code' })
  .refine((c) => COUNTRIES.has(c), { message: 'is not an ISO-3166 alpha-2 country code' })
  .describe('ISO-3166 alpha-2');

export const addressSchema = z
  .object({
    firstName: text(100).optional(),
    lastName: text(100).optional(),
    company: text(200).optional(),
    line1: text(200),
    line2: text(200).optional(),
    city: text(100),
    state: text(100).optional(),
    postalCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{1,14}[A-Za-z0-9]$/, {
        message: 'must be 3–16 letters, digits, spaces or hyphens',
      }),
    country: countrySchema,
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 ().-]{3,30}$/, { message: 'must be a phone number (digits, spaces, + ( ) . -)' })
      .optional(),
  })
  .strict();
export type Address = z.infer<typeof addressSchema>;
