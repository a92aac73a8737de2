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

/// The download: never cached by a shared cache, saved as `name` (in the reader's language), or as
/// `ascii_name` by a client that cannot read RFC 6266's `filename*`.
pub fn csv_response(name: &str, ascii_name: &str, csv: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, content_disposition("attachment", name, ascii_name)),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        csv,
    )
        .into_response()
}

/// `Content-Disposition` naming the file in full, e.g. `身份证正面.pdf`, as RFC 6266 asks:
/// `attachment; filename="id-card.pdf"; filename*=UTF-8''%E8%BA%AB…`. Browsers take `filename*`;
/// `filename` is the ASCII fallback (of `fallback`'s characters, only letters, digits and `.-_`).
pub fn content_disposition(disposition: &str, name: &str, fallback: &str) -> String {
    let ascii: String = fallback.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).collect();
    let ascii = if ascii.trim_matches('.').is_empty() { "download".to_string() } else { ascii };
    format!("{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{}", crate::urls::encode_component(name))
}

/// The reader's language for a plain request: the `lang` cookie, else the browser's
/// `Accept-Language` (Chinese when it names neither), as for the pages (`i18n::detect_lang`).
pub fn lang_of(headers: &HeaderMap) -> Lang {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Lang::parse(value))
        .unwrap_or_else(|| {
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map_or(Lang::Zh, Lang::from_accept_language)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_keep_their_names() {
        assert_eq!(
            content_disposition("inline", "身份证正面.pdf", "id_front.pdf"),
            "inline; filename=\"id_front.pdf\"; filename*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81%E6%AD%A3%E9%9D%A2.pdf"
        );
        // Quotes, semicolons and line breaks cannot break out of the header.
        assert_eq!(
            content_disposition("attachment", "a\";b\r\n.csv", "a\";b\r\n.csv"),
            "attachment; filename=\"ab.csv\"; filename*=UTF-8''a%22%3Bb%0D%0A.csv"
        );
        assert_eq!(content_disposition("attachment", "审计.csv", "审计"), "attachment; filename=\"download\"; filename*=UTF-8''%E5%AE%A1%E8%AE%A1.csv");
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("同意"), "\"同意\"");
        assert_eq!(csv_field("他说\"好\""), "\"他说\"\"好\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1+1"), "\"'-1+1\"");
        // Issue 18: every character a spreadsheet starts a formula with.
        for cell in ["+86 138", "@SUM(A1)", "\tcmd", "\rcmd"] {
            assert_eq!(csv_field(cell), format!("\"'{cell}\""), "{cell:?}");
        }
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
