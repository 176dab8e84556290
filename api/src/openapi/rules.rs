//! The server's rules stated in the document where utoipa's attributes cannot: lengths of
//! formatted strings and the patterns text fields are parsed with.

/// Strings of these formats have a fixed or bounded length, which the schemas should state
/// (clients and fuzzers size their buffers by it): a UUID is 36 characters, a date 10, an
/// RFC 3339 timestamp at most 35 (with nanoseconds and an offset).
const FORMAT_MAX_LENGTHS: [(&str, u64); 3] = [("uuid", 36), ("date", 10), ("date-time", 35)];

/// Text fields and the rule (a domain pattern) each one is parsed with, by component and
/// property; `""` is the component itself. utoipa takes only literal patterns in its
/// attributes, so the rules are stated here from the constants the parsers are written beside.
pub(super) const FIELD_PATTERNS: &[(&str, &str, &str)] = {
    use sotay_domain::document::DocumentCode;
    use sotay_domain::member::{CardNumber, PersonName, Phone};
    use sotay_domain::session::OnlineUrl;
    use sotay_domain::text::{
        MULTI_LINE_PATTERN, MULTI_LINE_REQUIRED_PATTERN, SINGLE_LINE_PATTERN,
    };
    &[
        ("LoginRequest", "login", SINGLE_LINE_PATTERN),
        ("CreateMemberRequest", "card_number", CardNumber::PATTERN),
        ("CreateMemberRequest", "full_name", PersonName::PATTERN),
        ("CreateMemberRequest", "phone", Phone::PATTERN),
        ("UpdateMemberRequest", "full_name", PersonName::PATTERN),
        ("UpdateMemberRequest", "phone", Phone::PATTERN),
        ("CreateOrgRequest", "name", SINGLE_LINE_PATTERN),
        ("UpdateOrgRequest", "name", SINGLE_LINE_PATTERN),
        ("CreateDocumentRequest", "code", DocumentCode::PATTERN),
        ("CreateDocumentRequest", "title", SINGLE_LINE_PATTERN),
        ("CreateDocumentRequest", "issuer", SINGLE_LINE_PATTERN),
        ("CreateDocumentRequest", "summary", MULTI_LINE_PATTERN),
        ("CreateDocumentRequest", "body", MULTI_LINE_PATTERN),
        ("UpdateDocumentRequest", "code", DocumentCode::PATTERN),
        ("UpdateDocumentRequest", "title", SINGLE_LINE_PATTERN),
        ("UpdateDocumentRequest", "issuer", SINGLE_LINE_PATTERN),
        ("UpdateDocumentRequest", "summary", MULTI_LINE_PATTERN),
        ("UpdateDocumentRequest", "body", MULTI_LINE_PATTERN),
        ("TargetBody", "name", SINGLE_LINE_PATTERN),
        ("TargetBody", "unit", SINGLE_LINE_PATTERN),
        ("ItemBody", "title", SINGLE_LINE_PATTERN),
        ("ItemBody", "description", MULTI_LINE_PATTERN),
        ("ObjectiveText", "", MULTI_LINE_REQUIRED_PATTERN),
        ("CreateSessionRequest", "online_url", OnlineUrl::PATTERN),
        ("UpdateSessionRequest", "online_url", OnlineUrl::PATTERN),
        ("CreateSessionRequest", "title", SINGLE_LINE_PATTERN),
        ("CreateSessionRequest", "location", SINGLE_LINE_PATTERN),
        ("UpdateSessionRequest", "title", SINGLE_LINE_PATTERN),
        ("UpdateSessionRequest", "location", SINGLE_LINE_PATTERN),
        ("RsvpRequest", "reason", SINGLE_LINE_PATTERN),
        ("MarkRequest", "reason", SINGLE_LINE_PATTERN),
        ("CreateCampaignRequest", "title", SINGLE_LINE_PATTERN),
        ("UpdateCampaignRequest", "title", SINGLE_LINE_PATTERN),
        ("WriteReflectionRequest", "body", MULTI_LINE_PATTERN),
        ("ReviewReflectionRequest", "comment", MULTI_LINE_PATTERN),
        ("CreatePlanRequest", "title", SINGLE_LINE_PATTERN),
        ("UpdatePlanRequest", "title", SINGLE_LINE_PATTERN),
        ("CreateItemRequest", "title", SINGLE_LINE_PATTERN),
        ("CreateItemRequest", "description", MULTI_LINE_PATTERN),
        ("UpdateItemRequest", "title", SINGLE_LINE_PATTERN),
        ("UpdateItemRequest", "description", MULTI_LINE_PATTERN),
        ("IndicatorBody", "unit", SINGLE_LINE_PATTERN),
        ("ProgressRequest", "note", MULTI_LINE_PATTERN),
        ("ReviewPlanRequest", "comment", MULTI_LINE_PATTERN),
    ]
};

/// States in the schemas the rules the server enforces on strings, so that a client generated
/// from the document sends nothing the server refuses for its form:
/// - every string of a bounded format gets its `maxLength`;
/// - every date its year range (1900-2100, [`DATE_PATTERN`](sotay_domain::member::DATE_PATTERN));
/// - every id in a path or a body its lower-case form, as ids are matched as text (query
///   parameters parse ids as UUIDs, any case, and are left as they are);
/// - each field of [`FIELD_PATTERNS`] its pattern.
///
/// utoipa's typed model has no generic walk, so this goes through the JSON form; a document
/// that does not survive the round trip is returned unchanged (the drift test would show it).
pub fn state_rules(document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    fn walk(value: &mut serde_json::Value, in_query: bool) {
        match value {
            serde_json::Value::Object(object) => {
                let in_query = in_query || object.get("in").is_some_and(|place| place == "query");
                let format = object
                    .get("format")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned);
                if let Some(format) = format {
                    if let Some((_, max)) = FORMAT_MAX_LENGTHS.iter().find(|(f, _)| *f == format) {
                        object.entry("maxLength").or_insert((*max).into());
                    }
                    let pattern = match format.as_str() {
                        "date" => Some(sotay_domain::member::DATE_PATTERN),
                        "uuid" if !in_query => Some(sotay_domain::ids::UUID_PATTERN),
                        _ => None,
                    };
                    if let Some(pattern) = pattern {
                        object.entry("pattern").or_insert(pattern.into());
                    }
                }
                object.values_mut().for_each(|value| walk(value, in_query));
            }
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(|value| walk(value, in_query));
            }
            _ => {}
        }
    }
    let Ok(mut json) = serde_json::to_value(&document) else {
        return document;
    };
    walk(&mut json, false);
    for (schema, property, pattern) in FIELD_PATTERNS {
        let mut pointer = format!("/components/schemas/{schema}");
        if !property.is_empty() {
            pointer.push_str(&format!("/properties/{property}"));
        }
        if let Some(serde_json::Value::Object(field)) = json.pointer_mut(&pointer) {
            field.insert("pattern".to_owned(), (*pattern).into());
        }
    }
    serde_json::from_value(json).unwrap_or(document)
}
