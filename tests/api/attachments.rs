//! Attachments: files of the kinds accepted, recognised by content, downloaded intact with
//! their Vietnamese names; disguised, empty and oversized files refused with nothing stored.

use std::io::Write;

use serde_json::{Value, json};

use crate::endpoints::paths;
use crate::helpers::{Backend, TestApp, TestDatabase, problem};
use crate::world::World;

on_every_backend!(
    readers_download_attachments_intact_with_their_vietnamese_names,
    disguised_empty_and_oversized_files_are_refused_and_nothing_is_stored,
);

const PDF: &[u8] =
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// An Office file: a ZIP holding `[Content_Types].xml` and the given parts.
fn office(parts: &[&str]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for part in std::iter::once(&"[Content_Types].xml").chain(parts) {
        writer.start_file(*part, options).unwrap();
        writer.write_all(b"<?xml version=\"1.0\"?><x/>").unwrap();
    }
    writer.finish().unwrap().into_inner()
}

async fn draft(app: &TestApp, token: &str, org: &str) -> String {
    let created = app
        .created_document(
            token,
            json!({"org_id": org, "kind": "resolution", "code": "01-NQ/ĐH",
                "title": "Nghị quyết Đại hội", "issuer": "Đại hội đại biểu"}),
        )
        .await;
    created["id"].as_str().unwrap().to_owned()
}

async fn readers_download_attachments_intact_with_their_vietnamese_names(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;
    let doc = draft(&app, secretary, &world.ward_a).await;
    let before: Value = app
        .get_document(secretary, &doc)
        .await
        .json()
        .await
        .unwrap();

    let uploaded = app
        .upload_attachment(
            secretary,
            &doc,
            "/storage/emulated/0/Download/Nghị quyết Đại hội.pdf",
            PDF.to_vec(),
        )
        .await;
    assert_eq!(uploaded.status(), 201);
    let location = uploaded.headers()["location"].to_str().unwrap().to_owned();
    let pdf: Value = uploaded.json().await.unwrap();
    assert_eq!(
        pdf["file_name"], "Nghị quyết Đại hội.pdf",
        "no folders kept"
    );
    assert_eq!(pdf["content_type"], "application/pdf");
    assert_eq!(pdf["size_bytes"], PDF.len());
    let pdf_id = pdf["id"].as_str().unwrap();
    assert_eq!(location, paths::attachment(&doc, pdf_id));
    let docx = app
        .upload_attachment(
            secretary,
            &doc,
            "Kế hoạch thực hiện",
            office(&["docProps/app.xml", "word/document.xml"]),
        )
        .await;
    let docx: Value = docx.json().await.unwrap();
    assert_eq!(
        docx["file_name"], "Kế hoạch thực hiện.docx",
        "extension added"
    );
    assert_eq!(
        docx["content_type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let xlsx: Value = app
        .upload_attachment(
            secretary,
            &doc,
            "Chỉ tiêu.xlsx",
            office(&["xl/workbook.xml"]),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        xlsx["content_type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let after: Value = app
        .get_document(secretary, &doc)
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(
        before["updated_at"], after["updated_at"],
        "a phone's sync sees new attachments"
    );

    // Readers see nothing of a draft's files, then everything once it is published.
    problem(app.download_attachment(member, &doc, pdf_id).await, 404).await;
    app.publish_document(secretary, &doc, json!({"org_ids": [world.ward_a]}))
        .await;
    let listed: Value = app
        .list_attachments(member, &doc)
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["file_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Nghị quyết Đại hội.pdf",
            "Kế hoạch thực hiện.docx",
            "Chỉ tiêu.xlsx"
        ]
    );

    let download = app.download_attachment(member, &doc, pdf_id).await;
    assert_eq!(download.status(), 200);
    let headers = download.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(
        disposition.contains("filename=\"Nghi quyet Dai hoi.pdf\""),
        "{disposition}"
    );
    assert!(
        disposition.contains(
            "filename*=UTF-8''Ngh%E1%BB%8B%20quy%E1%BA%BFt%20%C4%90%E1%BA%A1i%20h%E1%BB%99i.pdf"
        ),
        "{disposition}"
    );
    let tag = headers["etag"].to_str().unwrap().to_owned();
    assert_eq!(tag, format!("\"{}\"", pdf["sha256"].as_str().unwrap()));
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
    let again = app
        .download_attachment_if_none_match(member, &doc, pdf_id, &tag)
        .await;
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["cache-control"], "private, no-cache");
    assert!(again.bytes().await.unwrap().is_empty());
    let weakened = app
        .download_attachment_if_none_match(member, &doc, pdf_id, &format!("W/{tag}"))
        .await;
    assert_eq!(weakened.status(), 304, "If-None-Match compares weakly");
    assert_eq!(headers["x-content-type-options"], "nosniff");

    // An attachment is reached through its own document only.
    let other = draft(&app, secretary, &world.cell_a1).await;
    problem(
        app.download_attachment(secretary, &other, pdf_id).await,
        404,
    )
    .await;

    // Readers do not change attachments; outsiders do not learn they exist.
    let refused = problem(
        app.upload_attachment(member, &doc, "x.pdf", PDF.to_vec())
            .await,
        403,
    )
    .await;
    assert_eq!(refused["code"], "forbidden");
    let outsider = crate::world::activate(&app, "79000007").await;
    problem(
        app.download_attachment(&outsider.access_token, &doc, pdf_id)
            .await,
        404,
    )
    .await;
    problem(
        app.list_attachments(&outsider.access_token, &doc).await,
        404,
    )
    .await;

    // The member studies version 1; removing a file of the published document makes version
    // 2, which asks them again, and each version keeps the list of its files.
    app.get_document(member, &doc).await;
    let acknowledged = app.acknowledge_document(member, &doc, json!({})).await;
    assert_eq!(acknowledged.status(), 200);
    let removed = app.delete_attachment(secretary, &doc, pdf_id).await;
    assert_eq!(removed.status(), 204);
    problem(app.download_attachment(member, &doc, pdf_id).await, 404).await;
    let now: Value = app.get_document(member, &doc).await.json().await.unwrap();
    assert_eq!(
        (now["version"].clone(), now["acknowledged"].clone()),
        (json!(2), json!(false))
    );
    let files_of = |version: u32| {
        let app = &app;
        let doc = &doc;
        async move {
            let version: Value = app
                .get_document_version(member, doc, version)
                .await
                .json()
                .await
                .unwrap();
            version["attachments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|file| file["file_name"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(files_of(1).await.len(), 3);
    assert!(
        files_of(1)
            .await
            .contains(&"Nghị quyết Đại hội.pdf".to_owned())
    );
    assert_eq!(
        files_of(2).await,
        ["Kế hoạch thực hiện.docx", "Chỉ tiêu.xlsx"]
    );
    let audit: Value = app
        .list_audit_events(&world.admin.access_token, "?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|event| event["action"].as_str())
        .filter(|action| action.starts_with("document.attachment"))
        .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "document.attachment_added")
            .count(),
        3
    );
    assert!(actions.contains(&"document.attachment_removed"));
}

async fn disguised_empty_and_oversized_files_are_refused_and_nothing_is_stored(backend: Backend) {
    let app = TestApp::spawn_with(
        TestDatabase::fresh(backend),
        &[("SOTAY_ATTACHMENT_MAX_BYTES", "4096")],
    )
    .await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let doc = draft(&app, secretary, &world.ward_a).await;
    let refused = |name: &'static str, content: Vec<u8>, code: &'static str| {
        let app = &app;
        let doc = &doc;
        async move {
            let answer = problem(
                app.upload_attachment(secretary, doc, name, content).await,
                422,
            )
            .await;
            assert_eq!(answer["errors"][0]["field"], "file", "{name}");
            assert_eq!(answer["errors"][0]["code"], code, "{name}");
        }
    };
    refused(
        "virus.pdf",
        b"MZ\x90\0\x03\0\0\0".to_vec(),
        "unsupported_type",
    )
    .await;
    refused("ảnh.pdf", PNG.to_vec(), "type_mismatch").await;
    refused("bảng.docx", office(&["xl/workbook.xml"]), "type_mismatch").await;
    refused(
        "macro.docx",
        office(&["word/document.xml", "word/vbaProject.bin"]),
        "macros_not_accepted",
    )
    .await;
    refused(
        "trình chiếu.pptx",
        office(&["ppt/presentation.xml"]),
        "unsupported_type",
    )
    .await;
    refused("rỗng.pdf", Vec::new(), "empty_file").await;

    let mut large = PDF.to_vec();
    large.resize(4097, b' ');
    let too_large = problem(
        app.upload_attachment(secretary, &doc, "lớn.pdf", large)
            .await,
        413,
    )
    .await;
    assert_eq!(too_large["code"], "payload_too_large");
    let mut largest = PDF.to_vec();
    largest.resize(4096, b' ');
    let fits = app
        .upload_attachment(secretary, &doc, "vừa.pdf", largest)
        .await;
    assert_eq!(fits.status(), 201, "the limit itself is allowed");

    let json = problem(
        app.post_as(
            &paths::attachments(&doc),
            Some(secretary),
            json!({"file": "x"}),
        )
        .await,
        415,
    )
    .await;
    assert_eq!(json["code"], "unsupported_media_type");
    let wrong_part = reqwest::multipart::Form::new().part(
        "tep",
        reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("a.pdf"),
    );
    let wrong_part = app
        .client
        .post(app.url(&paths::attachments(&doc)))
        .bearer_auth(secretary)
        .multipart(wrong_part)
        .send()
        .await
        .unwrap();
    let wrong_part = problem(wrong_part, 422).await;
    assert_eq!(wrong_part["errors"][0]["code"], "unexpected_part");

    let listed: Value = app
        .list_attachments(secretary, &doc)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed["items"].as_array().unwrap().len(),
        1,
        "only the file that fit was stored"
    );

    // A client that sends the RFC 5987 form of the name is read by it.
    let boundary = "sotay-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
         filename=\"ke-hoach.pdf\"; filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch.pdf\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(PDF);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let extended: Value = app
        .client
        .post(app.url(&paths::attachments(&doc)))
        .bearer_auth(secretary)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(extended["file_name"], "Kế hoạch.pdf");

    // At most 20 files per document.
    for n in 3..=20 {
        let name = format!("phụ lục {n}.png");
        let stored = app
            .upload_attachment(secretary, &doc, &name, PNG.to_vec())
            .await;
        assert_eq!(stored.status(), 201, "{name}");
    }
    let full = problem(
        app.upload_attachment(secretary, &doc, "thừa.png", PNG.to_vec())
            .await,
        409,
    )
    .await;
    assert_eq!(full["code"], "too_many_attachments");

    // An archived document's files stay as they are.
    app.publish_document(secretary, &doc, json!({"org_ids": [world.ward_a]}))
        .await;
    let archived = app.archive_document(secretary, &doc).await;
    assert_eq!(archived.status(), 200);
    let first: Value = app
        .list_attachments(secretary, &doc)
        .await
        .json()
        .await
        .unwrap();
    let first = first["items"][0]["id"].as_str().unwrap();
    let kept = problem(app.delete_attachment(secretary, &doc, first).await, 409).await;
    assert_eq!(kept["code"], "archived");
}
