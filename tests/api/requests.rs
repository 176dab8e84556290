//! The requests besides a JSON call (helpers.rs): a text body, a multipart upload, a
//! conditional GET and a GET for CSV, which the per-endpoint methods (`endpoints/`) build on.

use crate::helpers::TestApp;

impl TestApp {
    /// A request with a body that is not JSON (CSV uploads).
    pub async fn send_text(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: String,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request sent")
    }

    /// A `multipart/form-data` upload of one file in the part `file`, its name sent as raw
    /// UTF-8 (not percent-encoded), as browsers and phone HTTP stacks send it.
    pub async fn upload(
        &self,
        path: &str,
        token: Option<&str>,
        file_name: &str,
        content: Vec<u8>,
    ) -> reqwest::Response {
        let part = reqwest::multipart::Part::bytes(content).file_name(file_name.to_owned());
        let form = reqwest::multipart::Form::new()
            .percent_encode_noop()
            .part("file", part);
        let mut request = self.client.post(self.url(path)).multipart(form);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request sent")
    }

    /// A conditional GET: `If-None-Match: tag`.
    pub async fn get_if_none_match(&self, path: &str, token: &str, tag: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .header("if-none-match", tag)
            .send()
            .await
            .expect("request sent")
    }

    /// A GET that asks for the CSV form (`Accept: text/csv`), answered as text.
    pub async fn get_csv(&self, path: &str, token: &str) -> String {
        let response = self
            .client
            .get(self.url(path))
            .bearer_auth(token)
            .header("accept", "text/csv")
            .send()
            .await
            .expect("request sent");
        assert_eq!(response.status().as_u16(), 200, "GET {path} as CSV");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap_or_default();
        assert!(content_type.starts_with("text/csv"), "{content_type}");
        response.text().await.expect("a CSV body")
    }
}
