//! UTC calendar time from a [`SystemTime`], for report timestamps.
//!
//! Only `junit` prints a time, so a date library would be overkill; the day-to-date conversion is
//! Howard Hinnant's `civil_from_days` algorithm (proleptic Gregorian calendar).

use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UtcDateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl UtcDateTime {
    /// Whole seconds; times before 1970 are clamped to the epoch (a clock that far off is a
    /// broken clock, and reports must still render).
    pub(crate) fn from_system_time(time: SystemTime) -> Self {
        let seconds = time
            .duration_since(UNIX_EPOCH)
            .map_or(0, |duration| duration.as_secs());
        let days = i64::try_from(seconds / 86_400).unwrap_or(i64::MAX / 2);
        let of_day = u32::try_from(seconds % 86_400).expect("under a day");
        let (year, month, day) = civil_from_days(days);
        Self {
            year,
            month,
            day,
            hour: of_day / 3600,
            minute: of_day / 60 % 60,
            second: of_day % 60,
        }
    }
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153; // March = 0
    let day = u32::try_from(day_of_year - (153 * month_index + 2) / 5 + 1).expect("day in month");
    let month = u32::try_from(if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    })
    .expect("month");
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(seconds: u64) -> UtcDateTime {
        UtcDateTime::from_system_time(UNIX_EPOCH + Duration::from_secs(seconds))
    }

    #[test]
    fn known_dates() {
        let epoch = at(0);
        assert_eq!(
            (epoch.year, epoch.month, epoch.day, epoch.hour),
            (1970, 1, 1, 0)
        );
        // `date -u -d @1795461911` = Mon Nov 23 19:25:11 UTC 2026
        let run = at(1_795_461_911);
        assert_eq!(
            (
                run.year, run.month, run.day, run.hour, run.minute, run.second
            ),
            (2026, 11, 23, 19, 25, 11)
        );
        // Leap day and the day after.
        let leap = at(951_782_400); // 2000-02-29T00:00:00Z
        assert_eq!((leap.year, leap.month, leap.day), (2000, 2, 29));
        let after = at(951_868_800);
        assert_eq!((after.year, after.month, after.day), (2000, 3, 1));
        let before_epoch = UtcDateTime::from_system_time(UNIX_EPOCH - Duration::from_secs(5));
        assert_eq!(before_epoch, epoch);
    }
}
