//! The translation layer: every visible string is a `Msg`, with Simplified Chinese first and
//! English second. The language comes from the `lang` cookie (set by `/lang/{code}`); without it,
//! from the browser's `Accept-Language` (Chinese when it names neither); it is rendered into
//! `<html lang>` so the browser build reads the same one.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::Section;

mod labels;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

    /// The first of Chinese or English in an `Accept-Language` header, by preference (`q`);
    /// Chinese when it names neither. `"en-US,en;q=0.9"` → English, `"fr, en;q=0.5, zh;q=0.8"` → Chinese.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut ranked: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim().to_ascii_lowercase();
                let q = pieces
                    .filter_map(|p| p.trim().strip_prefix("q=")?.trim().parse::<f32>().ok())
                    .next()
                    .unwrap_or(1.0);
                let lang = match tag.split('-').next()? {
                    "zh" => Lang::Zh,
                    "en" => Lang::En,
                    _ => return None,
                };
                (q > 0.0).then_some((q, lang))
            })
            .collect();
        // Stable: of equal preference, the one named first wins.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map_or(Lang::Zh, |&(_, lang)| lang)
    }

    /// A section as a step of the application: "第 2 步：工作单位" / "Step 2: Employer".
    pub fn step(self, section: Section) -> String {
        let n = Section::ALL.iter().position(|s| *s == section).map_or(0, |i| i + 1);
        match self {
            Lang::Zh => format!("第 {n} 步：{}", self.section(section)),
            Lang::En => format!("Step {n}: {}", self.section(section)),
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

#[cfg(feature = "ssr")]
impl Lang {
    /// The language of a plain HTTP request: the `lang` cookie, else `Accept-Language`.
    pub fn from_headers(headers: &axum::http::HeaderMap) -> Lang {
        let header = |name| headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok());
        header(axum::http::header::COOKIE)
            .and_then(|c| c.split(';').find_map(|pair| pair.trim().strip_prefix(LANG_COOKIE)?.strip_prefix('=').and_then(Lang::parse)))
            .unwrap_or_else(|| header(axum::http::header::ACCEPT_LANGUAGE).map_or(Lang::Zh, Lang::from_accept_language))
    }
}

/// The language of this request (server) or of the rendered page (browser).
pub fn detect_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        crate::context::request_cookie(LANG_COOKIE).and_then(|c| Lang::parse(&c)).unwrap_or_else(|| {
            crate::context::request_header(axum::http::header::ACCEPT_LANGUAGE)
                .map_or(Lang::Zh, |h| Lang::from_accept_language(&h))
        })
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
    use axum::response::IntoResponse;
    let lang = Lang::parse(&code).unwrap_or_default();
    let back = q.get("back").map(String::as_str).filter(|b| crate::urls::is_local_path(b)).unwrap_or("/");
    // A header carries ASCII only: what the query decoded to (e.g. a search for a Chinese name) is
    // encoded again, byte by byte.
    let location: String =
        back.bytes().map(|b| if b.is_ascii() { (b as char).to_string() } else { format!("%{b:02X}") }).collect();
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    let mut response = StatusCode::SEE_OTHER.into_response();
    for (name, value) in [(header::LOCATION, location), (header::SET_COOKIE, cookie)] {
        if let Ok(value) = axum::http::HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
    response
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
    CsvQueue => "审核队列", "queue";
    CsvAudit => "审计记录", "audit";
    CsvAgenda => "决策议程", "agenda";
    SiteDescription => "白云区高层次人才服务卡（云聚英才卡）网上申领：自查条件、填写申请、跟踪审核，全程无需纸质材料。",
                       "Apply online for the Baiyun District high-level talent service card (Yunju Talent Card): check whether you qualify, apply, and follow the review, with no paper.";
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
    LiveGone => "已由他人处理", "Handled by a colleague";
    LiveNew => "{n} 件新案件", "{n} new";
    LiveShow => "显示", "Show";
    LiveChanged => "此案件刚有变化。重新加载后可看到新的状态，已填写的意见会保留。", "This case has just changed. Reload to see it; what you typed in the opinion is kept.";
    LiveReload => "重新加载", "Reload";
    LiveListChanged => "列表已有较多变化。", "The list has changed a lot.";
    LiveShown => "列表已更新：{n} 件。", "List updated; cases shown: {n}.";
    PresenceAlso => "也在查看此案件：", "Also open by: ";
    PresenceColleague => "{body}的同事（{time} 起）", "a colleague at {body} (since {time})";
    ListSeparator => "、", ", ";
    KeysTitle => "键盘快捷键", "Keyboard shortcuts";
    KeysShow => "键盘快捷键（?）", "Keyboard shortcuts (?)";
    KeysNext => "下一件案件", "Next case";
    KeysPrevious => "上一件案件", "Previous case";
    KeysOpen => "打开所选案件", "Open the selected case";
    KeysOpinion => "转到意见框", "Go to the opinion box";
    KeysHelp => "显示或关闭本说明", "Show or close this help";
    KeysWhere => "在输入框中打字时，快捷键不起作用。", "Shortcuts do nothing while you type in a box.";
    KeysOn => "使用单键快捷键", "Use single-key shortcuts";
    KeysClose => "关闭", "Close";
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
    MonthsHint => "细则第三条：最少月数以适用的政策版本为准（2019 年版为 6 个月）", "Art. 3: the minimum is the one of the rules in force (6 months under the 2019 notice)";
    ChooseOne => "请选择", "Choose one";
    SaveAndContinue => "保存并继续", "Save and continue";
    FormHasErrors => "请更正以下问题：", "Please correct the following:";
    Application => "申请", "Application";
    Answers => "申请信息", "Your answers";
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
    ErrOpinionRequired => "不予通过时必须填写理由。", "Give a reason when you reject.";
    ErrNotAllowedNow => "该案件当前状态下不能进行此操作。", "This cannot be done at the case's current stage.";
    ErrBadCredentials => "用户名或密码不正确。", "Wrong username or password.";
    ErrUsernameTaken => "该用户名已被使用，请换一个。", "That username is taken; choose another.";
    ErrRateLimited => "尝试次数过多，请稍后（最多 15 分钟）再试。", "Too many attempts; wait a while (at most 15 minutes) and try again.";
    ErrInternal => "系统出错，请稍后再试。您填写的内容没有丢失。", "Something went wrong on our side. Try again shortly; nothing you typed was lost.";
    ErrUnavailable => "系统暂时无法处理您的请求。如果您刚才在保存，请稍后先查看是否已保存再重试；您填写的内容没有丢失。", "The service is briefly unavailable. If you were saving, check in a moment whether it was saved before trying again; nothing you typed was lost.";
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
    PMonthsFew => "每年在本区工作的月数少于现行政策版本的要求（细则第三条；2019 年版为 6 个月）。", "Fewer months a year in the district than the rules in force ask (Art. 3; 6 months under the 2019 notice).";
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
    StApproved => "已审定，待送银行制卡", "Approved, to be sent to the bank";
    StCardProduction => "制卡中", "Card being made";
    StCardMade => "已制卡，待发卡", "Card made, to be issued";
    StBankRefused => "银行退回，待区人社局处理", "Refused by the bank, with HRSS";
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
    CmdResendToBank => "修正后重新送银行制卡", "Send to the bank again (corrected)";
    CmdOrderCard => "送银行制卡", "Sent to the bank";
    CmdIssue => "发卡", "Card issued";
    EtEnterprise => "在本区注册、依法纳税并运营 1 年以上的独立法人企业", "Enterprise registered and taxed in the district, operating over 1 year";
    EtInstitution => "区属教育、医疗或科研机构", "District education, medical or research institution";
    EtNewInvestment => "新招商引资企业（一事一议）", "Newly attracted investment enterprise (case by case)";
    EmployerIndustry => "单位所属行业", "Employer's industry";
    EmployerIndustryHint => "按国民经济行业分类选择最接近的一项；它决定由哪个行业主管部门初审。", "Choose the closest section of the national classification; it decides which industry department does the first review.";
    IndManufacturing => "制造业", "Manufacturing";
    IndSoftware => "信息传输、软件和信息技术服务业", "Information transmission, software and IT services";
    IndResearch => "科学研究和技术服务业", "Scientific research and technical services";
    IndEducation => "教育", "Education";
    IndHealth => "卫生和社会工作", "Health and social work";
    IndCommerce => "批发和零售业", "Wholesale and retail trade";
    IndLogistics => "交通运输、仓储和邮政业", "Transport, storage and post";
    IndFinance => "金融业", "Finance";
    IndConstruction => "建筑业", "Construction";
    IndCulture => "文化、体育和娱乐业", "Culture, sports and entertainment";
    IndOther => "其他行业", "Other industries";
    AnyIndustry => "所有行业（该类别的默认）", "Every industry (the category's default)";
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
    // Problems added for the wizard (issue 3)
    PChoice => "请从给出的选项中选择。", "Choose one of the options given.";
    PDateFormat => "请按 年-月-日 填写有效日期，例如 1985-06-01。", "Enter a real date as year-month-day, for example 1985-06-01.";
    PDateFuture => "日期不能晚于今天。", "The date cannot be after today.";
    PBirthNotInId => "出生日期与身份证号码中的日期不一致。", "The date of birth differs from the one in the ID number.";
    PPhone => "请填写 11 位手机号，或以 + 开头的国际号码。", "Enter an 11-digit mobile number, or an international number starting with +.";
    PEmail => "请填写有效的电子邮箱，例如 name@example.cn。", "Enter a real e-mail address, like name@example.cn.";
    PNotRegistered => "细则第三条(一)：企业须在本区注册。新招商引资企业请选择“一事一议”。", "Art. 3(a): the enterprise must be registered in the district. A newly attracted investment enterprise should choose case by case.";
    PNotTaxed => "细则第三条(一)：企业须在本区依法纳税。", "Art. 3(a): the enterprise must pay tax in the district.";
    PUnderOneYear => "细则第三条(一)：企业须运营 1 年以上。新招商引资企业可选择“一事一议”。", "Art. 3(a): the enterprise must have operated for over 1 year. A newly attracted investment enterprise may apply case by case.";
    PContractShort => "细则第三条第 8 类：出站博士后须签订 5 年以上劳动合同。", "Art. 3 cat. 8: a postdoc who left the station needs a labour contract of 5 years or more.";
    PContractNumber => "请填写合同年数，例如 5。", "Enter the contract length in years, for example 5.";
    PDeclaration => "请确认声明后再继续。", "Confirm the declaration to continue.";
    PFileType => "只能上传 PDF、JPEG 或 PNG 文件（按文件内容判断，不看文件名）。", "Only PDF, JPEG or PNG files can be uploaded (judged by the content, not the name).";
    PPhotoType => "证件照须为 JPEG 或 PNG 图片。", "The ID photo must be a JPEG or PNG picture.";
    PFileTooLarge => "文件不能超过 10 MB。", "The file must be 10 MB or smaller.";
    PFileEmpty => "请选择要上传的文件。", "Choose a file to upload.";
    PDocumentMissing => "还缺少需要上传的材料。", "A required document has not been uploaded yet.";
    PReasonRequired => "退回时请至少为一个部分写明需要修改的内容。", "When returning, say what to correct in at least one section.";
    PNotYourUnit => "单位经办人只能为本单位人员申领：统一社会信用代码须与您的单位一致。", "An employer agent applies only for staff of its own unit: the credit code must be your unit's.";
    PClaimRefused => "认领码与证件号码不匹配，或认领码已使用、已过期。请核对后重试，或请单位经办人生成新的认领码。",
                     "The claim code and ID number do not match, or the code was used or has expired. Check them, or ask your employer's agent for a new code.";
    POrderLineUnknown => "没有这条待答复的制卡订单行。", "There is no unanswered order line with this number.";
    POrderIdMismatch => "证件号码与订单行不一致。", "The ID number is not the one on the order line.";
    POrderAnswerOne => "请填写卡号或无法制卡的理由，二者选一。", "Give either a card number or a reason for refusing, not both.";
    POrderAlreadyAnswered => "这条订单行已经答复过。", "This order line was answered before.";
    PCodeNotOurs => "这不是本系统签发的有效电子卡码。请持卡人打开“我的人才卡”页面出示最新的码，或改用卡号和证件号码核验。", "This is not a valid e-card code issued by this system. Ask the holder to open “My talent card” and show the current code, or check by card number and ID number.";
    PCodeExpired => "这个码已过期（每个码只在 2 分钟内有效）。请持卡人刷新页面出示新码。", "This code has expired (each code works for 2 minutes). Ask the holder to show a new one.";
    PServiceNotYourType => "本机构不提供这项服务，不能登记。", "Your organisation does not provide this service and cannot record it.";
    PServiceNotForThisPerson => "这项服务不适用于所选的人（户籍服务适用于配偶和子女，入学服务只适用于子女）。", "This service does not reach the person chosen (hukou reaches spouse and children; school places reach children only).";
    PServiceDate => "服务日期须为今天或过去 30 天内。", "The service date must be today or within the last 30 days.";
    PQuotaUsed => "本年度的次数已经用完，未登记。", "This year's quota is used up; nothing was recorded.";
    PMayNotCancel => "只能由登记的机构在登记后 24 小时内撤销，且每条只能撤销一次。", "Only the organisation that recorded an entry may cancel it, within 24 hours, and only once.";
    PCheckNotValid => "没有可用的有效核验：请先核验持卡人（核验结果 10 分钟内有效）。", "There is no valid check to record against: check the holder first (a check counts for 10 minutes).";
    EcardQrLabel => "电子人才卡二维码", "E-card QR code";
    ScanEcard => "扫描电子卡", "Scan the e-card";
    ScanLooking => "正在寻找二维码……请将持卡人的手机屏幕对准摄像头。", "Looking for the QR code… hold the holder's phone screen to the camera.";
    ScanNoCamera => "无法使用摄像头。请输入电子卡下方的短码。", "The camera cannot be used. Type the short code shown under the e-card instead.";
    ScanChecking => "已读取二维码，正在核验……", "QR code read; checking…";
    ScanStart => "用摄像头扫码", "Scan with the camera";
    EcardCodeLabel => "电子卡短码", "E-card short code";
    EcardCodeHint => "持卡人手机上二维码下方的 8 位码，例如 K7M2-9QXD。", "The 8 characters under the QR code on the holder's phone, e.g. K7M2-9QXD.";
    CheckByNumber => "用卡号和证件号码核验", "Check by card number and ID number";
    HolderPhoto => "持卡人照片", "Holder's photo";
    DependentsReached => "可享受服务的家属", "Family members these services reach";
    TheHolder => "持卡人本人", "The holder";
    RecordService => "登记已提供的服务", "Record the service delivered";
    ServiceLabel => "服务", "Service";
    ServedFor => "服务对象", "For whom";
    ServedOn => "服务日期", "Date of service";
    ServiceNote => "备注（可选）", "Note (optional)";
    RecentRecords => "本机构近 7 天的服务登记", "Your organisation's entries of the last 7 days";
    NoRecords => "暂无记录。", "No entries yet.";
    CancelRecord => "撤销这条登记", "Cancel this entry";
    CancelReason => "撤销原因", "Why it is cancelled";
    Cancelled => "已撤销", "Cancelled";
    ServiceReceipts => "服务回执", "Service receipts";
    SvHealthCheck => "年度免费健康体检", "Yearly free health check";
    SvAirportVip => "机场贵宾接送", "Airport VIP pick-up / drop-off";
    MethodQr => "扫码", "QR scan";
    MethodCode => "短码", "short code";
    MethodNumber => "卡号", "card number";
    EcardTitle => "电子卡", "E-card";
    EcardShortCode => "短码", "Short code";
    EcardValidUntil => "有效至", "Valid until";
    EcardHint => "码每 30 秒自动更新；截图 2 分钟后失效。", "The code renews itself every 30 seconds; a screenshot stops working after 2 minutes.";
    EcardNewCode => "换一个新码", "New code";
    EcardNotInForce => "您的卡目前不能使用人才服务，因此没有电子卡码。", "Your card's talent services are not in force, so there is no e-card code.";
    TrackerTitle => "我的数据使用记录", "Who used my data";
    TrackerHint => "每一次核验您的卡，以及每一位工作人员打开您的申领案卷，都记录在这里（工作人员姓名不公开，只显示部门）。", "Every check of your card, and every time an official opened your case, is listed here (officials' names stay internal; their body is shown).";
    TrackerChecks => "卡的核验", "Checks of your card";
    TrackerNoChecks => "还没有机构核验过您的卡。", "No organisation has checked your card yet.";
    When => "时间", "When";
    Organisation => "机构", "Organisation";
    Result => "结果", "Result";
    ServicesRecorded => "登记的服务", "Services recorded";
    TrackerViews => "案卷查阅", "Views of your case";
    TrackerNoViews => "还没有工作人员查阅过您的案卷。", "No official has opened your case yet.";
    Body => "部门", "Body";
    YourServices => "我的服务（第四条）", "Your services (Art. 4)";
    ServiceUseTitle => "服务使用情况", "Service use";
    Total => "合计", "Total";
    QuotaUses => "本年已用次数", "Uses this year";
    QuotaExhausted => "已用完的持卡人", "Holders who used all of it";
    HoldersByStatus => "持卡人（按人才服务状态）", "Card holders by talent services";
    Expiring90 => "90 天内到期的卡", "Cards ending within 90 days";
    PReasonDoesNotFit => "这个理由不适用于所选的调整。", "This reason does not fit the move chosen.";
    PProposalWaiting => "该持卡人已有一项调整建议等待区人社局处理。", "A proposal for this holder is already waiting for HRSS.";
    PPdfOnly => "签字盖章的考核报告须为 PDF 文件。", "The signed report must be a PDF file.";
    PRetiredOnOutOfRange => "退休日期须在本卡管理期内，且不晚于一年以后。", "The retirement date must lie within the card's period and at most a year ahead.";
    PRetiredBeforeSubmittedRound => "已提交的考核在该日期之后才到期：退休日期须晚于其到期日。", "An assessment already submitted falls due after this date: the retirement date must come after its due date.";
    Reminders => "提醒", "Reminders";
    PNotThePreviousHolder => "优先重新申请只能由原持卡人本人提出：证件号码须与原申请一致。", "A priority re-application is the former holder's own: the ID number must be the one of the earlier application.";
    PCategoryNotInForce => "现行政策版本不受理这一人才类别（细则第三条、第七条）。", "The rules in force do not open this category (Art. 3, Art. 7).";
    PNoPolicyInForce => "今天没有有效的政策版本（细则第七条），暂不能提交申请。您填写的内容已保存，新版本公布后即可提交。", "No version of the rules is in force today (Art. 7), so applications cannot be submitted. What you entered is saved; you can submit once a new version is published.";
    PVersionEndsBeforeStart => "结束日期不能早于开始日期。", "The last day cannot come before the first.";
    PVersionOverlaps => "这段日期与已有的政策版本重叠：各版本的有效期不能重叠。", "These days overlap a version already recorded: versions cannot overlap.";
    PNumberOutOfRange => "请输入允许范围内的整数。", "Enter a whole number within the allowed range.";
    PIntervalNotShorter => "考核间隔须短于管理期，否则考核永不到期。", "The assessment interval must be shorter than the management period, or no assessment would ever fall due.";
    PolicyStatus => "状态", "Status";
    TerminationDocumentLabel => "终止依据文件（PDF，如判决书、调查结论）", "The document the termination rests on (PDF: a judgment, an investigation's finding)";
    TerminationDocumentUploaded => "已上传", "Uploaded";
    RequestsTitle => "服务申请", "Service requests";
    RequestsLead => "按细则第四条，持卡人可以申请户籍、子女入学、人才公寓、工商登记、法律顾问、研讨室等服务，也可以反映需要解决的问题。每一步都会通知您。", "Under Art. 4 you may ask for hukou, a school place, a talent apartment, company registration, the legal adviser or a seminar room, or raise a problem to solve. You are told of every step.";
    RequestsQueueLead => "转给本单位的服务申请：最早到期的在前。2 个工作日内受理或退回补充材料。", "Requests routed to your unit, the nearest deadline first. Accept or return for information within 2 working days.";
    RequestsUnroutedLead => "尚未配置承办单位的服务申请：请转给承办单位，并请系统管理员在路由设置中配置。", "Requests of a type no unit is routed for: pass each to a unit, and ask the administrator to set the routing.";
    NewRequest => "提出新的申请", "Make a new request";
    NoRequests => "暂无服务申请。", "No requests.";
    RequestTypeLabel => "申请事项", "What you ask for";
    AllTypes => "全部事项", "All types";
    Holder => "持卡人", "Holder";
    SubmittedAt => "提交时间", "Submitted";
    DueBy => "办理期限", "Due by";
    RequestNeedsActiveCard => "只有人才服务状态为“正常”的持卡人才能提出服务申请（细则第四条）。", "Only a holder whose talent services are active can make a request (Art. 4).";
    Continue => "继续", "Continue";
    ForMyself => "本人", "Myself";
    ChangeType => "更换事项", "Change";
    ForWhom => "为谁申请", "For whom";
    ForTheHolder => "持卡人本人", "The holder";
    HukouNowLabel => "现户籍所在地（选填）", "Where the hukou is now (optional)";
    SchoolStageLabel => "学段", "School stage";
    PreferredSchoolsLabel => "意向学校（选填）", "Preferred schools (optional)";
    FilingLabel => "登记事项", "Filing";
    RegistryReferenceLabel => "登记机关受理编号", "The registry's reference";
    HouseholdSizeLabel => "家庭人数（1–12）", "Household size (1–12)";
    OwnsHomeLabel => "是否在本市拥有住房", "Do you own a home in the city?";
    VenueLabel => "场地", "Venue";
    WantedOnLabel => "使用日期", "Day wanted";
    ProblemLabel => "需要解决的问题（2,000 字以内）", "The problem to solve (up to 2,000 characters)";
    RequestNoteLabel => "补充说明（选填）", "Anything to add (optional)";
    SendRequest => "提交申请", "Send the request";
    RequestWord => "服务申请", "Request";
    HandledBy => "承办单位", "Handled by";
    NoUnitRouted => "尚未配置承办单位（区人社局处理）", "No unit routed yet (HRSS handles it)";
    Contact => "联系方式", "Contact";
    OutcomeLabel => "办理结果", "Outcome";
    OutcomeDateLabel => "安排日期", "Date of the place or appointment";
    OutcomeDateHint => "结果为“已安排”时必填", "Required when the outcome is a place or an appointment";
    OutcomeTextLabel => "说明", "Explanation";
    OutcomeTextHint => "不予办理时必填：理由及依据的条款", "Required for a refusal: the reason and the article it rests on";
    RequestActions => "办理", "Act on it";
    ReturnReasonLabel => "需要补充的材料或信息", "What information or document is needed";
    PassToLabel => "转交单位", "Pass to";
    PassOnNoteLabel => "转交说明（持卡人也能看到）", "Note for the unit (the holder sees it too)";
    ResubmitNoteLabel => "补充的信息", "The information asked for";
    PCardNotActive => "只有人才服务状态为“正常”的持卡人才能提出服务申请（细则第四条）。", "Only a holder whose talent services are active can make a request (Art. 4).";
    PRequestAlreadyOpen => "同一事项已有一项为此人提出、尚未办结的申请。", "A request of this kind for this person is already open.";
    POwnsHomeInCity => "细则第四条第（八）项：人才公寓面向在本市无住房的持卡人。", "Art. 4(8): talent apartments are for holders without a home in the city.";
    PDateInPast => "日期不能早于今天。", "The date cannot be before today.";
    PRequestClosed => "持卡人的人才服务已暂停、终止或到期：这项申请已关闭，不能再办理（细则第四条、第六条）。", "The holder's talent services were suspended, terminated or have ended: this request is closed and nothing more can be done (Art. 4, Art. 6).";
    MsgRequestChanged => "您的服务申请现在是：", "Your request is now:";
    RtHukou => "落户服务（第四条第（一）项）", "Hukou (Art. 4(1))";
    RtSchoolPlace => "子女入学（第四条第（二）项）", "School place for a child (Art. 4(2))";
    RtCompany => "工商登记（第四条第（五）项，2 个工作日内办结）", "Company registration (Art. 4(5), done within 2 working days)";
    RtLegal => "法律顾问（第四条第（六）项）", "Legal adviser (Art. 4(6))";
    RtApartment => "人才公寓（第四条第（八）项）", "Talent apartment (Art. 4(8))";
    RtSeminarRoom => "研讨室（第四条第（九）项）", "Seminar room (Art. 4(9))";
    RtProblem => "反映问题（第四条第（十一）项）", "A problem to solve (Art. 4(11))";
    RsSubmitted => "已提交，待受理", "Submitted, waiting to be accepted";
    RsReturned => "退回补充", "Returned for information";
    RsAccepted => "已受理", "Accepted";
    RsInProgress => "办理中", "In progress";
    RsDone => "已办结", "Done";
    RsWithdrawn => "已撤回", "Withdrawn";
    RsClosed => "已关闭（人才服务已终止或暂停）", "Closed (talent services ended)";
    RcSubmit => "提交", "Submitted";
    RcAccept => "受理", "Accept";
    RcReturn => "退回补充", "Return for information";
    RcResubmit => "补充后重新提交", "Send the information";
    RcStart => "开始办理", "Start";
    RcFinish => "办结", "Finish";
    RcWithdraw => "撤回申请", "Withdraw the request";
    RcPassOn => "转交其他单位", "Pass on to another unit";
    RcClose => "关闭", "Closed";
    RoGranted => "已办理", "Granted";
    RoScheduled => "已安排", "Place or appointment given";
    RoRefused => "不予办理", "Refused";
    RvKindergarten => "幼儿园", "Kindergarten";
    RvPrimary => "小学", "Primary school";
    RvJunior => "初中", "Junior secondary school";
    RvEstablish => "设立登记", "Registering a company";
    RvChange => "变更登记", "Changing a registration";
    RvLibrary => "区图书馆", "District library";
    RvCultureCentre => "区文化馆", "District culture centre";
    RfHukouNow => "现户籍所在地", "Hukou now";
    RfSchoolStage => "学段", "School stage";
    RfPreferredSchools => "意向学校", "Preferred schools";
    RfFiling => "登记事项", "Filing";
    RfRegistryReference => "受理编号", "Registry reference";
    RfHouseholdSize => "家庭人数", "Household size";
    RfOwnsHome => "本市住房", "Home in the city";
    RfVenue => "场地", "Venue";
    RfWantedOn => "使用日期", "Day wanted";
    RequestRoutingTitle => "服务申请的承办单位", "Who answers each kind of request";
    RequestRoutingIntro => "每类服务申请转给哪个单位，以及受理后多少个工作日内办结（工商登记不超过 2 个工作日，细则第四条第（五）项）。未配置单位的申请由区人社局转交。", "Which unit each kind of request goes to, and within how many working days of acceptance it is done (company registration: at most 2, Art. 4(5)). Requests of a kind with no unit wait for HRSS to pass them on.";
    UnroutedTypes => "以下事项尚未配置承办单位，申请会交由区人社局转交", "No unit is set for these kinds; their requests wait for HRSS to pass them on";
    DoneWorkingDays => "办结时限（工作日，1–250；工商登记不超过 2）", "Working days to be done (1–250; company registration at most 2)";
    NoUnit => "（未配置）", "(none)";
    MedianToAccept => "受理用时中位数（工作日）", "Median working days to accept";
    MedianToFinish => "办结用时中位数（工作日）", "Median working days to finish";
    RequestsByType => "服务申请（按事项和单位）", "Requests by kind and unit";
    RequestsOverdueByUnit => "超期未办的服务申请（按单位）", "Requests past their deadline, by unit";
    RequestDocuments => "材料", "Documents";
    AttachDocument => "上传材料", "Attach a document";
    AttachHint => "PDF、JPEG 或 PNG 文件，10 MB 以内。", "A PDF, JPEG or PNG file, up to 10 MB.";
    RequestSearch => "搜索（申请编号或持卡人姓名开头）", "Search (a request's number or the start of the holder's name)";
    PolicyTitle => "政策版本", "Versions of the rules";
    PolicyLead => "云聚英才卡按区人才工作领导小组的实施细则办理。细则自公布之日起有效期 5 年（细则第七条）；每份申请、审定、卡和服务都记录其适用的版本。", "The card follows the Leading Group's implementing rules. A notice is in force for 5 years from publication (Art. 7); every application, decision, card and service records the version it was made under.";
    PolicyInForceToday => "今天适用", "In force today";
    PolicyNoneInForce => "今天没有有效的政策版本（细则第七条）：暂不受理新的申请。已发的卡按其发卡时的版本继续管理。", "No version of the rules is in force today (Art. 7): no new applications can be submitted. Cards already issued go on under the version they were issued under.";
    PolicyDocumentNumber => "文号", "Document number";
    PolicyDocTitle => "标题", "Title";
    PolicyStartsOn => "生效日期", "First day in force";
    PolicyEndsOn => "最后有效日", "Last day in force";
    PolicyCategories => "受理的人才类别", "Talent categories open";
    PolicyMinMonths => "每年在区工作月数（最少，1–12）", "Months a year in the district (at least; 1–12)";
    PolicyHealthQuota => "每年免费体检次数（1–12）", "Free health checks a year (1–12)";
    PolicyAirportQuota => "每年机场贵宾服务次数（1–12）", "Airport VIP services a year (1–12)";
    PolicyManagementMonths => "管理期（月，12–120）", "Management period (months; 12–120)";
    PolicyAssessmentInterval => "考核间隔（月，6–120，短于管理期）", "Assessment interval (months; 6–120, shorter than the period)";
    PolicyAddSuccessor => "新增后续版本", "Add a successor version";
    PolicySuccessorHint => "表单已按最新版本填好，开始日期为其最后有效日的次日；请填写新文件的文号并修改有变化的数值。版本一经保存不可修改。", "The form is filled in from the newest version, starting the day after its last day; type the new notice's number and change what changed. A version cannot be edited once saved.";
    PolicySave => "保存版本", "Save the version";
    PolicyApplies => "适用政策", "Rules in force";
    PolicyVersions => "政策版本", "Rule versions";
    PolicyNotInForceYet => "尚未生效", "Not yet in force";
    PolicyEnded => "已失效", "No longer in force";
    ReapplyHint => "按细则第六条，管理期届满后可优先重新申请：原申请的内容已为您填好，请核对、重新上传材料并作出声明。优先申请在各审核环节排在前面。", "Art. 6: when the period ends you may re-apply with priority. Your earlier answers are filled in: check them, upload the documents again and make the declaration. Priority applications go first at every stage.";
    StartReapplication => "优先重新申请", "Re-apply with priority";
    ReapplicationStarted => "优先重新申请已开始：继续填写", "Priority re-application started: continue";
    ReminderAssessmentDue => "考核即将到期，到期日", "Assessment due soon, on";
    ReminderAssessmentOverdue => "考核已逾期，到期日为", "Assessment overdue, it was due on";
    ReminderCardEnding => "云聚英才卡管理期即将届满，最后一日", "The card's period ends soon, last day";
    MailCardEndingSubject => "您的云聚英才卡即将到期", "Your talent card is ending";
    MailCardEndingBody => "您的云聚英才卡管理期将于以下日期届满（细则第六条），届满后人才服务终止，银行服务不受影响。届满后可优先重新申请。", "Your card's management period ends on the date below (Art. 6). Talent services then end; bank services are not affected. You may re-apply with priority.";
    MailLastDay => "最后一日", "Last day";
    AssessmentsTitle => "两年一次考核", "Biennial assessments";
    AssessmentsIntro => "按细则第六条：用人单位每两年对持卡人的工作业绩和能力进行考核，书面报行业主管部门，行业主管部门提出意见后报区人社局备案。考核在发卡满 2 年和满 4 年时到期。",
                        "Art. 6: every two years the employer assesses the holder's work performance and ability and reports in writing to the industry department, which adds its opinion and files it with HRSS. Assessments are due 2 and 4 years after the card was issued.";
    AssessmentsToSubmit => "待提交的考核", "Assessments to submit";
    AssessmentsInProgress => "已提交，办理中", "Submitted, in progress";
    AssessmentsWaitingForYou => "待我处理", "Waiting for you";
    AssessmentsOverdue => "逾期未完成的考核", "Overdue assessments";
    NoneYet => "暂无。", "None.";
    AssessmentRound => "考核", "Assessment";
    DueOn => "到期日", "Due";
    OverdueWorkingDays => "已逾期工作日", "Working days overdue";
    StandingNotYet => "未到提交时间", "Not open yet";
    StandingOpen => "可以提交", "Open";
    StandingDueSoon => "30 天内到期", "Due within 30 days";
    StandingOverdue => "已逾期", "Overdue";
    StageWithDepartment => "待行业主管部门出具意见", "With the industry department";
    StageWithHrss => "待区人社局备案", "With HRSS to file";
    StageFiled => "已备案", "Filed";
    GradeCompetent => "称职", "Competent";
    GradeBasicallyCompetent => "基本称职", "Basically competent";
    GradeNotCompetent => "不称职", "Not competent";
    GradeLabel => "考核等次（工作业绩和能力）", "Grade (work performance and ability)";
    AssessmentReportLabel => "书面考核报告", "Written report";
    AssessmentReportFileLabel => "签字盖章的考核报告（PDF，不超过 10 MB）", "Signed report (PDF, up to 10 MB)";
    UploadReport => "上传报告", "Upload the report";
    ReportUploaded => "已上传", "Uploaded";
    SubmitAssessment => "提交行业主管部门", "Submit to the industry department";
    DepartmentOpinionLabel => "行业主管部门意见", "Industry department's opinion";
    AddOpinion => "提出意见并报区人社局备案", "Add the opinion and send to HRSS";
    HrssNoteLabel => "备案意见（可不填）", "Note on filing (optional)";
    FileAssessment => "备案", "File";
    NotCompetentHint => "考核不称职：可提出将持卡人调入联系名单（细则第六条第（一）项）。", "Not competent: you may propose moving the holder to the contact list (Art. 6(1)).";
    RetirementTitle => "退休", "Retirement";
    RetirementHint => "细则第六条第（三）项：管理期内退休的，服务延续至管理期满；退休日及以后到期的考核不再进行。", "Art. 6(3): a holder who retires during the period keeps the services to its end; no assessment falls due on or after the retirement date.";
    RetiredOnLabel => "退休日期", "Retirement date";
    RecordRetirement => "登记退休", "Record the retirement";
    RetiredOnShown => "退休日期", "Retired on";
    AssessmentsOfCard => "本卡的考核", "This card's assessments";
    ManagementPeriod => "管理期", "Management period";
    CeRetired => "登记退休（服务延续至管理期满）", "Retirement recorded (services continue to the end of the period)";
    AdjustmentsTitle => "联系名单调整", "Contact list";
    AdjustmentsIntro => "按细则第六条第（一）项：行业主管部门提出，区人社局备案。调入联系名单的，人才服务自次月 1 日起暂停（银行服务不受影响）；恢复的，即时生效并优先办理。", "Art. 6(1): the industry department proposes, HRSS files. A move to the contact list suspends talent services from the 1st of next month (bank services are unaffected); a reactivation takes effect at once and goes first.";
    NoHolders => "本部门暂无持卡人。", "No card holders in your department's cases.";
    NoProposals => "暂无待处理的调整建议。", "No proposals waiting.";
    SuspendedFrom => "暂停自", "suspended from";
    ProposalWaitingForHrss => "已提出，等待区人社局备案", "proposed, waiting for HRSS";
    AdjustmentReasonLabel => "理由", "Reason";
    Priority => "优先", "Priority";
    FileAdjustment => "备案", "File";
    DeclineAdjustment => "不予备案", "Decline";
    AdjSuspend => "调入联系名单（暂停人才服务）", "Move to the contact list (suspend talent services)";
    AdjReactivate => "恢复人才服务", "Reactivate talent services";
    ArPostChange => "岗位变动", "Post change";
    ArJobChange => "工作变动", "Job change";
    ArLeftDistrict => "离开本区", "Left the district";
    ArEligibleAgain => "重新符合条件", "Eligible again";
    ArOther => "其他", "Other";
    SendOrdersTitle => "送银行制卡", "Send to the bank for card making";
    SendOrdersIntro => "领导小组审定通过的案件在此等待送银行制卡（细则第五条第(六)项）。勾选的案件作为一个批次送出，银行下载批次文件后回传制卡结果。",
                       "Cases the Leading Group approved wait here to be sent to the bank (Art. 5(6)). The ticked cases go as one batch; the bank downloads the batch file and sends back the results.";
    NoApprovedCases => "目前没有待送银行的案件。", "No approved cases are waiting.";
    ResentAfterRefusal => "银行曾退回，已修正", "Refused by the bank before, corrected";
    ApprovedAt => "审定时间", "Approved";
    Include => "送出", "Send";
    SendBatch => "将勾选的案件作为一批送银行", "Send the ticked cases to the bank as one batch";
    Batches => "制卡批次", "Order batches";
    NoBatches => "还没有制卡批次。", "No batches have been sent yet.";
    SentAt => "送出时间", "Sent";
    Lines => "行数", "Lines";
    MadeCount => "已制卡", "Made";
    RefusedCount => "银行退回", "Refused";
    OpenCount => "未答复", "Outstanding";
    Download => "下载", "Download";
    Outstanding => "尚未答复的订单行", "Order lines not yet answered";
    NoOutstanding => "所有订单行都已答复。", "Every order line has been answered.";
    OrderLine => "订单行", "Order line";
    WorkingDaysWaited => "已等待工作日", "Working days waited";
    UploadResults => "上传制卡结果文件", "Upload a result file";
    ResultsHint => "CSV 文件，须含列 order_line_id、id_number，以及 card_number（已制卡）或 refusal_reason（无法制卡的理由）。可直接在下载的批次文件里填写这两列后上传；UTF-8 或 GBK 编码均可，最大 10 MB。",
                   "A CSV file with the columns order_line_id and id_number, and card_number (made) or refusal_reason (why not). You can fill these two columns into the downloaded batch file and upload it; UTF-8 or GBK, at most 10 MB.";
    ResultFile => "结果文件", "Result file";
    AllOrNothing => "有任何一行出错时，整份文件都不导入", "If any line is wrong, import nothing from the file";
    Import => "上传并导入", "Upload and import";
    TypeOneAnswer => "逐条登记（无文件时）", "One line at a time (without a file)";
    ImportTitle => "制卡结果导入报告", "Result file report";
    ImportMade => "已登记制卡", "Recorded as made";
    ImportRefused => "已登记为银行退回", "Recorded as refused";
    ImportUnchanged => "此前已按相同内容登记，未改动", "Recorded before exactly so: unchanged";
    ImportErrors => "有问题的行（未导入）", "Lines with a problem (not imported)";
    ImportNothing => "您选择了全部或全不导入，而文件中有出错的行：本次什么都没有导入。", "You asked for all or nothing and some lines are wrong: nothing was imported.";
    ImportGb18030 => "文件不是 UTF-8 编码，已按 GBK/GB18030 读取。", "The file was not UTF-8; it was read as GBK/GB18030.";
    UnknownColumns => "无法识别、已忽略的列", "Columns not recognised (ignored)";
    FileRow => "文件行号", "Row";
    Problem => "问题", "Problem";
    FpEmpty => "文件是空的，或只有表头。", "The file is empty, or has only a header.";
    FpTooLarge => "文件超过 10 MB，未读取。", "The file is over 10 MB and was not read.";
    FpMissingColumn => "文件缺少必需的列：", "The file lacks a required column: ";
    FpUnreadable => "文件无法按 CSV 读取（有未闭合的引号）。", "The file cannot be read as CSV (a quote is never closed).";
    LpBadLineId => "订单行号不是数字。", "The order line id is not a number.";
    LpUnknownLine => "没有这条订单行。", "There is no such order line.";
    LpLineTwice => "同一订单行在文件中出现多次，均未导入。", "The same order line appears more than once; none of them was imported.";
    LpCardTwice => "同一卡号在文件中出现多次，均未导入。", "The same card number appears on more than one line; none of them was imported.";
    LpFormula => "单元格是公式，不是号码。", "The cell is a spreadsheet formula, not a number.";
    LpReasonTooLong => "理由过长（最多 2000 字）。", "The reason is too long (at most 2,000 characters).";
    FpMoreThanOneFile => "一次只能上传一个结果文件。", "Upload one result file at a time.";
    LpBatchClosed => "该批次已全部答复并关闭，此行与之前的答复不同。", "Its batch is closed (all answered), and this line differs from the earlier answer.";
    CardsMade => "已制的卡", "Cards made";
    NoCardsMade => "还没有制好的卡。", "No cards have been made yet.";
    IssueTitle => "待发卡", "Cards to issue";
    IssueIntro => "银行已制好的卡在此等待发放（细则第五条第(七)项）。发卡后管理期五年开始计算，并通知持卡人、用人单位、行业主管部门和各服务机构。",
                  "Cards the bank has made wait here to be issued (Art. 5(7)). Issuing starts the five-year period and notifies the holder, the employer, the industry department and every service provider.";
    NoMadeCards => "目前没有待发放的卡。", "No made cards are waiting.";
    MadeAt => "制卡时间", "Made";
    IssueSelected => "发放勾选的卡并通知相关单位", "Issue the ticked cards and notify the units";
    MyCardTitle => "我的人才卡", "My talent card";
    NoCard => "您还没有已发放的人才卡。", "You have no issued card yet.";
    TalentServices => "人才服务", "Talent services";
    BankServices => "银行服务", "Bank services";
    CardHistory => "卡片记录", "Card history";
    EffectiveOn => "生效日期", "Effective";
    CsActive => "正常", "Active";
    CsSuspended => "暂停", "Suspended";
    CsTerminated => "终止", "Terminated";
    CsExpired => "已到期", "Expired";
    CeIssued => "发卡", "Issued";
    CeSuspended => "暂停人才服务", "Talent services suspended";
    CeReactivated => "恢复人才服务", "Talent services reactivated";
    CeTerminated => "终止", "Terminated";
    CeExpired => "管理期届满", "Period ended";
    TerminateCard => "终止人才卡（细则第六条第（二）项）", "Terminate the card (Art. 6(2))";
    TerminateCardHint => "人才服务和银行服务同时终止，立即生效且不可恢复；持卡人、用人单位、行业主管部门和各服务机构会收到通知。",
                         "Talent and bank services both end, at once and for good; the holder, the employer, the industry department and every provider are notified.";
    TerminationGroundLabel => "终止理由", "Ground";
    TgFraud => "弄虚作假（细则第六条第（二）项）", "Fraud (Art. 6(2))";
    TgPartyExpulsion => "被开除党籍（细则第六条第（二）项）", "Expelled from the Party (Art. 6(2))";
    TgBreakingTheLaw => "违法犯罪（细则第六条第（二）项）", "Breaking the law (Art. 6(2))";
    TgProfessionalEthics => "严重违反职业道德（细则第六条第（二）项）", "Grave breach of professional ethics (Art. 6(2))";
    WhatHappened => "情况说明", "What happened";
    NoticesTitle => "人才卡通知", "Card notices";
    NoticesIntro => "发卡（细则第五条第(七)项）和人才卡状态变化（细则第六条）时，系统通知相关单位。", "The units concerned are notified when a card is issued (Art. 5(7)) and when its status changes (Art. 6).";
    NoNotices => "暂无通知。", "No notices yet.";
    ApiKeys => "接口密钥", "API keys";
    ApiKeysIntro => "银行和服务机构的系统通过接口访问本系统。每个密钥代表一个银行或服务机构账号，只能做其权限范围内的事；密钥只显示一次，系统只保存其摘要。",
                    "The bank's and the providers' systems use the API. Each key acts as one bank or provider account, within its scopes; a key is shown once, and only its hash is kept.";
    ApiDocs => "接口文档", "API documentation";
    ApiDocsIntro => "面向银行和服务机构系统的接口（JSON），由代码生成的 OpenAPI 3.1 文档描述：", "The JSON API for the bank's and the providers' systems, described by an OpenAPI 3.1 document generated from the code:";
    ApiKeyShownOnce => "新密钥如下，只显示这一次。请立即复制并交给对方系统管理员：", "The new key is below, shown this once. Copy it now and pass it to the other system's administrator:";
    CreateApiKey => "新建密钥", "Create a key";
    ApiKeyAccount => "代表的账号", "Acts as account";
    ApiKeyName => "用途说明", "What it is for";
    ApiKeyScopes => "权限范围", "Scopes";
    ApiKeyScopesHint => "银行账号：bank_orders；服务机构账号：verify、status_feed。", "Bank accounts: bank_orders; provider accounts: verify, status_feed.";
    ApiKeyPrefix => "密钥开头", "Begins with";
    ApiKeyLastUsed => "最近使用", "Last used";
    ApiKeyRevoked => "已吊销", "Revoked";
    RevokeApiKey => "吊销", "Revoke";
    ApiScope => "所需权限", "Scope";
    ApiRequest => "请求体", "Request body";
    ApiSchemas => "数据结构", "Schemas";
    Organisations => "部门与服务机构", "Departments and providers";
    Departments => "行业主管部门", "Industry departments";
    DepartmentCode => "部门代码", "Department code";
    SaveDepartment => "新建或修改部门", "Create or rename a department";
    SaveDepartmentHint => "代码为 2–20 位小写字母、数字或下划线；填写已有代码即修改其名称。", "The code is 2–20 lowercase letters, digits or underscores; an existing code renames that department.";
    NameZh => "中文名称", "Name in Chinese";
    NameEn => "英文名称", "Name in English";
    ProviderOrgs => "服务机构", "Service providers";
    ServiceTypes => "服务类型（细则第四条）", "Service types (Art. 4)";
    SaveProviderOrg => "新建或修改服务机构", "Create or change a provider";
    NewProviderOrg => "（新建服务机构）", "(a new provider)";
    WhichProviderOrg => "新建，或选择要修改的服务机构", "New, or the provider to change";
    ClaimTitle => "认领单位代为提交的申请", "Claim an application your employer filed";
    ClaimIntro => "单位经办人为您提交申请后，您会在申请所填的联系邮箱收到认领码，也可以向经办人索取。输入认领码和申请中的证件号码，即可在本账号查看和办理该申请。",
                  "When your employer's agent files an application for you, a claim code goes to the contact e-mail given in it; the agent can also pass it on. Enter the code and the ID number of the application to see and act on it from this account.";
    ClaimCodeLabel => "认领码", "Claim code";
    ClaimCodeHint => "10 位字母和数字，例如 ABCDE-FGHJK。", "10 letters and digits, e.g. ABCDE-FGHJK.";
    ClaimSubmit => "认领申请", "Claim the application";
    ClaimLink => "认领单位为您提交的申请", "Claim an application your employer filed";
    ClaimPanelTitle => "请人才本人认领", "Let the talent claim it";
    ClaimPanelIntro => "人才本人须用认领码认领后，才能在自己的账号查看本申请。认领码 72 小时内有效、只能使用一次，同时发送到申请中的联系邮箱。",
                       "The talent sees this application in their own account only after claiming it with a code. A code works once, for 72 hours, and is also sent to the contact e-mail of the application.";
    ClaimCodeIs => "认领码", "Claim code";
    ClaimValidUntil => "有效期至（北京时间）", "Valid until (China time)";
    ClaimMailed => "已发送到申请中的联系邮箱。", "Sent to the contact e-mail of the application.";
    ClaimNotMailed => "申请中没有联系邮箱，请将认领码当面或电话告知人才。", "The application gives no contact e-mail: pass the code on in person or by phone.";
    ClaimCreate => "生成认领码", "Make a claim code";
    ClaimRenew => "生成新的认领码（旧码作废）", "Make a new code (the old one stops working)";
    ClaimDone => "人才本人已认领本申请。", "The talent has claimed this application.";
    MailClaimSubject => "认领码", "claim code";
    MailClaimBody => "您的单位经办人为您提交了云聚英才卡申请。登录（或注册）后打开“认领申请”页面，输入以下认领码和申请中的证件号码，即可在您的账号查看和办理该申请。认领码 72 小时内有效，只能使用一次。",
                     "Your employer's agent has filed a Yunju Talent Card application for you. Sign in (or create an account), open \"Claim an application\", and enter the code below with the ID number of the application to see and act on it from your account. The code works once, for 72 hours.";
    PDirectRecognition => "只有区人社局复审通过时，才可对第 1–8 类人才建议直接认定（细则第五条）。", "Only HRSS, passing re-review, may recommend direct recognition, for categories 1–8 (Art. 5).";
    DirectRecognition => "建议直接认定", "Recommended for direct recognition";
    RecommendDirect => "建议直接认定（第 1–8 类，细则第五条第四项）", "Recommend direct recognition (categories 1–8, Art. 5(4))";
    Notes => "内部备注（申领人不可见）", "Internal notes (never shown to the applicant)";
    AddNote => "添加备注", "Add note";
    NoNotes => "暂无备注。", "No notes yet.";
    AuditCsv => "导出审核记录（CSV）", "Export the audit record (CSV)";
    POnOpenAgenda => "该案件已列入尚未记录的会议议程，请在议程页记录审定结果。", "This case is on the agenda of a meeting not yet recorded: record its outcome on the agenda.";
    OnAgenda => "已列入会议议程", "On the meeting agenda";
    PNothingToDecide => "目前没有待审定且未列入会议批次的案件。", "No case awaits decision outside an open batch.";
    DecisionBatches => "领导小组审定批次", "Leading Group decision batches";
    DecisionBatchesLead => "把待审定的案件列入一次领导小组会议，打印议程；会后为每个案件记录审定结果（细则第五条第五项）。", "Put the cases awaiting decision on a Leading Group meeting's agenda and print it; after the meeting record each outcome (Art. 5(5)).";
    AwaitingBatch => "待列入批次的案件", "Cases awaiting a batch";
    CreateBatch => "将全部待审定案件列入新批次", "Put every case awaiting decision in a new batch";
    Batch => "批次", "Batch";
    Agenda => "会议议程", "Meeting agenda";
    MeetingPending => "尚未开会", "meeting not yet held";
    MeetingHeld => "已于", "decided on";
    RecordMeeting => "记录会议审定结果", "Record the meeting's decisions";
    RecordMeetingLead => "未标记为“不予通过”的案件都将审定通过；标记为不予通过的", "Every case not marked reject is approved; marked reject";
    MeetingDate => "会议日期", "Meeting date";
    OutcomeApprove => "通过", "Approve";
    OutcomeReject => "不予通过", "Reject";
    RejectReason => "不予通过的理由", "Reason for rejecting";
    OverdueBy => "已超期（工作日）", "Overdue, working days:";
    DueIn => "剩余工作日", "Working days left:";
    WaitingDays => "已等待（工作日）", "Waiting (working days)";
    Filter => "筛选", "Filter";
    AllCases => "全部", "All";
    OverdueOnly => "已超期", "Overdue";
    DueSoonOnly => "3 个工作日内到期", "Due within 3 working days";
    DeadlineSettings => "审核时限与工作日历", "Review deadlines and working-day calendar";
    MailSignIn => "请登录查看详情", "Sign in to see the details";
    MailNoReply => "本邮件由系统自动发送，请勿回复。", "This message was sent automatically; please do not reply.";
    HrssOpinion => "区人社局复审意见", "HRSS re-review opinion";
    Outcome => "审定结果", "Outcome";
    QueueStage => "阶段", "Stage";
    AwaitingMyReview => "待本部门审核", "Awaiting our review";
    ReturnedAwaitingCorrection => "已退回，待申请人补正", "Returned, awaiting the applicant's correction";
    ExportCsv => "导出 CSV", "Export CSV";
    Deadline => "办理时限", "Deadline";
    ChangedSinceReturn => "退回后的修改", "Changed since the return";
    ReturnedOn => "退回于", "Returned on";
    NothingChanged => "申请人重新提交时没有修改任何答案或材料。", "The applicant resubmitted without changing any answer or document.";
    Question => "问题", "Question";
    Was => "原为", "Was";
    Now => "现为", "Now";
    DocumentsAdded => "新上传的材料", "Documents uploaded";
    DocumentsRemoved => "删除的材料", "Documents removed";
    RoutingSettings => "初审分派规则", "First-review routing";
    RoutingIntro => "按人才类别和用人单位所属行业，决定预审通过后由哪个行业主管部门初审。针对某一行业的规则优先于该类别的默认规则。修改只影响此后通过预审的申请。", "Which industry department first-reviews a case, by talent category and employer industry. A rule for one industry wins over the category's default. A change applies to cases that pass pre-review from now on.";
    SetRoutingRule => "设置规则", "Set a rule";
    RoutingMatrix => "当前分派一览", "Where cases go now";
    RoutingRules => "全部规则", "All rules";
    StageLimits => "各环节时限（工作日）", "Working days allowed per stage";
    WorkingDayCalendar => "工作日历：法定节假日与调休上班日", "Working-day calendar: public holidays and make-up working days";
    Holiday => "法定节假日", "Public holiday";
    MakeUpWorkday => "调休上班", "Make-up working day";
    Day => "日期", "Date";
    DayKindLabel => "类型", "Kind";
    DayNote => "说明（选填）", "Note (optional)";
    SearchCases => "按受理编号或姓名查找", "Find by reference or name";
    NextPage => "下一页", "Next page";
    Dashboard => "数据看板", "Dashboard";
    OverdueCases => "超期案件", "Overdue cases";
    CasesPerStage => "各环节案件数", "Cases per stage";
    MedianDays => "各环节办理时长中位数（工作日）", "Median working days per stage";
    CategoryMix => "人才类别分布", "Talent category mix";
    MonthlyIntake => "近 12 个月申请量", "Applications per month, last 12 months";
    ChartData => "图表数据", "Chart data";
    ErrIncomplete => "还有部分未完成，完成所有部分后才能提交。", "Some sections are not complete yet; complete every section to submit.";
    PTooManyDependents => "家庭成员最多填写 12 人。", "You can list at most 12 family members.";
    // Eligibility self-check
    EligibilityTitle => "看看您能否申领", "Check whether you can apply";
    EligibilityIntro => "回答 5 个问题，立即知道结果。无需登录，不会保存您的回答。", "Answer 5 questions to find out at once. No sign-in needed; your answers are not stored.";
    EligibilityStart => "看看能否申领", "Check whether you can apply";
    QEmployerType => "您的工作单位属于哪一类？", "What kind of employer do you work for?";
    QRegisteredTaxed => "单位是否在白云区注册并依法纳税？", "Is the employer registered and paying tax in Baiyun District?";
    QOperatingYear => "单位是否已运营 1 年以上？", "Has the employer operated for more than 1 year?";
    QOnlyEnterprises => "仅“本区企业”需回答。", "Only for district enterprises.";
    QEnterprisesAndNewInvestment => "“本区企业”和“新招商引资企业”需回答。", "For district enterprises and newly attracted investment enterprises.";
    QMonths => "您每年在白云区工作几个月？", "How many months a year do you work in Baiyun District?";
    QCategory => "您属于哪一类人才？", "Which category of talent are you?";
    Yes => "是", "Yes";
    No => "否", "No";
    CheckAnswersButton => "查看结果", "See the result";
    YouCanApply => "您可以申领云聚英才卡", "You can apply for the Yunju Talent Card";
    YouCanApplyCaseByCase => "您可以按“一事一议”申领：请准备好引进洽谈意见，申领时上传。", "You can apply case by case (一事一议): have the investment negotiation opinion ready to upload.";
    YouCannotApplyYet => "根据您的回答，暂不符合申领条件", "From your answers, you cannot apply yet";
    MissingNotInDistrict => "细则第三条(一)：单位须在本区注册、依法纳税。", "Art. 3(a): the employer must be registered and pay tax in the district.";
    MissingUnderOneYear => "细则第三条(一)：单位须运营 1 年以上；新招商引资企业可按“一事一议”申领。", "Art. 3(a): the employer must have operated for over 1 year; a newly attracted investment enterprise may apply case by case.";
    MissingMonths => "细则第三条：每年在本区工作的月数须达到现行版本的要求。最少月数：", "Art. 3: you must work in the district a minimum number of months a year. Months at least:";
    MissingCategory => "现行政策版本不受理这一人才类别（细则第三条、第七条）。", "The rules in force do not open this category (Art. 3, Art. 7).";
    StartApplication => "开始申领", "Start your application";
    StartApplicationLead => "您的自查回答会带入申请表，您可以随时修改。", "Your answers from the check are carried into the form; you can change them.";
    SignInToStart => "请先登录或注册，然后开始申领。", "Sign in or create an account, then start your application.";
    // Task list
    TaskListTitle => "申请云聚英才卡", "Apply for a Yunju Talent Card";
    TaskListLead => "各部分可按任意顺序填写，每一部分都会自动保存。", "Fill in the sections in any order; each one is saved as you go.";
    SectionsDone => "已完成部分", "Sections completed";
    SecPersonal => "个人信息", "Personal details";
    SecEmployer => "工作单位", "Employer";
    SecCategory => "人才类别和证明材料", "Talent category and evidence";
    SecResidence => "在本区工作时间", "Time working in the district";
    SecFamily => "家庭成员", "Family members";
    SecDeclaration => "诚信声明", "Declaration";
    StateNotStarted => "未开始", "Not started";
    StateInProgress => "未完成", "In progress";
    StateComplete => "已完成", "Completed";
    StateNeedsCorrection => "需修改", "Needs correction";
    CheckAndSubmit => "检查并提交", "Check your answers and submit";
    CompleteAllFirst => "完成所有部分后才能提交。", "You can submit once every section is complete.";
    ContinueApplication => "继续填写", "Continue your application";
    BackToTasks => "返回申请任务列表", "Back to your application";
    Save => "保存", "Save";
    // Personal
    Gender => "性别", "Gender";
    Male => "男", "Male";
    Female => "女", "Female";
    BirthDate => "出生日期", "Date of birth";
    DateHint => "例如 1985-06-01", "For example 1985-06-01";
    Nationality => "国籍", "Nationality";
    IdType => "证件类型", "Identity document";
    DocNumber => "证件号码", "Document number";
    RegisterIdHint => "选填。填写后，您的单位为您提交的申请也会显示在您的账号中。", "Optional. With it, applications your employer files for you also appear in your account.";
    IdNumberHint => "居民身份证 18 位，最后一位可能是 X", "A resident ID has 18 characters; the last may be X";
    IdtResident => "居民身份证", "Resident identity card";
    IdtPassport => "护照", "Passport";
    IdtHkMacao => "港澳居民来往内地通行证", "Mainland travel permit for Hong Kong and Macao residents";
    IdtTaiwan => "台湾居民来往大陆通行证", "Mainland travel permit for Taiwan residents";
    IdtForeign => "外国人永久居留身份证", "Foreign permanent resident ID card";
    Phone => "手机号码", "Mobile phone";
    Email => "电子邮箱", "E-mail";
    EmailHint => "审核进度会发送到这里", "We send progress updates here";
    // Employer
    RegisteredOn => "单位注册（成立）日期", "Date the employer was registered";
    RegisteredInDistrict => "是否在白云区注册？", "Registered in Baiyun District?";
    PaysTaxInDistrict => "是否在白云区依法纳税？", "Paying tax in Baiyun District?";
    CaseByCaseNote => "一事一议：须上传引进洽谈意见（细则第三条）。", "Case by case: upload the investment negotiation opinion (Art. 3).";
    // Category
    Honour => "入选的人才工程、称号或所任职务", "The programme, title or post that qualifies you";
    HonourHint => "例如：2021 年“珠江人才计划”入选者", "For example: selected for the Pearl River Talent Programme, 2021";
    PostdocStatus => "博士后情况", "Postdoctoral status";
    InStation => "在站", "In the station now";
    LeftStation => "已出站并留在本区工作", "Left the station and stayed to work in the district";
    ContractYears => "劳动合同年限（年）", "Length of labour contract (years)";
    OnlyCat8 => "仅第 8 类需填写。", "Category 8 only.";
    EvidenceNeeded => "需要上传的证明材料", "Evidence to upload";
    // Documents
    DkPhoto => "证件照（JPEG 或 PNG）", "ID photo (JPEG or PNG)";
    DkNegotiation => "引进洽谈意见", "Investment negotiation opinion";
    DkTalentProof => "人才称号或入选证明（证书、文件）", "Proof of title or selection (certificate, notice)";
    DkFortune500 => "世界 500 强企业证明", "Proof the company is in the Fortune Global 500";
    DkCompanyFigures => "企业纳税或营收证明", "The company's tax or revenue certificate";
    DkPostProof => "本人任职证明", "Proof of your post";
    DkPostdocStation => "博士后工作站（在站或出站）证明", "Postdoc station document (in-station or leaving certificate)";
    DkLabourContract => "5 年以上劳动合同", "Labour contract of 5 years or more";
    DkOther => "其他材料", "Other documents";
    Upload => "上传", "Upload";
    UploadHint => "PDF、JPEG 或 PNG，每个不超过 10 MB。", "PDF, JPEG or PNG, up to 10 MB each.";
    Uploading => "正在上传…", "Uploading…";
    Uploaded => "已上传", "Uploaded";
    NotUploaded => "未上传", "Not uploaded";
    Remove => "删除", "Remove";
    UploadSaved => "文件已上传。", "The file has been uploaded.";
    // Residence
    // Family
    FamilyLead => "填写可享受落户、子女入学等服务的配偶和子女（细则第四条）。没有可不填。", "List the spouse and children who may use hukou and school services (Art. 4). Leave empty if none.";
    Relation => "关系", "Relationship";
    Spouse => "配偶", "Spouse";
    Child => "子女", "Child";
    AddFamilyMember => "添加家庭成员", "Add a family member";
    NoFamilyMembers => "尚未添加家庭成员。", "No family members added.";
    FamilyDone => "家庭成员已全部填写（或没有需要填写的）", "I have listed everyone (or there is no one to list)";
    // Declaration
    DeclarationText => "本人承诺所填信息和上传材料真实、准确、完整。如有弄虚作假，将按细则第六条终止人才服务和银行服务，并依法承担责任。", "I declare that the information and documents I give are true, accurate and complete. If any of it is false, talent services and bank services will be terminated under Art. 6, and I may be held legally responsible.";
    DeclarationAgree => "我已阅读并同意以上声明", "I have read and agree to this declaration";
    // Check answers, confirmation
    CheckAnswersTitle => "提交前请检查您的申请", "Check your answers before you submit";
    Change => "修改", "Change";
    SubmitApplication => "提交申请", "Submit application";
    ResubmitApplication => "重新提交申请", "Resubmit application";
    SubmittedTitle => "申请已提交", "Application submitted";
    SubmittedRef => "您的受理编号", "Your reference number";
    WhatNext => "接下来会怎样", "What happens next";
    WhatNextText => "经办部门先审核单位资格（预审），再由行业主管部门初审、区人社局复审，最后报区人才工作领导小组审定（细则第五条）。每一步都会在“消息”中通知您；如需修改，会告诉您具体改哪一部分。", "The handling department first checks the employer (pre-review); then the industry department (first review) and the HR & Social Security Bureau (re-review) review it, and the Leading Group decides (Art. 5). We tell you of every step in your inbox; if anything needs correcting, we say exactly which section.";
    ViewProgress => "查看办理进度", "See progress";
    // Returned, tracking, inbox
    ReturnedBanner => "您的申请被退回修改，请按以下意见修改后重新提交。", "Your application was returned for correction. Change what is asked below, then resubmit.";
    ReasonFor => "修改意见", "What to correct";
    Timeline => "办理进度", "Progress";
    Inbox => "消息", "Inbox";
    NoMessages => "暂无消息。", "No messages yet.";
    MsgStatusChanged => "您的申请状态已更新为：", "Your application is now: ";
    Unread => "未读", "Unread";
    Documents => "材料", "Documents";
    ReturnReasonsHint => "退回修改时，请在需要修改的部分写明意见（至少一项）。", "When returning, write what to correct under each section concerned (at least one).";
    SessionExpiredKept => "登录已过期。您填写的内容仍在本页：请在新窗口登录后，回到这里再次保存。", "Your session has expired. What you typed is still on this page: sign in in a new tab, then come back and save again.";
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
    fn the_browser_language_decides_until_the_reader_chooses() {
        for (header, want) in [
            ("en-US,en;q=0.9", Lang::En),
            ("zh-CN,zh;q=0.9,en;q=0.8", Lang::Zh),
            ("fr, en;q=0.5, zh;q=0.8", Lang::Zh),
            ("fr, en;q=0.8, zh;q=0.5", Lang::En),
            ("en;q=0.5, zh;q=0.5", Lang::En),
            ("en-GB", Lang::En),
            ("zh-TW", Lang::Zh),
            ("de, fr", Lang::Zh),
            ("en;q=0", Lang::Zh),
            ("", Lang::Zh),
            ("*", Lang::Zh),
        ] {
            assert_eq!(Lang::from_accept_language(header), want, "{header:?}");
        }
    }

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(Lang::default(), Lang::Zh);
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
