//! Small URL rules shared by redirects and headers: which targets are this site's own, and
//! percent-encoding of a component.

/// A path of this site, never another origin: `/…` but not `//…` nor `/\…` (browsers read both as
/// another host), and nothing a header cannot carry (control characters).
pub fn is_local_path(target: &str) -> bool {
    target.starts_with('/')
        && !target.starts_with("//")
        && !target.starts_with("/\\")
        && !target.chars().any(|c| c.is_control())
}

/// Percent-encodes everything but RFC 3986's unreserved characters (for a query value, or
/// `filename*=UTF-8''…` of RFC 6266/5987).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_switch_goes_back_only_to_this_site() {
        for (target, ok) in [
            ("/", true),
            ("/review?stage=pre_review&q=%E5%BC%A0", true),
            ("/review?q=张三", true),
            ("//evil.example", false),
            ("/\\evil.example", false),
            ("/\n", false),
            ("https://evil.example", false),
            ("evil", false),
            ("", false),
        ] {
            assert_eq!(is_local_path(target), ok, "{target:?}");
        }
    }

    #[test]
    fn components_are_percent_encoded() {
        assert_eq!(encode_component("/review?q=a b&x=1"), "%2Freview%3Fq%3Da%20b%26x%3D1");
        assert_eq!(encode_component("身份证.pdf"), "%E8%BA%AB%E4%BB%BD%E8%AF%81.pdf");
        assert_eq!(encode_component("a-b_c.d~"), "a-b_c.d~");
    }
}
