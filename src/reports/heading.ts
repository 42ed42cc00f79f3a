import { optionalStr, str } from '../config/env-schema.js';
import { ConfigError } from '../errors.js';

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

/**
 * Reads the heading from `REPORT_PROVINCE` (e.g. `HƯNG YÊN`; the heading then reads
 * "UBND TỈNH HƯNG YÊN"), `REPORT_PLACE`, `REPORT_AGENCY` (default "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
 * `REPORT_SIGNER_TITLE` (default "GIÁM ĐỐC") and `REPORT_NUMBER_SYMBOL` (default "BC-SKHCN").
 * Unset province and place print dotted blanks to fill in by hand.
 */
export function readReportHeading(env: Record<string, string | undefined> = process.env): ReportHeading {
  const problems: string[] = [];
  const province = optionalStr()(env.REPORT_PROVINCE, 'REPORT_PROVINCE', problems);
  const place = optionalStr()(env.REPORT_PLACE, 'REPORT_PLACE', problems);
  const heading: ReportHeading = {
    superior: `UBND TỈNH ${province ? province.toLocaleUpperCase('vi') : '……………'}`,
    agency: str('SỞ KHOA HỌC VÀ CÔNG NGHỆ')(env.REPORT_AGENCY, 'REPORT_AGENCY', problems).toLocaleUpperCase('vi'),
    place: place ?? '……………',
    signerTitle: str('GIÁM ĐỐC')(env.REPORT_SIGNER_TITLE, 'REPORT_SIGNER_TITLE', problems),
    numberSymbol: str('BC-SKHCN')(env.REPORT_NUMBER_SYMBOL, 'REPORT_NUMBER_SYMBOL', problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return heading;
}
