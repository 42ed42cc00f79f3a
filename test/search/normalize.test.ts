import { describe, expect, it } from 'vitest';
import { hasDiacritics, normalizeKeepingDiacritics, normalizeVietnamese } from '../../src/search/normalize.js';
import { repairTelexToken } from '../../src/search/telex.js';

describe('normalizeVietnamese', () => {
  it('when text has tone marks, vowel modifiers and đ, then all fold to plain letters', () => {
    expect(normalizeVietnamese('Đăng ký nhãn hiệu ở đâu?')).toBe('dang ky nhan hieu o dau');
    expect(normalizeVietnamese('ĐO LƯỜNG – CHẤT LƯỢNG')).toBe('do luong chat luong');
  });

  it('when the same words arrive composed or decomposed, then they fold to the same string', () => {
    const composed = 'Công bố hợp quy';
    expect(normalizeVietnamese(composed.normalize('NFD'))).toBe(normalizeVietnamese(composed));
    expect(normalizeVietnamese(composed)).toBe('cong bo hop quy');
  });

  it('when tone marks sit in old or new positions (hòa/hoà, thủy/thuỷ), then folded and exact forms agree', () => {
    expect(normalizeVietnamese('hòa giải')).toBe(normalizeVietnamese('hoà giải'));
    expect(normalizeKeepingDiacritics('Hòa giải ở cơ sở')).toBe(normalizeKeepingDiacritics('hoà giải ở cơ sở'));
    expect(normalizeKeepingDiacritics('thủy lợi')).toBe(normalizeKeepingDiacritics('thuỷ lợi'));
    // "của" has its mark on u by rule in both styles and must stay as typed.
    expect(normalizeKeepingDiacritics('của')).toBe('của');
  });

  it('when abbreviations use an ampersand or punctuation, then they stay one token and punctuation collapses', () => {
    expect(normalizeVietnamese('Sở KH&CN, TCĐLCL; S & T...')).toBe('so khcn tcdlcl st');
    expect(normalizeVietnamese('  QCVN   01:2020/BKHCN ')).toBe('qcvn 01 2020 bkhcn');
  });

  it('when exact folding keeps diacritics, then đường and dương stay different', () => {
    expect(normalizeKeepingDiacritics('Đường')).toBe('đường');
    expect(normalizeKeepingDiacritics('đường')).not.toBe(normalizeKeepingDiacritics('dương'));
    expect(normalizeVietnamese('đường')).toBe(normalizeVietnamese('dương'));
  });

  it('when asked whether text has diacritics, then đ counts and plain ASCII does not', () => {
    expect(hasDiacritics('đo')).toBe(true);
    expect(hasDiacritics('hợp quy')).toBe(true);
    expect(hasDiacritics('hop quy')).toBe(false);
  });
});

describe('repairTelexToken', () => {
  it('when a token carries Telex keystrokes, then the intended folded syllable comes back', () => {
    expect(repairTelexToken('kys')).toBe('ky');
    expect(repairTelexToken('nhanx')).toBe('nhan');
    expect(repairTelexToken('hieeuj')).toBe('hieu');
    expect(repairTelexToken('dduowngf')).toBe('duong');
    expect(repairTelexToken('truwowngf')).toBe('truong');
    expect(repairTelexToken('hopj')).toBe('hop');
  });

  it('when a token is already a syllable, an abbreviation or English, then it is left alone', () => {
    for (const token of ['quy', 'nghieng', 'tcvn', 'qcvn', 'khcn', 'trademark', 'patents', 'iso']) {
      expect(repairTelexToken(token)).toBe(token);
    }
  });
});
