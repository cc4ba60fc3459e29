import { assertTimeZone, TZDATA_VERSION, validateTimeZone } from '../../../lib/cron';

describe('validateTimeZone', () => {
  test.each(['UTC', 'Etc/UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'US/Eastern', 'Etc/GMT+5', 'America/Argentina/Buenos_Aires', 'Australia/Lord_Howe'])(
    '%s is a valid IANA name',
    (name) => {
      expect(validateTimeZone(name)).toBeUndefined();
      expect(() => assertTimeZone(name)).not.toThrow();
    },
  );

  test('a name that differs only by case gets the right spelling', () => {
    expect(validateTimeZone('america/new_york')).toBe('unknown time zone "america/new_york"; did you mean "America/New_York"? (time zone names are case-sensitive)');
    expect(validateTimeZone('utc')).toBe('unknown time zone "utc"; did you mean "UTC"? (time zone names are case-sensitive)');
    expect(validateTimeZone('EUROPE/BERLIN')).toContain('did you mean "Europe/Berlin"?');
  });

  test('surrounding whitespace is pointed out', () => {
    expect(validateTimeZone(' Europe/Berlin ')).toBe('unknown time zone " Europe/Berlin "; did you mean "Europe/Berlin"? (remove the surrounding whitespace)');
  });

  test('Local is refused, as the API server refuses it', () => {
    expect(validateTimeZone('Local')).toBe(
      `"Local" is not allowed: Kubernetes requires an explicit zone, not the controller manager's local time; use an IANA name such as "Etc/UTC", "Europe/Berlin" or "America/New_York"`,
    );
    expect(validateTimeZone('local')).toContain('"local" is not allowed');
  });

  test('empty is refused', () => {
    expect(validateTimeZone('')).toBe('the time zone must not be empty; use an IANA name such as "Etc/UTC", "Europe/Berlin" or "America/New_York"');
  });

  test('names not in the database are refused with the database release', () => {
    expect(TZDATA_VERSION).toMatch(/^20\d\d[a-z]$/);
    expect(validateTimeZone('Mars/Olympus')).toBe(
      `unknown time zone "Mars/Olympus": not in the IANA tz database (release ${TZDATA_VERSION}); use an IANA name such as "Etc/UTC", "Europe/Berlin" or "America/New_York"`,
    );
    expect(validateTimeZone('CET+1')).toContain('unknown time zone "CET+1"');
    expect(validateTimeZone('Europe/Berlin/')).toContain('unknown time zone');
  });

  test('the placeholder zone "Factory" is refused', () => {
    expect(validateTimeZone('Factory')).toContain('"Factory" is a placeholder in the tz database, not a real time zone');
  });

  test('assertTimeZone throws the same message', () => {
    expect(() => assertTimeZone('america/new_york')).toThrow('invalid time zone: unknown time zone "america/new_york"; did you mean "America/New_York"?');
  });
});
