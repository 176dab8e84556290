//! Documents and their attachments.

use reqwest::{Method, Response};
use serde_json::{Value, json};

use super::paths;
use crate::helpers::TestApp;

/// Documents: one method per endpoint, so that a path is spelled once ([`paths`]) and a route
/// change is one edit.
impl TestApp {
    /// `GET /documents`; `query` is empty or starts with `?` (`?status=draft&limit=5`).
    pub async fn list_documents(&self, token: &str, query: &str) -> Response {
        self.get_as(&format!("{}{query}", paths::DOCUMENTS), token)
            .await
    }

    pub async fn create_document(&self, token: &str, body: Value) -> Response {
        self.post_as(paths::DOCUMENTS, Some(token), body).await
    }

    /// [`TestApp::create_document`] that must answer 201: the created document.
    pub async fn created_document(&self, token: &str, body: Value) -> Value {
        self.create(paths::DOCUMENTS, token, body).await
    }

    pub async fn get_document(&self, token: &str, id: &str) -> Response {
        self.get_as(&paths::document(id), token).await
    }

    /// [`TestApp::get_document`] with `If-None-Match: tag`.
    pub async fn get_document_if_none_match(&self, token: &str, id: &str, tag: &str) -> Response {
        self.get_if_none_match(&paths::document(id), token, tag)
            .await
    }

    pub async fn update_document(&self, token: &str, id: &str, body: Value) -> Response {
        self.patch_as(&paths::document(id), token, body).await
    }

    pub async fn publish_document(&self, token: &str, id: &str, body: Value) -> Response {
        self.post_as(&paths::document_publish(id), Some(token), body)
            .await
    }

    pub async fn acknowledge_document(&self, token: &str, id: &str, body: Value) -> Response {
        self.post_as(&paths::document_acknowledge(id), Some(token), body)
            .await
    }

    /// `GET /documents/{id}/versions`.
    pub async fn list_document_versions(&self, token: &str, id: &str) -> Response {
        self.get_as(&paths::document_versions(id), token).await
    }

    /// `GET /documents/{id}/versions/{version}`.
    pub async fn get_document_version(&self, token: &str, id: &str, version: u32) -> Response {
        self.get_as(&paths::document_version(id, version), token)
            .await
    }

    pub async fn archive_document(&self, token: &str, id: &str) -> Response {
        self.post_as(&paths::document_archive(id), Some(token), json!({}))
            .await
    }

    /// `GET /documents/{id}/readership`; `query` is empty or starts with `?` (`?org_id=…`).
    pub async fn document_readership(&self, token: &str, id: &str, query: &str) -> Response {
        let path = format!("{}{query}", paths::document_readership(id));
        self.get_as(&path, token).await
    }

    /// [`TestApp::document_readership`] asked for as CSV: the text, after checking it is one.
    pub async fn document_readership_csv(&self, token: &str, id: &str, query: &str) -> String {
        let path = format!("{}{query}", paths::document_readership(id));
        self.get_csv(&path, token).await
    }
}

/// Attachments: one method per endpoint, so that a path is spelled once ([`paths`]) and a
/// route change is one edit.
impl TestApp {
    /// `GET /documents/{id}/attachments`.
    pub async fn list_attachments(&self, token: &str, document_id: &str) -> Response {
        self.get_as(&paths::attachments(document_id), token).await
    }

    /// `POST /documents/{id}/attachments`: `content` as the multipart part `file`, named
    /// `file_name` ([`TestApp::upload`]).
    pub async fn upload_attachment(
        &self,
        token: &str,
        document_id: &str,
        file_name: &str,
        content: Vec<u8>,
    ) -> Response {
        let path = paths::attachments(document_id);
        self.upload(&path, Some(token), file_name, content).await
    }

    /// `GET /documents/{id}/attachments/{attachment_id}`.
    pub async fn download_attachment(
        &self,
        token: &str,
        document_id: &str,
        attachment_id: &str,
    ) -> Response {
        self.get_as(&paths::attachment(document_id, attachment_id), token)
            .await
    }

    /// [`TestApp::download_attachment`] with `If-None-Match: tag`.
    pub async fn download_attachment_if_none_match(
        &self,
        token: &str,
        document_id: &str,
        attachment_id: &str,
        tag: &str,
    ) -> Response {
        let path = paths::attachment(document_id, attachment_id);
        self.get_if_none_match(&path, token, tag).await
    }

    /// `DELETE /documents/{id}/attachments/{attachment_id}`.
    pub async fn delete_attachment(
        &self,
        token: &str,
        document_id: &str,
        attachment_id: &str,
    ) -> Response {
        let path = paths::attachment(document_id, attachment_id);
        self.call(Method::DELETE, &path, Some(token), None).await
    }
}
