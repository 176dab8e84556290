//! Conditional GET: `If-None-Match` against an entity tag.

/// Whether an `If-None-Match` header (`sent`) names `tag` (or is `*`): the client's copy is
/// current. The comparison is weak, as RFC 9110 (13.1.2) wants: a proxy may have marked the
/// tag `W/`.
pub fn if_none_match(sent: Option<&str>, tag: &str) -> bool {
    let opaque = |candidate: &str| candidate.trim_start_matches("W/").to_owned();
    sent.is_some_and(|sent| {
        sent.split(',')
            .map(str::trim)
            .any(|candidate| candidate == "*" || opaque(candidate) == opaque(tag))
    })
}
