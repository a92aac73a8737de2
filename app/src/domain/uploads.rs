//! Uploads (Art. 5: every document is an upload; SYSTEM.md: "checked by content, not by name").
use serde::{Deserialize, Serialize};

use super::{DocKind, Problem};

/// What the content of a file says it is (magic bytes), whatever its name claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
}

pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

impl FileType {
    pub fn sniff(head: &[u8]) -> Option<FileType> {
        if head.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(FileType::Png)
        } else {
            None
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
        }
    }

    pub fn from_mime(s: &str) -> Option<FileType> {
        [FileType::Pdf, FileType::Jpeg, FileType::Png]
            .into_iter()
            .find(|t| t.mime() == s)
    }
}

/// Checks an upload of `kind` whose whole content is `bytes` (SYSTEM.md: "checked by content").
pub fn check_upload(kind: DocKind, bytes: &[u8]) -> Result<FileType, Problem> {
    if bytes.is_empty() {
        return Err(Problem::FileEmpty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(Problem::FileTooLarge);
    }
    match (FileType::sniff(bytes), kind) {
        (None, DocKind::Photo) | (Some(FileType::Pdf), DocKind::Photo) => Err(Problem::PhotoType),
        (None, _) => Err(Problem::FileType),
        (Some(t), _) => Ok(t),
    }
}

/// How a refused upload is named in the URL the browser is sent back to (`?upload_error=`).
pub fn upload_problem_code(p: Problem) -> &'static str {
    match p {
        Problem::FileTooLarge => "too_large",
        Problem::FileEmpty => "empty",
        Problem::PhotoType => "photo_type",
        _ => "type",
    }
}

pub fn upload_problem_from_code(code: &str) -> Option<Problem> {
    [
        Problem::FileTooLarge,
        Problem::FileEmpty,
        Problem::PhotoType,
        Problem::FileType,
    ]
    .into_iter()
    .find(|p| upload_problem_code(*p) == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_judged_by_content() {
        assert_eq!(
            check_upload(DocKind::Other, b"%PDF-1.7 ..."),
            Ok(FileType::Pdf)
        );
        assert_eq!(
            check_upload(DocKind::Photo, &[0xFF, 0xD8, 0xFF, 0xE0]),
            Ok(FileType::Jpeg)
        );
        assert_eq!(
            check_upload(DocKind::Photo, b"%PDF-1.7"),
            Err(Problem::PhotoType)
        );
        // An .exe renamed .pdf starts with MZ.
        assert_eq!(
            check_upload(DocKind::Other, b"MZ\x90\x00\x03"),
            Err(Problem::FileType)
        );
        assert_eq!(check_upload(DocKind::Other, b""), Err(Problem::FileEmpty));
        let big = vec![b'%'; MAX_UPLOAD_BYTES + 1];
        assert_eq!(
            check_upload(DocKind::Other, &big),
            Err(Problem::FileTooLarge)
        );
    }
}
