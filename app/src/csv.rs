//! CSV downloads for officials (issue 4: the audit record, each queue, the decision agenda): one
//! way to quote a field and one way to answer, so every export opens cleanly in a spreadsheet.
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};

use crate::i18n::{Lang, LANG_COOKIE};

/// One CSV field: quoted, quotes doubled; a leading `= + - @` (a spreadsheet formula) is defused
/// with an apostrophe, so an opinion can never run in the reader's spreadsheet.
pub fn csv_field(s: &str) -> String {
    let defused = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

/// A whole file: a byte-order mark (so spreadsheets read UTF-8 Chinese), the header, the rows.
pub fn csv_text<R: AsRef<[String]>>(header: &[&str], rows: impl IntoIterator<Item = R>) -> String {
    let line = |fields: &mut dyn Iterator<Item = &str>| fields.map(csv_field).collect::<Vec<_>>().join(",") + "\r\n";
    let mut csv = String::from("\u{feff}");
    csv.push_str(&line(&mut header.iter().copied()));
    for row in rows {
        csv.push_str(&line(&mut row.as_ref().iter().map(String::as_str)));
    }
    csv
}

/// The download: never cached by a shared cache, saved under `filename`.
pub fn csv_response(filename: &str, csv: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        csv,
    )
        .into_response()
}

/// The reader's language, from the `lang` cookie of a plain request (default Chinese).
pub fn lang_of(headers: &HeaderMap) -> Lang {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Lang::parse(value))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("同意"), "\"同意\"");
        assert_eq!(csv_field("他说\"好\""), "\"他说\"\"好\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1+1"), "\"'-1+1\"");
        assert_eq!(csv_field("a,b\nc"), "\"a,b\nc\"");
    }

    #[test]
    fn a_file_has_a_bom_a_header_and_crlf_lines() {
        let csv = csv_text(&["参考号", "姓名"], [vec!["YJ-2026-000001".to_string(), "张三".to_string()]]);
        assert_eq!(csv, "\u{feff}\"参考号\",\"姓名\"\r\n\"YJ-2026-000001\",\"张三\"\r\n");
    }

    #[test]
    fn the_language_comes_from_the_cookie() {
        let mut h = HeaderMap::new();
        assert_eq!(lang_of(&h), Lang::Zh);
        h.insert(header::COOKIE, "session=abc; lang=en".parse().unwrap());
        assert_eq!(lang_of(&h), Lang::En);
    }
}
