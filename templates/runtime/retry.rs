//! Retry policy: which failures are retried and how long to wait. Pure functions, so the rules
//! are unit-tested without a server or a clock.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// First backoff delay (`0.5 s * 2^n`).
const INITIAL_DELAY: Duration = Duration::from_millis(500);
/// Backoff never waits longer than this.
const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// Whether a response with this status and headers should be retried.
///
/// `x-should-retry: true|false` from the server wins; otherwise 408, 409, 429 and 5xx are
/// retried, as in the official SDKs.
pub(crate) fn should_retry_status(status: StatusCode, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some(v) if v.eq_ignore_ascii_case("true") => return true,
        Some(v) if v.eq_ignore_ascii_case("false") => return false,
        _ => {}
    }
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// Exponential backoff with jitter: `min(0.5 s * 2^retries_taken, 8 s) * (1 - 0.25 * jitter)`
/// where `jitter` is in `[0, 1)`, so a delay is up to 25% shorter, never longer.
pub(crate) fn backoff(retries_taken: u32, jitter: f64) -> Duration {
    let base = INITIAL_DELAY.saturating_mul(2u32.saturating_pow(retries_taken.min(16))).min(MAX_BACKOFF);
    base.mul_f64(1.0 - 0.25 * jitter.clamp(0.0, 1.0))
}

/// The delay the server asked for, if it is usable: `retry-after-ms` (milliseconds, float), else
/// `retry-after` (seconds, float, or an HTTP date relative to `now`). Only `0 < delay <= cap` is
/// honoured; anything else (absent, malformed, zero, negative, in the past, above the cap) gives
/// `None` so the caller falls back to backoff.
pub(crate) fn server_delay(headers: &HeaderMap, now: SystemTime, cap: Duration) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let secs = header("retry-after-ms")
        .and_then(|v| v.parse::<f64>().ok())
        .map(|ms| ms / 1000.0)
        .filter(|s| s.is_finite())
        .or_else(|| header("retry-after").and_then(|v| parse_retry_after(v, now)))?;
    // Both sources are finite here, so plain comparisons are enough.
    if secs <= 0.0 || secs > cap.as_secs_f64() {
        return None;
    }
    // A cap of `Duration::MAX` lets through values no `Duration` holds.
    Duration::try_from_secs_f64(secs).ok()
}

/// `Retry-After` as seconds: a number, or an HTTP date.
fn parse_retry_after(value: &str, now: SystemTime) -> Option<f64> {
    if let Ok(secs) = value.parse::<f64>() {
        return secs.is_finite().then_some(secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    match at.duration_since(now) {
        Ok(d) => Some(d.as_secs_f64()),
        Err(_) => Some(0.0), // in the past: not usable
    }
}

/// The delay before retry number `retries_taken + 1`.
pub(crate) fn retry_delay(
    headers: Option<&HeaderMap>,
    retries_taken: u32,
    cap: Duration,
    now: SystemTime,
    jitter: f64,
) -> Duration {
    headers.and_then(|h| server_delay(h, now, cap)).unwrap_or_else(|| backoff(retries_taken, jitter))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    const CAP: Duration = Duration::from_secs(60);

    #[test]
    fn a_delay_beyond_any_duration_falls_back_instead_of_panicking() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("18446744073709551615"));
        assert_eq!(server_delay(&h, SystemTime::now(), Duration::MAX), None);
        h.insert("retry-after", HeaderValue::from_static("2"));
        assert_eq!(server_delay(&h, SystemTime::now(), Duration::MAX), Some(Duration::from_secs(2)));
    }

    #[test]
    fn status_rules() {
        let none = HeaderMap::new();
        for s in [408, 409, 429, 500, 502, 503, 504, 599] {
            assert!(should_retry_status(StatusCode::from_u16(s).unwrap(), &none), "{s}");
        }
        for s in [400, 401, 403, 404, 422, 200] {
            assert!(!should_retry_status(StatusCode::from_u16(s).unwrap(), &none), "{s}");
        }
    }

    #[test]
    fn should_retry_header_overrides() {
        let yes = headers(&[("x-should-retry", "true")]);
        let no = headers(&[("x-should-retry", "false")]);
        assert!(should_retry_status(StatusCode::BAD_REQUEST, &yes));
        assert!(!should_retry_status(StatusCode::SERVICE_UNAVAILABLE, &no));
        let junk = headers(&[("x-should-retry", "maybe")]);
        assert!(should_retry_status(StatusCode::SERVICE_UNAVAILABLE, &junk));
    }

    #[test]
    fn backoff_schedule() {
        let ms = |n, j| backoff(n, j).as_millis();
        assert_eq!(ms(0, 0.0), 500);
        assert_eq!(ms(1, 0.0), 1000);
        assert_eq!(ms(2, 0.0), 2000);
        assert_eq!(ms(3, 0.0), 4000);
        assert_eq!(ms(4, 0.0), 8000);
        assert_eq!(ms(10, 0.0), 8000);
        assert_eq!(ms(u32::MAX, 0.0), 8000);
        // Jitter only shortens, by at most 25%.
        assert_eq!(ms(0, 1.0), 375);
        assert_eq!(ms(4, 0.5), 7000);
        for j in [0.0, 0.3, 0.999] {
            let d = backoff(2, j);
            assert!(d <= Duration::from_secs(2) && d >= Duration::from_millis(1500));
        }
    }

    #[test]
    fn retry_after_ms_preferred() {
        let h = headers(&[("retry-after-ms", "1500.5"), ("retry-after", "30")]);
        assert_eq!(server_delay(&h, SystemTime::now(), CAP), Some(Duration::from_secs_f64(1.5005)));
    }

    #[test]
    fn malformed_ms_falls_through_to_retry_after() {
        let h = headers(&[("retry-after-ms", "soon"), ("retry-after", "2")]);
        assert_eq!(server_delay(&h, SystemTime::now(), CAP), Some(Duration::from_secs(2)));
    }

    #[test]
    fn retry_after_seconds_and_float() {
        let now = SystemTime::now();
        assert_eq!(server_delay(&headers(&[("retry-after", "3")]), now, CAP), Some(Duration::from_secs(3)));
        assert_eq!(server_delay(&headers(&[("retry-after", " 0.25 ")]), now, CAP), Some(Duration::from_millis(250)));
    }

    #[test]
    fn retry_after_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let at = httpdate::fmt_http_date(now + Duration::from_secs(10));
        assert_eq!(server_delay(&headers(&[("retry-after", &at)]), now, CAP), Some(Duration::from_secs(10)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(10));
        assert_eq!(server_delay(&headers(&[("retry-after", &past)]), now, CAP), None);
    }

    #[test]
    fn unusable_values_fall_back() {
        let now = SystemTime::now();
        for v in ["0", "-1", "61", "NaN", "inf", "tomorrow", ""] {
            assert_eq!(server_delay(&headers(&[("retry-after", v)]), now, CAP), None, "{v}");
        }
        assert_eq!(server_delay(&headers(&[("retry-after-ms", "60001")]), now, CAP), None);
        assert_eq!(server_delay(&headers(&[("retry-after-ms", "60000")]), now, CAP), Some(Duration::from_secs(60)));
        assert_eq!(server_delay(&HeaderMap::new(), now, CAP), None);
    }

    #[test]
    fn cap_is_configurable() {
        let h = headers(&[("retry-after", "90")]);
        assert_eq!(server_delay(&h, SystemTime::now(), Duration::from_secs(120)), Some(Duration::from_secs(90)));
        assert_eq!(
            retry_delay(Some(&h), 1, CAP, SystemTime::now(), 0.0),
            Duration::from_secs(1),
            "above the cap: backoff"
        );
    }
}
