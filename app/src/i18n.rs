//! The translation layer: every visible string is a `Msg`, with Simplified Chinese first and
//! English second. The language comes from the `lang` cookie (set by `/lang/{code}`), defaults to
//! Chinese, and is rendered into `<html lang>` so the browser build reads the same one.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::{Command, EmployerType, Problem, Role, ServiceType, Status};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

pub const LANG_COOKIE: &str = "lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "zh" | "zh-CN" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// For `<html lang>`.
    pub fn html_code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    pub fn t(self, m: Msg) -> &'static str {
        match self {
            Lang::Zh => m.zh(),
            Lang::En => m.en(),
        }
    }
}

/// The language of this request (server) or of the rendered page (browser).
pub fn detect_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        crate::context::request_cookie(LANG_COOKIE).and_then(|c| Lang::parse(&c)).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|c| Lang::parse(&c))
            .unwrap_or_default()
    }
}

pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// `let t = use_t(); t(Msg::Submit)`.
pub fn use_t() -> impl Fn(Msg) -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move |m| lang.t(m)
}

/// `GET /lang/{code}?back=/path`: remember the language in this browser for a year, go back.
#[cfg(feature = "ssr")]
pub async fn switch_language(
    axum::extract::Path(code): axum::extract::Path<String>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    let lang = Lang::parse(&code).unwrap_or_default();
    // Only paths of this site, never another origin.
    let back = q.get("back").filter(|b| b.starts_with('/') && !b.starts_with("//")).map_or("/", String::as_str);
    axum::response::Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, back)
        .header(header::SET_COOKIE, format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code()))
        .body(axum::body::Body::empty())
        .expect("valid response")
}

macro_rules! messages {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Msg { $($key),* }
        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];
            pub fn zh(self) -> &'static str { match self { $(Msg::$key => $zh),* } }
            pub fn en(self) -> &'static str { match self { $(Msg::$key => $en),* } }
        }
    };
}

messages! {
    SiteName => "云聚英才卡", "Yunju Talent Card";
    SiteTagline => "白云区高层次人才服务卡 · 网上申领", "Baiyun District high-level talent service card · apply online";
    OtherLanguage => "English", "中文";
    Loading => "正在加载…", "Loading…";
    Home => "首页", "Home";
    SignIn => "登录", "Sign in";
    SignOut => "退出", "Sign out";
    Register => "注册", "Create an account";
    Username => "用户名", "Username";
    UsernameHint => "3–40 位小写字母、数字或 . _ -", "3–40 lower-case letters, digits or . _ -";
    Password => "密码", "Password";
    PasswordHint => "至少 8 个字符", "At least 8 characters";
    DisplayName => "姓名（显示用）", "Your name (as shown)";
    NoAccount => "还没有账号？", "No account yet?";
    HaveAccount => "已有账号？", "Already have an account?";
    HomeIntro => "云聚英才卡是享受白云区高层次人才服务的统一标识。全程网上申领，无需提交纸质材料。",
                 "The Yunju Talent Card is the single token for Baiyun District's high-level talent services. You apply entirely online; no paper is needed.";
    HomeHowTitle => "办理流程", "How it works";
    HomeHow => "网上申请 → 预审 → 初审 → 复审 → 审定 → 银行制卡 → 发卡",
               "Apply online → pre-review → first review → re-review → decision → the bank makes the card → issued";
    GoToWork => "进入我的工作台", "Go to my workspace";
    SignedInAs => "当前用户", "Signed in as";
    MyApplications => "我的申请", "My applications";
    NewApplication => "新建申请", "Start a new application";
    NoApplications => "还没有申请。", "You have no applications yet.";
    ReviewQueue => "待办案件", "Cases to review";
    QueueEmpty => "目前没有待办案件。", "No cases are waiting.";
    CardOrders => "制卡订单", "Card orders";
    NoCardOrders => "目前没有待制卡订单。", "No card orders are waiting.";
    VerifyCard => "核验人才卡", "Verify a card";
    Reference => "受理编号", "Reference";
    Name => "姓名", "Name";
    Status => "状态", "Status";
    UpdatedAt => "更新时间", "Last change";
    Category => "人才类别", "Talent category";
    CaseByCase => "一事一议", "Case by case";
    Open => "查看", "Open";
    FullName => "姓名（与证件一致）", "Full name (as on your ID)";
    ResidentId => "居民身份证号码", "Resident ID number";
    ResidentIdHint => "18 位，最后一位可能是 X", "18 characters; the last may be X";
    EmployerName => "工作单位名称", "Employer name";
    CreditCode => "统一社会信用代码", "Unified social credit code";
    CreditCodeHint => "18 位，见营业执照", "18 characters, on the business licence";
    EmployerType => "单位类型", "Type of employer";
    Months => "每年在本区工作月数", "Months a year you work in the district";
    MonthsHint => "至少 6 个月（细则第三条）", "At least 6 months (Art. 3)";
    ChooseOne => "请选择", "Choose one";
    SaveAndContinue => "保存并继续", "Save and continue";
    FormHasErrors => "请更正以下问题：", "Please correct the following:";
    Application => "申请", "Application";
    Answers => "申请信息", "Your answers";
    Timeline => "办理进度", "Progress";
    NoEvents => "尚无办理记录。", "Nothing has happened yet.";
    Edit => "修改", "Change";
    Opinion => "意见", "Opinion";
    OpinionHint => "退回或不予通过时必须填写理由", "Required when you return or reject";
    Actions => "办理", "Decide";
    Card => "人才卡", "Card";
    CardNumber => "卡号", "Card number";
    IssuedOn => "发卡日期", "Issued on";
    ValidUntil => "有效期至", "Valid until";
    CreatedAt => "创建时间", "Created";
    Department => "初审部门", "First-review department";
    DepartmentOfAccount => "所属部门（仅行业主管部门）", "Department (industry departments only)";
    IdNumber => "持卡人证件号码", "Holder's ID number";
    Check => "核验", "Check";
    Valid => "有效", "Valid";
    NotValid => "无效", "Not valid";
    NotValidHelp => "卡号与证件号码不匹配，或该卡不在有效期内。请持卡人核对后重试。",
                    "The card number and ID number do not match a card in force. Ask the holder to check and try again.";
    ServicesHere => "可在本机构享受的服务", "Services available here";
    RecordCard => "登记卡号并发卡", "Record number and issue";
    RefuseCard => "无法制卡，退回人社局", "Cannot make the card: back to HRSS";
    Reason => "理由", "Reason";
    OrderedAt => "下单时间", "Ordered";
    Back => "返回", "Back";
    SkipToContent => "跳到正文", "Skip to content";
    ErrUnauthenticated => "请先登录。", "Please sign in first.";
    ErrForbidden => "您的账号无权进行此操作。", "Your account may not do this.";
    ErrNotFound => "找不到该记录，或您无权查看。", "Not found, or you may not see it.";
    ErrConflict => "该案件已被他人处理，请刷新后查看最新状态。", "Someone else has already handled this case. Reload to see where it is now.";
    ErrInvalid => "请更正标出的内容。", "Please correct the fields marked below.";
    ErrOpinionRequired => "退回或不予通过时必须填写理由。", "Give a reason when you return or reject.";
    ErrNotAllowedNow => "该案件当前状态下不能进行此操作。", "This cannot be done at the case's current stage.";
    ErrBadCredentials => "用户名或密码不正确。", "Wrong username or password.";
    ErrUsernameTaken => "该用户名已被使用，请换一个。", "That username is taken; choose another.";
    ErrRateLimited => "尝试次数过多，请稍后（最多 15 分钟）再试。", "Too many attempts; wait a while (at most 15 minutes) and try again.";
    ErrInternal => "系统出错，请稍后再试。您填写的内容没有丢失。", "Something went wrong on our side. Try again shortly; nothing you typed was lost.";
    ErrNetwork => "无法连接服务器，请检查网络后重试。", "Could not reach the server. Check your connection and try again.";
    PRequired => "此项必填。", "This is required.";
    PTooLong => "内容过长。", "This is too long.";
    PControl => "含有不可见的控制字符。", "Contains invisible control characters.";
    PIdFormat => "身份证号码应为 18 位：17 位数字加 1 位数字或 X。", "A resident ID has 18 characters: 17 digits and a digit or X.";
    PIdBirthDate => "身份证号码中的出生日期无效。", "The date of birth inside the ID number is not a real past date.";
    PIdCheck => "身份证号码校验位不正确，请核对每一位。", "The ID number's check digit does not match; check each digit.";
    PCreditFormat => "统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）。", "A credit code has 18 digits or capital letters (not I, O, S, V, Z).";
    PCreditCheck => "统一社会信用代码校验位不正确，请核对。", "The credit code's check character does not match; check it.";
    PEmployerType => "请选择列出的单位类型之一。", "Choose one of the listed employer types.";
    PMonthsNumber => "请填写 0 到 12 之间的整数。", "Enter a whole number from 0 to 12.";
    PMonthsFew => "每年在本区工作须满 6 个月（细则第三条）。", "You must work in the district at least 6 months a year (Art. 3).";
    PCategory => "请选择第 1 至第 9 类之一。", "Choose one of categories 1 to 9.";
    PCardFormat => "卡号应为 16 至 19 位数字。", "A card number has 16 to 19 digits.";
    PCardCheck => "卡号校验位不正确。", "The card number's check digit does not match.";
    PCardTaken => "该卡号已登记在另一张卡上。", "That card number is already on another card.";
    PUsername => "用户名须为 3–40 位小写字母、数字或 . _ -。", "Use 3–40 lower-case letters, digits or . _ -.";
    PPassword => "密码至少 8 个字符。", "The password needs at least 8 characters.";
    RoleApplicant => "申领人", "Applicant";
    RoleAgent => "申领单位经办人", "Employer agent";
    RoleHandling => "经办部门", "Handling department";
    RoleIndustry => "行业主管部门", "Industry department";
    RoleHrss => "区人社局", "HRSS";
    RoleTalentOffice => "区人才办", "Talent Office";
    RoleBank => "合作银行", "Partner bank";
    RoleProvider => "服务机构", "Service provider";
    RoleAdmin => "系统管理员", "Administrator";
    StDraft => "草稿", "Draft";
    StPreReview => "预审中", "Pre-review";
    StFirstReview => "初审中", "First review";
    StReReview => "复审中", "Re-review";
    StDecision => "待审定", "Awaiting decision";
    StCardProduction => "制卡中", "Card being made";
    StIssued => "已发卡", "Card issued";
    StReturned => "退回修改", "Returned for correction";
    StRejected => "不予通过", "Rejected";
    StWithdrawn => "已撤回", "Withdrawn";
    CmdSubmit => "提交申请", "Submit application";
    CmdPass => "审核通过", "Pass";
    CmdReturn => "退回修改", "Return for correction";
    CmdReject => "不予通过", "Reject";
    CmdApprove => "审定通过", "Approve";
    CmdResubmit => "重新提交", "Resubmit";
    CmdWithdraw => "撤回申请", "Withdraw application";
    CmdCardMade => "制卡完成", "Card made";
    CmdBankReject => "银行退回", "Returned by the bank";
    EtEnterprise => "在本区注册、依法纳税并运营 1 年以上的独立法人企业", "Enterprise registered and taxed in the district, operating over 1 year";
    EtInstitution => "区属教育、医疗或科研机构", "District education, medical or research institution";
    EtNewInvestment => "新招商引资企业（一事一议）", "Newly attracted investment enterprise (case by case)";
    Cat1 => "1. 两院院士", "1. Academician of CAS or CAE";
    Cat2 => "2. 国家重点人才工程入选者、享受国务院政府特殊津贴人员", "2. National key talent programme; State Council special allowance";
    Cat3 => "3. 省级人才工程入选者", "3. Provincial talent programme";
    Cat4 => "4. 市级人才工程入选者", "4. City-level talent programme";
    Cat5 => "5. 区产业领军人才", "5. District industry leading talent";
    Cat6 => "6. 世界 500 强企业主要负责人", "6. Head of a Fortune Global 500 company";
    Cat7 => "7. 重点企业主要负责人（纳税、营收或投资达标）", "7. Head of a key company (tax, revenue or investment thresholds)";
    Cat8 => "8. 博士后人员", "8. Postdoctoral researcher";
    Cat9 => "9. 经区人才工作领导小组认定的其他人才", "9. Other talent recognised by the Leading Group";
    SvHukou => "落户服务", "Hukou registration";
    SvSchool => "子女入学", "School places for children";
    SvGov => "一站式政务服务", "Government-service green channel";
    SvMedical => "医疗保健：指定医院优先挂号、缴费，每年一次免费体检", "Health care: priority registration and payment, one free health check a year";
    SvBusiness => "工商税务：2 个工作日内办结", "Business and tax: done within 2 working days";
    SvLegal => "免费法律顾问", "Free legal adviser";
    SvAirport => "白云机场贵宾通道：每年 2 次", "Baiyun Airport VIP service: twice a year";
    SvHousing => "人才公寓优先", "Priority for talent apartments";
    SvCulture => "文化场馆优惠", "Culture venues and library rooms";
    SvParty => "党建服务", "Party-building services";
    SvOther => "其他服务", "Other services";
    Accounts => "账号管理", "Accounts";
    NewStaffAccount => "新建工作人员账号", "New staff account";
    InitialPassword => "初始密码", "Initial password";
    Role => "角色", "Role";
    UnitCreditCode => "所属单位统一社会信用代码（仅单位经办人）", "Unit's credit code (employer agents only)";
    ProviderOrg => "所属服务机构（仅服务机构）", "Provider organisation (providers only)";
    CreateAccount => "创建账号", "Create account";
    Binding => "所属", "Bound to";
}

impl Lang {
    pub fn role(self, r: Role) -> &'static str {
        self.t(match r {
            Role::Applicant => Msg::RoleApplicant,
            Role::EmployerAgent => Msg::RoleAgent,
            Role::HandlingDept => Msg::RoleHandling,
            Role::IndustryDept => Msg::RoleIndustry,
            Role::Hrss => Msg::RoleHrss,
            Role::TalentOffice => Msg::RoleTalentOffice,
            Role::Bank => Msg::RoleBank,
            Role::Provider => Msg::RoleProvider,
            Role::Admin => Msg::RoleAdmin,
        })
    }

    pub fn status(self, s: Status) -> &'static str {
        self.t(match s {
            Status::Draft => Msg::StDraft,
            Status::PreReview => Msg::StPreReview,
            Status::FirstReview => Msg::StFirstReview,
            Status::ReReview => Msg::StReReview,
            Status::Decision => Msg::StDecision,
            Status::CardProduction => Msg::StCardProduction,
            Status::Issued => Msg::StIssued,
            Status::Returned(_) => Msg::StReturned,
            Status::Rejected => Msg::StRejected,
            Status::Withdrawn => Msg::StWithdrawn,
        })
    }

    pub fn command(self, c: Command) -> &'static str {
        self.t(match c {
            Command::Submit => Msg::CmdSubmit,
            Command::Pass => Msg::CmdPass,
            Command::Return => Msg::CmdReturn,
            Command::Reject => Msg::CmdReject,
            Command::Approve => Msg::CmdApprove,
            Command::Resubmit => Msg::CmdResubmit,
            Command::Withdraw => Msg::CmdWithdraw,
            Command::CardMade => Msg::CmdCardMade,
            Command::BankReject => Msg::CmdBankReject,
        })
    }

    pub fn problem(self, p: Problem) -> &'static str {
        self.t(match p {
            Problem::Required => Msg::PRequired,
            Problem::TooLong => Msg::PTooLong,
            Problem::ControlCharacters => Msg::PControl,
            Problem::IdFormat => Msg::PIdFormat,
            Problem::IdBirthDate => Msg::PIdBirthDate,
            Problem::IdCheckDigit => Msg::PIdCheck,
            Problem::CreditCodeFormat => Msg::PCreditFormat,
            Problem::CreditCodeCheck => Msg::PCreditCheck,
            Problem::UnknownEmployerType => Msg::PEmployerType,
            Problem::MonthsNotNumber => Msg::PMonthsNumber,
            Problem::MonthsTooFew => Msg::PMonthsFew,
            Problem::CategoryOutOfRange => Msg::PCategory,
            Problem::CardNumberFormat => Msg::PCardFormat,
            Problem::CardNumberCheck => Msg::PCardCheck,
            Problem::CardNumberTaken => Msg::PCardTaken,
            Problem::UsernameFormat => Msg::PUsername,
            Problem::PasswordTooShort => Msg::PPassword,
        })
    }

    pub fn employer_type(self, e: EmployerType) -> &'static str {
        self.t(match e {
            EmployerType::DistrictEnterprise => Msg::EtEnterprise,
            EmployerType::DistrictInstitution => Msg::EtInstitution,
            EmployerType::NewInvestment => Msg::EtNewInvestment,
        })
    }

    /// Art. 3 categories 1–9.
    pub fn category(self, c: i16) -> &'static str {
        const CATS: [Msg; 9] =
            [Msg::Cat1, Msg::Cat2, Msg::Cat3, Msg::Cat4, Msg::Cat5, Msg::Cat6, Msg::Cat7, Msg::Cat8, Msg::Cat9];
        usize::try_from(c - 1).ok().and_then(|i| CATS.get(i)).map_or("?", |m| self.t(*m))
    }

    /// Art. 4 services.
    pub fn service(self, s: ServiceType) -> &'static str {
        self.t(match s {
            ServiceType::Hukou => Msg::SvHukou,
            ServiceType::SchoolPlace => Msg::SvSchool,
            ServiceType::GovService => Msg::SvGov,
            ServiceType::Medical => Msg::SvMedical,
            ServiceType::BusinessTax => Msg::SvBusiness,
            ServiceType::Legal => Msg::SvLegal,
            ServiceType::Airport => Msg::SvAirport,
            ServiceType::Housing => Msg::SvHousing,
            ServiceType::Culture => Msg::SvCulture,
            ServiceType::PartyBuilding => Msg::SvParty,
            ServiceType::Other => Msg::SvOther,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages_and_they_differ() {
        for m in Msg::ALL {
            assert!(!m.zh().is_empty() && !m.en().is_empty(), "{m:?}");
            assert_ne!(m.zh(), m.en(), "{m:?} is not translated");
        }
    }

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(Lang::default(), Lang::Zh);
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
