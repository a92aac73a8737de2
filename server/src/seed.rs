//! Demo accounts for every role (local mode only: `features.seed_demo_accounts`).
//! The list is in the README; every password is `DEMO_PASSWORD`.
use sqlx::PgPool;

use app::auth::session::hash_password_blocking;
use app::domain::CreditCode;

pub const DEMO_PASSWORD: &str = "Demo@2026";

/// The demo employer agent's unit (a well-formed credit code, check character computed).
pub fn demo_unit_code() -> String {
    let body = "91440111MA59DE7W0";
    format!("{body}{}", CreditCode::check_char(body).expect("valid body"))
}

/// (username, role, display name, department, provider organisation)
type DemoAccount = (&'static str, &'static str, &'static str, Option<&'static str>, Option<&'static str>);
const ACCOUNTS: &[DemoAccount] = &[
    ("applicant", "applicant", "张三明", None, None),
    ("agent", "employer_agent", "广州白云示范科技有限公司 经办人", None, None),
    ("handling", "handling_dept", "经办部门 预审员", None, None),
    ("industry_kgxj", "industry_dept", "区科工信局 初审员", Some("kgxj"), None),
    ("industry_jyj", "industry_dept", "区教育局 初审员", Some("jyj"), None),
    ("industry_wjj", "industry_dept", "区卫健局 初审员", Some("wjj"), None),
    ("industry_swj", "industry_dept", "区商务局 初审员", Some("swj"), None),
    ("industry_rck", "industry_dept", "区人社局人才科 初审员", Some("rck"), None),
    ("hrss", "hrss", "区人社局 复审员", None, None),
    ("talent_office", "talent_office", "区人才办", None, None),
    ("bank", "bank", "合作银行 制卡专员", None, None),
    ("hospital", "provider", "区人民医院 服务台", None, Some("白云区人民医院")),
    ("airport", "provider", "白云机场 贵宾服务台", None, Some("广州白云国际机场贵宾服务")),
    ("school", "provider", "区教育局 学位服务", None, Some("白云区教育局学位服务窗口")),
    ("admin", "admin", "系统管理员", None, None),
];

/// (name zh, name en, service types of Art. 4)
const PROVIDERS: &[(&str, &str, &[&str])] = &[
    ("白云区人民医院", "Baiyun District People's Hospital", &["medical"]),
    ("广州白云国际机场贵宾服务", "Baiyun International Airport VIP service", &["airport"]),
    ("白云区教育局学位服务窗口", "Baiyun Education Bureau school-place desk", &["school_place"]),
];

/// Art. 7: the 2019 notice ended on 2024-06-04 and no successor is recorded by the migrations (a
/// real one is added by the admin on /admin/policy with its own document number). A demo site
/// needs a version in force, so local mode adds one, named as what it is: the 2019 rules carried
/// on for the demonstration, with no end (a demo and its tests keep working whatever the date).
/// Not added when any later version exists.
async fn demo_policy_version(db: &mut sqlx::PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO policy_versions (document_number, title, starts_on, ends_on, categories, min_months_in_district,
                                      health_check_quota, airport_vip_quota, management_months, assessment_interval_months)
         SELECT '演示用（DEMO）', '演示：沿用 2019 年细则的数值（仅本地演示环境，不设期限）', '2024-06-05', '2099-12-31',
                categories, min_months_in_district, health_check_quota, airport_vip_quota, management_months, assessment_interval_months
           FROM policy_versions
          WHERE document_number = '云人才领字〔2019〕1号'
            AND NOT EXISTS (SELECT 1 FROM policy_versions WHERE ends_on > '2024-06-04')",
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Idempotent, and one instance at a time (an advisory lock): several instances starting at once on
/// one database seed it once.
pub async fn demo_accounts(pool: &PgPool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('yunju demo accounts'))").execute(&mut *tx).await?;
    let db = &mut *tx;
    demo_policy_version(&mut *db).await?;
    for (zh, en, types) in PROVIDERS {
        sqlx::query(
            "INSERT INTO provider_orgs (name_zh, name_en, service_types)
             SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM provider_orgs WHERE name_zh = $1)",
        )
        .bind(zh)
        .bind(en)
        .bind(types.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        .execute(&mut *db)
        .await?;
    }
    let mut created = 0;
    for (username, role, name, dept, org) in ACCOUNTS {
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE username = $1)").bind(username).fetch_one(&mut *db).await?;
        if exists {
            continue;
        }
        let hash = hash_password_blocking(DEMO_PASSWORD.into()).await.map_err(|_| sqlx::Error::WorkerCrashed)?;
        sqlx::query(
            "INSERT INTO users (username, password_hash, role, display_name, unit_credit_code, department_code, provider_org_id)
             VALUES ($1, $2, $3::user_role, $4, $5, $6, (SELECT id FROM provider_orgs WHERE name_zh = $7))
             ON CONFLICT (username) DO NOTHING",
        )
        .bind(username)
        .bind(hash)
        .bind(role)
        .bind(name)
        .bind((*role == "employer_agent").then(demo_unit_code))
        .bind(dept)
        .bind(org)
        .execute(&mut *db)
        .await?;
        created += 1;
    }
    tx.commit().await?;
    tracing::info!(created, "demo accounts ready");
    Ok(())
}
