//! The bank's result file (Art. 5(6)): for each line of a card order batch, the card number the
//! bank made or its reason for refusing. Pure: the text is read (`read`), each line judged against
//! what the database says of it (`judge`), and the report is what the bank and HRSS see.
//!
//! The file is CSV with a header. The bank may send back the batch file itself with the two
//! answer columns filled in: the batch's own columns are known and ignored; any other column is
//! named in the report and ignored.
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{CardNumber, Problem};

/// The columns of a downloaded batch, in order (the file the bank receives).
pub const BATCH_COLUMNS: [&str; 8] =
    ["order_line_id", "reference", "name", "id_type", "id_number", "phone", "employer", "photo_url"];
/// The columns the bank fills in.
pub const ANSWER_COLUMNS: [&str; 2] = ["card_number", "refusal_reason"];

/// A line of the result file, as typed (cells trimmed, a spreadsheet's `="…"` and `'…` undone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultLine {
    /// The line of the file (the header is line 1).
    pub row: usize,
    pub order_line_id: String,
    pub id_number: String,
    pub card_number: String,
    pub refusal_reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadFile {
    pub lines: Vec<ResultLine>,
    /// Columns the file has that nobody asked for (ignored).
    pub unknown_columns: Vec<String>,
}

/// What makes a whole file unusable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileProblem {
    /// Nothing in it, or only a header.
    Empty,
    /// Over `MAX_RESULT_FILE` bytes.
    TooLarge,
    /// A column the file cannot do without.
    MissingColumn(String),
    /// A quote opened and never closed.
    Unreadable,
    /// The form carried more than one file.
    MoreThanOneFile,
}

/// A refusal's reason goes to the applicant's inbox and e-mail: a paragraph, not a document.
pub const MAX_REASON_CHARS: usize = 2000;

/// 10,000 lines take about 1 MB; a file ten times that is not a result file.
pub const MAX_RESULT_FILE: usize = 10 * 1024 * 1024;

/// What is wrong with one line; the line is left as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LineProblem {
    /// The order line id is not a number.
    BadLineId,
    /// No open or answered line of any batch has this id.
    UnknownLine,
    /// The same order line appears more than once in the file: none of them is applied.
    LineTwice,
    /// The ID number is not the one of the order line.
    IdMismatch,
    /// Neither a card number nor a refusal reason.
    NoAnswer,
    /// Both a card number and a refusal reason.
    BothAnswers,
    /// The card number is malformed or fails its check digit.
    CardNumber(Problem),
    /// The card number belongs to another card already.
    CardTaken,
    /// The same card number on two lines of the file: none of them is applied.
    CardTwice,
    /// A spreadsheet formula (`=`, `+`, `@` …) where a number belongs.
    Formula,
    /// A refusal reason over `MAX_REASON_CHARS`.
    ReasonTooLong,
    /// The line was answered before, differently.
    AlreadyAnswered,
    /// Every line of its batch was answered before; this one differently.
    BatchClosed,
}

impl LineProblem {
    /// The problem's name in the organisations' API (`api_v1`), stable across releases.
    pub fn code(self) -> &'static str {
        match self {
            LineProblem::BadLineId => "bad_line_id",
            LineProblem::UnknownLine => "unknown_line",
            LineProblem::LineTwice => "line_twice",
            LineProblem::IdMismatch => "id_mismatch",
            LineProblem::NoAnswer => "no_answer",
            LineProblem::BothAnswers => "both_answers",
            LineProblem::CardNumber(Problem::CardNumberCheck) => "card_number_check_digit",
            LineProblem::CardNumber(_) => "card_number_format",
            LineProblem::CardTaken => "card_taken",
            LineProblem::CardTwice => "card_twice",
            LineProblem::Formula => "formula",
            LineProblem::ReasonTooLong => "reason_too_long",
            LineProblem::AlreadyAnswered => "already_answered",
            LineProblem::BatchClosed => "batch_closed",
        }
    }

    /// The same problem said on the bank's form, where one line is typed.
    pub fn as_problem(self) -> Problem {
        match self {
            LineProblem::BadLineId | LineProblem::UnknownLine | LineProblem::LineTwice => Problem::OrderLineUnknown,
            LineProblem::IdMismatch => Problem::OrderIdMismatch,
            LineProblem::NoAnswer | LineProblem::BothAnswers => Problem::OrderAnswerOne,
            LineProblem::CardNumber(p) => p,
            LineProblem::CardTaken | LineProblem::CardTwice => Problem::CardNumberTaken,
            LineProblem::Formula => Problem::CardNumberFormat,
            LineProblem::ReasonTooLong => Problem::TooLong,
            LineProblem::AlreadyAnswered | LineProblem::BatchClosed => Problem::OrderAlreadyAnswered,
        }
    }
}

/// What the database knows of an order line named in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownLine {
    pub id_number: String,
    /// Its batch still has unanswered lines.
    pub batch_open: bool,
    pub answered: Option<Answer>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Answer {
    Made(String),
    Refused(String),
}

/// The verdict on one line of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// To record: the card made, or refused with this reason.
    Apply { order_line_id: i64, answer: Answer },
    /// Recorded before, exactly so (the same file imported twice).
    Unchanged { order_line_id: i64 },
    Problem(LineProblem),
}

/// Reads the decoded text of a result file.
pub fn read(text: &str) -> Result<ReadFile, FileProblem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let records = parse_csv(text).ok_or(FileProblem::Unreadable)?;
    let mut records = records.into_iter().filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()));
    let Some((_, header)) = records.next() else { return Err(FileProblem::Empty) };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let required = ["order_line_id", "id_number"];
    for name in required {
        if column(name).is_none() {
            return Err(FileProblem::MissingColumn(name.to_string()));
        }
    }
    if ANSWER_COLUMNS.iter().all(|c| column(c).is_none()) {
        return Err(FileProblem::MissingColumn(ANSWER_COLUMNS.join(" / ")));
    }
    let unknown_columns =
        header.iter().filter(|h| !BATCH_COLUMNS.contains(&h.as_str()) && !ANSWER_COLUMNS.contains(&h.as_str())).cloned().collect();
    let cell = |record: &[String], name: &str| column(name).and_then(|i| record.get(i)).map(|c| unspreadsheet(c)).unwrap_or_default();
    let lines: Vec<ResultLine> = records
        .map(|(row, r)| ResultLine {
            row,
            order_line_id: cell(&r, "order_line_id"),
            id_number: cell(&r, "id_number"),
            card_number: cell(&r, "card_number"),
            refusal_reason: cell(&r, "refusal_reason"),
        })
        .collect();
    if lines.is_empty() {
        return Err(FileProblem::Empty);
    }
    Ok(ReadFile { lines, unknown_columns })
}

/// A cell as the bank meant it: trimmed; Excel's text forms `="0123"` and `'0123` undone.
fn unspreadsheet(cell: &str) -> String {
    let c = cell.trim();
    let c = match c.strip_prefix("=\"").and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner,
        None => c.strip_prefix('\'').unwrap_or(c),
    };
    c.trim().to_string()
}

/// RFC 4180: fields separated by commas, quoted with `"` (a quote inside doubled), records ended by
/// CRLF or LF. Each record with the file line it starts on. None if a quote never closes.
fn parse_csv(text: &str) -> Option<Vec<(usize, Vec<String>)>> {
    let mut records = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let (mut line, mut start_line) = (1, 1);
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push((start_line, std::mem::take(&mut record)));
                line += 1;
                start_line = line;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return None;
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push((start_line, record));
    }
    Some(records)
}

/// Judges every line: `known` holds what the database says of the order lines the file names,
/// `taken` the card numbers already on a card. A line that appears twice, or a card number that
/// appears on two lines, is applied nowhere.
pub fn judge(lines: &[ResultLine], known: &HashMap<i64, KnownLine>, taken: &HashSet<String>) -> Vec<Verdict> {
    let count = |key: &dyn Fn(&ResultLine) -> String| {
        let mut n: HashMap<String, usize> = HashMap::new();
        for l in lines {
            let k = key(l);
            if !k.is_empty() {
                *n.entry(k).or_default() += 1;
            }
        }
        n
    };
    // The same line however it is written ("1", "01", ="001"): by its number when it has one.
    let line_counts = count(&|l| l.order_line_id.parse::<i64>().map_or_else(|_| l.order_line_id.clone(), |n| n.to_string()));
    let card_counts = count(&|l| l.card_number.chars().filter(|c| !c.is_whitespace()).collect());
    lines
        .iter()
        .map(|l| judge_line(l, known, taken, &line_counts, &card_counts).unwrap_or_else(Verdict::Problem))
        .collect()
}

fn judge_line(
    l: &ResultLine,
    known: &HashMap<i64, KnownLine>,
    taken: &HashSet<String>,
    line_counts: &HashMap<String, usize>,
    card_counts: &HashMap<String, usize>,
) -> Result<Verdict, LineProblem> {
    let is_formula = |s: &str| s.starts_with(['=', '+', '@', '-']);
    if is_formula(&l.order_line_id) || is_formula(&l.card_number) || is_formula(&l.id_number) {
        return Err(LineProblem::Formula);
    }
    let id: i64 = l.order_line_id.parse().ok().filter(|id| *id > 0).ok_or(LineProblem::BadLineId)?;
    if line_counts.get(&id.to_string()).copied().unwrap_or(0) > 1 {
        return Err(LineProblem::LineTwice);
    }
    let line = known.get(&id).ok_or(LineProblem::UnknownLine)?;
    if !l.id_number.eq_ignore_ascii_case(line.id_number.trim()) {
        return Err(LineProblem::IdMismatch);
    }
    let reason = l.refusal_reason.trim();
    let answer = match (l.card_number.is_empty(), reason.is_empty()) {
        (true, true) => return Err(LineProblem::NoAnswer),
        (false, false) => return Err(LineProblem::BothAnswers),
        (false, true) => {
            let number = CardNumber::parse(&l.card_number).map_err(LineProblem::CardNumber)?;
            if card_counts.get(number.as_str()).copied().unwrap_or(0) > 1 {
                return Err(LineProblem::CardTwice);
            }
            Answer::Made(number.as_str().to_string())
        }
        (true, false) if reason.chars().count() > MAX_REASON_CHARS => return Err(LineProblem::ReasonTooLong),
        (true, false) => Answer::Refused(reason.to_string()),
    };
    match &line.answered {
        Some(before) if *before == answer => return Ok(Verdict::Unchanged { order_line_id: id }),
        Some(_) if !line.batch_open => return Err(LineProblem::BatchClosed),
        Some(_) => return Err(LineProblem::AlreadyAnswered),
        None => {}
    }
    if let Answer::Made(number) = &answer {
        if taken.contains(number) {
            return Err(LineProblem::CardTaken);
        }
    }
    Ok(Verdict::Apply { order_line_id: id, answer })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD_A: &str = "6222021234567894";
    const CARD_B: &str = "6222021234567902";
    const ID: &str = "11010519491231002X";

    fn known() -> HashMap<i64, KnownLine> {
        let open = |answered| KnownLine { id_number: ID.into(), batch_open: true, answered };
        HashMap::from([
            (1, open(None)),
            (2, open(None)),
            (3, open(Some(Answer::Made(CARD_A.into())))),
            (4, KnownLine { id_number: ID.into(), batch_open: false, answered: Some(Answer::Refused("照片不清晰".into())) }),
        ])
    }

    fn line(id: &str, id_number: &str, card: &str, reason: &str) -> ResultLine {
        ResultLine { row: 2, order_line_id: id.into(), id_number: id_number.into(), card_number: card.into(), refusal_reason: reason.into() }
    }

    #[test]
    fn card_numbers_of_the_fixtures_are_valid() {
        assert!(CardNumber::parse(CARD_A).is_ok() && CardNumber::parse(CARD_B).is_ok());
    }

    /// Each line alone against the database state of `known()`: (line, verdict).
    #[test]
    fn each_line_is_judged() {
        let taken = HashSet::from([CARD_A.to_string()]);
        let lower_x = ID.to_lowercase();
        let table: Vec<(ResultLine, Verdict)> = vec![
            (line("1", ID, CARD_B, ""), Verdict::Apply { order_line_id: 1, answer: Answer::Made(CARD_B.into()) }),
            (line("1", &lower_x, "6222 0212 3456 7902", ""), Verdict::Apply { order_line_id: 1, answer: Answer::Made(CARD_B.into()) }),
            (line("2", ID, "", "照片不清晰"), Verdict::Apply { order_line_id: 2, answer: Answer::Refused("照片不清晰".into()) }),
            (line("3", ID, CARD_A, ""), Verdict::Unchanged { order_line_id: 3 }),
            (line("4", ID, "", "照片不清晰"), Verdict::Unchanged { order_line_id: 4 }),
            (line("x1", ID, CARD_B, ""), Verdict::Problem(LineProblem::BadLineId)),
            (line("0", ID, CARD_B, ""), Verdict::Problem(LineProblem::BadLineId)),
            (line("99", ID, CARD_B, ""), Verdict::Problem(LineProblem::UnknownLine)),
            (line("1", "110105194912310029", CARD_B, ""), Verdict::Problem(LineProblem::IdMismatch)),
            (line("1", ID, "", ""), Verdict::Problem(LineProblem::NoAnswer)),
            (line("1", ID, CARD_B, "坏卡"), Verdict::Problem(LineProblem::BothAnswers)),
            (line("1", ID, "6222021234567890", ""), Verdict::Problem(LineProblem::CardNumber(Problem::CardNumberCheck))),
            (line("1", ID, "6.22202E+15", ""), Verdict::Problem(LineProblem::CardNumber(Problem::CardNumberFormat))),
            (line("1", ID, CARD_A, ""), Verdict::Problem(LineProblem::CardTaken)),
            (line("1", ID, "=HYPERLINK(\"x\")", ""), Verdict::Problem(LineProblem::Formula)),
            (line("+1", ID, CARD_B, ""), Verdict::Problem(LineProblem::Formula)),
            (line("3", ID, CARD_B, ""), Verdict::Problem(LineProblem::AlreadyAnswered)),
            (line("4", ID, CARD_B, ""), Verdict::Problem(LineProblem::BatchClosed)),
        ];
        for (l, expected) in table {
            assert_eq!(judge(std::slice::from_ref(&l), &known(), &taken), vec![expected], "{l:?}");
        }
    }

    #[test]
    fn a_line_written_two_ways_is_still_twice_and_a_long_reason_is_refused() {
        let lines = [line("1", ID, CARD_B, ""), line("01", ID, "", "照片不清晰")];
        assert_eq!(judge(&lines, &known(), &HashSet::new()), vec![Verdict::Problem(LineProblem::LineTwice); 2]);
        let long = "很".repeat(MAX_REASON_CHARS + 1);
        assert_eq!(judge(&[line("2", ID, "", &long)], &known(), &HashSet::new()), vec![Verdict::Problem(LineProblem::ReasonTooLong)]);
        let just = "很".repeat(MAX_REASON_CHARS);
        assert!(matches!(judge(&[line("2", ID, "", &just)], &known(), &HashSet::new())[0], Verdict::Apply { .. }));
    }

    #[test]
    fn a_line_or_a_card_twice_in_the_file_goes_in_nowhere() {
        let lines = [line("1", ID, CARD_B, ""), line("1", ID, CARD_B, "")];
        assert_eq!(judge(&lines, &known(), &HashSet::new()), vec![Verdict::Problem(LineProblem::LineTwice); 2]);
        let lines = [line("1", ID, CARD_B, ""), line("2", ID, CARD_B, "")];
        assert_eq!(judge(&lines, &known(), &HashSet::new()), vec![Verdict::Problem(LineProblem::CardTwice); 2]);
    }

    #[test]
    fn the_file_is_read_as_a_spreadsheet_writes_it() {
        let text = "\u{feff}order_line_id,reference,id_number,card_number,refusal_reason,备注\r\n\
                    1,YJ-2026-000001,11010519491231002X,=\"6222021234567902\",,\r\n\
                    \"2\",YJ-2026-000002,'11010519491231002X,,\"照片不清晰, 请重拍\"\"新\"\"\",x\r\n\
                    ,,,,,\r\n\
                    3,YJ-2026-000003,11010519491231002X,,\"两行\n理由\",\n";
        let read = read(text).unwrap();
        assert_eq!(read.unknown_columns, vec!["备注".to_string()]);
        assert_eq!(read.lines.len(), 3);
        assert_eq!(read.lines[0], ResultLine { row: 2, order_line_id: "1".into(), id_number: ID.into(), card_number: CARD_B.into(), refusal_reason: "".into() });
        assert_eq!(read.lines[1].id_number, ID);
        assert_eq!(read.lines[1].refusal_reason, "照片不清晰, 请重拍\"新\"");
        assert_eq!((read.lines[2].row, read.lines[2].refusal_reason.as_str()), (5, "两行\n理由"));
    }

    #[test]
    fn files_that_cannot_be_used_say_why() {
        assert_eq!(read(""), Err(FileProblem::Empty));
        assert_eq!(read("\u{feff}order_line_id,id_number,card_number\r\n"), Err(FileProblem::Empty));
        assert_eq!(read("order_line_id,card_number\n1,6222021234567902"), Err(FileProblem::MissingColumn("id_number".into())));
        assert_eq!(read("order_line_id,id_number\n1,x"), Err(FileProblem::MissingColumn("card_number / refusal_reason".into())));
        assert_eq!(read("order_line_id,id_number,card_number\n\"1,x,y"), Err(FileProblem::Unreadable));
        // Header names are read in any case, around spaces.
        assert!(read(" Order_Line_ID ,ID_NUMBER,Card_Number\n1,x,y").is_ok());
    }
}
