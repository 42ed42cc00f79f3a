import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import {
  addCalendarDays,
  addWorkingDays,
  isWorkingDay,
  loadWorkingCalendar,
  parseWorkingCalendar,
  workingDaysBetween,
  workingMinutesPerDay,
} from '../../src/services/working-days.js';

const calendar = loadWorkingCalendar('content/calendar.json');

/** An instant given as Hà Nội wall-clock time (UTC+7, no summer time). */
function vn(local: string): Date {
  return new Date(`${local}+07:00`);
}

describe('working calendar file', () => {
  it('when the shipped calendar is loaded, then it covers 2025–2027 with a lunch break of two hours', () => {
    expect([...calendar.coveredYears]).toEqual([2025, 2026, 2027]);
    expect(workingMinutesPerDay(calendar)).toBe(450);
    expect(calendar.timezone).toBe('Asia/Ho_Chi_Minh');
  });

  it('when a calendar has a bad zone, date and time, then the error names the file and every field', () => {
    const broken = {
      timezone: 'Asia/Hanoi-ish',
      coveredYears: [2026],
      workingWeekdays: ['mon', 'funday'],
      workingHours: [{ start: '7:30', end: '11:30' }],
      holidays: [{ date: '2026-02-30', name: { vi: 'Sai' } }],
    };
    let error: unknown;
    try {
      parseWorkingCalendar(broken, 'content/calendar.json');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('content/calendar.json: timezone:');
    expect(message).toContain('content/calendar.json: workingWeekdays[1]:');
    expect(message).toContain('content/calendar.json: workingHours[0].start:');
    expect(message).toContain('content/calendar.json: holidays[0].date:');
  });

  it('when a working Saturday is also a holiday, then the calendar is refused', () => {
    const raw = {
      timezone: 'Asia/Ho_Chi_Minh',
      coveredYears: [2026],
      workingWeekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      workingHours: [{ start: '07:30', end: '11:30' }],
      holidays: [{ date: '2026-08-22', name: 'x' }],
      workingSaturdays: [{ date: '2026-08-22' }],
    };
    expect(() => parseWorkingCalendar(raw, 'cal.json')).toThrow(/cal\.json: workingSaturdays\[0\]\.date: 2026-08-22 is also listed as a holiday/);
  });
  it('when periods overlap, a holiday has no name and a year is off the range, then each is named with its field', () => {
    const raw = {
      timezone: 'Asia/Ho_Chi_Minh',
      coveredYears: [2026, 1999],
      workingWeekdays: ['MON', 'tue'],
      workingHours: [
        { start: '07:30', end: '11:30' },
        { start: '11:00', end: '17:00' },
      ],
      holidays: [{ date: '2026-09-02', name: { en: 'National Day' } }],
    };
    expect(() => parseWorkingCalendar(raw, 'cal.json')).toThrow(/cal\.json: coveredYears\[1\]: must be a year such as 2026/);
    expect(() => parseWorkingCalendar(raw, 'cal.json')).toThrow(/cal\.json: holidays\[0\]\.name: must give the name/);
    const named = { ...raw, coveredYears: [2026], holidays: [{ date: '2026-09-02', name: 'Quốc khánh' }] };
    expect(() => parseWorkingCalendar(named, 'cal.json')).toThrow(/cal\.json: workingHours: periods must not overlap/);
  });
});

describe('isWorkingDay', () => {
  it('when a day is a public holiday, a weekend or a make-up Saturday, then only the make-up Saturday is worked', () => {
    expect(isWorkingDay('2026-09-02', calendar)).toBe(false); // National Day, Wednesday
    expect(isWorkingDay('2026-02-18', calendar)).toBe(false); // Tết
    expect(isWorkingDay('2026-03-07', calendar)).toBe(false); // ordinary Saturday
    expect(isWorkingDay('2026-08-22', calendar)).toBe(true); // make-up Saturday for 31 August
    expect(isWorkingDay('2026-03-09', calendar)).toBe(true); // ordinary Monday
  });

  it('when given an instant late in the evening UTC, then the Hà Nội calendar day decides', () => {
    // 2026-09-01T18:00Z is 01:00 on Wednesday 2 September in Hà Nội (a holiday).
    expect(isWorkingDay(new Date('2026-09-01T18:00:00Z'), calendar)).toBe(false);
    // 2026-09-02T18:00Z is 01:00 on Thursday 3 September (a working day).
    expect(isWorkingDay(new Date('2026-09-02T18:00:00Z'), calendar)).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it('when a question arrives on the Friday before Giỗ Tổ and 30/4–1/5, then five working days end on Wednesday 6 May at 17:00', () => {
    // Not counted: Fri 24/4 (day of receipt), weekend, Mon 27/4 (Giỗ Tổ compensatory), 30/4, 1/5, weekend.
    // Counted: Tue 28/4, Wed 29/4, Mon 4/5, Tue 5/5, Wed 6/5.
    expect(addWorkingDays(vn('2026-04-24T10:00:00'), 5, calendar)).toEqual(vn('2026-05-06T17:00:00'));
  });

  it('when counting across Tết, then the nine days off are skipped', () => {
    expect(addWorkingDays(vn('2026-02-13T09:00:00'), 1, calendar)).toEqual(vn('2026-02-23T17:00:00'));
  });

  it('when the next day is a make-up Saturday, then it counts as a working day', () => {
    expect(addWorkingDays(vn('2026-08-21T09:00:00'), 1, calendar)).toEqual(vn('2026-08-22T17:00:00'));
  });

  it('when a ticket arrives on a Sunday night, then counting starts on Monday', () => {
    expect(addWorkingDays(vn('2026-03-08T22:00:00'), 1, calendar)).toEqual(vn('2026-03-09T17:00:00'));
  });

  it('when the number of days is negative or fractional, then it is refused', () => {
    expect(() => addWorkingDays(vn('2026-03-09T09:00:00'), -1, calendar)).toThrow(/whole number/);
    expect(() => addWorkingDays(vn('2026-03-09T09:00:00'), 1.5, calendar)).toThrow(/whole number/);
  });
});

describe('addCalendarDays', () => {
  it('when thirty days end on National Day, then the deadline moves to the next working day', () => {
    // 3 August + 30 days = Wednesday 2 September 2026 (holiday) → Thursday 3 September.
    expect(addCalendarDays(vn('2026-08-03T15:00:00'), 30, calendar)).toEqual(vn('2026-09-03T17:00:00'));
  });
});

describe('workingDaysBetween', () => {
  it('when a span crosses the lunch break, then the two hours at noon do not count', () => {
    // 11:00–11:30 and 13:30–14:00: one hour of 7.5.
    expect(workingDaysBetween(vn('2026-03-09T11:00:00'), vn('2026-03-09T14:00:00'), calendar)).toBeCloseTo(60 / 450, 10);
  });

  it('when a span crosses a night and a weekend, then only office hours count', () => {
    // Friday 16:00–17:00 and Monday 07:30–08:30.
    expect(workingDaysBetween(vn('2026-03-06T16:00:00'), vn('2026-03-09T08:30:00'), calendar)).toBeCloseTo(120 / 450, 10);
  });

  it('when a span crosses 30/4–1/5, then the holidays count for nothing', () => {
    // Wednesday 29/4 16:00–17:00, then Monday 4/5 07:30–08:00.
    expect(workingDaysBetween(vn('2026-04-29T16:00:00'), vn('2026-05-04T08:00:00'), calendar)).toBeCloseTo(90 / 450, 10);
  });

  it('when a span is one whole office day, then it is exactly one working day, and negative when reversed', () => {
    const a = vn('2026-03-10T07:30:00');
    const b = vn('2026-03-10T17:00:00');
    expect(workingDaysBetween(a, b, calendar)).toBe(1);
    expect(workingDaysBetween(b, a, calendar)).toBe(-1);
  });

  it('when both ends fall outside office hours of the same evening, then the time is zero', () => {
    expect(workingDaysBetween(vn('2026-03-10T18:00:00'), vn('2026-03-10T23:00:00'), calendar)).toBe(0);
  });
});
