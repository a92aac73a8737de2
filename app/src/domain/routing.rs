//! Which industry department first-reviews a case (Art. 5(2)–(3); SYSTEM.md: "routing table
//! (category × employer industry → industry dept)"). The admin edits the rules; this is the one
//! place that decides which rule applies.
use serde::{Deserialize, Serialize};

use super::Problem;

/// The employer's industry, from the sections of the national classification (GB/T 4754-2017)
/// that matter for routing here; anything else is "other".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Industry {
    Manufacturing,
    Software,
    Research,
    Education,
    Health,
    Commerce,
    Logistics,
    Finance,
    Construction,
    Culture,
    Other,
}

impl Industry {
    pub const ALL: [Industry; 11] = [
        Industry::Manufacturing,
        Industry::Software,
        Industry::Research,
        Industry::Education,
        Industry::Health,
        Industry::Commerce,
        Industry::Logistics,
        Industry::Finance,
        Industry::Construction,
        Industry::Culture,
        Industry::Other,
    ];

    /// The code kept in `applications.employer_industry` and `routing_rules.industry`.
    pub fn as_str(self) -> &'static str {
        match self {
            Industry::Manufacturing => "manufacturing",
            Industry::Software => "software",
            Industry::Research => "research",
            Industry::Education => "education",
            Industry::Health => "health",
            Industry::Commerce => "commerce",
            Industry::Logistics => "logistics",
            Industry::Finance => "finance",
            Industry::Construction => "construction",
            Industry::Culture => "culture",
            Industry::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Industry> {
        Industry::ALL.into_iter().find(|i| i.as_str() == s)
    }
}

/// The employer section's industry question.
pub fn parse_industry(raw: &str) -> Result<Industry, Problem> {
    match raw.trim() {
        "" => Err(Problem::Required),
        s => Industry::parse(s).ok_or(Problem::UnknownChoice),
    }
}

/// In the database, a rule for every industry of a category is kept as `industry = 'any'`.
pub const ANY_INDUSTRY: &str = "any";

/// One row of the routing table: cases of `talent_category` whose employer is in `industry`
/// (every industry when `None`) go to `department`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingRule {
    pub talent_category: i16,
    pub industry: Option<Industry>,
    pub department: String,
}

impl RoutingRule {
    /// From the stored row; `None` for an industry code this build does not know.
    pub fn from_db(talent_category: i16, industry: &str, department: String) -> Option<RoutingRule> {
        let industry = match industry {
            ANY_INDUSTRY => None,
            code => Some(Industry::parse(code)?),
        };
        Some(RoutingRule { talent_category, industry, department })
    }

    pub fn industry_code(&self) -> &'static str {
        self.industry.map_or(ANY_INDUSTRY, Industry::as_str)
    }
}

/// The department that first-reviews a case of `category` from an employer in `industry`: a rule
/// for that very industry wins over the category's rule for every industry. Cases filed before
/// the industry question existed (`None`) follow the category's rule.
pub fn route(rules: &[RoutingRule], category: i16, industry: Option<Industry>) -> Option<&str> {
    let for_category = || rules.iter().filter(move |r| r.talent_category == category);
    industry
        .and_then(|i| for_category().find(|r| r.industry == Some(i)))
        .or_else(|| for_category().find(|r| r.industry.is_none()))
        .map(|r| r.department.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(talent_category: i16, industry: Option<Industry>, department: &str) -> RoutingRule {
        RoutingRule { talent_category, industry, department: department.into() }
    }

    #[test]
    fn an_industry_rule_wins_over_the_category_rule() {
        use Industry::*;
        let rules = [
            rule(3, None, "rck"),
            rule(3, Some(Education), "jyj"),
            rule(3, Some(Health), "wjj"),
            rule(1, None, "kgxj"),
            rule(6, None, "swj"),
        ];
        let table: [(i16, Option<Industry>, Option<&str>); 8] = [
            (3, Some(Education), Some("jyj")),
            (3, Some(Health), Some("wjj")),
            (3, Some(Manufacturing), Some("rck")),
            (3, None, Some("rck")),
            // a rule for another category's industry does not leak
            (1, Some(Education), Some("kgxj")),
            (6, Some(Health), Some("swj")),
            // no rule at all for the category
            (9, Some(Education), None),
            (9, None, None),
        ];
        for (category, industry, expected) in table {
            assert_eq!(route(&rules, category, industry), expected, "category {category}, {industry:?}");
        }
    }

    #[test]
    fn industry_codes_round_trip_and_unknown_ones_are_refused() {
        for i in Industry::ALL {
            assert_eq!(Industry::parse(i.as_str()), Some(i));
            assert_eq!(parse_industry(&format!(" {} ", i.as_str())), Ok(i));
        }
        assert_eq!(parse_industry(""), Err(Problem::Required));
        assert_eq!(parse_industry("any"), Err(Problem::UnknownChoice));
        assert_eq!(parse_industry("<script>"), Err(Problem::UnknownChoice));
        assert_eq!(RoutingRule::from_db(2, "any", "kgxj".into()).map(|r| r.industry), Some(None));
        assert_eq!(RoutingRule::from_db(2, "mining", "kgxj".into()), None);
        assert_eq!(rule(2, Some(Industry::Health), "wjj").industry_code(), "health");
        assert_eq!(rule(2, None, "kgxj").industry_code(), "any");
    }
}
