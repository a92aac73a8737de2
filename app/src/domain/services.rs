//! The services a provider records after a valid check (RULES.md Art. 4), their yearly quotas and
//! who they reach. Pure.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::sections::Relation;
use super::ServiceType;

/// One thing a provider can record. Two of Art. 4's services carry a quota per calendar year:
/// the health check (4(4), once) and the airport VIP pick-up or drop-off (4(7), twice); every
/// other service is unlimited but logged, recorded under its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Service {
    HealthCheck,
    AirportVip,
    Of(ServiceType),
}

/// How far back a provider may date a service it records.
pub const MAX_BACKDATE_DAYS: i64 = 30;

/// A card's yearly quotas, from its version of the rules (`policy::Rules`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quotas {
    pub health_check: i32,
    pub airport_vip: i32,
}

impl From<&super::policy::Rules> for Quotas {
    fn from(r: &super::policy::Rules) -> Quotas {
        Quotas { health_check: r.health_check_quota, airport_vip: r.airport_vip_quota }
    }
}
/// How long the recording organisation may cancel a mistaken entry.
pub const CANCEL_HOURS: i64 = 24;
pub const MAX_NOTE_CHARS: usize = 500;

impl Service {
    /// What a provider of `ty` records: its quota'd service, or the type itself.
    pub fn of_type(ty: ServiceType) -> Vec<Service> {
        match ty {
            ServiceType::Medical => vec![Service::HealthCheck, Service::Of(ServiceType::Medical)],
            ServiceType::Airport => vec![Service::AirportVip],
            ty => vec![Service::Of(ty)],
        }
    }

    pub fn service_type(self) -> ServiceType {
        match self {
            Service::HealthCheck => ServiceType::Medical,
            Service::AirportVip => ServiceType::Airport,
            Service::Of(ty) => ty,
        }
    }

    /// Uses per calendar year (China time), when limited: the quotas of the version of the rules
    /// the card was issued under (Art. 4(4), 4(7): 1 and 2 under the 2019 notice).
    pub fn yearly_quota(self, quotas: Quotas) -> Option<i32> {
        match self {
            Service::HealthCheck => Some(quotas.health_check),
            Service::AirportVip => Some(quotas.airport_vip),
            Service::Of(_) => None,
        }
    }

    pub fn has_quota(self) -> bool {
        !matches!(self, Service::Of(_))
    }

    /// Whether it may be delivered to a dependant of `relation` (Art. 4(1): hukou for spouse and
    /// children; 4(2): school places for children).
    pub fn reaches(self, relation: Relation) -> bool {
        matches!((self, relation), (Service::Of(ServiceType::Hukou), _) | (Service::Of(ServiceType::SchoolPlace), Relation::Child))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Service::HealthCheck => "health_check",
            Service::AirportVip => "airport_vip",
            Service::Of(ty) => ty.as_str(),
        }
    }

    pub fn parse(s: &str) -> Option<Service> {
        match s {
            "health_check" => Some(Service::HealthCheck),
            "airport_vip" => Some(Service::AirportVip),
            // The airport's one service is the quota'd one: never unlimited under its type.
            "airport" => None,
            s => ServiceType::parse(s).map(Service::Of),
        }
    }
}

/// Why a recording or a cancellation is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerProblem {
    /// Not a service of this provider's types.
    NotYourType,
    /// This service does not reach that dependant (or there is no such dependant).
    NotForThisPerson,
    /// In the future, more than `MAX_BACKDATE_DAYS` ago, in another year than today (a quota
    /// year cannot be reopened), or before the card was issued.
    DateOutOfRange,
    /// The year's quota is used up.
    QuotaUsed,
    /// A cancellation by another organisation, or after `CANCEL_HOURS`, or of a cancelled entry.
    MayNotCancel,
}

impl LedgerProblem {
    pub fn as_problem(self) -> super::Problem {
        use super::Problem as P;
        match self {
            LedgerProblem::NotYourType => P::ServiceNotYourType,
            LedgerProblem::NotForThisPerson => P::ServiceNotForThisPerson,
            LedgerProblem::DateOutOfRange => P::ServiceDateOutOfRange,
            LedgerProblem::QuotaUsed => P::QuotaUsed,
            LedgerProblem::MayNotCancel => P::MayNotCancel,
        }
    }
}

/// May a provider of `own_types` record `service` for `who` (None: the holder; Some: a dependant's
/// relation) on `served_on`, for a card issued on `issued_on`, today being `today`? The quota is
/// the database's to keep; its year is today's, so a service is dated within this year.
pub fn may_record(
    service: Service,
    own_types: &[ServiceType],
    who: Option<Relation>,
    served_on: NaiveDate,
    issued_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), LedgerProblem> {
    if !own_types.contains(&service.service_type()) {
        return Err(LedgerProblem::NotYourType);
    }
    if let Some(relation) = who {
        if !service.reaches(relation) {
            return Err(LedgerProblem::NotForThisPerson);
        }
    }
    if served_on > today || (today - served_on).num_days() > MAX_BACKDATE_DAYS || served_on.year() != today.year() || served_on < issued_on {
        return Err(LedgerProblem::DateOutOfRange);
    }
    Ok(())
}

/// The quota year of a service delivered on `served_on`.
pub fn quota_year(served_on: NaiveDate) -> i32 {
    served_on.year()
}

/// May `org` cancel an entry `org_of_entry` recorded `hours_ago` hours ago (`cancelled`: already)?
pub fn may_cancel(org: i64, org_of_entry: i64, seconds_ago: i64, cancelled: bool) -> Result<(), LedgerProblem> {
    if org != org_of_entry || cancelled || seconds_ago > CANCEL_HOURS * 3600 || seconds_ago < 0 {
        return Err(LedgerProblem::MayNotCancel);
    }
    Ok(())
}

/// A dependant as a provider may see them (issue 12): given name masked, relation, birth year.
pub fn mask_given_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ServiceType as T;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn names_round_trip_and_the_airport_is_always_counted() {
        for ty in ServiceType::ALL {
            for s in Service::of_type(ty) {
                assert_eq!(Service::parse(s.as_str()), Some(s));
                assert_eq!(s.service_type(), ty);
            }
        }
        assert_eq!(Service::parse("airport"), None);
        assert_eq!(Service::parse("massage"), None);
        let q = Quotas::from(&crate::domain::Rules::notice_2019());
        assert_eq!(Service::HealthCheck.yearly_quota(q), Some(1));
        assert_eq!(Service::AirportVip.yearly_quota(q), Some(2));
        assert_eq!(Service::Of(T::Medical).yearly_quota(q), None);
        assert!(!Service::Of(T::Medical).has_quota());
        // Art. 7: a successor version may change them; a card keeps its own version's.
        assert_eq!(Service::AirportVip.yearly_quota(Quotas { health_check: 1, airport_vip: 4 }), Some(4));
    }

    /// (service, provider's types, for whom, date) → verdict, today being 2026-12-02.
    #[test]
    fn who_may_record_what() {
        let today = d(2026, 12, 2);
        let hospital = [T::Medical];
        let school = [T::SchoolPlace];
        let police = [T::Hukou];
        use LedgerProblem as P;
        use Relation::{Child, Spouse};
        let cases: [(Service, &[ServiceType], Option<Relation>, NaiveDate, Result<(), P>); 12] = [
            (Service::HealthCheck, &hospital, None, today, Ok(())),
            (Service::HealthCheck, &hospital, Some(Spouse), today, Err(P::NotForThisPerson)),
            (Service::AirportVip, &hospital, None, today, Err(P::NotYourType)),
            (Service::Of(T::SchoolPlace), &school, Some(Child), today, Ok(())),
            (Service::Of(T::SchoolPlace), &school, Some(Spouse), today, Err(P::NotForThisPerson)),
            (Service::Of(T::Hukou), &police, Some(Spouse), today, Ok(())),
            (Service::Of(T::Hukou), &police, Some(Child), today, Ok(())),
            (Service::Of(T::Hukou), &school, None, today, Err(P::NotYourType)),
            (Service::HealthCheck, &hospital, None, d(2026, 12, 3), Err(P::DateOutOfRange)),
            (Service::HealthCheck, &hospital, None, d(2026, 11, 2), Ok(())),
            (Service::HealthCheck, &hospital, None, d(2026, 11, 1), Err(P::DateOutOfRange)),
            (Service::Of(T::Medical), &[T::Medical, T::Airport], None, today, Ok(())),
        ];
        let issued = d(2026, 6, 1);
        for (service, own, who, on, expected) in cases {
            assert_eq!(may_record(service, own, who, on, issued, today), expected, "{service:?} by {own:?} for {who:?} on {on}");
        }
        // Not back into last year's quota (10 January: 15 December is within 30 days, but closed);
        // not before the card was issued.
        let january = d(2027, 1, 10);
        assert_eq!(may_record(Service::AirportVip, &[T::Airport], None, d(2026, 12, 15), issued, january), Err(P::DateOutOfRange));
        assert_eq!(may_record(Service::AirportVip, &[T::Airport], None, d(2027, 1, 2), issued, january), Ok(()));
        assert_eq!(may_record(Service::AirportVip, &[T::Airport], None, d(2026, 11, 20), d(2026, 11, 25), today), Err(P::DateOutOfRange));
    }

    #[test]
    fn quota_years_are_calendar_years() {
        assert_eq!(quota_year(d(2026, 12, 31)), 2026);
        assert_eq!(quota_year(d(2027, 1, 1)), 2027);
    }

    /// Only the recording organisation, within 24 hours, once.
    #[test]
    fn who_may_cancel() {
        use LedgerProblem::MayNotCancel as No;
        let cases = [
            (1, 1, 0, false, Ok(())),
            (1, 1, 24 * 3600, false, Ok(())),
            (1, 1, 24 * 3600 + 1, false, Err(No)),
            (2, 1, 60, false, Err(No)),
            (1, 1, 60, true, Err(No)),
        ];
        for (org, of_entry, ago, cancelled, expected) in cases {
            assert_eq!(may_cancel(org, of_entry, ago, cancelled), expected, "{org} {of_entry} {ago} {cancelled}");
        }
    }

    #[test]
    fn dependants_given_names_are_masked() {
        assert_eq!(mask_given_name("张小明"), "张**");
        assert_eq!(mask_given_name("李四"), "李*");
        assert_eq!(mask_given_name(" Ann "), "A**");
        assert_eq!(mask_given_name(""), "");
    }
}
