//! The resolution library: drafting, structure with stable ids, publishing to organisations,
//! reading, acknowledging, versions, search, readership.

mod checks;
mod lifecycle;
mod lists;
mod readership;
mod versions;

use serde_json::{Value, json};

pub(super) fn congress_resolution(org_id: &str) -> Value {
    json!({
        "org_id": org_id,
        "kind": "resolution",
        "code": "01-NQ/ĐH",
        "title": "Nghị quyết Đại hội đại biểu Đảng bộ phường lần thứ I, nhiệm kỳ 2025-2030",
        "issuer": "Đại hội đại biểu Đảng bộ phường",
        "issued_on": "2025-08-20",
        "summary": "Phát huy sức mạnh đại đoàn kết, xây dựng phường phát triển nhanh, bền vững.",
        "body": "# Mục tiêu\n\nXây dựng Đảng bộ trong sạch, vững mạnh.",
        "structure": {
            "objectives": ["Xây dựng phường văn minh, hiện đại"],
            "targets": [{"name": "Tỷ lệ hộ nghèo đa chiều", "unit": "%", "baseline": 1.2, "target_value": 0.0, "deadline": "2030-12-31"}],
            "programs": [
                {"title": "Chương trình chuyển đổi số"},
                {"title": "Chương trình chỉnh trang đô thị"}
            ],
            "breakthroughs": [{"title": "Cải cách hành chính", "description": "Một cửa, một lần."}]
        }
    })
}
