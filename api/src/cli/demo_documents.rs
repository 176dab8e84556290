//! The demo ward's documents: its 2025-2030 congress resolution (objectives, key targets, four
//! programs, four breakthroughs), Directive 50-CT/TW and the guidance implementing it, all
//! published to the ward, with some members having read and acknowledged the resolution, and
//! a PDF summary attached to it.
//! Texts are illustrative, written for the demo.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use sotay_domain::attachment::FileKind;
use sotay_domain::document::{
    self, DocumentStatus, ItemDraft, Structure, StructureDraft, TargetDraft,
};
use sotay_domain::ids::{DocumentId, MemberId, OrgId};
use sotay_persistence::attachments::{self, NewAttachment};
use sotay_persistence::documents::{self, DocumentChanges, NewDocument, ReadRow, TargetRow};
use sotay_persistence::{DbConnection, clock, orgs, stored};

use crate::app::documents::snapshot_version;
use crate::app::notifications::events::{self, DocumentNamed};
use crate::error::ApiError;

/// A one-page PDF showing `lines`, with a correct cross-reference table. ASCII only: the
/// standard Helvetica font a PDF may name without embedding has no Vietnamese marks.
fn demo_pdf(lines: &[&str]) -> Vec<u8> {
    let mut text = String::from("BT /F1 13 Tf 56 780 Td 20 TL\n");
    for line in lines {
        let escaped = line
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        text.push_str(&format!("({escaped}) '\n"));
    }
    text.push_str("ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
         /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_owned(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
    }
    let xref_at = pdf.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        table.push_str(&format!("{offset:010} 00000 n \n"));
    }
    table.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.extend_from_slice(table.as_bytes());
    pdf
}

/// The resolution's summary for members to keep: a PDF attachment.
fn attach_summary(
    connection: &mut DbConnection,
    document_id: &str,
    secretary_id: &str,
) -> Result<(), ApiError> {
    let content = demo_pdf(&[
        "NGHI QUYET DAI HOI DAI BIEU DANG BO PHUONG HUONG AN LAN THU I",
        "Nhiem ky 2025 - 2030 (ban tom tat minh hoa cho demo)",
        "",
        "Bon chuong trinh trong diem, bon khau dot pha:",
        "xem phan cau truc cua van ban tren So tay Dang vien dien tu.",
    ]);
    let sha256: String = Sha256::digest(&content)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    attachments::insert(
        connection,
        &NewAttachment {
            id: &uuid::Uuid::now_v7().to_string(),
            document_id,
            file_name: "Nghị quyết Đại hội - tóm tắt.pdf",
            content_type: FileKind::Pdf.media_type(),
            size_bytes: i64::try_from(content.len()).map_err(ApiError::internal)?,
            sha256: &sha256,
            content: &content,
            uploaded_by: Some(secretary_id),
            uploaded_at: clock::now(),
        },
    )?;
    Ok(())
}

struct DemoDocument {
    kind: &'static str,
    code: &'static str,
    title: &'static str,
    issuer: &'static str,
    issued_on: (i32, u32, u32),
    summary: &'static str,
    body: &'static str,
    structure: Option<Structure>,
    required: bool,
}

fn date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

fn items(titles: &[(&str, &str)]) -> Vec<ItemDraft> {
    titles
        .iter()
        .map(|(title, description)| ItemDraft {
            id: None,
            title: (*title).to_owned(),
            description: Some((*description).to_owned()),
        })
        .collect()
}

fn target(name: &str, unit: &str, baseline: f64, target_value: f64) -> TargetDraft {
    TargetDraft {
        id: None,
        name: name.to_owned(),
        unit: Some(unit.to_owned()),
        baseline: Some(baseline),
        target_value: Some(target_value),
        deadline: date(2030, 12, 31),
    }
}

fn congress_structure() -> Result<Structure, ApiError> {
    StructureDraft {
        objectives: vec![
            "Xây dựng Đảng bộ phường trong sạch, vững mạnh toàn diện; phát huy sức mạnh đại \
             đoàn kết toàn dân."
                .to_owned(),
            "Phát triển kinh tế - xã hội nhanh, bền vững; xây dựng phường Hương An văn minh, \
             hiện đại, đời sống Nhân dân ngày càng nâng cao."
                .to_owned(),
        ],
        targets: vec![
            target(
                "Tốc độ tăng giá trị sản xuất bình quân hằng năm",
                "%",
                8.0,
                10.0,
            ),
            target("Tỷ lệ hộ nghèo đa chiều", "%", 1.2, 0.0),
            target(
                "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
                "%",
                85.0,
                90.0,
            ),
            target("Kết nạp đảng viên mới cả nhiệm kỳ", "đảng viên", 0.0, 60.0),
            target(
                "Tỷ lệ hồ sơ thủ tục hành chính giải quyết trực tuyến",
                "%",
                60.0,
                95.0,
            ),
        ],
        programs: items(&[
            (
                "Chương trình chuyển đổi số và xây dựng chính quyền số",
                "Ứng dụng Sổ tay Đảng viên điện tử, dịch vụ công trực tuyến.",
            ),
            (
                "Chương trình chỉnh trang đô thị văn minh",
                "Hạ tầng, cây xanh, vệ sinh môi trường ở các tổ dân phố.",
            ),
            (
                "Chương trình phát triển nông nghiệp đô thị",
                "Hỗ trợ Hợp tác xã Nông nghiệp, sản phẩm sạch.",
            ),
            (
                "Chương trình chăm sóc sức khỏe Nhân dân",
                "Nâng cao chất lượng Trạm Y tế phường.",
            ),
        ]),
        breakthroughs: items(&[
            ("Cải cách hành chính", "Một cửa, một lần, trực tuyến."),
            (
                "Phát triển nguồn nhân lực",
                "Đào tạo, bồi dưỡng cán bộ cơ sở.",
            ),
            (
                "Đầu tư kết cấu hạ tầng",
                "Giao thông, thoát nước khu dân cư.",
            ),
            (
                "Nâng cao chất lượng sinh hoạt chi bộ",
                "Mô hình \"Chi bộ bốn tốt\".",
            ),
        ]),
    }
    .resolve(&Structure::default())
    .map_err(|problems| ApiError::internal(format!("demo structure: {problems:?}")))
}

fn plan() -> Result<Vec<DemoDocument>, ApiError> {
    Ok(vec![
        DemoDocument {
            kind: "resolution",
            code: "01-NQ/ĐH",
            title: "Nghị quyết Đại hội đại biểu Đảng bộ phường Hương An lần thứ I, nhiệm kỳ 2025 - 2030",
            issuer: "Đại hội đại biểu Đảng bộ phường Hương An lần thứ I",
            issued_on: (2025, 8, 20),
            summary: "Mục tiêu tổng quát, các chỉ tiêu chủ yếu, bốn chương trình trọng điểm và \
                      bốn khâu đột phá của phường Hương An nhiệm kỳ 2025 - 2030.",
            body: "# Nghị quyết Đại hội\n\n## Mục tiêu tổng quát\n\nXây dựng Đảng bộ trong \
                   sạch, vững mạnh; phát triển phường Hương An nhanh, bền vững.\n\n## Chỉ tiêu \
                   chủ yếu\n\nXem phần cấu trúc.\n",
            structure: Some(congress_structure()?),
            required: true,
        },
        DemoDocument {
            kind: "directive",
            code: "50-CT/TW",
            title: "Chỉ thị 50-CT/TW của Ban Bí thư về nâng cao chất lượng sinh hoạt chi bộ",
            issuer: "Ban Bí thư",
            issued_on: (2025, 7, 15),
            summary: "Đổi mới nội dung, hình thức sinh hoạt chi bộ (tóm tắt minh họa).",
            body: "# Chỉ thị 50-CT/TW\n\nNội dung minh họa cho bản demo.\n",
            structure: None,
            required: false,
        },
        DemoDocument {
            kind: "guidance",
            code: "42-HD/BTCTW",
            title: "Hướng dẫn thực hiện Chỉ thị 50-CT/TW về sinh hoạt chi bộ",
            issuer: "Ban Tổ chức Trung ương",
            issued_on: (2025, 10, 1),
            summary: "Tài liệu sinh hoạt phải đăng trên Sổ tay Đảng viên điện tử ít nhất một \
                      ngày trước buổi sinh hoạt (tóm tắt minh họa).",
            body: "# Hướng dẫn\n\nNội dung minh họa cho bản demo.\n",
            structure: None,
            required: false,
        },
    ])
}

/// Loads the documents into the ward, published by its secretary; `readers` open the
/// resolution, and every second one acknowledges it. Answers the documents' ids, the congress
/// resolution first.
pub fn load(
    connection: &mut DbConnection,
    ward: OrgId,
    secretary_id: &str,
    readers: &[MemberId],
) -> Result<Vec<DocumentId>, ApiError> {
    let ward_id = &ward.to_string();
    let now = clock::now();
    let ward_path = orgs::find(connection, ward)?
        .ok_or_else(|| ApiError::internal("the demo ward is missing"))?
        .path;
    let documents = plan()?;
    let mut loaded = Vec::with_capacity(documents.len());
    for demo in &documents {
        let document = DocumentId::new();
        loaded.push(document);
        let id = document.to_string();
        let structure = demo.structure.as_ref().map(stored::structure_json);
        let (year, month, day) = demo.issued_on;
        documents::insert(
            connection,
            &NewDocument {
                id: &id,
                org_id: ward_id,
                kind: demo.kind,
                code: demo.code,
                issuer: demo.issuer,
                issued_on: date(year, month, day),
                title: demo.title,
                summary: Some(demo.summary),
                body: Some(demo.body),
                structure: structure.as_deref(),
                search_text: &document::search_text(
                    demo.code,
                    demo.title,
                    demo.issuer,
                    Some(demo.summary),
                ),
                status: DocumentStatus::Published.as_str(),
                version: 1,
                created_by: Some(secretary_id),
                created_at: now,
                updated_at: now,
                list_key: &document::list_key(now, &id),
            },
        )?;
        documents::update(
            connection,
            document,
            &DocumentChanges {
                published_at: Some(Some(now)),
                ..DocumentChanges::default()
            },
        )?;
        if demo.required {
            attach_summary(connection, &id, secretary_id)?;
        }
        // Version 1 as published, with its file.
        snapshot_version(connection, document, Some(secretary_id))?;
        documents::upsert_target(
            connection,
            &TargetRow {
                id: uuid::Uuid::now_v7().to_string(),
                document_id: document,
                org_id: ward,
                required: demo.required,
                due_on: demo.required.then(|| date(2025, 9, 10)).flatten(),
                published_by: Some(secretary_id.to_owned()),
                published_at: now,
            },
        )?;
        // The ward's members hear of it, as they would of one published through the API.
        events::document_published(
            connection,
            &DocumentNamed {
                id: document,
                code: demo.code,
                title: demo.title,
                version: 1,
            },
            std::slice::from_ref(&ward_path),
            now,
        )?;
        if demo.required {
            for (index, reader) in readers.iter().enumerate() {
                let read_id = uuid::Uuid::now_v7().to_string();
                documents::record_open(
                    connection,
                    &ReadRow {
                        id: read_id.clone(),
                        document_id: document,
                        member_id: *reader,
                        version: 1,
                        opened_at: now,
                        acknowledged_at: None,
                    },
                )?;
                if index % 2 == 0 {
                    documents::acknowledge(connection, &read_id, now)?;
                }
            }
        }
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_pdf_cross_references_point_at_its_objects() {
        let pdf = demo_pdf(&["Dong (mot)", "Dong hai"]);
        let text = String::from_utf8(pdf.clone()).unwrap();
        let xref_at: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|tail| tail.lines().next())
            .unwrap()
            .parse()
            .unwrap();
        assert!(text[xref_at..].starts_with("xref\n0 6\n"));
        let entries: Vec<usize> = text[xref_at..]
            .lines()
            .skip(3)
            .take(5)
            .map(|line| line[..10].parse().unwrap())
            .collect();
        for (index, offset) in entries.into_iter().enumerate() {
            let header = format!("{} 0 obj\n", index + 1);
            assert!(text[offset..].starts_with(&header), "object {}", index + 1);
        }
        assert!(text.contains("(Dong \\(mot\\)) '"));
        let length_at = text.find("/Length ").unwrap() + "/Length ".len();
        let length: usize = text[length_at..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let stream_at = text.find("stream\n").unwrap() + "stream\n".len();
        assert_eq!(
            &text[stream_at + length..stream_at + length + 10],
            "\nendstream"
        );
    }
}
