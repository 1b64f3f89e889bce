//! What the CLI reads from the environment on the library's behalf (the library reads none):
//! the record time and author of `add` and `check --record`. (`LECTIO_MAX_SIZE` and the other
//! option variables are read by clap, see [`super::options`].)

use lectio::UsageError;

/// The time to record: `SOURCE_DATE_EPOCH` or `LECTIO_TIME` (seconds since the epoch) when set
/// and not empty, else `None` (the library then takes the clock).
pub fn record_time() -> Result<Option<i64>, UsageError> {
    for var in ["SOURCE_DATE_EPOCH", "LECTIO_TIME"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            return v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|t| (0..253_402_300_800).contains(t))
                .map(Some)
                .ok_or_else(|| {
                    UsageError(format!(
                        "{var}='{}' is not a number of seconds since 1970",
                        lectio::escape::terminal(&v)
                    ))
                });
        }
    }
    Ok(None)
}

/// The author to record: `LECTIO_AUTHOR`, else empty.
pub fn author() -> String {
    std::env::var("LECTIO_AUTHOR").unwrap_or_default()
}
