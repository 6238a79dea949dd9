/**
 * The Vietnamese lunar calendar by Hồ Ngọc Đức's astronomical algorithm ("Âm lịch Việt Nam", the method most
 * Vietnamese calendar software implements), written here from its published description, independently of the
 * `date-holidays` library:
 * - a lunar month starts on the day (in the chosen time zone) of a new moon, computed with the truncated series of
 *   Jean Meeus, "Astronomical Algorithms", ch. 49;
 * - the 11th month is the one holding the winter solstice (sun longitude 270°);
 * - a year with 13 months between two 11th months repeats, as a leap month, the first month that holds no major
 *   solar term (no multiple of 30° of sun longitude).
 * The time zone matters: Vietnam reckons days in UTC+7 (since 1968), China in UTC+8, so a new moon between 16:00
 * and 17:00 UTC falls on different days and Tết can differ (1985, 2007, 2030, …).
 *
 * Used by scripts/generate-lunar-dates.ts to build functions/core/calendar/lunar-dates.json and by the unit test
 * that checks that table; never at run time (the table is read instead).
 */

const INT = Math.floor;
const DEG = Math.PI / 180;

/** Julian day number of a Gregorian date (Julian calendar before 15 October 1582). */
export function julianDay(day: number, month: number, year: number): number {
  const a = INT((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  let jd = day + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045;
  if (jd < 2299161) jd = day + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - 32083;
  return jd;
}

/** The Gregorian date of a Julian day number, as `YYYY-MM-DD`. */
export function dateOfJulianDay(jd: number): string {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = INT((4 * a + 3) / 146097);
    c = a - INT((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = INT((4 * c + 3) / 1461);
  const e = c - INT((1461 * d) / 4);
  const m = INT((5 * e + 2) / 153);
  const day = e - INT((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * INT(m / 10);
  const year = b * 100 + d - 4800 + INT(m / 10);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The instant (Julian date, UT) of the k-th new moon after the one of 1 January 1900. */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DEG);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * DEG) + 0.0021 * Math.sin(2 * DEG * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * DEG) + 0.0161 * Math.sin(DEG * 2 * Mpr);
  c1 -= 0.0004 * Math.sin(DEG * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(DEG * 2 * F) - 0.0051 * Math.sin(DEG * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(DEG * (M - Mpr)) + 0.0004 * Math.sin(DEG * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(DEG * (2 * F - M)) - 0.0006 * Math.sin(DEG * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(DEG * (2 * F - Mpr)) + 0.0005 * Math.sin(DEG * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** The sun's apparent longitude, radians in [0, 2π), at a Julian date (UT). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(DEG * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(DEG * 2 * M) + 0.00029 * Math.sin(DEG * 3 * M);
  let L = (L0 + DL) * DEG;
  L -= Math.PI * 2 * INT(L / (Math.PI * 2));
  return L;
}

/** The sun's longitude sector (0–11, 30° each) at the start of a local day. */
const sunSector = (dayNumber: number, timeZone: number) => INT((sunLongitude(dayNumber - 0.5 - timeZone / 24) / Math.PI) * 6);

/** The local day (Julian day number) of the k-th new moon. */
const newMoonDay = (k: number, timeZone: number) => INT(newMoon(k) + 0.5 + timeZone / 24);

/** The first day of the 11th lunar month (the month of the winter solstice) that ends Gregorian year `year`. */
function lunarMonth11(year: number, timeZone: number): number {
  const off = julianDay(31, 12, year) - 2415021;
  const k = INT(off / 29.530588853);
  let nm = newMoonDay(k, timeZone);
  if (sunSector(nm, timeZone) >= 9) nm = newMoonDay(k - 1, timeZone);
  return nm;
}

/** In a 13-month year starting at the 11th month `a11`, the offset of the leap month (the first without a term). */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last: number;
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, timeZone), timeZone);
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

/**
 * The Gregorian date (`YYYY-MM-DD`) of a lunar date: day `lunarDay` of month `lunarMonth` (leap when `leap`) of
 * lunar year `lunarYear`, days reckoned in UTC+`timeZone`.
 * @throws Error for a leap month the year does not have.
 */
export function lunarToSolar(lunarDay: number, lunarMonth: number, lunarYear: number, leap: boolean, timeZone: number): string {
  let a11: number;
  let b11: number;
  if (lunarMonth < 11) {
    a11 = lunarMonth11(lunarYear - 1, timeZone);
    b11 = lunarMonth11(lunarYear, timeZone);
  } else {
    a11 = lunarMonth11(lunarYear, timeZone);
    b11 = lunarMonth11(lunarYear + 1, timeZone);
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = lunarMonth - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && lunarMonth !== leapMonth) throw new Error(`lunar year ${lunarYear} has no leap month ${lunarMonth}`);
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    throw new Error(`lunar year ${lunarYear} has no leap month`);
  }
  return dateOfJulianDay(newMoonDay(k + off, timeZone) + lunarDay - 1);
}

/** Vietnam: UTC+7. */
export const VIETNAM_TIME_ZONE = 7;
/** China: UTC+8, for the years where the two calendars differ. */
export const CHINA_TIME_ZONE = 8;

/** The lunar dates the holiday rules need, for Gregorian year `year`. */
export function lunarHolidayDates(year: number, timeZone = VIETNAM_TIME_ZONE) {
  const lunarNewYear = lunarToSolar(1, 1, year, false, timeZone);
  const jd = julianDay(Number(lunarNewYear.slice(8, 10)), Number(lunarNewYear.slice(5, 7)), year);
  return {
    lastDayOfLunarYear: dateOfJulianDay(jd - 1),
    lunarNewYear,
    hungKings: lunarToSolar(10, 3, year, false, timeZone),
  };
}
