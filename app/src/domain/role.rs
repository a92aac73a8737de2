//! The people of SYSTEM.md ("People and what each may touch").
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// 申领人 / 持卡人
    Applicant,
    /// 申领单位经办人 — bound to one unit (its credit code).
    EmployerAgent,
    /// 经办部门 — pre-review, Art. 5(2).
    HandlingDept,
    /// 行业主管部门 — first review of cases routed to it, Art. 5(3).
    IndustryDept,
    /// 区人社局 — re-review, Art. 5(4); sends approved cases to the bank, Art. 5(6).
    Hrss,
    /// 区人才办 — decision batches and issuing, Art. 5(5), 5(7).
    TalentOffice,
    /// 合作商业银行 — makes the co-branded card, Art. 5(6).
    Bank,
    /// 医院、学校、机场 … — verifies cards for its own service types.
    Provider,
    /// 系统管理员
    Admin,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Applicant,
        Role::EmployerAgent,
        Role::HandlingDept,
        Role::IndustryDept,
        Role::Hrss,
        Role::TalentOffice,
        Role::Bank,
        Role::Provider,
        Role::Admin,
    ];

    /// The name of the Postgres enum value `user_role`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::EmployerAgent => "employer_agent",
            Role::HandlingDept => "handling_dept",
            Role::IndustryDept => "industry_dept",
            Role::Hrss => "hrss",
            Role::TalentOffice => "talent_office",
            Role::Bank => "bank",
            Role::Provider => "provider",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Those who file applications: the talent, or the agent of the talent's unit (Art. 5(1)).
    pub fn is_filer(self) -> bool {
        matches!(self, Role::Applicant | Role::EmployerAgent)
    }

    /// Staff accounts are made by the admin; applicants register themselves.
    pub fn is_staff(self) -> bool {
        self != Role::Applicant
    }

    /// The page a user lands on after login.
    pub fn home_path(self) -> &'static str {
        match self {
            Role::Applicant | Role::EmployerAgent => "/applications",
            Role::HandlingDept | Role::IndustryDept | Role::Hrss | Role::TalentOffice => "/review",
            Role::Bank => "/bank",
            Role::Provider => "/verify",
            Role::Admin => "/admin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
