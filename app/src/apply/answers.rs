//! The answers of an application as (label, value) rows in the reader's language: the check
//! answers page, the reviewer's case page, and what changed since a return all read them here.
use crate::domain::{Answers, EmployerType, IdType, Industry, Section};
use crate::i18n::{Lang, Msg};

/// Every answer of an application by section, as label/value rows (also used by reviewers).
pub fn answer_rows(a: &Answers, section: Section, lang: Lang) -> Vec<(&'static str, String)> {
    let t = |m| lang.t(m);
    let choice = |v: &str, options: &[(&str, Msg)]| options.iter().find(|(k, _)| *k == v).map(|(_, m)| t(*m).to_string()).unwrap_or_else(|| v.to_string());
    match section {
        Section::Personal => {
            let p = &a.personal;
            vec![
                (t(Msg::FullName), p.full_name.clone()),
                (t(Msg::Gender), choice(&p.gender, &[("male", Msg::Male), ("female", Msg::Female)])),
                (t(Msg::BirthDate), p.birth_date.clone()),
                (t(Msg::Nationality), p.nationality.clone()),
                (t(Msg::IdType), IdType::parse(&p.id_type).map(|i| lang.id_type(i).to_string()).unwrap_or_default()),
                (t(Msg::DocNumber), p.id_number.clone()),
                (t(Msg::Phone), p.phone.clone()),
                (t(Msg::Email), p.email.clone()),
            ]
        }
        Section::Employer => {
            let e = &a.employer;
            let yn = [("yes", Msg::Yes), ("no", Msg::No)];
            vec![
                (t(Msg::EmployerName), e.employer_name.clone()),
                (t(Msg::CreditCode), e.credit_code.clone()),
                (t(Msg::EmployerType), EmployerType::parse(&e.employer_type).map(|x| lang.employer_type(x).to_string()).unwrap_or_default()),
                (t(Msg::EmployerIndustry), Industry::parse(&e.industry).map(|x| lang.industry(x).to_string()).unwrap_or_default()),
                (t(Msg::RegisteredOn), e.registered_on.clone()),
                (t(Msg::RegisteredInDistrict), choice(&e.registered_in_district, &yn)),
                (t(Msg::PaysTaxInDistrict), choice(&e.pays_tax_in_district, &yn)),
            ]
        }
        Section::Category => {
            let c = &a.category;
            let mut rows = vec![
                (t(Msg::Category), c.talent_category.parse::<i16>().map(|n| lang.category(n).to_string()).unwrap_or_default()),
                (t(Msg::Honour), c.honour.clone()),
            ];
            if c.talent_category.trim() == "8" {
                rows.push((t(Msg::PostdocStatus), choice(&c.postdoc_status, &[("in_station", Msg::InStation), ("left_station", Msg::LeftStation)])));
                rows.push((t(Msg::ContractYears), c.contract_years.clone()));
            }
            rows
        }
        Section::Residence => vec![(t(Msg::Months), a.residence.months_in_district.clone())],
        Section::Family => {
            if a.family.dependents.is_empty() {
                vec![(t(Msg::SecFamily), t(Msg::NoFamilyMembers).to_string())]
            } else {
                a.family
                    .dependents
                    .iter()
                    .map(|d| {
                        let rel = choice(&d.relation, &[("spouse", Msg::Spouse), ("child", Msg::Child)]);
                        (t(Msg::Relation), format!("{rel}: {} · {} · {}", d.full_name, d.birth_date, d.id_number))
                    })
                    .collect()
            }
        }
        Section::Declaration => vec![(t(Msg::SecDeclaration), if a.declaration.agreed { t(Msg::DeclarationAgree).to_string() } else { String::new() })],
    }
}
