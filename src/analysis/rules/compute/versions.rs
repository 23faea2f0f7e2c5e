//! Version and deprecation tables of the compute rules, as data: AWS Lambda runtime deprecation dates, EKS
//! Kubernetes versions with their end of standard support, database engine versions on RDS and Aurora with theirs,
//! and the oldest containerd release considered current.
//! Also the numeric version parser and the date arithmetic the rules compare with.
//!
//! Every comparison is made against an as-of date: the diagram's `settings.as_of`, or, when the diagram has none,
//! [`TABLE_AS_OF`], the date the tables were last checked. Never the system clock, so results are deterministic.

use crate::model::props::DatabaseEngine;
use crate::model::settings::Date;

/// The date the tables below were last checked against their sources. It stands in for the diagram's as-of date
/// when the diagram does not give one. Update it together with the tables.
pub const TABLE_AS_OF: Date = Date { year: 2025, month: 6, day: 1 };

/// The date deprecation is judged at: the diagram's own, or the tables' as-of date.
pub fn as_of(diagram: Option<Date>) -> Date {
    diagram.unwrap_or(TABLE_AS_OF)
}

/// One AWS Lambda runtime and the date AWS deprecates it (security patches stop).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LambdaRuntime {
    /// The runtime identifier, as written in a function's configuration (`python3.8`).
    pub id: &'static str,
    /// The deprecation date: from this day on AWS no longer patches the runtime.
    pub deprecated: Date,
    /// The deprecation follows the language version's own end of life, so the same identifier in a container
    /// image is as stale. `false` where AWS deprecated the runtime for its operating system (Amazon Linux 1 or 2)
    /// while the language version lives on elsewhere (`java8`, `go1.x`, `provided`, `python3.10` ...).
    pub language_end_of_life: bool,
}

impl LambdaRuntime {
    /// Whether the runtime is deprecated at `as_of`.
    pub fn is_deprecated(&self, as_of: Date) -> bool {
        as_of >= self.deprecated
    }

    /// Days from `as_of` until deprecation (negative once deprecated).
    pub fn days_until_deprecation(&self, as_of: Date) -> i64 {
        day_number(self.deprecated) - day_number(as_of)
    }
}

const fn d(year: u16, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

const fn rt(id: &'static str, deprecated: Date, language_end_of_life: bool) -> LambdaRuntime {
    LambdaRuntime { id, deprecated, language_end_of_life }
}

/// Lambda runtimes with their deprecation dates.
///
/// Source: AWS Lambda Developer Guide, "Lambda runtimes" (section "Runtime deprecation policy", tables "Supported
/// runtimes" and "Deprecated runtimes"), as known on [`TABLE_AS_OF`]. AWS moves dates of upcoming deprecations:
/// whenever this table is updated, every date must be checked against that page.
pub static LAMBDA_RUNTIMES: &[LambdaRuntime] = &[
    rt("nodejs8.10", d(2020, 3, 6), true),
    rt("nodejs10.x", d(2021, 7, 30), true),
    rt("nodejs12.x", d(2023, 3, 31), true),
    rt("nodejs14.x", d(2023, 12, 4), true),
    rt("nodejs16.x", d(2024, 6, 12), true),
    rt("nodejs18.x", d(2025, 9, 1), true),
    rt("nodejs20.x", d(2026, 4, 30), true),
    rt("nodejs22.x", d(2027, 4, 30), true),
    rt("python2.7", d(2021, 7, 15), true),
    rt("python3.6", d(2022, 7, 18), true),
    rt("python3.7", d(2023, 12, 4), true),
    rt("python3.8", d(2024, 10, 14), true),
    rt("python3.9", d(2025, 12, 15), true),
    rt("python3.10", d(2026, 6, 30), false),
    rt("python3.11", d(2026, 6, 30), false),
    rt("python3.12", d(2028, 10, 31), true),
    rt("python3.13", d(2029, 6, 30), true),
    rt("java8", d(2024, 1, 8), false),
    rt("java8.al2", d(2026, 6, 30), false),
    rt("java11", d(2026, 6, 30), false),
    rt("java17", d(2026, 6, 30), false),
    rt("java21", d(2029, 6, 30), false),
    rt("dotnetcore2.1", d(2022, 1, 5), true),
    rt("dotnetcore3.1", d(2023, 4, 3), true),
    rt("dotnet5.0", d(2022, 5, 10), true),
    rt("dotnet6", d(2024, 12, 20), true),
    rt("dotnet7", d(2024, 5, 14), true),
    rt("dotnet8", d(2026, 11, 10), true),
    rt("ruby2.5", d(2021, 7, 30), true),
    rt("ruby2.7", d(2023, 12, 7), true),
    rt("ruby3.2", d(2026, 3, 31), true),
    rt("ruby3.3", d(2027, 3, 31), true),
    rt("ruby3.4", d(2028, 3, 31), true),
    rt("go1.x", d(2024, 1, 8), false),
    rt("provided", d(2024, 1, 8), false),
    rt("provided.al2", d(2026, 6, 30), false),
    rt("provided.al2023", d(2029, 6, 30), false),
];

/// The table entry of a runtime identifier (ASCII case and surrounding spaces ignored).
pub fn lambda_runtime(id: &str) -> Option<&'static LambdaRuntime> {
    let id = id.trim();
    LAMBDA_RUNTIMES.iter().find(|runtime| runtime.id.eq_ignore_ascii_case(id))
}

/// One Kubernetes minor version on Amazon EKS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EksRelease {
    /// Major and minor version.
    pub version: [u32; 2],
    /// End of standard support; the cluster then runs on (paid) extended support.
    pub end_of_standard_support: Date,
}

impl EksRelease {
    /// End of extended support: twelve months after the end of standard support for every EKS version so far;
    /// after it EKS upgrades the control plane on its own.
    pub fn end_of_extended_support(&self) -> Date {
        let end = self.end_of_standard_support;
        Date { year: end.year + 1, ..end }
    }
}

const fn eks(minor: u32, end_of_standard_support: Date) -> EksRelease {
    EksRelease { version: [1, minor], end_of_standard_support }
}

/// EKS Kubernetes versions, oldest first, with their end of standard support.
///
/// Source: Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on EKS" (the "Amazon EKS Kubernetes
/// release calendar" table), as known on [`TABLE_AS_OF`]. Check the dates against that page when updating.
pub static EKS_RELEASES: &[EksRelease] = &[
    eks(23, d(2023, 10, 11)),
    eks(24, d(2024, 1, 31)),
    eks(25, d(2024, 5, 1)),
    eks(26, d(2024, 6, 11)),
    eks(27, d(2024, 7, 24)),
    eks(28, d(2024, 11, 26)),
    eks(29, d(2025, 3, 23)),
    eks(30, d(2025, 7, 23)),
    eks(31, d(2025, 11, 26)),
    eks(32, d(2026, 3, 23)),
    eks(33, d(2026, 7, 29)),
];

/// Where a Kubernetes version stands on EKS at a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KubernetesSupport {
    /// In standard support, or newer than the table.
    Standard,
    /// Past standard support, still in extended support.
    Extended(&'static EksRelease),
    /// Past extended support (`None`: older than every version in the table).
    Ended(Option<&'static EksRelease>),
    /// Not in the table and not older than all of it: nothing to say.
    Unknown,
}

/// Where `version` (at least major.minor) stands on EKS at `as_of`.
pub fn kubernetes_support(version: Version, as_of: Date) -> KubernetesSupport {
    let [major, minor, ..] = version.parts;
    if version.len < 2 {
        return KubernetesSupport::Unknown;
    }
    let (Some(oldest), Some(newest)) = (EKS_RELEASES.first(), EKS_RELEASES.last()) else {
        return KubernetesSupport::Unknown;
    };
    let key = [major, minor];
    if key < oldest.version {
        return KubernetesSupport::Ended(None);
    }
    if key > newest.version {
        return KubernetesSupport::Standard;
    }
    match EKS_RELEASES.iter().find(|release| release.version == key) {
        None => KubernetesSupport::Unknown,
        Some(release) if as_of >= release.end_of_extended_support() => KubernetesSupport::Ended(Some(release)),
        Some(release) if as_of >= release.end_of_standard_support => KubernetesSupport::Extended(release),
        Some(_) => KubernetesSupport::Standard,
    }
}

/// One major version of a database engine on RDS or Aurora, with the end of its standard support (after it the
/// engine gets only critical and high CVE fixes, and only under paid RDS Extended Support).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DatabaseRelease {
    /// The engine.
    pub engine: DatabaseEngine,
    /// The major version as a prefix of the engine version (`[11]` for PostgreSQL 11, `[5, 7]` for MySQL 5.7).
    pub major: &'static [u32],
    /// The end of standard support.
    pub end_of_standard_support: Date,
}

const fn db(engine: DatabaseEngine, major: &'static [u32], end_of_standard_support: Date) -> DatabaseRelease {
    DatabaseRelease { engine, major, end_of_standard_support }
}

/// Database major versions with their end of standard support, oldest first per engine. Only dates AWS itself
/// published are listed; an engine or major version that is missing is not judged. Sources, as read on
/// [`DATABASE_TABLE_AS_OF`]:
/// - PostgreSQL 11 (RDS and Aurora): AWS Database Blog, "PostgreSQL 11 upgrade strategies for Amazon Aurora
///   PostgreSQL and Amazon RDS for PostgreSQL" (end of standard support February 29, 2024); the Amazon RDS User
///   Guide, "Amazon RDS Extended Support charges", agrees (Extended Support from March 1, 2024).
/// - PostgreSQL 12 (RDS and Aurora): AWS Database Blog, "Upgrade strategies for Amazon Aurora PostgreSQL and Amazon
///   RDS for PostgreSQL 12" (February 28, 2025); the same RDS User Guide page agrees.
/// - Aurora MySQL version 2 (MySQL 5.7 compatible): Amazon Aurora User Guide, "Using Amazon RDS Extended Support"
///   (October 31, 2024).
///
/// Not sourced, so not listed: the RDS for MySQL and MariaDB calendars and every later PostgreSQL and Aurora
/// MySQL version (AWS's release-calendar pages could not be read).
pub static DATABASE_RELEASES: &[DatabaseRelease] = &[
    db(DatabaseEngine::Postgres, &[11], d(2024, 2, 29)),
    db(DatabaseEngine::Postgres, &[12], d(2025, 2, 28)),
    db(DatabaseEngine::AuroraPostgresql, &[11], d(2024, 2, 29)),
    db(DatabaseEngine::AuroraPostgresql, &[12], d(2025, 2, 28)),
    db(DatabaseEngine::AuroraMysql, &[5, 7], d(2024, 10, 31)),
];

/// The day the database table was checked against its sources.
pub const DATABASE_TABLE_AS_OF: Date = Date { year: 2026, month: 12, day: 4 };

/// Where a database engine version stands at a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatabaseSupport {
    /// Past the end of standard support of its major version.
    Ended(&'static DatabaseRelease),
    /// Older than every major version the table lists for its engine, the oldest of which has ended: older majors
    /// ended earlier.
    OlderThan(&'static DatabaseRelease),
    /// In standard support, or not in the table: nothing to say.
    Unknown,
}

/// Where `version` of `engine` stands at `as_of`.
pub fn database_support(engine: DatabaseEngine, version: Version, as_of: Date) -> DatabaseSupport {
    let mut releases = DATABASE_RELEASES.iter().filter(|r| r.engine == engine).peekable();
    let parts = version.parts();
    if let Some(oldest) = releases.peek()
        && as_of >= oldest.end_of_standard_support
        && parts.iter().take(oldest.major.len()).lt(oldest.major.iter())
    {
        return DatabaseSupport::OlderThan(oldest);
    }
    match releases.find(|r| parts.starts_with(r.major)) {
        Some(release) if as_of >= release.end_of_standard_support => DatabaseSupport::Ended(release),
        _ => DatabaseSupport::Unknown,
    }
}

/// The oldest containerd release considered current: 1.7.13 was the first 1.7 release to ship runc 1.1.12, which
/// fixed the container breakout CVE-2024-21626 ("Leaky Vessels"); older releases also missed earlier breakout
/// fixes. Sources: containerd release notes for v1.7.13; GitHub advisory GHSA-xr7r-f8xq-vfvv (runc). As of
/// [`TABLE_AS_OF`].
pub const CONTAINERD_MINIMUM: [u32; 3] = [1, 7, 13];

/// A dotted version number, up to four numeric parts (`1.7.22` is `[1, 7, 22]`, `1.30` is `[1, 30]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version {
    parts: [u32; 4],
    len: usize,
}

impl Version {
    /// Parses `1.7.22`, `v1.30.4-eks-a737599` or `1.7.22-1.amzn2`: a leading `v` is skipped, and parsing stops at
    /// the first part that does not start with a digit or after a part with a suffix. `None` without a number.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
        let mut version = Self { parts: [0; 4], len: 0 };
        for part in text.split('.') {
            let digits = part.bytes().take_while(u8::is_ascii_digit).count();
            let Some(number) = part.get(..digits).and_then(|n| n.parse::<u32>().ok()) else { break };
            let Some(slot) = version.parts.get_mut(version.len) else { break };
            *slot = number;
            version.len += 1;
            if digits < part.len() {
                break;
            }
        }
        (version.len > 0).then_some(version)
    }

    /// The numeric parts.
    pub fn parts(&self) -> &[u32] {
        self.parts.get(..self.len).unwrap_or(&[])
    }

    /// Known to be older than `minimum`: compares the parts both have, so `1.7` is not known to be older than
    /// `1.7.13` (its patch level is not given).
    pub fn is_below(&self, minimum: &[u32]) -> bool {
        for (own, min) in self.parts().iter().zip(minimum) {
            if own != min {
                return own < min;
            }
        }
        false
    }
}

/// A container-runtime version to compare with [`CONTAINERD_MINIMUM`]: a bare version (`1.7.22`) or one written
/// as Kubernetes reports it (`containerd://1.7.22`). Another runtime (`docker://`, `cri-o://`) gives `None`.
pub fn containerd_version(text: &str) -> Option<Version> {
    let text = text.trim();
    let bare = match text.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("containerd") => rest,
        Some(_) => return None,
        None => text.strip_prefix("containerd").map_or(text, str::trim_start),
    };
    Version::parse(bare)
}

/// Days since 1970-01-01 (proleptic Gregorian calendar).
pub fn day_number(date: Date) -> i64 {
    // Howard Hinnant's days_from_civil.
    let month = i64::from(date.month);
    let year = i64::from(date.year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(date.day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn versions_parse_numerically() {
        assert_eq!(Version::parse("1.7.22").unwrap().parts(), &[1, 7, 22]);
        assert_eq!(Version::parse("1.30").unwrap().parts(), &[1, 30]);
        assert_eq!(Version::parse("v1.30.4-eks-a737599").unwrap().parts(), &[1, 30, 4]);
        assert_eq!(Version::parse("1.7.22-1.amzn2").unwrap().parts(), &[1, 7, 22]);
        assert!(Version::parse("latest").is_none());
        assert!(Version::parse("1.7.9").unwrap().is_below(&CONTAINERD_MINIMUM), "9 < 13 numerically");
        assert!(!Version::parse("1.7.100").unwrap().is_below(&CONTAINERD_MINIMUM));
        assert!(!Version::parse("2.0.0").unwrap().is_below(&CONTAINERD_MINIMUM));
        assert!(Version::parse("1.6.99").unwrap().is_below(&CONTAINERD_MINIMUM));
        assert!(!Version::parse("1.7").unwrap().is_below(&CONTAINERD_MINIMUM), "patch level unknown");
    }

    #[test]
    fn containerd_versions_accept_the_kubernetes_spelling_only_for_containerd() {
        assert_eq!(containerd_version("containerd://1.6.8").unwrap().parts(), &[1, 6, 8]);
        assert_eq!(containerd_version("containerd 1.7.2").unwrap().parts(), &[1, 7, 2]);
        assert!(containerd_version("docker://20.10.7").is_none());
    }

    #[test]
    fn kubernetes_support_follows_the_calendar() {
        let v = |text| Version::parse(text).unwrap();
        let as_of = date("2025-01-15");
        assert_eq!(kubernetes_support(v("1.31"), as_of), KubernetesSupport::Standard);
        assert!(matches!(kubernetes_support(v("1.28"), as_of), KubernetesSupport::Extended(r) if r.version == [1, 28]));
        assert!(matches!(kubernetes_support(v("1.23.17"), as_of), KubernetesSupport::Ended(Some(_))));
        assert_eq!(kubernetes_support(v("1.21"), as_of), KubernetesSupport::Ended(None));
        assert_eq!(kubernetes_support(v("1.99"), as_of), KubernetesSupport::Standard);
        assert_eq!(kubernetes_support(v("1"), as_of), KubernetesSupport::Unknown);
        assert_eq!(kubernetes_support(v("1.29"), date("2025-03-22")), KubernetesSupport::Standard);
        assert!(matches!(kubernetes_support(v("1.29"), date("2025-03-23")), KubernetesSupport::Extended(_)));
    }

    #[test]
    fn tables_are_ordered_and_dated_before_use() {
        for pair in EKS_RELEASES.windows(2) {
            assert!(pair[0].version < pair[1].version);
            assert!(pair[0].end_of_standard_support < pair[1].end_of_standard_support);
        }
        let mut ids: Vec<&str> = LAMBDA_RUNTIMES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), LAMBDA_RUNTIMES.len(), "runtime ids are unique");
        assert_eq!(lambda_runtime(" Python3.8 ").unwrap().deprecated, date("2024-10-14"));
        assert!(lambda_runtime("python3.7").unwrap().is_deprecated(TABLE_AS_OF));
        assert!(!lambda_runtime("python3.12").unwrap().is_deprecated(TABLE_AS_OF));
        assert_eq!(as_of(None), TABLE_AS_OF);
        assert_eq!(as_of(Some(date("2030-01-01"))), date("2030-01-01"));
    }

    #[test]
    fn database_support_follows_the_table() {
        let v = |text| Version::parse(text).unwrap();
        let as_of = date("2025-01-15");
        use DatabaseEngine as E;
        assert!(
            matches!(database_support(E::AuroraPostgresql, v("11.9"), as_of), DatabaseSupport::Ended(r) if r.major == [11])
        );
        assert_eq!(
            database_support(E::AuroraPostgresql, v("12.4"), as_of),
            DatabaseSupport::Unknown,
            "until 2025-02-28"
        );
        assert!(matches!(
            database_support(E::AuroraPostgresql, v("12.4"), date("2025-02-28")),
            DatabaseSupport::Ended(_)
        ));
        assert!(
            matches!(database_support(E::AuroraPostgresql, v("10.21"), as_of), DatabaseSupport::OlderThan(r) if r.major == [11])
        );
        assert!(matches!(
            database_support(E::AuroraMysql, v("5.7.mysql_aurora.2.11.2"), as_of),
            DatabaseSupport::Ended(_)
        ));
        assert!(matches!(database_support(E::AuroraMysql, v("5.6.10a"), as_of), DatabaseSupport::OlderThan(_)));
        assert_eq!(database_support(E::AuroraMysql, v("8.0.mysql_aurora.3.05.2"), as_of), DatabaseSupport::Unknown);
        assert_eq!(database_support(E::Mysql, v("5.7.44"), as_of), DatabaseSupport::Unknown, "not sourced");
        assert_eq!(database_support(E::Postgres, v("16.4"), as_of), DatabaseSupport::Unknown);
        assert_eq!(
            database_support(E::Postgres, v("10.5"), date("2024-01-01")),
            DatabaseSupport::Unknown,
            "before 11 ended"
        );
        for pair in DATABASE_RELEASES.windows(2).filter(|p| p[0].engine == p[1].engine) {
            assert!(
                pair[0].major < pair[1].major && pair[0].end_of_standard_support <= pair[1].end_of_standard_support
            );
        }
    }

    #[test]
    fn day_numbers_count_days() {
        assert_eq!(day_number(date("1970-01-01")), 0);
        assert_eq!(day_number(date("2000-03-01")) - day_number(date("2000-02-28")), 2, "2000 is a leap year");
        assert_eq!(day_number(date("2025-01-01")) - day_number(date("2024-01-01")), 366);
        let runtime = lambda_runtime("python3.9").unwrap();
        assert_eq!(runtime.days_until_deprecation(date("2025-12-05")), 10);
        assert_eq!(runtime.days_until_deprecation(date("2025-12-16")), -1);
    }
}
