// Number, time and size formatting. Unknown values (null, undefined, NaN) are shown as an em dash.

export const DASH = '\u2014';

export function isKnown(value) {
  return value !== null && value !== undefined && !(typeof value === 'number' && Number.isNaN(value));
}

function numberFormat(min, max) {
  return new Intl.NumberFormat(undefined, { minimumFractionDigits: min, maximumFractionDigits: max });
}

const FORMATS = new Map();

/** A number with at most `digits` fraction digits and grouping; very large/small magnitudes stay readable. */
export function fmtNumber(value, digits = 1) {
  if (!isKnown(value)) {
    return DASH;
  }
  const number = Number(value);
  if (!Number.isFinite(number)) {
    return String(value);
  }
  const key = '0-' + digits;
  if (!FORMATS.has(key)) {
    FORMATS.set(key, numberFormat(0, digits));
  }
  return FORMATS.get(key).format(number);
}

export function fmtInt(value) {
  return isKnown(value) ? fmtNumber(Math.round(Number(value)), 0) : DASH;
}

/** A loss: four significant digits, exponential notation for tiny or huge values. */
export function fmtLoss(value) {
  if (!isKnown(value)) {
    return DASH;
  }
  const number = Number(value);
  if (!Number.isFinite(number)) {
    return String(value);
  }
  if (number === 0) {
    return '0';
  }
  const magnitude = Math.abs(number);
  if (magnitude < 1e-3 || magnitude >= 1e5) {
    return number.toExponential(3);
  }
  return String(Number(number.toPrecision(4)));
}

export function fmtPercent(value, digits = 1) {
  return isKnown(value) ? fmtNumber(value, digits) + ' %' : DASH;
}

/** Seconds as "2h 05m", "4m 12s" or "12.3 s". */
export function fmtDuration(seconds) {
  if (!isKnown(seconds)) {
    return DASH;
  }
  const total = Number(seconds);
  if (total < 60) {
    return fmtNumber(total, total < 10 ? 1 : 0) + ' s';
  }
  const whole = Math.round(total);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = whole % 60;
  const pad = (n) => String(n).padStart(2, '0');
  if (hours >= 24) {
    return Math.floor(hours / 24) + 'd ' + pad(hours % 24) + 'h';
  }
  return hours > 0 ? hours + 'h ' + pad(minutes) + 'm' : minutes + 'm ' + pad(secs) + 's';
}

/** MiB as "812 MiB" or "17.6 GiB". */
export function fmtMb(value) {
  if (!isKnown(value)) {
    return DASH;
  }
  const mb = Number(value);
  return mb >= 1024 ? fmtNumber(mb / 1024, 1) + ' GiB' : fmtNumber(mb, 0) + ' MiB';
}

export function fmtBytes(value) {
  if (!isKnown(value)) {
    return DASH;
  }
  let size = Number(value);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return fmtNumber(size, unit === 0 ? 0 : 1) + ' ' + units[unit];
}

export function fmtEnergy(wh) {
  if (!isKnown(wh)) {
    return DASH;
  }
  const value = Number(wh);
  return value >= 1000 ? fmtNumber(value / 1000, 2) + ' kWh' : fmtNumber(value, 1) + ' Wh';
}

export function fmtRate(value) {
  if (!isKnown(value)) {
    return DASH;
  }
  const number = Number(value);
  return fmtNumber(number, number >= 100 ? 0 : number >= 10 ? 1 : 2);
}

const DATE_FORMAT = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit'
});

/** An ISO instant or epoch seconds as a local date and time. */
export function fmtTime(value) {
  if (!isKnown(value)) {
    return DASH;
  }
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : DATE_FORMAT.format(date);
}

/** An ISO instant as epoch seconds, or null. */
export function epochSeconds(iso) {
  if (!isKnown(iso)) {
    return null;
  }
  const millis = Date.parse(iso);
  return Number.isNaN(millis) ? null : millis / 1000;
}

/** The efficiency badge bands (docs/analytics.md): above 90 green, above 70 yellow, else red. */
export function efficiencyBand(score) {
  if (!isKnown(score)) {
    return 'none';
  }
  const value = Number(score);
  return value > 90 ? 'green' : value > 70 ? 'yellow' : 'red';
}
