//! The signing time: an input, never read from a clock unless asked.

use core::fmt;

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

use crate::error::{Error, ErrorKind, Result};

/// The instant a request is signed at, in whole seconds (UTC).
///
/// Sub-second parts are truncated, never rounded, as botocore does. The
/// year must lie in 0000–9999 so that it fits the `YYYYMMDD` date of a
/// credential scope.
///
/// ```
/// use awssig::SigningTime;
/// let t = SigningTime::from_unix(1_440_938_160)?;
/// assert_eq!(t.amz_date(), "20150830T123600Z");
/// assert_eq!(t.date(), "20150830");
/// assert_eq!(SigningTime::from_amz_date("20150830T123600Z")?, t);
/// # Ok::<(), awssig::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SigningTime {
    unix: i64,
    amz: [u8; 16],
}

const MIN_UNIX: i64 = -62_167_219_200; // 0000-01-01T00:00:00Z
const MAX_UNIX: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

fn put2(out: &mut [u8], v: u8) {
    out[0] = b'0' + v / 10;
    out[1] = b'0' + v % 10;
}

impl SigningTime {
    /// 1970-01-01T00:00:00Z.
    pub(crate) const EPOCH: SigningTime = SigningTime {
        unix: 0,
        amz: *b"19700101T000000Z",
    };

    /// From seconds since the Unix epoch.
    ///
    /// ```
    /// use awssig::SigningTime;
    /// assert_eq!(SigningTime::from_unix(0)?.amz_date(), "19700101T000000Z");
    /// assert!(SigningTime::from_unix(i64::MAX).is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn from_unix(seconds: i64) -> Result<Self> {
        if !(MIN_UNIX..=MAX_UNIX).contains(&seconds) {
            return Err(Error::new(
                ErrorKind::InvalidTime,
                alloc::format!(
                    "signing time {seconds} s since the epoch is outside the years 0000-9999"
                ),
            ));
        }
        let dt = OffsetDateTime::from_unix_timestamp(seconds)
            .map_err(|_| Error::new(ErrorKind::InvalidTime, "signing time is out of range"))?;
        Ok(Self::from_utc_parts(seconds, dt))
    }

    fn from_utc_parts(unix: i64, dt: OffsetDateTime) -> Self {
        let mut amz = *b"00000000T000000Z";
        let year = dt.year() as u32; // 0..=9999, checked by the callers
        amz[0] = b'0' + (year / 1000) as u8;
        amz[1] = b'0' + (year / 100 % 10) as u8;
        amz[2] = b'0' + (year / 10 % 10) as u8;
        amz[3] = b'0' + (year % 10) as u8;
        put2(&mut amz[4..6], dt.month() as u8);
        put2(&mut amz[6..8], dt.day());
        put2(&mut amz[9..11], dt.hour());
        put2(&mut amz[11..13], dt.minute());
        put2(&mut amz[13..15], dt.second());
        SigningTime { unix, amz }
    }

    /// From a `time::OffsetDateTime` in any offset; converted to UTC and
    /// truncated to whole seconds.
    ///
    /// ```
    /// use awssig::SigningTime;
    /// use time::macros::datetime;
    /// let t = SigningTime::from_datetime(datetime!(2024-12-31 23:59:59.999999 UTC))?;
    /// assert_eq!(t.amz_date(), "20241231T235959Z");
    /// let t = SigningTime::from_datetime(datetime!(2015-08-30 14:36:00 +02:00))?;
    /// assert_eq!(t.amz_date(), "20150830T123600Z");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn from_datetime(datetime: OffsetDateTime) -> Result<Self> {
        Self::from_unix(datetime.unix_timestamp())
    }

    /// Parses an `X-Amz-Date` value, `YYYYMMDD'T'HHMMSS'Z'`.
    ///
    /// ```
    /// use awssig::SigningTime;
    /// assert_eq!(SigningTime::from_amz_date("20130524T000000Z")?.unix(), 1_369_353_600);
    /// assert!(SigningTime::from_amz_date("20130532T000000Z").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn from_amz_date(value: &str) -> Result<Self> {
        let bad = || {
            Error::new(
                ErrorKind::InvalidTime,
                alloc::format!(
                    "{value:?} is not an X-Amz-Date; expected YYYYMMDDTHHMMSSZ, e.g. 20150830T123600Z"
                ),
            )
        };
        let b = value.as_bytes();
        if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
            return Err(bad());
        }
        let mut n = [0u32; 14];
        for (i, slot) in (0..8).chain(9..15).zip(n.iter_mut()) {
            let c = b[i];
            if !c.is_ascii_digit() {
                return Err(bad());
            }
            *slot = u32::from(c - b'0');
        }
        let year = (n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3]) as i32;
        let month = (n[4] * 10 + n[5]) as u8;
        let day = (n[6] * 10 + n[7]) as u8;
        let (h, m, s) = (
            (n[8] * 10 + n[9]) as u8,
            (n[10] * 10 + n[11]) as u8,
            (n[12] * 10 + n[13]) as u8,
        );
        let month = Month::try_from(month).map_err(|_| bad())?;
        let date = Date::from_calendar_date(year, month, day).map_err(|_| bad())?;
        let time = Time::from_hms(h, m, s).map_err(|_| bad())?;
        let dt = PrimitiveDateTime::new(date, time).assume_utc();
        Self::from_unix(dt.unix_timestamp())
    }

    /// The current time from the system clock (the only place the crate
    /// reads a clock).
    ///
    /// ```
    /// let t = awssig::SigningTime::now();
    /// assert!(t.unix() > 1_700_000_000);
    /// ```
    #[cfg(feature = "std")]
    pub fn now() -> Self {
        let now = OffsetDateTime::now_utc();
        // The system clock is within 0000-9999; fall back to the epoch otherwise.
        Self::from_datetime(now).unwrap_or(Self::EPOCH)
    }

    /// Seconds since the Unix epoch.
    ///
    /// ```
    /// # use awssig::SigningTime;
    /// assert_eq!(SigningTime::from_unix(42)?.unix(), 42);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn unix(&self) -> i64 {
        self.unix
    }

    /// The `X-Amz-Date` form, `YYYYMMDD'T'HHMMSS'Z'`.
    ///
    /// ```
    /// # use awssig::SigningTime;
    /// assert_eq!(SigningTime::from_unix(1_369_353_600)?.amz_date(), "20130524T000000Z");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn amz_date(&self) -> &str {
        // Only ASCII digits, 'T' and 'Z' are ever written.
        core::str::from_utf8(&self.amz).unwrap_or("00000000T000000Z")
    }

    /// The credential-scope date, `YYYYMMDD`.
    ///
    /// ```
    /// # use awssig::SigningTime;
    /// assert_eq!(SigningTime::from_unix(1_369_353_600)?.date(), "20130524");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn date(&self) -> &str {
        &self.amz_date()[..8]
    }

    /// The instant as a `time::OffsetDateTime` in UTC.
    ///
    /// ```
    /// # use awssig::SigningTime;
    /// assert_eq!(SigningTime::from_unix(60)?.to_datetime().minute(), 1);
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn to_datetime(&self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(self.unix).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// Parses an RFC 3339 instant as the credential sources write it:
    /// `YYYY-MM-DDTHH:MM:SS`, optional fraction (truncated), then `Z` or a
    /// `±HH:MM` offset. `t` and `z` may be lowercase (RFC 3339 §5.6).
    ///
    /// ```
    /// use awssig::SigningTime;
    /// let t = SigningTime::from_rfc3339("2015-08-30T12:36:00.999Z")?;
    /// assert_eq!(t.amz_date(), "20150830T123600Z");
    /// assert_eq!(SigningTime::from_rfc3339("2015-08-30T14:36:00+02:00")?, t);
    /// assert!(SigningTime::from_rfc3339("2015-08-30 12:36").is_err());
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn from_rfc3339(value: &str) -> Result<Self> {
        let bad = || {
            Error::new(
                ErrorKind::InvalidTime,
                alloc::format!(
                    "{value:?} is not an RFC 3339 instant; expected YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM), e.g. 2015-08-30T12:36:00Z"
                ),
            )
        };
        let b = value.as_bytes();
        let digits = |r: core::ops::Range<usize>| -> Option<u32> {
            let part = b.get(r)?;
            part.iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(bad());
        }
        let (year, month, day) = (digits(0..4), digits(5..7), digits(8..10));
        let (h, m, s) = (digits(11..13), digits(14..16), digits(17..19));
        let (Some(year), Some(month), Some(day), Some(h), Some(m), Some(s)) =
            (year, month, day, h, m, s)
        else {
            return Err(bad());
        };
        let mut i = 19;
        if b[i] == b'.' {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return Err(bad());
            }
        }
        let offset: i64 = match &b[i..] {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                let (Some(oh), Some(om)) = (digits(i + 1..i + 3), digits(i + 4..i + 6)) else {
                    return Err(bad());
                };
                if oh > 23 || om > 59 {
                    return Err(bad());
                }
                let secs = i64::from(oh * 3600 + om * 60);
                if *sign == b'+' {
                    secs
                } else {
                    -secs
                }
            }
            _ => return Err(bad()),
        };
        let month = Month::try_from(month as u8).map_err(|_| bad())?;
        let date = Date::from_calendar_date(year as i32, month, day as u8).map_err(|_| bad())?;
        let time = Time::from_hms(h as u8, m as u8, s as u8).map_err(|_| bad())?;
        let local = PrimitiveDateTime::new(date, time)
            .assume_utc()
            .unix_timestamp();
        Self::from_unix(local - offset)
    }

    /// The instant in RFC 3339 form, UTC, whole seconds:
    /// `YYYY-MM-DDTHH:MM:SSZ`, as STS, IMDS and most `credential_process`
    /// programs write `Expiration` (the aws cli's `export-credentials`
    /// writes `+00:00` instead of `Z`: see
    /// [`crate::credentials::process::write_process_json`]).
    ///
    /// ```
    /// # use awssig::SigningTime;
    /// assert_eq!(SigningTime::from_unix(1_440_938_160)?.rfc3339(), "2015-08-30T12:36:00Z");
    /// # Ok::<(), awssig::Error>(())
    /// ```
    pub fn rfc3339(&self) -> alloc::string::String {
        let a = self.amz_date();
        alloc::format!(
            "{}-{}-{}T{}:{}:{}Z",
            &a[..4],
            &a[4..6],
            &a[6..8],
            &a[9..11],
            &a[11..13],
            &a[13..15]
        )
    }

    /// The start of the `window`-second window (counted from the epoch)
    /// that holds this instant; `window` is at least 1.
    pub(crate) fn window_start(&self, window: u64) -> SigningTime {
        let w = i64::try_from(window).unwrap_or(i64::MAX).max(1);
        let start = self.unix - self.unix.rem_euclid(w);
        // Before 0000-01-01 only for a window wider than the years before
        // this instant: then the instant itself.
        Self::from_unix(start).unwrap_or(*self)
    }

    /// `seconds` later, at most 9999-12-31T23:59:59Z.
    pub(crate) fn plus_saturating(&self, seconds: u64) -> SigningTime {
        let later = i64::try_from(seconds)
            .ok()
            .and_then(|s| self.unix.checked_add(s))
            .map_or(MAX_UNIX, |t| t.min(MAX_UNIX));
        Self::from_unix(later).unwrap_or(*self)
    }

    pub(crate) fn amz_bytes(&self) -> &[u8; 16] {
        &self.amz
    }

    /// [`Self::date`] as bytes (no UTF-8 check on the signing path).
    pub(crate) fn date_bytes(&self) -> &[u8] {
        &self.amz[..8]
    }

    /// The RFC 1123 date of the HTTP `Date` header (SigV2), e.g.
    /// `Tue, 27 Mar 2007 19:36:42 GMT`, with `zone` as the last token
    /// (`GMT`, or `+0000` as the S3 documentation prints it).
    pub(crate) fn write_rfc1123<S: crate::encode::Sink + ?Sized>(&self, out: &mut S, zone: &[u8]) {
        const DAYS: [&[u8; 3]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
        const MONTHS: [&[u8; 3]; 12] = [
            b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
            b"Dec",
        ];
        let dt = self.to_datetime();
        let a = &self.amz;
        // `Www, DD Mmm YYYY HH:MM:SS ` from the X-Amz-Date digits.
        let mut buf = *b"Www, DD Mmm YYYY HH:MM:SS ";
        buf[..3].copy_from_slice(DAYS[dt.weekday().number_days_from_monday() as usize % 7]);
        buf[5..7].copy_from_slice(&a[6..8]);
        buf[8..11].copy_from_slice(MONTHS[(dt.month() as usize + 11) % 12]);
        buf[12..16].copy_from_slice(&a[..4]);
        buf[17..19].copy_from_slice(&a[9..11]);
        buf[20..22].copy_from_slice(&a[11..13]);
        buf[23..25].copy_from_slice(&a[13..15]);
        out.put(&buf);
        out.put(zone);
    }
}

impl TryFrom<OffsetDateTime> for SigningTime {
    type Error = Error;
    fn try_from(value: OffsetDateTime) -> Result<Self> {
        Self::from_datetime(value)
    }
}

impl fmt::Debug for SigningTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningTime({})", self.amz_date())
    }
}

impl fmt::Display for SigningTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.amz_date())
    }
}
