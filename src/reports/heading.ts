import { z } from 'zod';
import { optionalText, readEnv, text } from '../config/env-schema.js';

/** What the printed report's heading says about the issuing body. */
export interface ReportHeading {
  /** Upper line of the issuer, e.g. "UBND TỈNH HƯNG YÊN". */
  superior: string;
  /** The issuing body, e.g. "SỞ KHOA HỌC VÀ CÔNG NGHỆ". */
  agency: string;
  /** Place in the date line, e.g. "Hưng Yên"; dots when not set, to fill in by hand. */
  place: string;
  /** Title above the signature, e.g. "GIÁM ĐỐC". */
  signerTitle: string;
  /** Document number symbol, e.g. "BC-SKHCN". */
  numberSymbol: string;
}

const headingSchema = z.object({
  REPORT_PROVINCE: optionalText(),
  REPORT_PLACE: optionalText(),
  REPORT_AGENCY: text('SỞ KHOA HỌC VÀ CÔNG NGHỆ'),
  REPORT_SIGNER_TITLE: text('GIÁM ĐỐC'),
  REPORT_NUMBER_SYMBOL: text('BC-SKHCN'),
});

/**
 * Reads the heading from `REPORT_PROVINCE` (e.g. `HƯNG YÊN`; the heading then reads
 * "UBND TỈNH HƯNG YÊN"), `REPORT_PLACE`, `REPORT_AGENCY` (default "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
 * `REPORT_SIGNER_TITLE` (default "GIÁM ĐỐC") and `REPORT_NUMBER_SYMBOL` (default "BC-SKHCN").
 * Unset province and place print dotted blanks to fill in by hand.
 */
export function readReportHeading(env: Record<string, string | undefined> = process.env): ReportHeading {
  const vars = readEnv(env, headingSchema);
  return {
    superior: `UBND TỈNH ${vars.REPORT_PROVINCE ? vars.REPORT_PROVINCE.toLocaleUpperCase('vi') : '……………'}`,
    agency: vars.REPORT_AGENCY.toLocaleUpperCase('vi'),
    place: vars.REPORT_PLACE ?? '……………',
    signerTitle: vars.REPORT_SIGNER_TITLE,
    numberSymbol: vars.REPORT_NUMBER_SYMBOL,
  };
}
