//! Files attached to a document: the kinds accepted, recognised by their content rather than
//! their name, and the names they are kept and offered under.

use std::io::Cursor;

use crate::text::fold_for_search;
use crate::validation::Invalid;

/// The size an upload may have unless the operator sets another (`SOTAY_ATTACHMENT_MAX_BYTES`).
pub const DEFAULT_MAX_BYTES: usize = 20 * 1024 * 1024;
/// The most the setting allows: each file is held in memory while it is checked and stored.
pub const MAX_MAX_BYTES: usize = 50 * 1024 * 1024;
pub const MAX_FILE_NAME_LEN: usize = 255;
pub const MAX_PER_DOCUMENT: usize = 20;

/// A kind of file a document may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Docx,
    Xlsx,
    Png,
    Jpeg,
}

impl FileKind {
    pub const ALL: [FileKind; 5] = [
        FileKind::Pdf,
        FileKind::Docx,
        FileKind::Xlsx,
        FileKind::Png,
        FileKind::Jpeg,
    ];

    pub fn media_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
        }
    }

    /// The kind a stored media type names.
    pub fn from_media_type(media_type: &str) -> Option<FileKind> {
        FileKind::ALL
            .into_iter()
            .find(|kind| kind.media_type() == media_type)
    }

    /// File name extensions of this kind; the first is the one given to a name without any.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Pdf => &["pdf"],
            FileKind::Docx => &["docx"],
            FileKind::Xlsx => &["xlsx"],
            FileKind::Png => &["png"],
            FileKind::Jpeg => &["jpg", "jpeg"],
        }
    }

    fn described(self) -> (&'static str, &'static str) {
        match self {
            FileKind::Pdf => ("tệp PDF", "a PDF file"),
            FileKind::Docx => ("tài liệu Word (DOCX)", "a Word document (DOCX)"),
            FileKind::Xlsx => ("bảng tính Excel (XLSX)", "an Excel workbook (XLSX)"),
            FileKind::Png => ("ảnh PNG", "a PNG image"),
            FileKind::Jpeg => ("ảnh JPEG", "a JPEG image"),
        }
    }
}

fn not_accepted(found: Option<&str>) -> Invalid {
    let found_en = found.map_or_else(|| "of a kind".to_owned(), |found| format!("`{found}`"));
    Invalid::new(
        "unsupported_type",
        format!("Nội dung tệp {found_en} không được nhận; chỉ nhận PDF, DOCX, XLSX, PNG, JPEG."),
        format!(
            "The file's content is {found_en} not accepted; only PDF, DOCX, XLSX, PNG and JPEG are."
        ),
    )
}

/// What the bytes are, whatever the file is called. Office files are ZIP archives: their kind
/// is read from the archive's directory (`word/…` or `xl/…` beside `[Content_Types].xml`),
/// which holds for every producer, where the order of the first entries does not.
/// Macro-enabled Office files are refused: a phone has no business opening them.
pub fn sniff(content: &[u8]) -> Result<FileKind, Invalid> {
    if content.is_empty() {
        return Err(Invalid::new(
            "empty_file",
            "Tệp rỗng.",
            "The file is empty.",
        ));
    }
    if infer::archive::is_zip(content) {
        return office_kind(content);
    }
    match infer::get(content).map(|found| found.mime_type()) {
        Some("application/pdf") => Ok(FileKind::Pdf),
        Some("image/png") => Ok(FileKind::Png),
        Some("image/jpeg") => Ok(FileKind::Jpeg),
        other => Err(not_accepted(other)),
    }
}

/// More parts than any Office file a person writes has; the ZIP reader indexes every entry,
/// so a hostile directory of a million tiny entries must be turned away before it is read.
const MAX_OFFICE_PARTS: u16 = 10_000;

/// The entry count an archive's end-of-central-directory record declares; `None` when there
/// is no such record. ZIP64 archives declare 0xFFFF here and are refused with the crowded ones.
fn declared_entries(content: &[u8]) -> Option<u16> {
    const RECORD: usize = 22;
    const SIGNATURE: &[u8] = b"PK\x05\x06";
    let last = content.len().checked_sub(RECORD)?;
    // The record ends the file, after a comment of at most 65,535 bytes.
    let first = last.saturating_sub(usize::from(u16::MAX));
    (first..=last)
        .rev()
        .find(|&at| content[at..].starts_with(SIGNATURE))
        .and_then(|at| content.get(at + 10..at + 12))
        .map(|count| u16::from_le_bytes([count[0], count[1]]))
}

fn office_kind(content: &[u8]) -> Result<FileKind, Invalid> {
    match declared_entries(content) {
        None => return Err(not_accepted(Some("application/zip"))),
        Some(count) if count > MAX_OFFICE_PARTS => {
            return Err(Invalid::new(
                "too_many_parts",
                "Tệp nén có quá nhiều thành phần để là một tài liệu Office.",
                "The archive has too many parts to be an Office document.",
            ));
        }
        Some(_) => {}
    }
    let archive = zip::ZipArchive::new(Cursor::new(content))
        .map_err(|_| not_accepted(Some("application/zip")))?;
    // A name that is not UTF-8 is no part of an Office file's structure.
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|name| name.into_owned())
        .collect();
    let has = |name: &str| names.iter().any(|entry| entry == name);
    let under = |folder: &str| names.iter().any(|name| name.starts_with(folder));
    if !has("[Content_Types].xml") {
        return Err(not_accepted(Some("application/zip")));
    }
    // ZIP names are case-sensitive, Office's part names are not.
    if names
        .iter()
        .any(|name| name.to_ascii_lowercase().ends_with("vbaproject.bin"))
    {
        return Err(Invalid::new(
            "macros_not_accepted",
            "Tệp Office có macro không được nhận; hãy lưu lại dạng DOCX/XLSX thường.",
            "Office files with macros are not accepted; save it as a plain DOCX/XLSX.",
        ));
    }
    match (under("word/"), under("xl/")) {
        (true, false) => Ok(FileKind::Docx),
        (false, true) => Ok(FileKind::Xlsx),
        _ => Err(not_accepted(Some("an Office file"))),
    }
}

/// A file name as the uploader's device gave it, without any folder, trimmed and bounded,
/// and carrying an extension of the kind its content is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName(String);

impl FileName {
    pub fn parse(raw: &str, kind: FileKind) -> Result<FileName, Invalid> {
        // Some browsers send the whole path ("C:\Users\…\báo cáo.pdf").
        let base = raw.rsplit(['/', '\\']).next().unwrap_or_default().trim();
        if base.is_empty() || base.chars().all(|c| c == '.') {
            return Err(Invalid::required());
        }
        if base.chars().any(char::is_control) {
            return Err(Invalid::new(
                "invalid_characters",
                "Tên tệp không được chứa ký tự điều khiển.",
                "A file name must not contain control characters.",
            ));
        }
        let extension = base
            .rsplit_once('.')
            .map(|(stem, extension)| (stem, extension.to_ascii_lowercase()))
            .filter(|(stem, _)| !stem.is_empty())
            .map(|(_, extension)| extension);
        let name = match extension {
            Some(extension) if kind.extensions().contains(&extension.as_str()) => base.to_owned(),
            // "Scan 12" or "nghi-quyet.v2": no extension of any accepted kind, so the content's
            // is added, as a phone's share sheet would expect.
            Some(extension) if !is_known_extension(&extension) => {
                format!("{base}.{}", kind.extensions()[0])
            }
            None => format!("{base}.{}", kind.extensions()[0]),
            Some(extension) => {
                let (vi, en) = kind.described();
                return Err(Invalid::new(
                    "type_mismatch",
                    format!("Tên tệp có đuôi .{extension} nhưng nội dung là {vi}."),
                    format!("The name ends in .{extension} but the content is {en}."),
                ));
            }
        };
        if name.chars().count() > MAX_FILE_NAME_LEN {
            return Err(Invalid::too_long(MAX_FILE_NAME_LEN));
        }
        Ok(FileName(name))
    }

    /// A name read back from storage, where it was checked on the way in.
    pub fn stored(name: String) -> FileName {
        FileName(name)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name in plain ASCII, for clients that cannot read the UTF-8 one (`filename=` beside
    /// `filename*=` in `Content-Disposition`): "Nghị quyết.pdf" → "Nghi quyet.pdf".
    pub fn ascii_fallback(&self) -> String {
        let mut ascii = String::with_capacity(self.0.len());
        for c in self.0.chars() {
            let folded = fold_for_search(&c.to_string());
            for plain in folded.chars().filter(char::is_ascii) {
                let plain = if c.is_uppercase() {
                    plain.to_ascii_uppercase()
                } else {
                    plain
                };
                // Quotes and backslashes would end or escape the quoted header value.
                ascii.push(if matches!(plain, '"' | '\\') {
                    '_'
                } else {
                    plain
                });
            }
        }
        if ascii.trim_start_matches('.').is_empty() {
            return "attachment".to_owned();
        }
        if ascii.starts_with('.') {
            // Nothing of the stem survived ("文件.pdf"): keep the extension.
            return format!("attachment{ascii}");
        }
        ascii
    }
}

fn is_known_extension(extension: &str) -> bool {
    // Types a user might mistake for ours, or that disguise something else: a name in any of
    // these that does not match the content is refused, not silently "corrected".
    const OTHERS: [&str; 16] = [
        "doc", "xls", "ppt", "pptx", "odt", "ods", "txt", "rtf", "zip", "rar", "exe", "html",
        "htm", "svg", "gif", "webp",
    ];
    FileKind::ALL
        .iter()
        .any(|kind| kind.extensions().contains(&extension))
        || OTHERS.contains(&extension)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn kinds_are_recognised_by_their_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n").unwrap(), FileKind::Pdf);
        assert_eq!(sniff(PNG).unwrap(), FileKind::Png);
        assert_eq!(
            sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF").unwrap(),
            FileKind::Jpeg
        );
        assert_eq!(sniff(b"MZ\x90\0").unwrap_err().code, "unsupported_type");
        assert_eq!(sniff(b"GIF89a").unwrap_err().code, "unsupported_type");
        assert_eq!(sniff(b"plain text").unwrap_err().code, "unsupported_type");
        assert_eq!(sniff(b"").unwrap_err().code, "empty_file");
    }

    #[test]
    fn a_crowded_zip_directory_is_refused_before_it_is_indexed() {
        let names: Vec<String> = (0..10_001).map(|n| format!("{n}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let crowded = archive(&names);
        assert_eq!(sniff(&crowded).unwrap_err().code, "too_many_parts");
        let mut commented = archive(&["[Content_Types].xml", "word/document.xml"]);
        // A trailing comment after the directory's record is still found.
        let length = commented.len();
        commented[length - 2..].copy_from_slice(&3u16.to_le_bytes());
        commented.extend_from_slice(b"abc");
        assert_eq!(declared_entries(&commented), Some(2));
    }

    #[test]
    fn a_zip_is_not_an_office_file_unless_its_directory_says_so() {
        assert_eq!(
            sniff(b"PK\x03\x04 truncated").unwrap_err().code,
            "unsupported_type"
        );
    }

    #[test]
    fn names_lose_folders_and_must_agree_with_the_content() {
        let pdf = |raw: &str| FileName::parse(raw, FileKind::Pdf).map(|name| name.0);
        assert_eq!(
            pdf("C:\\Tài liệu\\Nghị quyết.pdf").unwrap(),
            "Nghị quyết.pdf"
        );
        assert_eq!(pdf("/tmp/bao-cao.PDF").unwrap(), "bao-cao.PDF");
        assert_eq!(pdf("Scan 12").unwrap(), "Scan 12.pdf");
        assert_eq!(pdf("nghi-quyet.v2").unwrap(), "nghi-quyet.v2.pdf");
        assert_eq!(pdf("anh.png").unwrap_err().code, "type_mismatch");
        assert_eq!(pdf("virus.exe").unwrap_err().code, "type_mismatch");
        assert_eq!(pdf("  ").unwrap_err().code, "required");
        assert_eq!(pdf("..").unwrap_err().code, "required");
        assert_eq!(pdf("a\nb.pdf").unwrap_err().code, "invalid_characters");
        assert_eq!(
            pdf(&format!("{}.pdf", "ả".repeat(252))).unwrap_err().code,
            "too_long"
        );
        let jpeg = FileName::parse("ảnh hội nghị.JPEG", FileKind::Jpeg).unwrap();
        assert_eq!(jpeg.as_str(), "ảnh hội nghị.JPEG");
    }

    #[test]
    fn the_ascii_fallback_keeps_letters_and_case_without_marks() {
        let name = FileName::stored("Nghị quyết Đại hội \"số 1\".pdf".to_owned());
        assert_eq!(name.ascii_fallback(), "Nghi quyet Dai hoi _so 1_.pdf");
        assert_eq!(FileName::stored("ảnh".to_owned()).ascii_fallback(), "anh");
        assert_eq!(
            FileName::stored("文件".to_owned()).ascii_fallback(),
            "attachment"
        );
        assert_eq!(
            FileName::stored("文件.pdf".to_owned()).ascii_fallback(),
            "attachment.pdf"
        );
    }

    fn archive(entries: &[&str]) -> Vec<u8> {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for entry in entries {
            writer.start_file(*entry, options).unwrap();
            writer.write_all(b"<x/>").unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn office_files_are_told_apart_by_their_parts_in_any_order() {
        let docx = archive(&[
            "_rels/.rels",
            "docProps/app.xml",
            "[Content_Types].xml",
            "word/document.xml",
        ]);
        assert_eq!(sniff(&docx).unwrap(), FileKind::Docx);
        let xlsx = archive(&[
            "[Content_Types].xml",
            "xl/workbook.xml",
            "xl/worksheets/sheet1.xml",
        ]);
        assert_eq!(sniff(&xlsx).unwrap(), FileKind::Xlsx);
        let docm = archive(&[
            "[Content_Types].xml",
            "word/document.xml",
            "word/vbaProject.bin",
        ]);
        assert_eq!(sniff(&docm).unwrap_err().code, "macros_not_accepted");
        let shouting = archive(&[
            "[Content_Types].xml",
            "xl/workbook.xml",
            "xl/VBAPROJECT.BIN",
        ]);
        assert_eq!(sniff(&shouting).unwrap_err().code, "macros_not_accepted");
        let pptx = archive(&["[Content_Types].xml", "ppt/presentation.xml"]);
        assert_eq!(sniff(&pptx).unwrap_err().code, "unsupported_type");
        let plain = archive(&["word/document.xml"]);
        assert_eq!(sniff(&plain).unwrap_err().code, "unsupported_type");
    }
}
